"""Assets mapped with communities: a citizen suggests, the team decides, the
person is told, and only approved assets show."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assets.models import Asset, AssetSuggestion, SuggestionStatus
from assets.suggestions import SUGGESTIONS_A_DAY

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _suggest(client: Client, org: Any, name: str = "Elm Road garden") -> Any:
    return client.post(
        reverse("assets:suggest", kwargs={"org_slug": org.slug}),
        {
            "name": name,
            "what": "People grow food together",
            "where": "Elm Road",
            "holder": "Friends of the garden",
        },
    )


def _community(client: Client, org: Any) -> str:
    return _text(client.get(reverse("assets:community", kwargs={"org_slug": org.slug})))


def test_a_suggestion_shows_only_after_the_team_approves_it_with_edits(
    client: Client, people: dict[str, Any], organisation: Any
) -> None:
    """The citizen's suggestion waits unseen; approved with a new name, it shows
    on the community page under that name, and the citizen sees it was added."""
    client.force_login(people["citizen"])
    assert _suggest(client, organisation).status_code == 302
    assert "Elm Road garden" not in _community(client, organisation)
    suggestion = AssetSuggestion.objects.get()
    client.force_login(people["commissioner"])
    queue = _text(
        client.get(
            reverse("assets:suggestions", kwargs={"org_slug": organisation.slug})
        )
    )
    assert "Elm Road garden" in queue
    response = client.post(
        reverse(
            "assets:suggestion_review",
            kwargs={"org_slug": organisation.slug, "pk": suggestion.pk},
        ),
        {
            "decision": "approve",
            "name": "Elm Road community garden",
            "kind": "place",
            "holder_type": "community",
            "description": "Growing food together on Saturdays",
            "area": "Elm ward",
            "address": "",
        },
    )
    assert response.status_code == 302
    asset = Asset.objects.get()
    assert asset.is_public and asset.name == "Elm Road community garden"
    client.force_login(people["citizen"])
    assert "Elm Road community garden" in _community(client, organisation)
    mine = _text(
        client.get(reverse("assets:suggest", kwargs={"org_slug": organisation.slug}))
    )
    assert "Added to the asset map" in mine


def test_declining_needs_a_reason_and_the_person_sees_it(
    client: Client, people: dict[str, Any], organisation: Any
) -> None:
    """A decline without a reason is refused next to the field; with one, the
    suggestion is declined and the person reads why."""
    client.force_login(people["citizen"])
    _suggest(client, organisation)
    suggestion = AssetSuggestion.objects.get()
    client.force_login(people["commissioner"])
    url = reverse(
        "assets:suggestion_review",
        kwargs={"org_slug": organisation.slug, "pk": suggestion.pk},
    )
    response = client.post(
        url, {"decision": "decline", "kind": "place", "holder_type": "community"}
    )
    assert response.status_code == 400
    assert "Say why, so the person knows" in _text(response)
    response = client.post(
        url,
        {
            "decision": "decline",
            "kind": "place",
            "holder_type": "community",
            "reason": "It closed last year",
        },
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DECLINED
    assert not Asset.objects.exists()
    client.force_login(people["citizen"])
    mine = _text(
        client.get(reverse("assets:suggest", kwargs={"org_slug": organisation.slug}))
    )
    assert "Not added: It closed last year" in mine


def test_a_person_can_make_only_a_few_suggestions_a_day(
    client: Client, people: dict[str, Any], organisation: Any
) -> None:
    """Past the daily limit a suggestion is refused with 429 and a message."""
    client.force_login(people["citizen"])
    for n in range(SUGGESTIONS_A_DAY):
        assert _suggest(client, organisation, f"Place {n}").status_code == 302
    response = _suggest(client, organisation, "One too many")
    assert response.status_code == 429
    assert "try again tomorrow" in _text(response)
    assert 'value="One too many"' in _text(response)
    assert AssetSuggestion.objects.count() == SUGGESTIONS_A_DAY


def test_a_missing_name_is_said_next_to_the_field_keeping_what_was_typed(
    client: Client, people: dict[str, Any], organisation: Any
) -> None:
    client.force_login(people["citizen"])
    response = client.post(
        reverse("assets:suggest", kwargs={"org_slug": organisation.slug}),
        {"name": "", "what": "A warm space in winter"},
    )
    page = _text(response)
    assert response.status_code == 400
    assert "Enter the name of the asset" in page and "A warm space in winter" in page


@pytest.mark.parametrize(("role", "status"), [("citizen", 403), ("provider", 403)])
def test_citizens_cannot_moderate(
    client: Client, people: dict[str, Any], organisation: Any, role: str, status: int
) -> None:
    client.force_login(people["citizen"])
    _suggest(client, organisation)
    suggestion = AssetSuggestion.objects.get()
    client.force_login(people[role])
    response = client.post(
        reverse(
            "assets:suggestion_review",
            kwargs={"org_slug": organisation.slug, "pk": suggestion.pk},
        ),
        {
            "decision": "approve",
            "name": "X",
            "kind": "place",
            "holder_type": "community",
        },
    )
    assert response.status_code == status
    assert not Asset.objects.exists()


def test_outsiders_get_404(
    client: Client, people: dict[str, Any], organisation: Any
) -> None:
    client.force_login(people["citizen"])
    _suggest(client, organisation)
    suggestion = AssetSuggestion.objects.get()
    client.force_login(people["outsider"])
    for url in (
        reverse("assets:suggest", kwargs={"org_slug": organisation.slug}),
        reverse("assets:suggestions", kwargs={"org_slug": organisation.slug}),
        reverse(
            "assets:suggestion_review",
            kwargs={"org_slug": organisation.slug, "pk": suggestion.pk},
        ),
    ):
        assert client.get(url).status_code == 404
    assert _suggest(client, organisation, "Outsider's").status_code == 404
