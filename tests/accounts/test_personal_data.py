"""A person's data: handed over whole, erased for good, and kept no longer than
each organisation says."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assets.models import Pledge
from cocommission.accounts.models import User
from cocommission.accounts.personal_data import (
    ERASED_NAME,
    account_erase,
    inactive_citizens,
)
from cocommission.accounts.tasks import erase_inactive_citizens
from cocommission.organisations.models import Organisation
from contracts.models import MonitoringIssue
from contracts.monitoring import issue_raise, monitoring_meeting_arrange
from outcomes.models import GovernanceAssessment
from outcomes.services import principles_ensure_defaults
from panels.models import Meeting, MemberStatus, PanelMember, Recruitment
from panels.services import panel_join
from tests.contracts.factories import make_contract
from tests.cycles.factories import CycleFactory
from tests.panels.factories import PanelFactory, consenting_citizen

pytestmark = pytest.mark.django_db

EMAIL = "sam.taylor@example.org"


@pytest.fixture
def citizen(organisation: Organisation) -> User:
    """A citizen who has done a bit of everything."""
    user = consenting_citizen(
        organisation,
        {"Age band": "35 to 49", "Gender": "Man"},
        email=EMAIL,
        display_name="Sam Taylor",
    )
    panel_join(panel=PanelFactory(organisation=organisation), user=user)
    panel_join(
        panel=PanelFactory(
            organisation=organisation, recruitment=Recruitment.SELECTION, seats=3
        ),
        user=user,
    )
    Pledge.objects.create(
        organisation=organisation,
        pledger=user,
        offer="Sam can drive on Tuesdays",
        hours_per_month=Decimal("6"),
    )
    cycle = CycleFactory(organisation=organisation)
    GovernanceAssessment.objects.create(
        cycle=cycle,
        principle=principles_ensure_defaults(organisation=organisation)[0],
        assessor=user,
        perspective="citizen",
        score=Decimal("4.00"),
        evidence="Sam saw the minutes published.",
    )
    panel = PanelFactory(organisation=organisation)
    PanelMember.objects.create(panel=panel, user=user, status=MemberStatus.ACTIVE)
    contract = make_contract(organisation, monitoring_panel=panel)
    monitoring = monitoring_meeting_arrange(
        contract=contract,
        meeting=Meeting(title="Monitoring", starts_at=timezone.now()),
    )
    issue_raise(
        monitoring_meeting=monitoring,
        text="Sam found the ramp broken",
        by=user,
        team=False,
    )
    return user


def test_download_holds_everything(client: Client, citizen: User) -> None:
    """The JSON copy lists the account, consents, answers, seats and pledges."""
    client.force_login(citizen)
    response = client.get(reverse("accounts:my_data") + "?format=json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == EMAIL
    assert {a["answer"] for a in data["profile_answers"]} == {"35 to 49", "Man"}
    assert len(data["consents"]) == 2
    assert len(data["panel_seats"]) == 2  # one joined, one monitoring
    assert len(data["volunteered_for"]) == 1
    assert data["pledges"][0]["offer"] == "Sam can drive on Tuesdays"
    assert data["governance_assessments"][0]["score"] == "4.00"
    assert data["issues_raised"][0]["issue"] == "Sam found the ramp broken"
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "Sam can drive on Tuesdays" in page


def _references(user_pk: int) -> list[str]:
    """Every row in every table that still points at the user."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is User
                and model._default_manager.filter(**{field.attname: user_pk}).exists()
            ):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def _mentions(*texts: str) -> list[str]:
    """Every text or JSON column, in every table, that still contains one of the
    texts."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(
                field, models.CharField | models.TextField | models.EmailField
            ):
                for text in texts:
                    lookup = {f"{field.attname}__icontains": text}
                    if model._default_manager.filter(**lookup).exists():
                        found.append(f"{model._meta.label}.{field.name}")
    return found


def test_erasure_leaves_nothing_personal_and_keeps_aggregates(
    client: Client, citizen: User, organisation: Organisation
) -> None:
    """After erasure no table points at the person or holds their e-mail, name or
    words; the pledge's hours, the governance score and the seat count remain."""
    client.force_login(citizen)
    pk = citizen.pk
    response = client.post(reverse("accounts:erase"), {})
    assert response.status_code == 400
    response = client.post(reverse("accounts:erase"), {"confirm": "erase"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=pk).exists()
    assert _references(pk) == []
    assert _mentions(EMAIL, "Sam Taylor", "Sam can drive", "Sam saw", "Sam found") == []
    pledge = Pledge.objects.get()
    assert (pledge.pledged_by_name, pledge.hours_per_month) == (
        ERASED_NAME,
        Decimal("6.0"),
    )
    assert GovernanceAssessment.objects.get().score == Decimal("4.00")
    assert PanelMember.objects.filter(status=MemberStatus.ACCEPTED).count() == 1
    assert MonitoringIssue.objects.get().raised_by is None
    assert client.get(reverse("accounts:participation")).status_code == 302


def test_team_members_cannot_erase_themselves(
    client: Client, people: dict[str, User]
) -> None:
    """A commissioner is told to ask their admin; nothing is deleted."""
    client.force_login(people["commissioner"])
    response = client.post(reverse("accounts:erase"), {"confirm": "erase"})
    assert response.status_code == 400
    assert "Ask your organisation" in response.content.decode()
    assert User.objects.filter(pk=people["commissioner"].pk).exists()


def test_erasing_an_account_that_changed_history_clears_the_author(
    citizen: User, organisation: Organisation
) -> None:
    """Audit rows the person authored stay, without their name."""
    from panels.models import Panel

    panel = Panel.objects.first()
    assert panel is not None
    panel.name = "Renamed"
    panel._history_user = citizen  # type: ignore[attr-defined]
    panel.save()
    account_erase(user=citizen)
    assert panel.history.filter(name="Renamed", history_user__isnull=True).exists()


def test_retention_erases_only_inactive_citizens(
    organisation: Organisation, other_organisation: Organisation, people: dict[str, Any]
) -> None:
    """Citizens who have not signed in for longer than every organisation keeps
    their data are erased by the nightly task; the active and the team stay."""
    organisation.retention_months = 12
    organisation.save()
    other_organisation.retention_months = 36
    other_organisation.save()
    with time_machine.travel(datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)):
        quiet = consenting_citizen(organisation)
        in_both = consenting_citizen(organisation)
        from tests.organisations.factories import MembershipFactory

        MembershipFactory(user=in_both, organisation=other_organisation, role="citizen")
        active = consenting_citizen(organisation)
    active.last_login = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    active.save()
    with time_machine.travel(datetime.datetime(2025, 6, 2, tzinfo=datetime.UTC)):
        assert [u.pk for u in inactive_citizens()] == [quiet.pk]
        assert erase_inactive_citizens.apply().get() == 1
        assert erase_inactive_citizens.apply().get() == 0
    assert not User.objects.filter(pk=quiet.pk).exists()
    assert User.objects.filter(pk__in=[in_both.pk, active.pk]).count() == 2
    assert User.objects.filter(pk=people["commissioner"].pk).exists()
