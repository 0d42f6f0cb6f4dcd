"""Outside review of issue 24: the public value equation's figures, read from the
page, the report's PDF and its Excel annex, against a hand calculation for
generated inputs (zero demand, no measurements, shares summing to 100, very large
money, negative and missing baselines)."""

from __future__ import annotations

import datetime
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assets.models import Pledge, PledgeStatus, ResourceLine
from cycles.models import Need, NeedRoute, NeedStatus
from outcomes.models import Indicator, Measurement, Outcome, Partner, PartnerBenefit
from outcomes.models.framework import OutcomesFramework
from tests.contracts.factories import make_contract
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db

ONE = Decimal(1)
TENTH = Decimal("0.1")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def _money(value: Decimal) -> str:
    """Pounds as the page writes them: whole, halves up, with commas."""
    return f"£{int(value.quantize(ONE, ROUND_HALF_UP)):,}"


def _number(value: Decimal) -> str:
    """A demand figure as ``floatformat:"-1g"`` writes it: whole when it has no
    fraction, else to one decimal, halves up."""
    rounded = abs(value).quantize(TENTH, ROUND_HALF_UP)
    sign = "-" if value < 0 and rounded else ""
    if value == value.to_integral_value():
        return f"{sign}{int(rounded):,}"
    return f"{sign}{rounded:,.1f}"


def _figures(page: str) -> dict[str, str]:
    return {
        key: value.strip()
        for key, value in re.findall(r'data-figure="([^"]+)">(.*?)</dd>', page, re.S)
    }


money = st.decimals(
    min_value=0, max_value=Decimal("999999999999.99"), places=2
) | st.sampled_from([Decimal("0.50"), Decimal("1.50"), Decimal("12.50")])
demand = st.decimals(min_value=0, max_value=Decimal("99999999999"), places=3) | (
    st.sampled_from([Decimal("0"), Decimal("12.25"), Decimal("0.05"), Decimal("100")])
)
measured = st.decimals(
    min_value=Decimal("-9999999"), max_value=Decimal("99999999999"), places=3
)


@st.composite
def inputs(draw: Any) -> dict[str, Any]:
    kinds = draw(
        st.lists(
            st.sampled_from(["behaviour_change", "co_production", "service"]),
            unique=True,
            max_size=3,
        )
    )
    # Shares in hundredths of a per cent, together at most 100 (often exactly).
    cuts = sorted(
        draw(st.lists(st.integers(0, 10_000), min_size=len(kinds), max_size=len(kinds)))
    )
    exact = draw(st.booleans())
    bounds = [0, *cuts[:-1], 10_000 if exact and cuts else (cuts[-1] if cuts else 0)]
    shares = [Decimal(b - a) / 100 for a, b in zip(bounds, bounds[1:], strict=False)]
    shares = shares[: len(kinds)]
    return {
        "baseline": draw(st.none() | demand),
        "indicator_baseline": draw(st.none() | measured),
        "measurements": draw(st.lists(measured, max_size=3)),
        "routes": list(zip(kinds, shares, strict=True)),
        "public_cost": draw(st.none() | money),
        "contract": draw(money),
        "pledge_amount": draw(st.none() | money.filter(lambda m: m < 10**10)),
        "community_money": draw(st.none() | money),
        "benefits": draw(st.lists(st.none() | money, max_size=2)),
    }


def _build(organisation: Any, people: dict[str, Any], given: dict[str, Any]) -> Any:
    commissioner = people["commissioner"]
    cycle = CycleFactory(organisation=organisation, by=commissioner)
    framework = OutcomesFramework.objects.create(
        organisation=organisation, cycle=cycle, title="Outcomes"
    )
    outcome = Outcome.objects.create(
        framework=framework, statement="People stay well", value_types=["user"]
    )
    indicator = Indicator.objects.create(
        outcome=outcome,
        name="Referrals",
        unit="referrals a month",
        baseline_value=given["indicator_baseline"],
    )
    for month, value in enumerate(given["measurements"], start=1):
        Measurement.objects.create(
            indicator=indicator,
            period_end=datetime.date(2025, month, 28),
            value=value,
            source="routine",
        )
    need = Need.objects.create(
        cycle=cycle,
        statement="Help before crisis",
        status=NeedStatus.RECOGNISED,
        priority=1,
        demand_measure="referrals a month",
        demand_baseline=given["baseline"],
    )
    need.demand_indicators.set([indicator])
    contract = make_contract(organisation, cycle=cycle, value=given["contract"])
    pledge = Pledge.objects.create(
        organisation=organisation,
        cycle=cycle,
        pledged_by_name="Peer group",
        offer="Weekly peer support",
        hours_per_month=None,
        amount=given["pledge_amount"],
        status=PledgeStatus.ACTIVE,
    )
    if given["community_money"] is not None:
        ResourceLine.objects.create(
            cycle=cycle,
            source="crowdfunding",
            label="Crowdfunded",
            amount=given["community_money"],
        )
    for kind, share in given["routes"]:
        route = NeedRoute.objects.create(
            need=need,
            route=kind,
            planned_share=share,
            public_cost=given["public_cost"] if kind == "behaviour_change" else None,
        )
        if kind == "service":
            route.contracts.set([contract])
        if kind == "co_production":
            route.pledges.set([pledge])
    partner = Partner.objects.create(organisation=organisation, name="County police")
    for n, value in enumerate(given["benefits"]):
        PartnerBenefit.objects.create(
            cycle=cycle,
            partner=partner,
            benefit=f"Fewer call-outs {n}",
            estimated_value=value,
            how_estimated="Call-outs avoided" if value is not None else "",
        )
    return cycle


def _hand(given: dict[str, Any]) -> dict[str, Any]:
    """The equation worked out by hand, from the rules the page states."""
    kinds = [kind for kind, _share in given["routes"]]
    public = Decimal(0)
    if "service" in kinds:
        public += given["contract"]
    if "behaviour_change" in kinds and given["public_cost"] is not None:
        public += given["public_cost"]
    before = given["baseline"]
    if before is None:
        before = given["indicator_baseline"]
    after = given["measurements"][-1] if given["measurements"] else None
    fall = before - after if before is not None and after is not None else None
    valued = [v for v in given["benefits"] if v is not None]
    return {
        "public": public,
        "before": before,
        "after": after,
        "change": (
            ((after - before) / abs(before) * 100).quantize(TENTH, ROUND_HALF_UP)
            if before is not None and after is not None and before != 0
            else None
        ),
        "cost_per_unit": (public / fall).quantize(ONE, ROUND_HALF_UP)
        if fall is not None and fall > 0
        else None,
        "partners": sum(valued, Decimal(0)) if valued else None,
        # The cycle's community inputs are as the resources page values them
        # (here a crowdfunded amount; pledges give no hours); a route's are its
        # pledges (money here).
        "community": given["community_money"] or Decimal(0),
        "routes": {
            kind: (
                share,
                given["contract"]
                if kind == "service"
                else (given["public_cost"] or Decimal(0))
                if kind == "behaviour_change"
                else Decimal(0),
                (given["pledge_amount"] or Decimal(0))
                if kind == "co_production"
                else Decimal(0),
            )
            for kind, share in given["routes"]
        },
    }


def _check_page(page: str, hand: dict[str, Any], need: Need) -> None:
    figures = _figures(page)
    assert figures["public"].startswith(_money(hand["public"])), figures["public"]
    assert figures["community"] == _money(hand["community"])
    if hand["cost_per_unit"] is None:
        assert figures["cost-per-unit"].startswith("Not known yet")
    else:
        assert figures["cost-per-unit"] == _money(hand["cost_per_unit"])
    if hand["partners"] is None:
        assert figures["partners"] == "not valued yet"
    else:
        assert figures["partners"] == _money(hand["partners"])
    said = _text(figures[f"demand-{need.pk}"])
    if hand["before"] is None:
        assert "no baseline yet" in said
    else:
        assert f"before {_number(hand['before'])}," in said, said
    if hand["after"] is None:
        assert "not measured yet" in said
    else:
        assert f"now {_number(hand['after'])} " in said, said
    reading = _text(
        re.search(r'id="equation-reading">(.*?)</div>', page, re.S).group(1)  # type: ignore[union-attr]
    )
    # The plain words say the same figures as the figures beside them.
    assert _money(hand["community"]) in reading, reading
    if hand["change"] is not None:
        size = _number(abs(hand["change"]))
        assert (
            f"from {_number(hand['before'])} to {_number(hand['after'])}" in reading
        ), reading
        if size != "0":
            assert f"by {size}%" in reading, reading
    if hand["partners"]:
        assert _money(hand["partners"]) in reading, reading
    for kind, (share, public, community) in hand["routes"].items():
        row = re.search(rf'data-route="{kind}">(.*?)</tr>', page, re.S)
        assert row is not None, kind
        cells = _text(row.group(1))
        assert f"{_number(share)}%" in cells, cells
        assert re.findall(r"£[\d,]+", cells)[:2] == [_money(public), _money(community)]
    assert "NaN" not in page and "Infinity" not in page


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(given=inputs())
@example(
    given={
        "baseline": Decimal("12.25"),
        "indicator_baseline": None,
        "measurements": [Decimal("2.25")],
        "routes": [("co_production", Decimal(40)), ("service", Decimal(60))],
        "public_cost": None,
        "contract": Decimal("1000.50"),
        "pledge_amount": Decimal("1440.50"),
        "community_money": Decimal("1440.50"),
        "benefits": [None],
    }
)
def test_the_page_says_the_hand_calculation_for_any_inputs(
    client: Client, people: dict[str, Any], organisation: Any, given: dict[str, Any]
) -> None:
    """Every figure on the equation page, and the plain words beside them, is the
    hand calculation rounded as people round (halves up); a partner's gain with no
    value reads "not valued yet", never £0; no input gives a server error."""
    client.force_login(people["commissioner"])
    with transaction.atomic():
        cycle = _build(organisation, people, given)
        response = client.get(
            reverse(
                "reports:equation",
                kwargs={"org_slug": organisation.slug, "cycle_pk": cycle.pk},
            )
        )
        assert response.status_code == 200
        _check_page(response.content.decode(), _hand(given), cycle.needs.get())
        transaction.set_rollback(True)


def test_the_report_pdf_and_xlsx_agree_with_the_page(
    client: Client,
    people: dict[str, Any],
    organisation: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The report's PDF states the page's figures, rounded the same way, and its
    Excel annex holds the exact amounts; an unvalued partner gain is left empty,
    not 0."""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from reports.models import Report
    from reports.services import report_request

    given = {
        "baseline": Decimal("12.25"),
        "indicator_baseline": None,
        "measurements": [Decimal("2.25")],
        "routes": [("co_production", Decimal(40)), ("service", Decimal(60))],
        "public_cost": None,
        "contract": Decimal("1000.50"),
        "pledge_amount": Decimal("1440.50"),
        "community_money": Decimal("1440.50"),
        "benefits": [None],
    }
    hand = _hand(given)
    cycle = _build(organisation, people, given)
    client.force_login(people["commissioner"])
    page = client.get(
        reverse(
            "reports:equation",
            kwargs={"org_slug": organisation.slug, "cycle_pk": cycle.pk},
        )
    ).content.decode()
    _check_page(page, hand, cycle.needs.get())
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            organisation=organisation,
            kind="cycle",
            subject=cycle,
            by=people["commissioner"],
        )
    report = Report.objects.get(pk=report.pk)
    with report.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = _text(" ".join(p.extract_text() for p in reader.pages))
    # £1,000.50 and £1,440.50 read £1,001 and £1,441 everywhere, words included.
    assert "£1,001" in text and "£1,441" in text
    assert "£1,000 " not in text and "£1,440 " not in text
    assert "from 12.3 to 2.3" in text and "12.3 → 2.3" in text
    assert "not valued yet" in text
    with report.xlsx.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()), read_only=True)
    figures = {
        row[0]: row[1]
        for row in workbook["Public value equation"].iter_rows(values_only=True)
    }
    assert Decimal(str(figures["Public sector inputs (£)"])) == hand["public"]
    assert Decimal(str(figures["Community inputs, valued (£)"])) == hand["community"]
    assert figures["Cost per unit of demand taken away (£)"] == 100
    assert figures["What partners gain, estimated (£)"] is None
