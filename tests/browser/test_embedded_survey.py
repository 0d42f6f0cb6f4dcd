"""A survey on the council's own site: another origin's page frames it, a person
answers it inside the frame (errors, check your answers, thanks), and a site the
organisation did not list gets an empty frame."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from cocommission.organisations.models import Organisation
from surveys.models import Kind, Layout
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.surveys.factories import make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def host_sites(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two small sites on 127.0.0.1 (another origin than the live server's
    localhost): the council's, which is listed, and one that is not."""
    servers = []
    for _ in range(2):
        handler = functools.partial(_Quiet, directory=str(tmp_path))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    yield tuple(f"http://127.0.0.1:{s.server_address[1]}" for s in servers)  # type: ignore[misc]
    for server in servers:
        server.shutdown()
        server.server_close()


def _host_page(folder: Path, src: str) -> None:
    (folder / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Northshire Council</title></head><body><h1>Have your say</h1>"
        f"<iframe src='{src}' title='Survey' width='320' height='900'"
        " style='border:0'></iframe></body></html>"
    )


def test_a_survey_is_answered_inside_a_frame_on_the_councils_site(
    page: Page,
    context: BrowserContext,
    live_server: Any,
    organisation: Organisation,
    host_sites: tuple[str, str],
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.DEBUG = True  # http:// origins are accepted for localhost only then
    council, stranger = host_sites
    assert live_server.url.startswith("http://localhost:")
    organisation.embed_origins = council
    organisation.save()
    survey = make_survey(
        organisation,
        layout=Layout.ONE_PER_PAGE,
        questions=[
            {
                "kind": Kind.SINGLE,
                "text": "How did you hear about us?",
                "options": ["A friend", "The council's site"],
                "required": True,
            },
            {"kind": Kind.SHORT_TEXT, "text": "What should change?"},
        ],
    )
    embed = live_server.url + reverse(
        "embed:survey_answer", kwargs={"token": survey.token}
    )
    _host_page(tmp_path, embed)

    # The embed page itself: accessible, and fits a 320 px phone.
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(embed)
    assert_accessible(page)
    assert_fits_the_screen(page)

    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto(council + "/index.html")
    frame = page.frame_locator("iframe[title='Survey']")
    expect(frame.get_by_text("Question 1 of 2")).to_be_visible()
    frame.get_by_role("button", name="Continue").click()
    expect(frame.get_by_role("heading", name="There is a problem")).to_be_visible()
    frame.get_by_label("The council's site").check()
    frame.get_by_role("button", name="Continue").click()
    frame.get_by_label("What should change?").fill("Open on Saturdays")
    frame.get_by_role("button", name="Continue").click()
    expect(frame.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(frame.get_by_text("Open on Saturdays")).to_be_visible()
    frame.get_by_role("button", name="Send my answers").click()
    expect(frame.get_by_role("heading", name="Thank you")).to_be_visible()
    # All of it happened inside the frame: the council's page is still there.
    assert page.url == council + "/index.html"
    expect(page.get_by_role("heading", name="Have your say")).to_be_visible()
    inner = page.frames[1]
    assert inner.url.startswith(live_server.url + "/embed/s/")
    assert inner.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert survey.responses.get().answers  # type: ignore[attr-defined]

    # A site the organisation did not list: the browser refuses to show it.
    other = context.new_page()
    other.goto(stranger + "/index.html")
    other.wait_for_timeout(1000)
    blocked = other.frames[1]
    assert "/embed/" not in blocked.url or blocked.content().count("Question") == 0
    assert blocked.locator("text=Question 1 of 2").count() == 0
    other.close()
