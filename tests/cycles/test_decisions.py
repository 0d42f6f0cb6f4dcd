"""Decisions are published in a person's name only when that person confirms them.

Truth tables of every role in two organisations against recording, confirming,
declining and publishing; a commissioner trying to publish in a councillor's name
by every route; a model-based run of random actions checked against what the
public page, the open data and the cycle report show; and the audit trail.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import STAFF_ROLES, Organisation, Role
from cycles.models import Cycle, Decision, Phase, Visibility
from cycles.services import (
    decision_confirm,
    decision_decline,
    decision_publish,
    decision_record,
    decision_update,
)
from reports.models import Report
from reports.open_data import open_data_zip
from reports.services import report_html
from tests.accounts.factories import UserFactory
from tests.conftest import ALL_ROLES
from tests.cycles.factories import ActivityFactory, CycleFactory, DecisionFactory

pytestmark = pytest.mark.django_db


def _url(name: str, cycle: Cycle, **kwargs: object) -> str:
    return reverse(
        f"cycles:{name}",
        kwargs={"org_slug": cycle.organisation.slug, "pk": cycle.pk, **kwargs},
    )


def _public(cycle: Cycle) -> str:
    url = reverse("public_decisions", args=[cycle.organisation.slug, cycle.pk])
    return Client().get(url).content.decode()


def _open_data(organisation: Organisation) -> str:
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip(organisation)))
    return archive.read("decisions.csv").decode()


def _report(cycle: Cycle) -> str:
    report = Report(organisation=cycle.organisation, kind="cycle", cycle=cycle)
    return report_html(report)[1]


def _form(decider: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """What the decision form posts, naming the decider as ``decider`` says."""
    return {
        "title": "Fund the carers' hub",
        "phase": Phase.ANALYSE,
        "kind": "other",
        "decided": "The hub opens in May.",
        "decided_on": "2026-11-02",
        "rationale": "Carers asked for it.",
        **decider,
        **extra,
    }


@pytest.fixture
def public_cycle(organisation: Organisation, people: dict[str, User]) -> Cycle:
    return CycleFactory(
        organisation=organisation,
        by=people["commissioner"],
        visibility=Visibility.PUBLIC,
    )


@pytest.fixture
def actors(
    people: dict[str, User],
    other_organisation: Organisation,
    make_member: Callable[..., User],
) -> dict[tuple[str, str], User]:
    """Everyone who might act: each role at home, each role in the other
    organisation, and someone in neither."""
    found = {("home", role): people[role] for role in ALL_ROLES}
    for role in ALL_ROLES:
        found[("other", role)] = make_member(role, other_organisation)
    found[("none", "outsider")] = people["outsider"]
    return found


ACTORS = [("home", r) for r in ALL_ROLES] + [("other", r) for r in ALL_ROLES]
ACTORS.append(("none", "outsider"))


# --- Truth tables -------------------------------------------------------------


@pytest.mark.parametrize(("where", "role"), ACTORS)
def test_who_may_record_a_decision_in_a_councillors_name(
    client: Client,
    public_cycle: Cycle,
    people: dict[str, User],
    actors: dict[tuple[str, str], User],
    where: str,
    role: str,
) -> None:
    """Only the home organisation's commissioning team records; what they record
    waits for the councillor, unless the councillor recorded it. Everyone else
    gets 403 or 404 and nothing is stored."""
    councillor = people["decision_maker"]
    client.force_login(actors[(where, role)])
    response = client.post(
        _url("decision_new", public_cycle), _form({"decided_by": councillor.pk})
    )
    recorded = Decision.objects.filter(cycle=public_cycle, title__contains="hub")
    if where == "home" and role in STAFF_ROLES:
        assert response.status_code == 302
        decision = recorded.get()
        assert decision.recorded_by == actors[(where, role)]
        assert decision.is_published is (role == Role.DECISION_MAKER)
    else:
        assert response.status_code in {403, 404}
        assert not recorded.exists()


@pytest.mark.parametrize("board", [False, True], ids=["person", "board"])
@pytest.mark.parametrize("action", ["confirm", "decline", "publish"])
@pytest.mark.parametrize(("where", "role"), ACTORS)
def test_only_the_named_decider_confirms_declines_or_publishes(
    client: Client,
    public_cycle: Cycle,
    people: dict[str, User],
    actors: dict[tuple[str, str], User],
    where: str,
    role: str,
    action: str,
    board: bool,
) -> None:
    """A decision recorded by the commissioner in the councillor's name (as the
    person, or as the board's chair) is confirmed, declined or published by the
    councillor alone: through the page or the service, everyone else fails and
    it stays unpublished."""
    councillor = people["decision_maker"]
    decision = DecisionFactory(
        cycle=public_cycle,
        title="Fund the carers' hub",
        decided_by=None if board else councillor,
        board_chair=councillor if board else None,
        recorded_by=people["commissioner"],
    )
    actor = actors[(where, role)]
    is_councillor = actor == councillor
    if action == "publish":
        try:
            decision_publish(decision=decision, by=actor)
            outcome = "done"
        except PermissionDenied:
            outcome = "refused"
    else:
        client.force_login(actor)
        data = (
            {"action": "decline", "reason": "Not what we agreed"}
            if action == "decline"
            else {"seen": decision.fingerprint()}
        )
        response = client.post(
            _url("decision_confirm", public_cycle, decision_pk=decision.pk), data
        )
        outcome = "done" if response.status_code == 302 else "refused"
        if outcome == "refused":
            assert response.status_code in {403, 404}
    decision.refresh_from_db()
    assert outcome == ("done" if is_councillor else "refused")
    assert decision.is_published is (is_councillor and action != "decline")
    assert (decision.declined_at is not None) is (is_councillor and action == "decline")
    shown = "Fund the carers&#x27; hub" in _public(public_cycle)
    assert shown is decision.is_published


def test_the_confirm_page_is_offered_only_to_the_decider(
    client: Client, public_cycle: Cycle, people: dict[str, User]
) -> None:
    """The decision log links to "Confirm or decline" for the decider only; the
    team sees who it waits for."""
    DecisionFactory(
        cycle=public_cycle,
        title="Open on Sundays",
        decided_by=people["decision_maker"],
        recorded_by=people["commissioner"],
    )
    url = _url("decisions", public_cycle)
    client.force_login(people["commissioner"])
    page = client.get(url).content.decode()
    assert "Confirm or decline" not in page
    assert f"Waiting for {people['decision_maker']} to confirm it" in page
    client.force_login(people["decision_maker"])
    assert "Confirm or decline" in client.get(url).content.decode()


# --- Every route a commissioner might take -----------------------------------


def test_the_form_ignores_publishing_fields_posted_with_it(
    client: Client, public_cycle: Cycle, people: dict[str, User]
) -> None:
    """Posting is_published, confirmed_by and the like with the form records a
    decision that still waits for the councillor."""
    client.force_login(people["commissioner"])
    now = timezone.now().isoformat()
    extra = {
        "is_published": "on",
        "published_at": now,
        "confirmed_by": people["commissioner"].pk,
        "confirmed_at": now,
        "recorded_by": people["decision_maker"].pk,
    }
    client.post(
        _url("decision_new", public_cycle),
        _form({"decided_by": people["decision_maker"].pk}, **extra),
    )
    decision = Decision.objects.get(cycle=public_cycle)
    assert not decision.is_published
    assert decision.confirmed_by is None
    assert decision.recorded_by == people["commissioner"]
    client.post(
        _url("decision_edit", public_cycle, decision_pk=decision.pk),
        _form({"decided_by": people["decision_maker"].pk}, **extra),
    )
    decision.refresh_from_db()
    assert not decision.is_published
    assert "hub" not in _public(public_cycle)


@pytest.mark.parametrize(
    ("decider", "field"),
    [
        ({"decided_by": "other:decision_maker"}, "decided_by"),
        ({"decided_by": "home:citizen"}, "decided_by"),
        ({"decided_by": "home:provider"}, "decided_by"),
        ({"decided_by_body": "Board", "board_chair": "home:commissioner"}, "chair"),
        ({"decided_by_body": "Board", "board_chair": "other:decision_maker"}, "chair"),
        ({"decided_by_body": "Board"}, "chair"),
        (
            {"decided_by": "home:decision_maker", "decided_by_body": "Board"},
            "decided_by_body",
        ),
    ],
)
def test_a_decider_outside_the_rules_is_refused_beside_the_field(
    client: Client,
    public_cycle: Cycle,
    actors: dict[tuple[str, str], User],
    decider: dict[str, str],
    field: str,
) -> None:
    """Naming someone from another organisation, a citizen, a chair who is not a
    decision maker, or no chair at all is refused with a message by the field,
    on the form and in the service alike."""
    values: dict[str, Any] = {}
    for name, value in decider.items():
        if ":" in value:
            where, role = value.split(":")
            values[name] = actors[(where, role)]
        else:
            values[name] = value
    client.force_login(actors[("home", "commissioner")])
    response = client.post(
        _url("decision_new", public_cycle),
        _form({k: getattr(v, "pk", v) for k, v in values.items()}),
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Decision.objects.filter(cycle=public_cycle).exists()
    with pytest.raises(ValidationError) as error:
        decision_record(
            cycle=public_cycle,
            by=actors[("home", "commissioner")],
            phase=Phase.ANALYSE,
            title="Sneaky",
            decided="x",
            decided_on=datetime.date(2026, 11, 2),
            **values,
        )
    assert {"chair": "board_chair"}.get(field, field) in error.value.message_dict


def test_the_services_refuse_publishing_fields(
    public_cycle: Cycle, people: dict[str, User]
) -> None:
    """decision_record and decision_update take only what the team may write."""
    now = timezone.now()
    for sneaky in (
        {"is_published": True, "published_at": now},
        {"confirmed_by": people["commissioner"], "confirmed_at": now},
    ):
        with pytest.raises(ValidationError):
            decision_record(
                cycle=public_cycle,
                by=people["commissioner"],
                phase=Phase.ANALYSE,
                title="Sneaky",
                decided="x",
                decided_by=people["decision_maker"],
                decided_on=now.date(),
                **sneaky,
            )
        decision = DecisionFactory(cycle=public_cycle)
        with pytest.raises(ValidationError):
            decision_update(decision=decision, by=people["commissioner"], **sneaky)
    assert not Decision.objects.published().exists()


def test_the_database_refuses_publishing_without_the_deciders_confirmation(
    public_cycle: Cycle, people: dict[str, User]
) -> None:
    """Even a raw update cannot publish unconfirmed, or confirm in another's name."""
    decision = DecisionFactory(cycle=public_cycle, decided_by=people["decision_maker"])
    rows = Decision.objects.filter(pk=decision.pk)
    now = timezone.now()
    for change in (
        {"is_published": True, "published_at": now},
        {
            "is_published": True,
            "published_at": now,
            "confirmed_by": people["commissioner"],
            "confirmed_at": now,
        },
        {"confirmed_by": people["commissioner"], "confirmed_at": now},
        {"confirmed_by": people["decision_maker"]},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**change)
    assert not rows.get().is_published


def test_platform_staff_cannot_publish_through_the_admin(
    client: Client, public_cycle: Cycle, people: dict[str, User]
) -> None:
    """The Django admin saves a waiting decision's other fields but never its
    publication or confirmation, whatever is posted."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    decision = DecisionFactory(cycle=public_cycle, decided_by=people["decision_maker"])
    client.force_login(staff)
    url = reverse("admin:cycles_decision_change", args=[decision.pk])
    form = client.get(url).context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    data.update(
        title="Renamed by staff",
        is_published="on",
        published_at_0="2026-11-02",
        published_at_1="10:00:00",
        confirmed_by=people["decision_maker"].pk,
        confirmed_at_0="2026-11-02",
        confirmed_at_1="10:00:00",
    )
    assert client.post(url, data).status_code == 302
    decision.refresh_from_db()
    assert decision.title == "Renamed by staff"
    assert not decision.is_published and decision.confirmed_by is None


def test_the_old_publish_address_is_gone(
    client: Client, public_cycle: Cycle, people: dict[str, User]
) -> None:
    """Nothing answers at the address that used to publish any draft."""
    decision = DecisionFactory(cycle=public_cycle)
    client.force_login(people["commissioner"])
    url = _url("decisions", public_cycle) + f"{decision.pk}/publish/"
    assert client.post(url).status_code == 404
    decision.refresh_from_db()
    assert not decision.is_published


def test_a_confirmed_decision_cannot_be_edited_by_anyone(
    client: Client, public_cycle: Cycle, people: dict[str, User]
) -> None:
    """After the councillor confirms, the edit page and the service refuse every
    change, including a new decider; a correction is the only way."""
    decision = DecisionFactory(
        cycle=public_cycle, title="Open on Sundays", decided_by=people["decision_maker"]
    )
    decision_confirm(decision=decision, by=people["decision_maker"])
    for role in ("commissioner", "decision_maker", "admin"):
        client.force_login(people[role])
        response = client.post(
            _url("decision_edit", public_cycle, decision_pk=decision.pk),
            _form({"decided_by": people["commissioner"].pk}, title="Changed"),
        )
        assert response.status_code == 302
        with pytest.raises(ValidationError):
            decision_update(decision=decision, by=people[role], title="Changed")
    decision.refresh_from_db()
    assert (decision.title, decision.decided_by) == (
        "Open on Sundays",
        people["decision_maker"],
    )


def test_a_change_made_while_the_councillor_reads_is_not_confirmed(
    client: Client, public_cycle: Cycle, people: dict[str, User]
) -> None:
    """If the team changes the words after the councillor opened the page, the
    confirmation is refused and the new words are shown to read again."""
    decision = DecisionFactory(
        cycle=public_cycle,
        title="Open on Sundays",
        decided="From 10 to 4.",
        decided_by=people["decision_maker"],
    )
    confirm = _url("decision_confirm", public_cycle, decision_pk=decision.pk)
    client.force_login(people["decision_maker"])
    seen = client.get(confirm).context["confirm_form"].initial["seen"]
    decision_update(
        decision=decision, by=people["commissioner"], decided="From 6 to midnight."
    )
    response = client.post(confirm, {"seen": seen})
    assert response.status_code == 400
    assert "changed after you opened it" in response.content.decode()
    assert "From 6 to midnight." in response.content.decode()
    decision.refresh_from_db()
    assert not decision.is_published
    fresh = response.context["confirm_form"].initial["seen"]
    assert client.post(confirm, {"seen": fresh}).status_code == 302
    decision.refresh_from_db()
    assert decision.is_published and decision.decided == "From 6 to midnight."


def test_a_declined_decision_goes_back_to_the_team_and_waits_again(
    client: Client, public_cycle: Cycle, people: dict[str, User]
) -> None:
    """The councillor declines with a reason the team sees; changing it sends it
    back to wait for them; a reason is needed."""
    decision = DecisionFactory(
        cycle=public_cycle, title="Open on Sundays", decided_by=people["decision_maker"]
    )
    confirm = _url("decision_confirm", public_cycle, decision_pk=decision.pk)
    client.force_login(people["decision_maker"])
    response = client.post(confirm, {"action": "decline", "reason": "  "})
    assert response.status_code == 400
    assert "Say what is wrong with it" in response.content.decode()
    client.post(confirm, {"action": "decline", "reason": "We said Saturdays."})
    decision.refresh_from_db()
    assert decision.declined_reason == "We said Saturdays."
    client.force_login(people["commissioner"])
    log = client.get(_url("decisions", public_cycle)).content.decode()
    assert "We said Saturdays." in log
    edit = client.get(_url("decision_edit", public_cycle, decision_pk=decision.pk))
    assert "We said Saturdays." in edit.content.decode()
    decision_update(decision=decision, by=people["commissioner"], title="Saturdays")
    decision.refresh_from_db()
    assert decision.declined_at is None and decision.is_awaiting
    with pytest.raises(ValidationError):
        decision_decline(decision=decision, by=people["decision_maker"], reason="")


def test_a_decider_who_left_the_team_cannot_confirm(
    public_cycle: Cycle, people: dict[str, User]
) -> None:
    """Someone named as deciding who is now only a citizen cannot confirm."""
    decision = DecisionFactory(cycle=public_cycle, decided_by=people["decision_maker"])
    membership = people["decision_maker"].memberships.get()
    membership.role = Role.CITIZEN
    membership.save()
    with pytest.raises(PermissionDenied):
        decision_confirm(
            decision=decision, by=User.objects.get(pk=people["decision_maker"].pk)
        )


def test_the_deciders_own_records_are_confirmed_at_once(
    public_cycle: Cycle, people: dict[str, User]
) -> None:
    """A decision maker recording their own decision, as a person or as a board's
    chair, publishes it in their name at once."""
    councillor = people["decision_maker"]
    for decider in (
        {"decided_by": councillor},
        {"decided_by_body": "Health board", "board_chair": councillor},
    ):
        decision = decision_record(
            cycle=public_cycle,
            by=councillor,
            phase=Phase.ANALYSE,
            title="Ours",
            decided="Yes",
            decided_on=datetime.date(2026, 11, 2),
            **decider,
        )
        assert decision.is_published and decision.confirmed_by == councillor


def test_waiting_decisions_show_on_the_deciders_dashboard_only(
    client: Client, public_cycle: Cycle, people: dict[str, User]
) -> None:
    """The councillor's cycle list and the cycle page list what waits for them;
    the commissioner's do not."""
    DecisionFactory(
        cycle=public_cycle, title="Open on Sundays", decided_by=people["decision_maker"]
    )
    pages = [
        reverse("cycles:list", args=[public_cycle.organisation.slug]),
        public_cycle.get_absolute_url(),
    ]
    for role, shown in (("decision_maker", True), ("commissioner", False)):
        client.force_login(people[role])
        for url in pages:
            content = client.get(url).content.decode()
            assert ("Confirm or decline “Open on Sundays”" in content) is shown


# --- What the public sees -------------------------------------------------------


def test_unconfirmed_decisions_reach_no_public_page_open_data_or_report(
    public_cycle: Cycle, people: dict[str, User], organisation: Organisation
) -> None:
    """Waiting, declined and draft corrections stay out of the public page, the
    open data and the cycle report; the confirmed one shows with who decided,
    who recorded it and when it was confirmed."""
    councillor, commissioner = people["decision_maker"], people["commissioner"]
    said = ActivityFactory(cycle=public_cycle, title="Carers' focus group")

    def record(title: str) -> Decision:
        return decision_record(
            cycle=public_cycle,
            by=commissioner,
            phase=Phase.ANALYSE,
            title=title,
            decided=f"{title}: what was decided",
            rationale=f"{title}: why",
            decided_by=councillor,
            decided_on=datetime.date(2026, 11, 2),
            citizen_input=[said],
        )

    confirmed = record("Confirmed hub")
    decision_confirm(decision=confirmed, by=councillor)
    record("Waiting library")
    declined = record("Declined closure")
    decision_decline(decision=declined, by=councillor, reason="No.")
    decision_record(
        cycle=public_cycle,
        by=commissioner,
        supersedes=confirmed,
        phase=Phase.ANALYSE,
        title="Draft correction",
        decided="Draft correction: what was decided",
        decided_by=councillor,
        decided_on=datetime.date(2026, 11, 3),
    )
    page, data, report = (
        _public(public_cycle),
        _open_data(organisation),
        _report(public_cycle),
    )
    for text in (page, data, report):
        for hidden in ("Waiting library", "Declined closure", "Draft correction"):
            assert hidden not in text
        assert "Confirmed hub: what was decided" in text
        assert councillor.display_name in text
        assert commissioner.display_name in text
    assert "Corrected later" not in page
    rows = list(csv.DictReader(io.StringIO(data)))
    assert [(r["title"], r["recorded_by"]) for r in rows] == [
        ("Confirmed hub", commissioner.display_name)
    ]
    confirmed.refresh_from_db()
    assert confirmed.confirmed_at is not None
    assert (
        rows[0]["confirmed_on"]
        == timezone.localdate(confirmed.confirmed_at).isoformat()
    )


# --- Random sequences of actions against a model ---------------------------------

PEOPLE = ["admin", "commissioner", "decision_maker", "citizen", "elsewhere"]
#: Who a decision may name: a person, or a board with its chair.
DECIDERS = {
    "admin": ("person", "admin"),
    "commissioner": ("person", "commissioner"),
    "decision_maker": ("person", "decision_maker"),
    "board": ("board", "decision_maker"),
    # Not allowed: the chair must be a decision maker; citizens and people of
    # another organisation cannot be named.
    "board_of_commissioner": ("board", "commissioner"),
    "citizen": ("person", "citizen"),
    "elsewhere": ("person", "elsewhere"),
}
VALID = {"admin", "commissioner", "decision_maker", "board"}
TEAM = {"admin", "commissioner", "decision_maker"}

steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("record"), st.sampled_from(PEOPLE), st.sampled_from(list(DECIDERS))
        ),
        st.tuples(st.just("confirm"), st.sampled_from(PEOPLE), st.integers(0, 5)),
        st.tuples(st.just("decline"), st.sampled_from(PEOPLE), st.integers(0, 5)),
        st.tuples(
            st.just("edit"),
            st.sampled_from(PEOPLE),
            st.tuples(st.integers(0, 5), st.sampled_from(list(DECIDERS))),
        ),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_whatever_people_do_only_confirmed_decisions_are_public(
    people: dict[str, User],
    organisation: Organisation,
    other_organisation: Organisation,
    make_member: Callable[..., User],
    steps: list[tuple[str, str, Any]],
) -> None:
    """Random records, confirmations, declines and edits by everyone, through the
    pages: the public page, the open data and the cycle report show exactly the
    decisions their decider confirmed, each in that person's name."""
    cast = dict(people)
    cast["elsewhere"] = make_member(Role.DECISION_MAKER, other_organisation)
    cycle = CycleFactory(
        organisation=organisation,
        by=people["commissioner"],
        visibility=Visibility.PUBLIC,
    )
    client = Client()
    model: list[dict[str, Any]] = []  # title, confirmer, published

    def decider_fields(name: str) -> dict[str, Any]:
        kind, who = DECIDERS[name]
        if kind == "person":
            return {"decided_by": cast[who].pk}
        return {"decided_by_body": "Care board", "board_chair": cast[who].pk}

    for number, (action, who, arg) in enumerate(steps):
        client.force_login(cast[who])
        if action == "record":
            title = f"Decision [{cycle.pk}-{number}]"
            client.post(
                _url("decision_new", cycle), _form(decider_fields(arg), title=title)
            )
            if who in TEAM and arg in VALID:
                confirmer = DECIDERS[arg][1]
                model.append(
                    {
                        "title": title,
                        "confirmer": confirmer,
                        "published": who == confirmer,
                    }
                )
            continue
        index = arg[0] if action == "edit" else arg
        if index >= len(model):
            continue
        entry = model[index]
        decision = Decision.objects.get(cycle=cycle, title=entry["title"])
        if action == "edit":
            client.post(
                _url("decision_edit", cycle, decision_pk=decision.pk),
                _form(decider_fields(arg[1]), title=entry["title"]),
            )
            if who in TEAM and arg[1] in VALID and not entry["published"]:
                entry["confirmer"] = DECIDERS[arg[1]][1]
            continue
        data = (
            {"action": "decline", "reason": "Not as agreed"}
            if action == "decline"
            else {"seen": decision.fingerprint()}
        )
        client.post(_url("decision_confirm", cycle, decision_pk=decision.pk), data)
        if action == "confirm" and who == entry["confirmer"]:
            entry["published"] = True

    expected = {e["title"] for e in model if e["published"]}
    for decision in Decision.objects.filter(cycle=cycle):
        assert decision.is_published is (decision.title in expected)
        if decision.is_published:
            assert decision.confirmed_by_id == decision.confirmer_id
    for text in (_public(cycle), _open_data(organisation), _report(cycle)):
        shown = {e["title"] for e in model if e["title"] in text}
        assert shown == expected


# --- Audit ----------------------------------------------------------------------


def test_the_audit_trail_says_who_recorded_and_who_confirmed_when(
    client: Client, public_cycle: Cycle, people: dict[str, User]
) -> None:
    """The history of a decision holds a row by the recorder and a row by the
    confirmer, with the time of confirmation."""
    client.force_login(people["commissioner"])
    client.post(
        _url("decision_new", public_cycle),
        _form({"decided_by": people["decision_maker"].pk}),
    )
    decision = Decision.objects.get(cycle=public_cycle)
    client.force_login(people["decision_maker"])
    client.post(
        _url("decision_confirm", public_cycle, decision_pk=decision.pk),
        {"seen": decision.fingerprint()},
    )
    history = list(decision.history.order_by("history_date"))
    assert history[0].history_user == people["commissioner"]
    assert history[0].recorded_by == people["commissioner"]
    assert not history[0].is_published
    last = history[-1]
    assert last.history_user == people["decision_maker"]
    assert last.confirmed_by == people["decision_maker"]
    assert last.confirmed_at is not None and last.is_published
