from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import (
    ActivityStatus,
    Cycle,
    Decision,
    DecisionKind,
    GateKind,
    Mode,
    Phase,
    Visibility,
)
from cycles.services import decision_confirm
from tests.cycles.factories import (
    ActivityFactory,
    CycleFactory,
    DecisionFactory,
    GateCheckFactory,
)

pytestmark = pytest.mark.django_db

TEAM = ("admin", "commissioner", "decision_maker")


def _url(name: str, organisation: Organisation, **kwargs: object) -> str:
    return reverse(f"cycles:{name}", kwargs={"org_slug": organisation.slug, **kwargs})


@pytest.fixture
def cycle(organisation: Organisation, people: dict[str, User]) -> Cycle:
    return CycleFactory(organisation=organisation, by=people["commissioner"])


# role -> expected status for (read pages, commissioning pages)
ROLE_STATUS = {
    "admin": (200, 200),
    "commissioner": (200, 200),
    "decision_maker": (200, 403),
    "provider": (404, 404),
    "citizen": (404, 404),
    "outsider": (404, 404),
}


@pytest.mark.parametrize("role", list(ROLE_STATUS))
def test_cycle_pages_truth_table(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    role: str,
) -> None:
    """The team reads every cycle page; only admins and commissioners change the
    cycle; providers, citizens and outsiders find nothing, even for a public cycle."""
    cycle.visibility = Visibility.PUBLIC
    cycle.save()
    activity = ActivityFactory(cycle=cycle)
    read = [
        _url("detail", organisation, pk=cycle.pk),
        _url("coverage", organisation, pk=cycle.pk),
        _url("decisions", organisation, pk=cycle.pk),
        _url("decision_new", organisation, pk=cycle.pk),
        _url("move", organisation, pk=cycle.pk, phase=Phase.PLAN),
        # Like a phase move: decision makers may recommission (and override).
        _url("recommission", organisation, pk=cycle.pk),
    ]
    change = [
        _url("edit", organisation, pk=cycle.pk),
        _url("activity_catalogue", organisation, pk=cycle.pk),
        _url("activity_new", organisation, pk=cycle.pk),
        _url("activity_edit", organisation, pk=cycle.pk, activity_pk=activity.pk),
        _url("phase_dates", organisation, pk=cycle.pk, phase=Phase.ANALYSE),
    ]
    client.force_login(people[role])
    read_status, change_status = ROLE_STATUS[role]
    assert [client.get(u).status_code for u in read] == [read_status] * len(read)
    assert [client.get(u).status_code for u in change] == [change_status] * len(change)
    status_url = _url(
        "activity_status", organisation, pk=cycle.pk, activity_pk=activity.pk
    )
    response = client.post(status_url, {"status": "done"})
    assert response.status_code == (302 if change_status == 200 else change_status)


@pytest.mark.parametrize("role", TEAM)
def test_another_organisations_cycle_is_not_found(
    client: Client, people: dict[str, User], other_organisation: Organisation, role: str
) -> None:
    """A team member of one body gets 404 for every page of another body's cycle."""
    theirs = CycleFactory(organisation=other_organisation, visibility=Visibility.PUBLIC)
    client.force_login(people[role])
    for name in ("detail", "edit", "coverage", "decisions", "history"):
        assert (
            client.get(_url(name, other_organisation, pk=theirs.pk)).status_code == 404
        )
    response = client.post(
        _url("move", other_organisation, pk=theirs.pk, phase=Phase.PLAN),
        {"reason": "x"},
    )
    assert response.status_code == 404
    assert theirs.phases.get(is_current=True).phase == Phase.ANALYSE


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("commissioner", 403), ("decision_maker", 403)]
)
def test_audit_trail_is_for_admins(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    role: str,
    status: int,
) -> None:
    """Only the organisation's admins read a cycle's audit trail."""
    client.force_login(people[role])
    assert client.get(_url("history", organisation, pk=cycle.pk)).status_code == status


def test_audit_trail_shows_who_changed_what(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """A phase move shows in the audit trail with the person who made it."""
    client.force_login(people["commissioner"])
    client.post(
        _url("move", organisation, pk=cycle.pk, phase=Phase.PLAN), {"reason": "Agreed"}
    )
    client.force_login(people["admin"])
    content = client.get(_url("history", organisation, pk=cycle.pk)).content.decode()
    assert "Phase changed" in content
    assert str(people["commissioner"]) in content


def test_cycle_list_filters_and_search(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Filtering by phase and searching narrow the list; htmx gets the results only."""
    CycleFactory(organisation=organisation, title="Carers' support")
    planning = CycleFactory(
        organisation=organisation,
        title="Housing for young people",
        by=people["commissioner"],
    )
    client.force_login(people["commissioner"])
    client.post(
        _url("move", organisation, pk=planning.pk, phase=Phase.PLAN), {"reason": "ok"}
    )
    response = client.get(
        _url("list", organisation), {"phase": "plan"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "Housing for young people" in content and "Carers" not in content
    content = client.get(_url("list", organisation), {"q": "carers"}).content.decode()
    assert "Carers&#x27; support" in content
    assert "Housing for young people" not in content


def test_cycle_list_query_count_is_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_assert_num_queries: object,
) -> None:
    """The cycle list costs the same queries with 10 or 500 cycles."""
    lead = people["commissioner"]
    CycleFactory.create_batch(10, organisation=organisation, by=lead)
    client.force_login(lead)
    client.get(_url("list", organisation))
    with django_assert_num_queries(10) as few:  # type: ignore[operator]
        client.get(_url("list", organisation))
    CycleFactory.create_batch(490, organisation=organisation, by=lead)
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        response = client.get(_url("list", organisation))
    assert response.context["page"].paginator.count == 500


def test_dashboard_query_count_is_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    django_assert_num_queries: object,
) -> None:
    """The dashboard costs the same queries with 10 or 500 activities and decisions."""
    GateCheckFactory(organisation=organisation, kind=GateKind.ATTESTED)
    ActivityFactory.create_batch(10, cycle=cycle, lead=people["commissioner"])
    DecisionFactory.create_batch(10, cycle=cycle, decided_by=people["decision_maker"])
    client.force_login(people["commissioner"])
    url = _url("detail", organisation, pk=cycle.pk)
    client.get(url)
    with django_assert_num_queries(17) as few:  # type: ignore[operator]
        client.get(url)
    ActivityFactory.create_batch(
        490, cycle=cycle, lead=people["commissioner"], mode=Mode.CO_DELIVERY
    )
    DecisionFactory.create_batch(490, cycle=cycle, decided_by=people["decision_maker"])
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(url)


def test_activity_status_fragment_for_htmx(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    django_assert_num_queries: object,
) -> None:
    """Changing a status through htmx returns just the updated row."""
    activity = ActivityFactory(cycle=cycle)
    client.force_login(people["commissioner"])
    url = _url("activity_status", organisation, pk=cycle.pk, activity_pk=activity.pk)
    response = client.post(url, {"status": "done"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.strip().startswith("<tr")
    assert 'value="done" selected' in content
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE


def test_creating_a_cycle_with_bad_dates_keeps_the_input(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """An end date before the start date is reported by the field; typing is kept."""
    client.force_login(people["commissioner"])
    response = client.post(
        _url("new", organisation),
        {
            "title": "Day services",
            "level": "macro",
            "status": "draft",
            "visibility": "private",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
            "budget_envelope": "lots",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Enter the budget as a number" in content
    assert 'value="Day services"' in content
    assert not Cycle.objects.filter(title="Day services").exists()


def test_creating_a_cycle(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A commissioner creates a cycle and lands on its dashboard in Analyse."""
    client.force_login(people["commissioner"])
    response = client.post(
        _url("new", organisation),
        {
            "title": "Day services",
            "level": "micro",
            "status": "draft",
            "visibility": "private",
            "team": [people["decision_maker"].pk],
        },
        follow=True,
    )
    cycle = Cycle.objects.get(title="Day services")
    assert response.redirect_chain[-1][0] == cycle.get_absolute_url()
    assert set(cycle.team.all()) == {people["commissioner"], people["decision_maker"]}
    assert cycle.phases.get(is_current=True).phase == Phase.ANALYSE


def test_a_blocked_move_explains_and_a_decision_maker_overrides(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """A commissioner sees the failed check and no way round it; a decision maker
    overrides with a reason and the cycle moves."""
    GateCheckFactory(
        organisation=organisation, kind=GateKind.ATTESTED, title="Carers were heard"
    )
    url = _url("move", organisation, pk=cycle.pk, phase=Phase.PLAN)
    client.force_login(people["commissioner"])
    page = client.get(url).content.decode()
    assert "Carers were heard" in page and "Not met" in page
    assert client.post(url, {"reason": "go"}).status_code == 400
    client.force_login(people["decision_maker"])
    assert "Override the checks and move" in client.get(url).content.decode()
    response = client.post(
        url, {"reason": "go", "override_reason": "Carers' event is booked"}
    )
    assert response.status_code == 302
    assert cycle.phases.get(is_current=True).phase == Phase.PLAN
    assert cycle.decisions.filter(kind=DecisionKind.GATE_OVERRIDE).exists()

    # The public page says the check was overridden and why, never "we did".
    Cycle.objects.filter(pk=cycle.pk).update(visibility="public")
    public = Client().get(
        reverse("public_decisions", args=[organisation.slug, cycle.pk])
    )
    card = (
        public.content.decode()
        .split("Moved on from")[1]
        .split('<div class="govuk-summary-card">')[0]
    )
    assert "Checks overridden" in card
    assert "These checks were not met" in card
    assert "Carers were heard" in card
    assert "Carers&#x27; event is booked" in card
    assert "We did" not in card


def test_confirming_asks_first_and_published_decisions_cannot_be_edited(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """The board's chair reads the decision, then confirms it, which publishes it;
    after that the edit page sends people back."""
    decision = DecisionFactory(cycle=cycle)
    assert decision.board_chair == people["decision_maker"]
    client.force_login(people["decision_maker"])
    confirm = _url(
        "decision_confirm", organisation, pk=cycle.pk, decision_pk=decision.pk
    )
    page = client.get(confirm)
    assert "Yes, confirm and publish" in page.content.decode()
    decision.refresh_from_db()
    assert not decision.is_published
    client.post(confirm, {"seen": page.context["confirm_form"].initial["seen"]})
    decision.refresh_from_db()
    assert decision.is_published
    assert decision.confirmed_by == people["decision_maker"]
    edit = _url("decision_edit", organisation, pk=cycle.pk, decision_pk=decision.pk)
    response = client.post(edit, {"title": "changed"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.title != "changed"


def test_recording_a_decision_needs_a_decider(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """Without a person or a body the form says what is missing."""
    client.force_login(people["commissioner"])
    response = client.post(
        _url("decision_new", organisation, pk=cycle.pk),
        {
            "title": "Go",
            "phase": "analyse",
            "kind": "other",
            "decided": "Yes",
            "decided_on": str(timezone.localdate()),
        },
    )
    assert (
        "Choose the person who decided, or name the board or panel"
        in response.content.decode()
    )
    assert not Decision.objects.filter(title="Go").exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("commissioner", 403), ("citizen", 403), ("outsider", 404)],
)
def test_gate_checks_are_managed_by_admins(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    status: int,
) -> None:
    """Only organisation admins define gate checks."""
    client.force_login(people[role])
    assert client.get(_url("gate_checks", organisation)).status_code == status
    assert client.get(_url("gate_check_new", organisation)).status_code == status


def test_an_automatic_gate_check_needs_a_rule(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """An automatic check without a rule is refused beside the rule field."""
    client.force_login(people["admin"])
    client.get(_url("gate_check_new", organisation))
    principle = organisation.principles.first()
    response = client.post(
        _url("gate_check_new", organisation),
        {
            "phase": "analyse",
            "title": "Something",
            "principle": principle.pk,
            "kind": "automatic",
            "rule": "",
        },
    )
    assert "Choose the rule an automatic check uses" in response.content.decode()


def test_public_page_shows_only_published_decisions_without_emails(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """Anyone can read a public cycle's published decisions and the input behind
    them; drafts and e-mail addresses never show."""
    cycle.visibility = Visibility.PUBLIC
    cycle.save()
    said = ActivityFactory(cycle=cycle, title="Carers' focus group")
    published = DecisionFactory(
        cycle=cycle, title="Open a carers' hub", decided_by=people["decision_maker"]
    )
    published.citizen_input.add(said)
    decision_confirm(decision=published, by=people["decision_maker"])
    DecisionFactory(cycle=cycle, title="Draft: close the day centre")
    url = reverse(
        "public_decisions", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
    )
    content = client.get(url).content.decode()
    assert "Open a carers&#x27; hub" in content
    assert "Carers&#x27; focus group" in content
    assert "Draft: close the day centre" not in content
    assert "@" not in content.split('id="main-content"')[1]


def test_public_page_of_a_private_cycle_is_not_found(
    client: Client, organisation: Organisation, cycle: Cycle
) -> None:
    """A private cycle has no public page."""
    url = reverse(
        "public_decisions", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
    )
    assert client.get(url).status_code == 404


def test_recording_a_decision_in_place_returns_the_fragment(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """The dashboard's quick form gets the refreshed decisions back through htmx,
    or its own errors, without a page load."""
    client.force_login(people["commissioner"])
    url = _url("decision_new", organisation, pk=cycle.pk)
    base = {
        "phase": "analyse",
        "kind": "other",
        "decided_on": str(timezone.localdate()),
    }
    response = client.post(
        url, {**base, "title": "Hold a carers' event"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert content.strip().startswith('<div id="recent-decisions"')
    assert "Say what was decided" in content
    assert 'value="Hold a carers&#x27; event"' in content
    response = client.post(
        url,
        {
            **base,
            "title": "Hold a carers' event",
            "decided": "In March",
            "decided_by": people["decision_maker"].pk,
        },
        headers={"HX-Request": "true"},
    )
    assert "Recorded “Hold a carers&#x27; event”" in response.content.decode()
    assert "once" in response.content.decode(), "it waits for the decision maker"
    assert cycle.decisions.filter(title="Hold a carers' event").exists()


def test_phase_plan_refuses_an_end_before_the_start(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """Planned dates are saved; an end before a start is reported beside it."""
    client.force_login(people["commissioner"])
    url = _url("phase_plan", organisation, pk=cycle.pk)
    response = client.post(
        url, {"analyse_start": "2026-06-01", "analyse_end": "2026-05-01"}
    )
    assert (
        "The planned end must be on or after the planned start"
        in response.content.decode()
    )
    client.post(url, {"plan_start": "2026-06-01", "plan_end": "2026-09-30"})
    plan = cycle.phases.get(phase=Phase.PLAN)
    assert str(plan.planned_end) == "2026-09-30"


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("commissioner", 403), ("decision_maker", 403), ("outsider", 404)],
)
def test_the_catalogue_is_managed_by_admins(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    status: int,
) -> None:
    """Only organisation admins open the catalogue screens."""
    client.force_login(people[role])
    assert client.get(_url("catalogue", organisation)).status_code == status
    assert client.get(_url("catalogue_new", organisation)).status_code == status


@pytest.mark.usefixtures("catalogue")
def test_own_catalogue_entries_are_offered_only_to_their_organisation(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    other_organisation: Organisation,
    cycle: Cycle,
) -> None:
    """An admin's own entry shows in their commissioners' chooser and nowhere else;
    shared entries cannot be edited."""
    from cycles.models import CatalogueEntry

    client.force_login(people["admin"])
    response = client.post(
        _url("catalogue_new", organisation),
        {
            "kind": "approach",
            "phase": "analyse",
            "mode": "co_design",
            "title": "Walk-and-talk",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    shared = CatalogueEntry.objects.filter(organisation__isnull=True).first()
    assert (
        client.get(_url("catalogue_edit", organisation, entry_pk=shared.pk)).status_code
        == 404
    )
    client.force_login(people["commissioner"])
    chooser = client.get(
        _url("activity_catalogue", organisation, pk=cycle.pk), {"phase": "analyse"}
    )
    assert "Walk-and-talk" in chooser.content.decode()
    theirs = CycleFactory(organisation=other_organisation)
    from tests.organisations.factories import MembershipFactory

    MembershipFactory(
        user=people["commissioner"],
        organisation=other_organisation,
        role="commissioner",
    )
    other = client.get(
        _url("activity_catalogue", other_organisation, pk=theirs.pk),
        {"phase": "analyse"},
    )
    assert "Walk-and-talk" not in other.content.decode()


def test_a_catalogue_entry_needs_what_its_kind_needs(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """A co-produced activity without a phase or mode is refused, field by field."""
    client.force_login(people["admin"])
    response = client.post(
        _url("catalogue_new", organisation),
        {"kind": "co_produced", "title": "Something"},
    )
    content = response.content.decode()
    assert "Choose the phase this belongs to" in content
    assert "Choose how citizens take part" in content


def test_null_characters_in_a_form_are_shown_beside_the_field(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """A NUL byte in a text field or a choice (which PostgreSQL cannot store) is an
    error beside the field, with the rest of what was typed kept."""
    client.force_login(people["commissioner"])
    response = client.post(
        _url("activity_new", organisation, pk=cycle.pk),
        {
            "title": "Listening\x00 event",
            "phase": "analyse\x00",
            "mode": "co_design",
            "purpose": "Hear from carers",
        },
    )
    content = response.content.decode()
    assert response.status_code in {200, 400}
    assert "govuk-error-summary" in content
    assert "Hear from carers" in content
    assert not cycle.activities.filter(purpose="Hear from carers").exists()


@pytest.mark.parametrize(
    ("asked", "local"),
    [
        ("/o/northshire/cycles/", True),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("cycles:list", False),  # redirect() would look this up as a view name
        ("\U000ee715u<", False),
        ("", False),
    ],
)
def test_confirming_a_gate_check_goes_next_only_within_the_site(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    asked: str,
    local: bool,
) -> None:
    """After confirming a check, ?next= is followed only to a path on this site;
    anything else goes back to the cycle."""
    check = GateCheckFactory(organisation=organisation, kind=GateKind.ATTESTED)
    client.force_login(people["commissioner"])
    url = _url("attest", organisation, pk=cycle.pk, check_pk=check.pk)
    response = client.post(f"{url}?{urlencode({'next': asked})}", {"evidence": "Met"})
    assert response.status_code == 302
    assert response.url == (asked if local else cycle.get_absolute_url())


@pytest.mark.parametrize(
    ("day", "month", "year"), [("31", "2", "2026"), ("x", "5", "2026"), ("", "5", "")]
)
def test_a_date_typed_in_three_boxes_that_is_no_date_is_named_and_kept(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    day: str,
    month: str,
    year: str,
) -> None:
    """The GOV.UK date input: a day, month and year that make no date are refused
    beside the field, what was typed stays in the boxes, and the error summary
    links to the day box."""
    client.force_login(people["commissioner"])
    response = client.post(
        _url("new", organisation),
        {
            "title": "Day services",
            "level": "macro",
            "status": "draft",
            "visibility": "private",
            "start_date_0": day,
            "start_date_1": month,
            "start_date_2": year,
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_start_date_0"' in content
    assert 'id="id_start_date_0"' in content
    for name, typed in (("0", day), ("1", month), ("2", year)):
        if typed:
            assert re.search(rf'name="start_date_{name}" value="{typed}"', content)
    assert '<legend class="govuk-fieldset__legend' in content
    assert not Cycle.objects.filter(title="Day services").exists()


def test_a_date_typed_in_three_boxes_is_saved(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    client.force_login(people["commissioner"])
    client.post(
        _url("new", organisation),
        {
            "title": "Day services",
            "level": "macro",
            "status": "draft",
            "visibility": "private",
            "start_date_0": "7",
            "start_date_1": "3",
            "start_date_2": "2026",
        },
    )
    cycle = Cycle.objects.get(title="Day services")
    assert cycle.start_date == datetime.date(2026, 3, 7)
