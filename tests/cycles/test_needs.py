from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Cycle, DecisionKind, Need, NeedStatus
from cycles.services import needs_prioritise
from cycles.views.need import NEEDS_PER_PAGE
from tests.cycles.factories import ActivityFactory, CycleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(organisation: Organisation, people: dict[str, User]) -> Cycle:
    return CycleFactory(organisation=organisation, by=people["commissioner"])


def _need(cycle: Cycle, statement: str, **fields: object) -> Need:
    return Need.objects.create(cycle=cycle, statement=statement, **fields)


def test_a_decision_maker_prioritises_needs_in_a_recorded_decision(
    cycle: Cycle, people: dict[str, User]
) -> None:
    """Ranked needs become recognised in order; the rest are not prioritised; one
    decision records it, drawing on the activities where the needs were raised."""
    breakfast = ActivityFactory(cycle=cycle, title="Breakfast meeting")
    company = _need(
        cycle,
        "Someone to talk to in the evenings",
        source_activity=breakfast,
        how_many=12,
    )
    work = _need(cycle, "Help back into work", how_many=5)
    later = _need(cycle, "Longer library hours")
    decision = needs_prioritise(
        cycle=cycle,
        by=people["decision_maker"],
        ranked=[work, company],
        rationale="Most asked",
    )
    company.refresh_from_db(), work.refresh_from_db(), later.refresh_from_db()
    assert (work.status, work.priority) == (NeedStatus.RECOGNISED, 1)
    assert (company.status, company.priority) == (NeedStatus.RECOGNISED, 2)
    assert later.status == NeedStatus.NOT_PRIORITISED
    assert decision.kind == DecisionKind.PRIORITY
    assert decision.decided_by == people["decision_maker"]
    assert list(decision.citizen_input.all()) == [breakfast]
    assert decision.decided.startswith("1. Help back into work")


@pytest.mark.parametrize("role", ["admin", "commissioner"])
def test_only_decision_makers_prioritise(
    cycle: Cycle, people: dict[str, User], role: str
) -> None:
    """Commissioners and admins record needs; prioritising is the decision maker's."""
    need = _need(cycle, "A need")
    with pytest.raises(PermissionDenied):
        needs_prioritise(cycle=cycle, by=people[role], ranked=[need], rationale="x")
    need.refresh_from_db()
    assert need.status == NeedStatus.EXPRESSED


@pytest.mark.parametrize(
    ("role", "read", "record", "prioritise"),
    [
        ("admin", 200, 200, 403),
        ("commissioner", 200, 200, 403),
        ("decision_maker", 200, 403, 200),
        ("provider", 404, 404, 404),
        ("citizen", 404, 404, 404),
        ("outsider", 404, 404, 404),
    ],
)
def test_needs_truth_table(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    role: str,
    read: int,
    record: int,
    prioritise: int,
) -> None:
    """The team reads needs; commissioners record them; decision makers prioritise."""
    _need(cycle, "A need")
    kwargs = {"org_slug": organisation.slug, "pk": cycle.pk}
    client.force_login(people[role])
    assert client.get(reverse("cycles:needs", kwargs=kwargs)).status_code == read
    assert client.get(reverse("cycles:need_new", kwargs=kwargs)).status_code == record
    assert (
        client.get(reverse("cycles:needs_prioritise", kwargs=kwargs)).status_code
        == prioritise
    )


def test_the_same_rank_twice_is_refused(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """Two needs given priority 1 is refused with a message; nothing changes."""
    first, second = _need(cycle, "First"), _need(cycle, "Second")
    client.force_login(people["decision_maker"])
    url = reverse(
        "cycles:needs_prioritise",
        kwargs={"org_slug": organisation.slug, "pk": cycle.pk},
    )
    response = client.post(
        url, {f"rank_{first.pk}": "1", f"rank_{second.pk}": "1", "rationale": "x"}
    )
    assert response.status_code == 400
    assert "Give each priority number to one need only" in response.content.decode()
    assert not Need.objects.filter(status=NeedStatus.RECOGNISED).exists()
    assert (
        client.post(
            url, {f"rank_{second.pk}": "1", "rationale": "Most urgent"}
        ).status_code
        == 302
    )
    second.refresh_from_db()
    assert second.priority == 1


def test_needs_query_count_is_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    cycle: Cycle,
    django_assert_num_queries: object,
) -> None:
    """The needs page costs the same with 5 or 200 needs."""
    activity = ActivityFactory(cycle=cycle)
    for n in range(5):
        _need(cycle, f"N{n}", source_activity=activity)
    client.force_login(people["commissioner"])
    url = reverse(
        "cycles:needs", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
    )
    client.get(url)
    with django_assert_num_queries(10) as few:  # type: ignore[operator]
        client.get(url)
    Need.objects.bulk_create(
        Need(cycle=cycle, statement=f"M{n}", source_activity=activity, how_many=n)
        for n in range(195)
    )
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(url)


def test_the_needs_page_lists_each_need_s_outcomes(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """A need linked to outcomes lists them on the needs page, in order; a need
    with none has no outcomes row; the link to change a need is its own page."""
    from outcomes.models import Outcome
    from outcomes.services import framework_create

    framework = framework_create(
        organisation=organisation, by=people["commissioner"], title="Wellbeing"
    )
    well = Outcome.objects.create(framework=framework, statement="People stay well")
    near = Outcome.objects.create(framework=framework, statement="Help is near")
    linked = _need(cycle, "Somewhere warm")
    linked.outcomes.set([well, near])
    _need(cycle, "Longer library hours")
    client.force_login(people["commissioner"])
    page = client.get(
        reverse("cycles:needs", kwargs={"org_slug": organisation.slug, "pk": cycle.pk})
    ).content.decode()
    assert page.count(">Outcomes</dt>") == 1
    # In the order the need's outcomes come in.
    assert "; ".join(o.statement for o in linked.outcomes.all()) in " ".join(
        page.split()
    )
    edit = reverse(
        "cycles:need_edit",
        kwargs={"org_slug": organisation.slug, "pk": cycle.pk, "need_pk": linked.pk},
    )
    assert f'href="{edit}"' in page


def test_a_need_s_statement_is_text_on_the_prioritising_form(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """A need's statement labels its field on the prioritising form as text: markup
    in it is shown escaped, not added to the page."""
    _need(cycle, "<svg onload=alert(1)>Evening calls</svg>")
    client.force_login(people["decision_maker"])
    page = client.get(
        reverse(
            "cycles:needs_prioritise",
            kwargs={"org_slug": organisation.slug, "pk": cycle.pk},
        )
    ).content.decode()
    assert "&lt;svg onload=alert(1)&gt;Evening calls&lt;/svg&gt;" in page
    assert "<svg onload" not in page


def _pages(client: Client, url: str) -> list[str]:
    """Every page of a list, following its "Next" links from the first."""
    pages = []
    query: str | None = ""
    while query is not None and len(pages) < 100:
        page = client.get(url + query).content.decode()
        pages.append(page)
        found = re.search(r'href="(\?[^"]*)"\s+rel="next"', page)
        query = html.unescape(found.group(1)) if found else None
    return pages


def test_every_need_is_on_one_page(
    client: Client, people: dict[str, User], organisation: Organisation, cycle: Cycle
) -> None:
    """A cycle's needs come a page at a time; following "Next" shows each need
    exactly once, priority needs first (in their order), then expressed needs
    (most people first), then those not prioritised, each under its heading."""
    statuses = [NeedStatus.EXPRESSED, NeedStatus.RECOGNISED, NeedStatus.NOT_PRIORITISED]
    Need.objects.bulk_create(
        Need(
            cycle=cycle,
            statement=f"Need {n}",
            status=statuses[n % 3],
            priority=n if statuses[n % 3] == NeedStatus.RECOGNISED else None,
            how_many=n % 7,
        )
        for n in range(NEEDS_PER_PAGE * 2 + 7)
    )
    client.force_login(people["commissioner"])
    url = reverse(
        "cycles:needs", kwargs={"org_slug": organisation.slug, "pk": cycle.pk}
    )
    pages = _pages(client, url)
    assert len(pages) == 3
    shown = [
        statement
        for page in pages
        for statement in re.findall(r"(Need \d+)\s*</h3>", page)
    ]
    rank = {s: i for i, s in enumerate(statuses[1:2] + statuses[:1] + statuses[2:])}
    expected = sorted(
        Need.objects.filter(cycle=cycle),
        key=lambda n: (rank[n.status], n.priority or 0, -n.how_many, n.pk),
    )
    assert shown == [n.statement for n in expected]
    assert "Priority needs" in pages[0] and "Priority needs" not in pages[2]
    assert "Not prioritised this time" in pages[2]
