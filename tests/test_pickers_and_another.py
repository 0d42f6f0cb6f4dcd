"""Finding your way in forms (issue #16):

- pickers of linked items (outcomes, needs, indicators) offer the cycle being
  worked on first, and name the cycle of every other item, read from the form a
  person gets;
- "Save and add another" where people add many items in a row stores the item
  and opens a fresh form; the main button still goes back to the list;
- the needs and outcomes ticked on an asset are kept (they were dropped before).
"""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from assets.models import Asset
from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Cycle, Need
from outcomes.models import Indicator, Outcome
from outcomes.services import framework_create
from tests.contracts.factories import make_contract
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


def _options(page: str, name: str) -> list[tuple[str, str]]:
    """(value, label) of each checkbox named ``name``, in page order."""
    found = []
    for tag in re.findall(rf'<input[^>]*name="{name}"[^>]*>', page):
        value = re.search(r'value="(\d+)"', tag)
        input_id = re.search(r'id="([^"]+)"', tag)
        assert value and input_id, tag
        label = re.search(
            rf'<label[^>]*for="{input_id.group(1)}"[^>]*>(.*?)</label>', page, re.S
        )
        assert label, f"no label for {input_id.group(1)}"
        found.append((value.group(1), html.unescape(" ".join(label.group(1).split()))))
    return found


@pytest.fixture
def two_cycles(
    organisation: Organisation, people: dict[str, User]
) -> tuple[Cycle, Cycle, dict[str, object]]:
    """Two cycles with an outcome, an indicator and a need of the same names; the
    second cycle's items are made first, so id order alone would put them first."""
    by = people["commissioner"]
    earlier = CycleFactory(organisation=organisation, by=by, title="Carers 2024")
    current = CycleFactory(organisation=organisation, by=by, title="Carers 2026")
    made: dict[str, object] = {}
    for cycle in (earlier, current):
        framework = framework_create(
            organisation=organisation, by=by, title=f"Outcomes {cycle.title}"
        )
        framework.cycle = cycle
        framework.save()
        outcome = Outcome.objects.create(
            framework=framework, statement="Carers get a break"
        )
        indicator = Indicator.objects.create(
            outcome=outcome, name="Breaks taken", unit="breaks"
        )
        need = Need.objects.create(cycle=cycle, statement="A night off now and then")
        made[cycle.title] = (outcome, indicator, need)
    shared = framework_create(organisation=organisation, by=by, title="Council-wide")
    made["shared"] = Outcome.objects.create(
        framework=shared, statement="Carers get a break"
    )
    return current, earlier, made


def _check_picker(
    options: list[tuple[str, str]], here: object, elsewhere: object
) -> None:
    values = [value for value, _label in options]
    labels = dict(options)
    assert values.index(str(here.pk)) < values.index(str(elsewhere.pk))  # type: ignore[attr-defined]
    assert labels[str(here.pk)] in {  # type: ignore[attr-defined]
        "Carers get a break",
        "Breaks taken",
        "A night off now and then",
    }
    assert labels[str(elsewhere.pk)].endswith("(cycle: Carers 2024)")  # type: ignore[attr-defined]
    # No two options read the same.
    assert len(set(labels.values())) == len(labels)


def test_the_needs_form_offers_this_cycle_s_outcomes_first(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    two_cycles: tuple[Cycle, Cycle, dict[str, object]],
) -> None:
    current, earlier, made = two_cycles
    client.force_login(people["commissioner"])
    page = client.get(
        reverse(
            "cycles:need_new", kwargs={"org_slug": organisation.slug, "pk": current.pk}
        )
    ).content.decode()
    options = _options(page, "outcomes")
    _check_picker(options, made[current.title][0], made[earlier.title][0])  # type: ignore[index]
    assert dict(options)[str(made["shared"].pk)].endswith("(organisation-wide)")  # type: ignore[attr-defined]


def test_an_asset_s_pickers_follow_its_cycle_and_its_links_are_kept(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    two_cycles: tuple[Cycle, Cycle, dict[str, object]],
) -> None:
    current, earlier, made = two_cycles
    outcome, _indicator, need = made[current.title]  # type: ignore[misc]
    client.force_login(people["commissioner"])
    new = reverse("assets:new", kwargs={"org_slug": organisation.slug})
    response = client.post(
        new,
        {
            "name": "Carers' café",
            "kind": "place",
            "holder_type": "community",
            "cycle": current.pk,
            "needs": [need.pk],
            "outcomes": [outcome.pk],
        },
    )
    assert response.status_code == 302
    asset = Asset.objects.get(name="Carers' café")
    assert list(asset.needs.all()) == [need]
    assert list(asset.outcomes.all()) == [outcome]
    page = client.get(
        reverse("assets:edit", kwargs={"org_slug": organisation.slug, "pk": asset.pk})
    ).content.decode()
    _check_picker(_options(page, "needs"), need, made[earlier.title][2])  # type: ignore[index]
    _check_picker(_options(page, "outcomes"), outcome, made[earlier.title][0])  # type: ignore[index]
    # What was ticked is shown ticked.
    assert re.search(rf'name="needs"[^>]*value="{need.pk}"[^>]*checked', page)


def test_a_contract_s_indicator_picker_follows_its_cycle(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    two_cycles: tuple[Cycle, Cycle, dict[str, object]],
) -> None:
    current, earlier, made = two_cycles
    contract = make_contract(organisation, cycle=current)
    client.force_login(people["commissioner"])
    page = client.get(
        reverse(
            "contracts:edit", kwargs={"org_slug": organisation.slug, "pk": contract.pk}
        )
    ).content.decode()
    _check_picker(
        _options(page, "indicators"),
        made[current.title][1],  # type: ignore[index]
        made[earlier.title][1],  # type: ignore[index]
    )


def _follow_another(
    client: Client, url: str, data: dict[str, object]
) -> tuple[str, str]:
    """Press "Save and add another": where it lands, and the page there."""
    response = client.post(url, {**data, "then": "another"}, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0], response.content.decode()


def test_save_and_add_another_stores_and_opens_a_fresh_form(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    cycle = CycleFactory(organisation=organisation, by=people["commissioner"])
    client.force_login(people["commissioner"])
    slug = organisation.slug

    # Activities: the fresh form is in the same phase.
    activity_new = reverse(
        "cycles:activity_new", kwargs={"org_slug": slug, "pk": cycle.pk}
    )
    assert "Add and start another" in client.get(activity_new).content.decode()
    landed, fresh = _follow_another(
        client,
        activity_new,
        {
            "title": "Walk the estate",
            "phase": "plan",
            "mode": "co_design",
            "status": "planned",
        },
    )
    assert landed == f"{activity_new}?phase=plan"
    assert cycle.activities.filter(title="Walk the estate").exists()
    assert "Walk the estate" in fresh  # the message
    assert 'value="Walk the estate"' not in fresh  # not the form
    assert re.search(r'value="plan"[^>]*(checked|selected)', fresh)

    # Needs.
    need_new = reverse("cycles:need_new", kwargs={"org_slug": slug, "pk": cycle.pk})
    for n in range(3):
        landed, fresh = _follow_another(client, need_new, {"statement": f"Need {n}"})
        assert landed == need_new and "Need added" in fresh
    assert cycle.needs.count() == 3

    # Assets; and the main button still goes back to the list.
    asset_new = reverse("assets:new", kwargs={"org_slug": slug})
    data = {"name": "Hall", "kind": "place", "holder_type": "community"}
    assert _follow_another(client, asset_new, data)[0] == asset_new
    back = client.post(asset_new, {**data, "name": "Library"})
    assert back["Location"] == reverse("assets:list", kwargs={"org_slug": slug})
    assert Asset.objects.filter(organisation=organisation).count() == 2


def test_save_and_add_another_with_a_mistake_keeps_what_was_typed(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    client.force_login(people["commissioner"])
    url = reverse("assets:new", kwargs={"org_slug": organisation.slug})
    response = client.post(
        url, {"name": "Hall", "description": "Big kitchen", "then": "another"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose what kind of asset it is" in page
    assert 'value="Hall"' in page and "Big kitchen" in page
    assert not Asset.objects.exists()


def test_changing_offers_no_add_another(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    asset = Asset.objects.create(
        organisation=organisation, name="Hall", kind="place", holder_type="community"
    )
    client.force_login(people["commissioner"])
    url = reverse("assets:edit", kwargs={"org_slug": organisation.slug, "pk": asset.pk})
    assert "Save and add another" not in client.get(url).content.decode()


def test_save_and_add_another_for_indicators_and_measurements(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    by = people["commissioner"]
    framework = framework_create(organisation=organisation, by=by, title="Carers")
    outcome = Outcome.objects.create(
        framework=framework, statement="Carers rest", value_types=["user"]
    )
    client.force_login(by)
    kwargs = {"org_slug": organisation.slug, "pk": framework.pk}
    indicator_new = reverse(
        "outcomes:indicator_new", kwargs={**kwargs, "outcome_pk": outcome.pk}
    )
    for name in ("Nights of respite", "Carers asked"):
        landed, fresh = _follow_another(
            client,
            indicator_new,
            {
                "name": name,
                "unit": "nights",
                "target_kind": "level",
                "direction": "up",
                "frequency": "quarterly",
            },
        )
        assert landed == indicator_new and f"“{name}” added" in fresh
    assert outcome.indicators.count() == 2
    indicator = outcome.indicators.get(name="Nights of respite")
    add = reverse(
        "outcomes:measurement_add", kwargs={**kwargs, "indicator_pk": indicator.pk}
    )
    page = reverse(
        "outcomes:indicator", kwargs={**kwargs, "indicator_pk": indicator.pk}
    )
    for month in (3, 6):
        response = client.post(
            add,
            {
                "period_end_0": "30",
                "period_end_1": str(month),
                "period_end_2": "2025",
                "value": str(month * 10),
                "source": "routine",
                "then": "another",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == f"{page}#add-measurement"
    assert indicator.measurements.count() == 2
    assert 'id="add-measurement"' in client.get(page).content.decode()
