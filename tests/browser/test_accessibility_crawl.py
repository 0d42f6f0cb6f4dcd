"""Every page of the URL inventory, for every role that may see it, passes axe-core
(WCAG 2.0, 2.1 and 2.2 A and AA, and best practice) at 1280 px and 390 px and does
not scroll sideways at 320 px; so does the error state of every form on them,
submitted empty and with wrong values.

Chromium does not talk to a server: every request it makes is answered in-process
by Django's test client for the role (static files from the finders), and every
POST is rolled back, so the seeded demo stays as it is for the next page and the
crawl needs no live server. One browser serves the whole crawl.
"""

from __future__ import annotations

import io
import mimetypes
import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from playwright.sync_api import Browser, Page, Route

from tests import inventory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ORIGIN = "http://testserver"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = (1280, 390)
NARROWEST = 320

#: Pages of the inventory no role opens as a page in the demo, by route name, with
#: the reason. The crawl fails when one of them becomes reachable (take it off)
#: or when another page goes unvisited (visit it, or list it here with a reason),
#: so this list only shrinks.
UNVISITED: dict[str, str] = {}

_axe = Axe()
#: A file to follow a long crawl in (``A11Y_PROGRESS=/tmp/crawl.log``).
PROGRESS = os.environ.get("A11Y_PROGRESS", "")
_TOKENS = re.compile(
    rb'(name="csrfmiddlewaretoken" value="|nonce="|"X-CSRFToken": ")[^"]*'
)


@dataclass
class Found:
    """What the crawl found wrong, all of it, so one run shows every fix needed."""

    problems: list[str] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    seen: set[bytes] = field(default_factory=set)
    #: Forms already sent, by where they post and their fields: a form shown on
    #: many pages, or to many roles, has its error states checked once.
    forms_sent: set[tuple[str, frozenset[str]]] = field(default_factory=set)
    checked: int = 0

    def first_time(self, html: bytes) -> bool:
        """Whether this page (less its tokens) has not been checked yet: roles
        that get the very same page are checked once."""
        key = _TOKENS.sub(rb"\1", html)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


class InProcess:
    """Answers Chromium's requests with Django's test client, signed in as one
    role, rolling back whatever a request changes."""

    def __init__(self, role: str) -> None:
        self.client = inventory.client_for(role, raise_request_exception=False)
        self.last_html: bytes = b""
        self.errors: list[str] = []
        self.redirected = False

    def __call__(self, route: Route) -> None:
        try:
            self._answer(route)
        except Exception as error:  # a crash here would show only as a DNS error
            self.errors.append(f"{route.request.method} {route.request.url}: {error!r}")
            route.abort()

    def _answer(self, route: Route) -> None:
        request = route.request
        parts = urlsplit(request.url)
        if parts.netloc != "testserver":
            route.abort()
            return
        if parts.path.startswith(settings.STATIC_URL):
            found = finders.find(parts.path.removeprefix(settings.STATIC_URL))
            if not found:
                route.fulfill(status=404, body=b"")
                return
            path = found if isinstance(found, str) else found[0]
            with open(path, "rb") as file:
                body = file.read()
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            route.fulfill(status=200, body=body, headers={"Content-Type": kind})
            return
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        extra = {
            f"HTTP_{name.upper().replace('-', '_')}": value
            for name, value in request.headers.items()
            if name.lower().startswith("hx-")
        }
        if request.method == "GET":
            response = inventory.request_rolled_back(self.client, "GET", url, **extra)
        else:
            response = inventory.request_rolled_back(
                self.client,
                request.method,
                url,
                request.post_data_buffer or b"",
                content_type=request.headers.get("content-type", ""),
                **extra,
            )
        # Chromium does not pass a fulfilled redirect's next request to us:
        # follow our own redirects here (the page keeps the first address).
        self.redirected = False
        for _hop in range(5):
            location = urlsplit(response.get("Location", ""))
            if response.status_code not in {301, 302, 303, 307, 308} or (
                location.netloc not in {"", "testserver"}
            ):
                break
            self.redirected = True
            target = location.path + (f"?{location.query}" if location.query else "")
            response = inventory.request_rolled_back(self.client, "GET", target)
        body = b"".join(response) if response.streaming else response.content
        headers = dict(response.items())
        if response.get("Content-Type", "").startswith("text/html"):
            self.last_html = body
        route.fulfill(status=response.status_code, headers=headers, body=body)


@pytest.fixture
def demo() -> list[inventory.Entry]:
    call_command("seed_demo", stdout=io.StringIO())
    return inventory.build()


def _check(page: Page, found: Found, where: str) -> None:
    """axe at each width, then no sideways scrolling at the narrowest."""
    found.checked += 1
    before = len(found.problems)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        results = _axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        for violation in results.response["violations"]:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
            found.problems.append(
                f"{where} at {width}px: {violation['id']} ({violation['help']}) "
                f"on {targets}"
            )
    # GOV.UK: a page that shows errors says so first in its title, which is
    # what a screen reader announces on arrival.
    if page.locator(".govuk-error-summary").count() and not page.title().startswith(
        "Error:"
    ):
        found.problems.append(f"{where}: shows errors, but its title does not say so")
    for link in page.evaluate(_DEAD_ERROR_LINKS):
        found.problems.append(f"{where}: error link {link} moves nothing")
    page.set_viewport_size({"width": NARROWEST, "height": 900})
    overflow = page.evaluate(_OVERFLOW)
    if overflow > 0:
        found.problems.append(f"{where} scrolls sideways by {overflow}px at 320px")
    # Text at 200% on a phone (WCAG 1.4.4): GOV.UK Frontend sizes text in rem.
    page.set_viewport_size({"width": 390, "height": 900})
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    overflow = page.evaluate(_OVERFLOW)
    page.evaluate("document.documentElement.style.fontSize = ''")
    if overflow > 0:
        found.problems.append(
            f"{where} scrolls sideways by {overflow}px at 390px with text at 200%"
        )
    if PROGRESS:
        with open(PROGRESS, "a") as log:
            log.write(f"{found.checked} {where}\n")
            log.writelines(f"  {problem}\n" for problem in found.problems[before:])


#: Error summary links that do not lead to a field (GOV.UK: each links to the
#: field's input, or to the first input of a group of radios or checkboxes).
_DEAD_ERROR_LINKS = """() => [...document.querySelectorAll('.govuk-error-summary a')]
  .filter(a => {
    const id = decodeURIComponent((a.getAttribute('href') || '').slice(1));
    const target = id && document.getElementById(id);
    return !target || !(['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)
                        || target.id === 'main-content');
  })
  .map(a => `${a.getAttribute('href')} (${a.textContent.trim()})`)"""
_OVERFLOW = (
    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
)
#: Where each POST form of the page posts, and the names of its fields.
_FORM_KEYS = """forms => forms.map(form => [
  form.action, [...form.elements].map(el => el.name).filter(Boolean)])"""
#: Empties a form's fields and sends it without htmx (as without JavaScript).
_EMPTY = """form => {
  for (const el of form.elements) {
    if (['hidden', 'submit'].includes(el.type) || el.tagName === 'BUTTON') continue;
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
    else if (el.tagName === 'SELECT') el.selectedIndex = -1;
    else el.value = '';
  }
  HTMLFormElement.prototype.submit.call(form);
}"""
#: Fills a form's typed fields with a value no number, date or choice accepts.
_WRONG = """form => {
  for (const el of form.elements) {
    if (['text', 'number', 'email', 'date', 'url', 'tel', 'textarea', 'search']
        .includes(el.type) || el.tagName === 'TEXTAREA') el.value = '\\u00b2x';
  }
  HTMLFormElement.prototype.submit.call(form);
}"""


def _error_states(page: Page, server: InProcess, found: Found, where: str) -> None:
    """Each POST form of the page, sent empty and with wrong values: where the
    page comes back with its errors (not a redirect), that page is checked."""
    url = page.url
    forms = page.locator("form[method=post], form[method=POST]")
    keys = forms.evaluate_all(_FORM_KEYS)
    for index, (action, names) in enumerate(keys):
        key = (urlsplit(action).path, frozenset(names))
        if key in found.forms_sent:
            continue
        found.forms_sent.add(key)
        for label, script in (("empty", _EMPTY), ("wrong", _WRONG)):
            if page.url != url or label != "empty":
                page.goto(url)
            form = page.locator("form[method=post], form[method=POST]").nth(index)
            with page.expect_navigation() as navigation:
                form.evaluate(script)
            response = navigation.value
            if (
                response is None
                or server.redirected
                or not (response.headers.get("content-type", "")).startswith(
                    "text/html"
                )
                or not found.first_time(server.last_html)
            ):
                continue
            _check(page, found, f"{where} form {index + 1} sent {label}")


def _crawl_role(
    browser: Browser, role: str, entries: list[inventory.Entry], found: Found
) -> None:
    context = browser.new_context(base_url=ORIGIN)
    context.set_default_timeout(15_000)
    server = InProcess(role)
    context.route("**/*", server)
    page = context.new_page()
    try:
        for entry in entries:
            if entry.method != "GET" or not entry.visible_to(role):
                continue
            response = page.goto(entry.url)
            if response is None or not response.headers.get(
                "content-type", ""
            ).startswith("text/html"):
                found.files.add(entry.name)
                continue
            found.visited.add(entry.name)
            if not found.first_time(server.last_html):
                continue
            where = f"{entry.url} as {role}"
            _check(page, found, where)
            _error_states(page, server, found, where)
    finally:
        context.close()
        found.problems.extend(server.errors)


def test_every_page_and_error_state_is_accessible_for_every_role(
    browser: Browser, demo: list[inventory.Entry]
) -> None:
    found = Found()
    for role in inventory.ROLES:
        _crawl_role(browser, role, demo, found)
    # Not pages: actions that only take POST, files, and addresses that only
    # ever redirect; and those the inventory cannot fill or nobody may open
    # (listed there with their reasons).
    not_pages = {
        entry.name
        for entry in demo
        if entry.method == "POST"
        or not any(entry.visible_to(role) for role in inventory.ROLES)
        and any(300 <= status < 400 for status in entry.status.values())
    }
    listed = set(inventory.UNREACHABLE) | set(inventory.NOBODY_GETS_IN)
    pages = {route.name for route in inventory.routes()} - not_pages - found.files
    unvisited = pages - listed - found.visited
    if PROGRESS:
        with open(PROGRESS, "a") as log:
            log.write(f"unvisited: {sorted(unvisited)}\n")
    report = "\n".join(found.problems)
    assert not found.problems, f"{len(found.problems)} problems:\n{report}"
    assert unvisited == set(UNVISITED), "visit these, or list them with a reason"
