"""Outside review of issue 24: another organisation's staff walk one
organisation's demand, routes, partners, benefits, agreements, suggestions and
equation (pages, posts and htmx requests), and two people save route shares at
the same moment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from threading import Barrier
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from assets.models import AssetSuggestion
from cycles.models import Need, NeedRoute, NeedStatus
from outcomes.models import CostSharingAgreement, Partner, PartnerBenefit
from tests.cycles.factories import CycleFactory

SECRET = "Confidential saving to the trust"


def _a_side(organisation: Any, people: dict[str, Any]) -> dict[str, Any]:
    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    need = Need.objects.create(
        cycle=cycle,
        statement="Help before crisis",
        status=NeedStatus.RECOGNISED,
        priority=1,
        demand_measure="referrals a month",
        demand_baseline=Decimal(100),
    )
    route = NeedRoute.objects.create(
        need=need, route="service", planned_share=Decimal(50)
    )
    partner = Partner.objects.create(organisation=organisation, name="Hidden trust")
    benefit = PartnerBenefit.objects.create(
        cycle=cycle,
        partner=partner,
        benefit=SECRET,
        estimated_value=Decimal(777_777),
        how_estimated="Internal model",
    )
    agreement = CostSharingAgreement.objects.create(
        cycle=cycle, title="Secret pooled budget", terms="Half each"
    )
    agreement.partners.set([partner])
    suggestion = AssetSuggestion.objects.create(
        organisation=organisation,
        suggested_by=people["citizen"],
        name="Hidden garden",
        what="Grows food",
    )
    return {
        "cycle": cycle,
        "need": need,
        "route": route,
        "partner": partner,
        "benefit": benefit,
        "agreement": agreement,
        "suggestion": suggestion,
    }


def _urls(slug: str, cycle: int, a: dict[str, Any]) -> list[tuple[str, bool]]:
    """Every page of issue 24 under ``slug`` and ``cycle``, each with whether it
    names one of A's records by id."""
    c = {"org_slug": slug, "cycle_pk": cycle}
    n = {"org_slug": slug, "pk": cycle, "need_pk": a["need"].pk}
    return [
        (reverse("reports:equation", kwargs=c), False),
        (reverse("outcomes:who_gains", kwargs=c), False),
        (reverse("outcomes:scorecard", kwargs=c), False),
        (reverse("outcomes:partner_new", kwargs=c), False),
        (
            reverse(
                "outcomes:partner_edit", kwargs={**c, "partner_pk": a["partner"].pk}
            ),
            True,
        ),
        (reverse("outcomes:benefit_new", kwargs=c), False),
        (
            reverse(
                "outcomes:benefit_edit", kwargs={**c, "benefit_pk": a["benefit"].pk}
            ),
            True,
        ),
        (reverse("outcomes:agreement_new", kwargs=c), False),
        (
            reverse(
                "outcomes:agreement_edit",
                kwargs={**c, "agreement_pk": a["agreement"].pk},
            ),
            True,
        ),
        (reverse("cycles:need_routes", kwargs=n), True),
        (reverse("cycles:need_demand", kwargs=n), True),
        (reverse("cycles:need_route_new", kwargs=n), True),
        (
            reverse("cycles:need_route_edit", kwargs={**n, "route_pk": a["route"].pk}),
            True,
        ),
        (
            reverse(
                "cycles:need_route_remove", kwargs={**n, "route_pk": a["route"].pk}
            ),
            True,
        ),
        (reverse("assets:suggestions", kwargs={"org_slug": slug}), False),
        (
            reverse(
                "assets:suggestion_review",
                kwargs={"org_slug": slug, "pk": a["suggestion"].pk},
            ),
            True,
        ),
    ]


_POST = {
    "name": "Taken over",
    "kind": "police",
    "partner": "1",
    "benefit": "Taken over",
    "title": "Taken over",
    "terms": "Taken over",
    "partners": "1",
    "route": "co_production",
    "planned_share": "1",
    "demand_measure": "Taken over",
    "decision": "decline",
    "reason": "Taken over",
    "holder_type": "community",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "commissioner", "decision_maker"])
def test_another_organisations_staff_reach_nothing_of_ours(
    client: Client,
    people: dict[str, Any],
    organisation: Any,
    other_organisation: Any,
    make_member: Any,
    role: str,
) -> None:
    """Staff of B, under A's address or under B's own address with A's ids, by
    GET, POST and htmx, get 403 or 404 (405 for a post to a page that only
    shows, refused before anything is looked up), read none of A's text and
    change nothing."""
    a = _a_side(organisation, people)
    b_user = make_member(role, other_organisation, email=f"{role}@southvale.example")
    b_cycle = CycleFactory(organisation=other_organisation, by=b_user)
    Need.objects.create(cycle=b_cycle, statement="Theirs", priority=1)
    client.force_login(b_user)
    data = {**_POST, "partner": a["partner"].pk, "partners": a["partner"].pk}
    ours = [(url, True) for url, _ids in _urls(organisation.slug, a["cycle"].pk, a)]
    for url, names_a in ours + _urls(other_organisation.slug, b_cycle.pk, a):
        for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
            for response in (
                client.get(url, **htmx),
                client.post(url, data, **htmx),
            ):
                body = response.content.decode()
                if names_a:
                    assert response.status_code in (403, 404, 405), (
                        url,
                        response.status_code,
                    )
                assert response.status_code < 500, url
                for secret in (SECRET, "777,777", "Hidden trust", "Hidden garden"):
                    assert secret not in body, (url, secret)
    a["benefit"].refresh_from_db()
    assert a["benefit"].benefit == SECRET
    assert a["benefit"].partner == a["partner"]
    assert NeedRoute.objects.filter(need=a["need"]).get().planned_share == 50
    assert Partner.objects.filter(organisation=organisation).count() == 1
    assert not PartnerBenefit.objects.filter(partner=a["partner"]).exclude(
        pk=a["benefit"].pk
    )
    assert list(a["agreement"].partners.all()) == [a["partner"]]
    assert not CostSharingAgreement.objects.filter(partners=a["partner"]).exclude(
        pk=a["agreement"].pk
    )
    assert AssetSuggestion.objects.get().status == "pending"


@pytest.mark.django_db(transaction=True)
def test_two_routes_saved_at_once_never_plan_more_than_100(
    organisation: Any, people: dict[str, Any]
) -> None:
    """Two commissioners save 60% routes for one need at the same moment: one is
    kept, the other is refused next to the share field, never a server error."""
    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    need = Need.objects.create(
        cycle=cycle, statement="Help", status=NeedStatus.RECOGNISED, priority=1
    )
    url = reverse(
        "cycles:need_route_new",
        kwargs={"org_slug": organisation.slug, "pk": cycle.pk, "need_pk": need.pk},
    )
    start = Barrier(2)

    def post(args: tuple[str, str]) -> tuple[int, str]:
        user, route = args
        try:
            client = Client()
            client.force_login(people[user])
            start.wait()
            response = client.post(url, {"route": route, "planned_share": "60"})
            return response.status_code, response.content.decode()
        finally:
            connection.close()

    for _round in range(4):
        NeedRoute.objects.filter(need=need).delete()
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(
                pool.map(
                    post,
                    [("commissioner", "service"), ("admin", "co_production")],
                )
            )
        codes = sorted(code for code, _page in results)
        assert codes == [302, 400], codes
        refused = next(page for code, page in results if code == 400)
        assert "more than 100%" in refused and 'value="60"' in refused
        assert 'id="planned_share-error"' in refused or "planned_share" in refused
        assert NeedRoute.objects.filter(need=need).count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_suggestions_from_one_person_stop_at_the_daily_limit(
    organisation: Any, people: dict[str, Any]
) -> None:
    """Eight suggestions posted at the same moment by one citizen: the daily
    limit holds (the rest get 429 with the message), and no server error."""
    from assets.suggestions import SUGGESTIONS_A_DAY

    url = reverse("assets:suggest", kwargs={"org_slug": organisation.slug})
    start = Barrier(8)

    def post(n: int) -> int:
        try:
            client = Client()
            client.force_login(people["citizen"])
            start.wait()
            return client.post(
                url, {"name": f"Place {n}", "what": "Helps people"}
            ).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = sorted(pool.map(post, range(8)))
    assert codes == [302] * SUGGESTIONS_A_DAY + [429] * (8 - SUGGESTIONS_A_DAY)
    assert AssetSuggestion.objects.count() == SUGGESTIONS_A_DAY


@pytest.mark.django_db
def test_a_private_gain_reaches_no_public_page_file_or_api(
    client: Client, people: dict[str, Any], organisation: Any
) -> None:
    """On a public cycle, a benefit and an agreement the team did not mark public
    are in none of: the public cycle and outcomes pages, the organisation's public
    page, the public API, the open data package and the Open Contracting file;
    a public one shows on the public outcomes page."""
    import zipfile
    from io import BytesIO

    from cycles.models import Visibility
    from reports.open_data import open_data_zip

    a = _a_side(organisation, people)
    cycle = a["cycle"]
    cycle.visibility = Visibility.PUBLIC
    cycle.save()
    shown = Partner.objects.create(organisation=organisation, name="County police")
    PartnerBenefit.objects.create(
        cycle=cycle,
        partner=shown,
        benefit="Fewer call-outs",
        estimated_value=Decimal(150_000),
        how_estimated="Call-outs avoided",
        is_public=True,
    )
    slug = organisation.slug
    texts = []
    for viewer in (None, people["citizen"], people["provider"]):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        for url in (
            reverse("public_outcomes", kwargs={"org_slug": slug, "pk": cycle.pk}),
            reverse("public_decisions", kwargs={"org_slug": slug, "pk": cycle.pk}),
            reverse("public_organisation", kwargs={"org_slug": slug}),
            f"/api/v1/organisations/{slug}/cycles/{cycle.pk}",
            f"/api/v1/organisations/{slug}/cycles/{cycle.pk}/outcomes",
            f"/api/v1/organisations/{slug}/cycles/{cycle.pk}/decisions",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            texts.append(response.content.decode())
    ocds = client.get(reverse("public_contracts_ocds", kwargs={"org_slug": slug}))
    assert ocds.status_code in (200, 404)
    texts.append(ocds.content.decode())
    with zipfile.ZipFile(BytesIO(open_data_zip(organisation))) as package:
        texts += [package.read(name).decode() for name in package.namelist()]
    for text in texts:
        for secret in (SECRET, "777,777", "777777", "Hidden trust", "Secret pooled"):
            assert secret not in text, secret
    assert "County police" in texts[0] and "£150,000" in texts[0]
