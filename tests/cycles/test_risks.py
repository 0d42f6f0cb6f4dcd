from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Cycle, Risk
from cycles.risks import risk_matrix, risk_send_review_reminders
from cycles.tasks import remind_overdue_risk_reviews
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(organisation: Organisation, people: dict[str, User]) -> Cycle:
    return CycleFactory(organisation=organisation, by=people["commissioner"])


def _risk(cycle: Cycle, **fields: object) -> Risk:
    defaults: dict[str, object] = {
        "description": "The meals round fails",
        "whose": "users",
        "likelihood": 3,
        "impact": 4,
    }
    return Risk.objects.create(cycle=cycle, **{**defaults, **fields})


def test_matrix_counts_open_risks_by_cell(cycle: Cycle) -> None:
    """Each cell counts risks of that likelihood and impact; bands are named."""
    risks = [_risk(cycle), _risk(cycle), _risk(cycle, likelihood=5, impact=5)]
    matrix = risk_matrix(risks)
    assert [label for label, _cells in matrix][0] == "Very high"
    very_high = matrix[0][1]
    assert very_high[4].count == 1 and very_high[4].band == "high"
    high_row = matrix[1][1]
    assert high_row[2].count == 2 and high_row[2].band == "medium"


def test_reminders_go_once_per_review_date(
    cycle: Cycle, people: dict[str, User], django_capture_on_commit_callbacks: object
) -> None:
    """An owner is reminded once a review date passes, again only for a new date."""
    risk = _risk(
        cycle, owner=people["commissioner"], review_date=datetime.date(2026, 11, 1)
    )
    _risk(cycle, owner=people["commissioner"], review_date=datetime.date(2026, 12, 1))
    _risk(
        cycle,
        owner=people["commissioner"],
        review_date=datetime.date(2026, 10, 1),
        status="closed",
    )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert risk_send_review_reminders(today=datetime.date(2026, 11, 22)) == 1
        assert risk_send_review_reminders(today=datetime.date(2026, 11, 23)) == 0
    assert len(mail.outbox) == 1
    assert "meals round" in mail.outbox[0].subject
    assert mail.outbox[0].to == [people["commissioner"].email]
    risk.review_date = datetime.date(2026, 11, 20)
    risk.save()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert risk_send_review_reminders(today=datetime.date(2026, 11, 22)) == 1


@time_machine.travel(datetime.datetime(2027, 1, 5, 9, tzinfo=datetime.UTC))
def test_the_beat_task_uses_todays_date(cycle: Cycle, people: dict[str, User]) -> None:
    """The daily task reminds about reviews due before today, not today's."""
    _risk(cycle, owner=people["commissioner"], review_date=datetime.date(2027, 1, 4))
    _risk(cycle, owner=people["commissioner"], review_date=datetime.date(2027, 1, 5))
    assert remind_overdue_risk_reviews() == 1


# role -> (register, add and change)
RISK_TABLE = {
    "admin": (200, 200),
    "commissioner": (200, 200),
    "decision_maker": (200, 403),
    "provider": (404, 404),
    "citizen": (404, 404),
    "outsider": (404, 404),
}


@pytest.mark.parametrize("role", list(RISK_TABLE))
def test_risk_register_truth_table(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    role: str,
) -> None:
    """The team reads the register; admins and commissioners change it; citizens,
    providers and outsiders find nothing."""
    risk = _risk(cycle)
    client.force_login(people[role])
    read, change = RISK_TABLE[role]
    kwargs = {"org_slug": organisation.slug, "pk": cycle.pk}
    assert client.get(reverse("cycles:risks", kwargs=kwargs)).status_code == read
    assert client.get(reverse("cycles:risk_new", kwargs=kwargs)).status_code == change
    assert (
        client.get(
            reverse("cycles:risk_edit", kwargs={**kwargs, "risk_pk": risk.pk})
        ).status_code
        == change
    )


def test_another_organisations_risk_is_not_found(
    client: Client, people: dict[str, User], other_organisation: Organisation
) -> None:
    """A commissioner elsewhere cannot open or change this cycle's risks."""
    theirs = CycleFactory(organisation=other_organisation)
    risk = _risk(theirs)
    client.force_login(people["commissioner"])
    url = reverse(
        "cycles:risk_edit",
        kwargs={
            "org_slug": other_organisation.slug,
            "pk": theirs.pk,
            "risk_pk": risk.pk,
        },
    )
    assert client.post(url, {"description": "hijack"}).status_code == 404
    risk.refresh_from_db()
    assert risk.description == "The meals round fails"


def test_adding_a_risk_with_missing_answers_keeps_what_was_typed(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """Missing whose-risk and likelihood are reported; the description stays."""
    client.force_login(people["commissioner"])
    url = reverse(
        "cycles:risk_new", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
    )
    response = client.post(
        url,
        {
            "description": "Volunteers drop out",
            "impact": "3",
            "acceptance": "not_asked",
            "status": "open",
        },
    )
    content = response.content.decode()
    assert "Choose whose risk it is" in content and "Choose how likely it is" in content
    assert 'value="Volunteers drop out"' in content
    response = client.post(
        url,
        {
            "description": "Volunteers drop out",
            "whose": "community",
            "likelihood": "4",
            "impact": "3",
            "acceptance": "accepted",
            "acceptance_source": "Focus group, 3 May",
            "status": "open",
            "resilience": "Paid sessional workers step in",
        },
    )
    assert response.status_code == 302
    assert Risk.objects.get(description="Volunteers drop out").rating == 12


def test_register_query_count_is_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    django_assert_num_queries: object,
) -> None:
    """The register costs the same with 10 or 300 risks."""
    for _n in range(10):
        _risk(cycle, owner=people["commissioner"])
    client.force_login(people["commissioner"])
    url = reverse(
        "cycles:risks", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
    )
    client.get(url)
    with django_assert_num_queries(6) as few:  # type: ignore[operator]
        client.get(url)
    Risk.objects.bulk_create(
        Risk(
            cycle=cycle,
            description=f"R{n}",
            whose="provider",
            likelihood=1 + n % 5,
            impact=1 + n % 4,
            owner=people["admin"],
        )
        for n in range(290)
    )
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(url)


def test_an_organisations_own_scale_names_are_used(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """An admin names the levels; the matrix and the risk form use those names."""
    client.force_login(people["admin"])
    url = reverse("cycles:risk_scales", kwargs={"org_slug": organisation.slug})
    names = {f"likelihood_{n}": f"L{n}" for n in range(1, 6)} | {
        f"impact_{n}": f"I{n}" for n in range(1, 6)
    }
    response = client.post(url, {**names, "impact_3": " "})
    assert "Give every level a name" in response.content.decode()
    assert client.post(url, names).status_code == 302
    _risk(cycle)
    client.force_login(people["commissioner"])
    register = client.get(
        reverse("cycles:risks", kwargs={"org_slug": organisation.slug, "pk": cycle.pk})
    )
    content = register.content.decode()
    assert "Impact: I5" in content and ">L1<" in content
    form = client.get(
        reverse(
            "cycles:risk_new", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
        )
    )
    assert "4 – L4" in form.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("commissioner", 403), ("outsider", 404)]
)
def test_only_admins_name_the_scales(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    status: int,
) -> None:
    """Naming the risk scale levels is an organisation admin's job."""
    client.force_login(people[role])
    assert (
        client.get(
            reverse("cycles:risk_scales", kwargs={"org_slug": organisation.slug})
        ).status_code
        == status
    )
