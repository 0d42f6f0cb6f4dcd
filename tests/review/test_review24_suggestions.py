"""Outside review of issue 24: citizens' asset suggestions, attacked through the
pages and e-mails people get."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assets.models import Asset, AssetSuggestion
from cycles.models import Visibility
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db

#: Characters that change how the text after them reads (bidirectional
#: embeddings, overrides and isolates) or that are not text at all.
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _suggest_url(org: Any, cycle: Any = None) -> str:
    url = reverse("assets:suggest", kwargs={"org_slug": org.slug})
    return f"{url}?cycle={cycle.pk}" if cycle is not None else url


def _data(name: str = "Elm Road garden") -> dict[str, str]:
    return {
        "name": name,
        "what": "People grow food together",
        "where": "Elm Road",
        "holder": "Friends of the garden",
    }


def test_a_private_cycle_is_neither_named_nor_taken_by_the_suggest_page(
    client: Client, people: dict[str, Any], organisation: Any
) -> None:
    """A citizen who puts a private cycle's id in the suggest link does not read
    its title, and cannot file a suggestion against it (so an approved asset never
    hangs from a cycle the public cannot see)."""
    private = CycleFactory(
        organisation=organisation,
        by=people["commissioner"],
        title="Closing the Elm Road day centre",
    )
    assert private.visibility != Visibility.PUBLIC
    client.force_login(people["citizen"])
    response = client.get(_suggest_url(organisation, private))
    assert response.status_code == 404
    assert "Closing the Elm Road day centre" not in response.content.decode()
    response = client.post(_suggest_url(organisation, private), _data())
    assert response.status_code == 404
    assert not AssetSuggestion.objects.exists()


def test_a_public_cycle_is_named_and_kept_with_the_suggestion(
    client: Client, people: dict[str, Any], organisation: Any
) -> None:
    """The link from a public cycle's page still works."""
    public = CycleFactory(
        organisation=organisation,
        by=people["commissioner"],
        title="Living well at home",
        visibility=Visibility.PUBLIC,
    )
    client.force_login(people["citizen"])
    response = client.get(_suggest_url(organisation, public))
    assert response.status_code == 200
    assert "Living well at home" in response.content.decode()
    assert client.post(_suggest_url(organisation, public), _data()).status_code == 302
    assert AssetSuggestion.objects.get().cycle == public


def test_hostile_text_in_a_suggestion_reaches_no_page_or_e_mail(
    client: Client,
    people: dict[str, Any],
    organisation: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A right-to-left override (which turns the rest of a line backwards, so a
    link or a name after it reads as something else) and control characters
    typed into a suggestion are left out of what is kept, so neither the team's
    queue, the decision page, the asset map nor the e-mail to the person carries
    them; markup shows as typed."""
    monkeypatch.setattr(
        "cocommission.notifications.services.may_contact", lambda *a, **k: True
    )
    hostile = {
        "name": "Garden\u202e<script>alert(1)</script>\x07\x1b[31m",
        "what": "Food\u2066 together\x0b",
        "where": "Elm\u202d Road\x1f",
        "holder": "Friends\u2067 of it\x08",
    }
    client.force_login(people["citizen"])
    assert client.post(_suggest_url(organisation), hostile).status_code == 302
    suggestion = AssetSuggestion.objects.get()
    for field in ("name", "what", "where", "holder"):
        assert not _INVISIBLE.search(getattr(suggestion, field)), field
    assert suggestion.name == "Garden<script>alert(1)</script>[31m"

    pages = [client.get(_suggest_url(organisation)).content.decode()]
    client.force_login(people["commissioner"])
    review = reverse(
        "assets:suggestion_review",
        kwargs={"org_slug": organisation.slug, "pk": suggestion.pk},
    )
    pages.append(
        client.get(
            reverse("assets:suggestions", kwargs={"org_slug": organisation.slug})
        ).content.decode()
    )
    pages.append(client.get(review).content.decode())
    # The team adds it as suggested (the form is pre-filled with the person's text).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review,
            {
                "decision": "approve",
                "name": suggestion.name,
                "kind": "place",
                "holder_type": "community",
                "description": suggestion.what,
                "address": suggestion.where,
            },
        )
    assert response.status_code == 302
    pages.append(
        client.get(
            reverse("assets:community", kwargs={"org_slug": organisation.slug})
        ).content.decode()
    )
    for page in pages:
        assert "<script>alert(1)" not in page
        assert not _INVISIBLE.search(page)
    assert mailoutbox, "the person is told"
    for message in mailoutbox:
        assert not _INVISIBLE.search(message.body)
        for alternative, _kind in getattr(message, "alternatives", []):
            assert not _INVISIBLE.search(alternative)
    assert not _INVISIBLE.search(Asset.objects.get().name)


def test_a_very_long_suggestion_is_refused_next_to_the_field_keeping_it(
    client: Client, people: dict[str, Any], organisation: Any
) -> None:
    """Text past the field's length gets a message, not a server error."""
    client.force_login(people["citizen"])
    data = _data("G" * 5000)
    data["what"] = "w" * 20000
    response = client.post(_suggest_url(organisation), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-message" in page
    assert not AssetSuggestion.objects.exists()
