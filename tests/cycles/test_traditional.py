"""Traditional activities: tasks the team does alone (such as awarding a contract)
can be recorded, and are counted apart from the Four Co's everywhere the cycle's
co-production is judged: coverage, gaps, gate checks and the report."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import (
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    Cycle,
    GateKind,
    GateRule,
    Mode,
    Phase,
)
from tests.cycles.factories import ActivityFactory, CycleFactory, GateCheckFactory

pytestmark = pytest.mark.django_db


def _url(name: str, organisation: Organisation, **kwargs: object) -> str:
    return reverse(f"cycles:{name}", kwargs={"org_slug": organisation.slug, **kwargs})


def _text(response: object) -> str:
    return re.sub(r"\s+", " ", response.content.decode())  # type: ignore[attr-defined]


@pytest.fixture
def cycle(organisation: Organisation, people: dict[str, User]) -> Cycle:
    return CycleFactory(organisation=organisation, by=people["commissioner"])


@pytest.mark.usefixtures("catalogue")
def test_a_traditional_task_from_the_catalogue_is_recorded_as_one(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """Starting from a traditional task offers "Traditional" already chosen, the
    form saves it, and the coverage page counts it apart: the phase still has its
    co-production gap, and the task reads as done by the team alone."""
    task = CatalogueEntry.objects.filter(
        kind=CatalogueKind.IPC_TASK, phase=Phase.ANALYSE, organisation__isnull=True
    ).first()
    assert task is not None
    client.force_login(people["commissioner"])
    url = _url("activity_new", organisation, pk=cycle.pk)
    form = client.get(url, {"entry": task.pk, "phase": "analyse"}).content.decode()
    assert re.search(r'value="traditional"[^>]*checked', form), (
        "a traditional task should start as traditional"
    )
    response = client.post(
        f"{url}?entry={task.pk}",
        {
            "title": task.title,
            "phase": "analyse",
            "mode": "traditional",
            "status": "done",
            "covers_tasks": [task.pk],
        },
    )
    assert response.status_code == 302
    activity = cycle.activities.get()
    assert activity.mode == Mode.TRADITIONAL

    coverage = _text(client.get(_url("coverage", organisation, pk=cycle.pk)))
    assert "No co-produced activity in Analyse." in coverage
    key = f'<dt class="govuk-summary-list__key">{task.title}</dt>'
    line = coverage.split(key)[1].split("</dd>")[0]
    assert "Done by the team alone" in line
    assert "With citizens" not in line
    assert "No co-produced counterpart" in line
    # The Analyse row: four empty Four Co's cells, then one done traditional one.
    row = coverage.split('<th scope="row" class="govuk-table__header">Analyse</th>')[1]
    row = row.split("</tr>")[0]
    assert row.count("none") == 4
    assert "1 / 0" in row


def test_no_mode_is_refused_next_to_the_field_keeping_what_was_typed(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    client.force_login(people["commissioner"])
    response = client.post(
        _url("activity_new", organisation, pk=cycle.pk),
        {"title": "Award the day-centre contract", "phase": "do", "status": "planned"},
    )
    content = _text(response)
    assert response.status_code == 200
    assert "Choose how citizens take part, or “Traditional”" in content
    assert 'href="#id_mode_1"' in content  # the first radio
    assert 'value="Award the day-centre contract"' in content
    assert not cycle.activities.exists()


@pytest.mark.parametrize(
    ("rule", "phase"),
    [
        (GateRule.CO_PRODUCED_ACTIVITY_DONE, Phase.ANALYSE),
        (GateRule.CO_ASSESSMENT_DONE, Phase.ANALYSE),
        (GateRule.CITIZEN_ACTION_DONE, Phase.ANALYSE),
    ],
)
def test_a_traditional_activity_never_meets_a_co_production_check(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    rule: str,
    phase: str,
) -> None:
    """The move page still shows the check unmet, and a commissioner cannot move."""
    GateCheckFactory(
        organisation=organisation,
        phase=phase,
        kind=GateKind.AUTOMATIC,
        rule=rule,
        title="Citizens took part",
    )
    ActivityFactory(
        cycle=cycle, phase=phase, mode=Mode.TRADITIONAL, status=ActivityStatus.DONE
    )
    client.force_login(people["commissioner"])
    url = _url("move", organisation, pk=cycle.pk, phase=Phase.PLAN)
    assert "Not met" in _text(client.get(url))
    assert client.post(url, {"reason": "go"}).status_code == 400
    assert cycle.phases.get(is_current=True).phase == Phase.ANALYSE


def test_the_catalogue_does_not_offer_traditional_as_a_mode(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A catalogue entry is a traditional task (no mode) or a way of working with
    citizens; "traditional" is refused as a mode by the form, not stored."""
    client.force_login(people["admin"])
    page = client.get(_url("catalogue_new", organisation)).content.decode()
    assert 'value="traditional"' not in page
    response = client.post(
        _url("catalogue_new", organisation),
        {
            "kind": "co_produced",
            "phase": "do",
            "mode": "traditional",
            "title": "Team-only award",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CatalogueEntry.objects.filter(title="Team-only award").exists()


def test_the_cycle_report_counts_traditional_activities_apart(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Asked for from the page, the report's HTML file the team downloads has a
    Traditional column, and the traditional activity is not in any Four Co's."""
    from reports.models import Report

    ActivityFactory(
        cycle=cycle,
        phase=Phase.DO,
        mode=Mode.TRADITIONAL,
        title="Award the contract",
        status=ActivityStatus.DONE,
    )
    client.force_login(people["commissioner"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/o/{organisation.slug}/reports/new/",
            {"kind": "cycle", "subject": cycle.pk},
        )
    report = Report.objects.get()
    download = client.get(
        reverse(
            "reports:file",
            kwargs={"org_slug": organisation.slug, "pk": report.pk, "fmt": "html"},
        )
    )
    assert download.status_code == 200
    html = re.sub(r"\s+", " ", b"".join(download.streaming_content).decode())
    four_cos = html.split('id="four-cos"')[1].split("</table>")[0]
    assert "Traditional, without citizens" in four_cos
    do_row = four_cos.split('<th scope="row">Do</th>')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num">(\d+)</td>', do_row)
    assert cells == ["0", "0", "0", "0", "1"]
