"""Demo organisations, people and cycles, modelled on the worked examples in the
domain notes (the Lambeth Living Well Collaborative and Surrey's young people's
services). Every function is idempotent: running it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import translation

from cocommission.accounts.models import User
from cocommission.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)
from reports.open_data import open_data_make

from .contracts_data import seed_contracts
from .cycles_data import seed_cycles
from .ideas_data import seed_ideas
from .panels_data import seed_panels
from .surveys_data import seed_ballot, seed_survey, seed_survey_welsh
from .value_data import seed_public_value
from .webhooks_data import seed_webhooks
from .welsh_data import seed_welsh


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    organisation: str


LAMBETH: dict[str, Any] = {
    "slug": "lambeth-demo",
    "name": "Lambeth Living Well Collaborative (demo)",
    "kind": OrganisationKind.PARTNERSHIP,
    "description": "Commissioners, providers, service users and carers working "
    "together on mental health support in the London Borough of Lambeth. Demo data.",
    # The site its surveys may be shown on (the embed pages' frame-ancestors).
    "embed_origins": "https://www.lambeth.example",
}
SURREY: dict[str, Any] = {
    "slug": "surrey-demo",
    "name": "Surrey Young People's Services (demo)",
    "kind": OrganisationKind.COUNCIL,
    "description": "A county council's services for young people, redesigned with "
    "young people themselves. Demo data.",
    "embed_origins": "https://www.surrey.example",
}

PEOPLE = [
    ("admin@lambeth.example", "Amara Okafor", LAMBETH, Role.ADMIN),
    ("commissioner@lambeth.example", "Chris Doyle", LAMBETH, Role.COMMISSIONER),
    ("councillor@lambeth.example", "Cllr Priya Shah", LAMBETH, Role.DECISION_MAKER),
    ("provider@lambeth.example", "Sam Reid", LAMBETH, Role.PROVIDER),
    ("citizen@lambeth.example", "Jo Mensah", LAMBETH, Role.CITIZEN),
    ("commissioner@surrey.example", "Alex Turner", SURREY, Role.COMMISSIONER),
]


PLATFORM_STAFF_EMAIL = "staff@cocommission.example"


def _organisation(spec: dict[str, Any]) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        slug=spec["slug"],
        defaults={k: v for k, v in spec.items() if k != "slug"},
    )
    return organisation


def _person(email: str, name: str, *, staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=settings.COCOMMISSION_DEMO_PASSWORD,
            display_name=name,
            is_staff=staff,
            is_superuser=staff,
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def _seed_api_token(organisation: Organisation) -> None:
    """One token of the admin's, so the token pages have one to show (its secret
    is random and shown to nobody)."""
    from api.models import ApiToken
    from api.tokens import token_create

    if ApiToken.objects.filter(organisation=organisation).exists():
        return
    token_create(
        organisation=organisation,
        by=User.objects.get(email="admin@lambeth.example"),
        name="Data warehouse (demo)",
        scopes={"read", "measurements"},
    )


@translation.override(settings.LANGUAGE_CODE)
def seed_demo() -> list[DemoLogin]:
    """Create (or leave as they are) the demo organisations, people and cycles.
    In English whatever language is active: the defaults an organisation starts
    with (its principles) are stored in the language they are made in."""
    logins = [DemoLogin(PLATFORM_STAFF_EMAIL, "Platform staff (Django admin)", "–")]
    _person(PLATFORM_STAFF_EMAIL, "Platform staff", staff=True)
    for email, name, spec, role in PEOPLE:
        organisation = _organisation(spec)
        user = _person(email, name)
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        logins.append(DemoLogin(email, str(Role(role).label), organisation.name))
    lambeth = _organisation(LAMBETH)
    seed_cycles(lambeth, _organisation(SURREY))
    commissioner = User.objects.get(email="commissioner@lambeth.example")
    seed_panels(lambeth, commissioner)
    seed_survey(commissioner)
    seed_survey_welsh()
    seed_ballot(commissioner)
    seed_contracts(lambeth, commissioner)
    seed_ideas(commissioner)
    seed_webhooks(lambeth)
    seed_public_value(lambeth, _organisation(SURREY))
    _seed_api_token(lambeth)
    # A Welsh council writing in Welsh and English.
    logins += [DemoLogin(*login) for login in seed_welsh()]
    # The nightly open data package, made now so the public page offers it.
    open_data_make(lambeth)
    return logins
