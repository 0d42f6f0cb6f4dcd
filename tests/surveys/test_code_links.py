"""QR codes and short links on printed code cards."""

from __future__ import annotations

import io
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Browser

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.models import Audience, Eligibility, Kind, Response
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

ONE = [{"kind": Kind.SINGLE, "text": "Pick", "options": ["A", "B"], "required": True}]
CARD = re.compile(
    r'<li class="app-code-card">.*?<img class="app-code-card__qr" src="([^"]+)"'
    r'[^>]*alt="QR code for ([^"]+)">.*?<span class="app-break-all">([^<]+)</span>'
    r'.*?<span class="app-code">([^<]+)</span>',
)


def _cards(html: str) -> list[tuple[str, str, str, str]]:
    """Each card: its QR image, the image's text alternative, the link written
    out, and the code."""
    return [
        tuple(unescape(part) for part in card)
        for card in CARD.findall(" ".join(html.split()))
    ]


def _decode(browser: Browser, images: list[str]) -> list[str]:
    """Draw each QR image in Chromium, as a phone's screen or a printer would,
    and read it back as a camera would."""
    read = []
    page = browser.new_page(viewport={"width": 400, "height": 400})
    for src in images:
        page.set_content(
            f'<body style="margin:0;background:#fff"><img src="{src}" '
            'width="300" height="300" style="margin:20px"></body>'
        )
        png = page.screenshot()
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
        read.append(found[0].text if found else "")
    page.close()
    return read


def _print(client: Client, url: str, count: int = 2) -> str:
    response = client.post(url, {"count": str(count)})
    assert response.status_code == 200
    return response.content.decode()


def test_a_scanned_invitation_card_opens_the_survey_with_the_code(
    client: Client,
    organisation: Organisation,
    people: dict[str, User],
    browser: Browser,
) -> None:
    """Each card's QR code reads back as its short link; following it lands on
    the survey with the code filled in, and the code answers once."""
    survey = make_survey(organisation, questions=ONE, audience=Audience.CODES)
    client.force_login(people["commissioner"])
    url = reverse(
        "surveys:codes", kwargs={"org_slug": organisation.slug, "pk": survey.pk}
    )
    cards = _cards(_print(client, url))
    assert len(cards) == 2
    decoded = _decode(browser, [qr for qr, _alt, _link, _code in cards])
    visitor = Client()
    for (_qr, alt, link, code), read in zip(cards, decoded, strict=True):
        # The text alternative is the link written out, which is on the card.
        assert read == alt == link
        path = urlsplit(link).path
        assert path == f"/c/{code}/"
        assert len(path) <= 13  # short enough to type
        landed = visitor.get(path, follow=True)
        assert landed.redirect_chain[-1][0].startswith(survey.get_answer_url())
        page = " ".join(landed.content.decode().split())
        assert f'name="code" value="{code}"' in page
    code = cards[0][3]
    answer = survey.get_answer_url()
    assert visitor.post(answer, {"form": "code", "code": code}).status_code == 302
    key = visitor.get(answer).context["form"].initial["submission_key"]
    field = survey.questions.get().field_name
    assert visitor.post(answer, {"submission_key": key, field: "A"}).status_code == 302
    assert Response.objects.count() == 1


def test_a_scanned_voting_card_opens_the_vote_with_the_code(
    client: Client,
    organisation: Organisation,
    people: dict[str, User],
    browser: Browser,
) -> None:
    from tests.surveys.test_ballot_eligibility import _ballot

    ballot = _ballot(organisation, Eligibility.CODES)
    client.force_login(people["commissioner"])
    url = reverse(
        "surveys:ballot_codes", kwargs={"org_slug": organisation.slug, "pk": ballot.pk}
    )
    cards = _cards(_print(client, url, 1))
    (qr, alt, link, code) = cards[0]
    (read,) = _decode(browser, [qr])
    assert read == alt == link
    assert urlsplit(link).path == f"/v/{code}/"
    landed = Client().get(urlsplit(link).path, follow=True)
    assert landed.redirect_chain[-1][0].startswith(ballot.get_vote_url())
    assert f'name="code" value="{code}"' in " ".join(landed.content.decode().split())


@pytest.mark.parametrize("path", ["/c/ZZZZ-ZZZZ/", "/v/ZZZZ-ZZZZ/", "/c/%3Cb%3E/"])
def test_an_unknown_code_gets_the_friendly_page(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "That code is not right" in response.content.decode()


@override_settings(RATELIMIT_ANONYMOUS_POST_RATE="5/10m")
def test_short_links_are_rate_limited(client: Client) -> None:
    """Guessing codes by link spends the same budget as typing them."""
    statuses = [client.get(f"/c/ZZZZ-ZZZ{n}/").status_code for n in range(7)]
    assert statuses[:5] == [404] * 5
    assert statuses[5:] == [429, 429]
