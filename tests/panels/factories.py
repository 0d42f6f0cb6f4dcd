from __future__ import annotations

from typing import Any

import factory

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation, Role
from panels.models import Panel, PanelKind, Purpose, Recruitment
from panels.services import (
    categories_ensure_defaults,
    consent_record,
    profile_answers_save,
)
from tests.organisations.factories import MembershipFactory, OrganisationFactory


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Panel {n}")
    kind = PanelKind.CITIZENS_PANEL
    purpose = "Help shape support at home."
    recruitment = Recruitment.OPEN_CALL


def consenting_citizen(
    organisation: Organisation,
    answers: dict[str, str] | None = None,
    **user_fields: Any,
) -> User:
    """A citizen who agreed to panels and equalities data, with answers given by
    category name and answer label."""
    from tests.accounts.factories import UserFactory

    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=Role.CITIZEN)
    for purpose in (Purpose.PANEL, Purpose.EQUALITIES):
        consent_record(
            user=user, organisation=organisation, purpose=purpose, given=True
        )
    if answers:
        categories = {
            c.name: c for c in categories_ensure_defaults(organisation=organisation)
        }
        profile_answers_save(
            user=user,
            organisation=organisation,
            answers={
                categories[name]: categories[name].values.get(label=label)
                for name, label in answers.items()
            },
        )
    return user


def post_draw(client: Any, url: str, data: dict[str, str]) -> Any:
    """Post the draw's form as the page does, let the background draw run (tasks
    run at once in tests, after the request commits) and open the draw's
    progress page: it leads to the draw's record (302), or gives the form back
    with why (400). A post the form refuses comes back as it is."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    if response.status_code != 302 or "/draws/" not in response["Location"]:
        return response
    return client.get(response["Location"])
