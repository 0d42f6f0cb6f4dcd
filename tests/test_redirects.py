"""``next=`` never sends anyone off the site, on any view that reads it.

The views are found, not listed: every URL pattern whose view (or what it calls)
reads ``next`` in its code, plus every view without URL arguments that is seen
reading ``next`` when requested. Each gets hostile values by GET and POST, signed
out and signed in, with a form payload that lets the usual forms succeed (so their
redirects are really taken). Project code may read ``next`` only through
``cocommission.http.next_url``, and every link or form that passes a ``next`` points
at one of the views tested here.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from inspect import getsource
from pathlib import Path
from textwrap import dedent
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from django.views import View
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cocommission.http import is_safe_redirect, next_url
from cocommission.organisations.models import Organisation
from tests.accounts.factories import PASSWORD
from tests.cycles.factories import CycleFactory, GateCheckFactory
from tests.panels.factories import PanelFactory

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("cocommission", "cycles", "assets", "outcomes", "panels", "surveys")
PROJECT += ("contracts", "reports", "participation")
HOST = "testserver"
HOSTILE = [
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http:evil.example",
    "https:/\\evil.example",
    "///evil.example",
    " //evil.example",
    "\t//evil.example",
    "\x0b//evil.example",
    "\u3000//evil.example",
    "/\t/evil.example",
    "/ok\r\nSet-Cookie: stolen=1",
    "/ok\x00",
    f"https://{HOST}@evil.example/",
    "/" + "a" * 3000,
]
# Functions that read ``next`` from the request: ours, allauth's and Django's.
NEXT_READERS = {
    "next_url",
    "get_next_redirect_url",
    "get_next_url",
    "get_redirect_url",
    "get_request_param",
}


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    callback: Callable[..., Any]
    kwargs: tuple[tuple[str, str], ...]  # (argument, converter)


def _arguments(pattern: Any) -> list[tuple[str, str]]:
    if isinstance(pattern, RegexPattern):
        named = [(name, "regex") for name in pattern.regex.groupindex]
        unnamed = pattern.regex.groups - len(named)
        return named + [(f"#{n}", "regex") for n in range(unnamed)]
    return [(name, type(c).__name__) for name, c in pattern.converters.items()]


def inventory(
    patterns: Any = None,
    prefix: str = "",
    namespace: str | None = None,
    arguments: tuple[tuple[str, str], ...] = (),
) -> Iterator[Route]:
    """Every URL pattern of the site, with its full name and arguments."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        args = (*arguments, *_arguments(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            yield from inventory(
                entry.url_patterns, prefix + str(entry.pattern), inner, args
            )
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(prefix + str(entry.pattern), name, entry.callback, args)


def _walks_into(value: Any) -> bool:
    module = getattr(value, "__module__", "") or ""
    return module.startswith((*PROJECT, "allauth", "django.contrib.auth.views"))


def reads_next_directly(tree: ast.AST) -> bool:
    """``x.get("next")``, ``x.getlist("next")``, ``x["next"]``, or one of the
    helpers that read it: ours and allauth's."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", "")
            )
            if name in NEXT_READERS:
                return True
            if (
                name in {"get", "getlist", "pop"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value == "next"
            ):
                return True
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Constant)
            and node.slice.value == "next"
        ):
            return True
    return False


def _called(tree: ast.AST, namespace: dict[str, Any]) -> Iterator[Any]:
    """The functions and classes a function calls by global name (``f(...)``,
    ``SomeView.as_view()(...)``), looked up in its module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            base: Any = node.func
            while isinstance(base, ast.Attribute | ast.Call):
                base = base.value if isinstance(base, ast.Attribute) else base.func
            if isinstance(base, ast.Name) and base.id in namespace:
                yield namespace[base.id]


def _reads_next(obj: Any, seen: set[int], depth: int = 0) -> bool:
    """Whether ``obj`` (a view function or class) or what it calls (project and
    allauth code, a few calls deep) reads ``next`` from the request."""
    if id(obj) in seen or depth > 4:
        return False
    seen.add(id(obj))
    view_class = getattr(obj, "view_class", None) or (
        obj if inspect.isclass(obj) and issubclass(obj, View) else None
    )
    if view_class is not None:
        return any(
            _walks_into(cls) and reads_next_directly(ast.parse(dedent(getsource(cls))))
            for cls in view_class.__mro__
            if cls is not object
        )
    function = inspect.unwrap(obj)
    function = getattr(function, "__func__", function)
    if not inspect.isfunction(function):
        return False
    try:
        tree = ast.parse(dedent(getsource(function)))
    except (OSError, TypeError):
        return False
    if reads_next_directly(tree):
        return True
    return any(
        (inspect.isfunction(value) or inspect.isclass(value))
        and _walks_into(value)
        and _reads_next(value, seen, depth + 1)
        for value in _called(tree, function.__globals__)
    )


def test_project_code_reads_next_only_through_the_helper() -> None:
    """Nowhere in the apps is ``next`` read from a request by hand: only
    ``cocommission.http`` does it, with the check."""
    offenders = []
    for package in PROJECT:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path == ROOT / "cocommission/http.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                reads = (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"get", "getlist", "pop"}
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and node.args[0].value == "next"
                ) or (
                    isinstance(node, ast.Subscript)
                    and isinstance(node.slice, ast.Constant)
                    and node.slice.value == "next"
                )
                uses_field = isinstance(node, ast.Name) and node.id == (
                    "REDIRECT_FIELD_NAME"
                )
                if reads or uses_field:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


class NextReads:
    """Notes every read of ``next`` from a request's query or form."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen = False
        # Not __contains__: building a QueryDict uses it.
        for method in ("get", "getlist", "__getitem__"):
            original = getattr(QueryDict, method)
            monkeypatch.setattr(QueryDict, method, self._spy(original))

    def _spy(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def spy(query: QueryDict, key: Any, *args: Any) -> Any:
            if key == "next":
                self.seen = True
            return original(query, key, *args)

        return spy


@pytest.fixture
def world(
    organisation: Organisation, make_member: Callable[..., Any]
) -> dict[str, Any]:
    """One organisation with a cycle, an attested gate check and a panel."""
    admin = make_member("admin", organisation, is_staff=True)
    cycle = CycleFactory(organisation=organisation, lead=admin)
    check = GateCheckFactory(organisation=organisation)
    panel = PanelFactory(organisation=organisation)
    return {
        "organisation": organisation,
        "make_member": make_member,
        "slug": [organisation.slug],
        "int": sorted({cycle.pk, check.pk, panel.pk, 1}),
        # Our own URLs take ids through the bounded <id:...> converter.
        "id": sorted({cycle.pk, check.pk, panel.pk, 1}),
        "str": [panel.invitation_token, "x"],
        # Django's own <str:...>: the header's language links take a language code.
        "string": ["cy"],
        "regex": ["1"],
        "path": ["1"],
    }


def _actor(world: dict[str, Any]) -> Any:
    return world["make_member"]("admin", world["organisation"], is_staff=True)


def _urls(route: Route, world: dict[str, Any]) -> list[str]:
    choices = [
        world.get(converter.replace("Converter", "").lower(), ["1"])
        for _name, converter in route.kwargs
    ]
    names = [name for name, _converter in route.kwargs]
    return [
        reverse(route.name, kwargs=dict(zip(names, values, strict=True)))
        for values in itertools.product(*choices)
    ]


def _reachable_url(route: Route, world: dict[str, Any]) -> str:
    """The route's address with arguments an organisation admin can open, if any."""
    urls = _urls(route, world)
    client = Client()
    client.force_login(_actor(world))
    statuses = {url: client.get(url).status_code for url in urls}
    for url in urls:
        if statuses[url] == 200:
            return url
    # A view that only ever redirects (the language links) is reachable too.
    for url in urls:
        if 300 <= statuses[url] < 400:
            return url
    return urls[0]


def _payload(hostile: str, email: str) -> dict[str, str]:
    """What the usual forms need to succeed, so their redirect is taken."""
    new_password = "another-long-test-password-2026"
    return {
        "next": hostile,
        "login": email,
        "username": email,
        "password": PASSWORD,
        "oldpassword": PASSWORD,
        "password1": new_password,
        "password2": new_password,
        "evidence": "Checked with the panel on 2 March.",
        "consent_panel": "yes",
        "code": "000000",
        "preferred_language": "cy",
    }


def assert_stays_on_site(response: Any, context: str) -> None:
    assert response.status_code < 500, context
    if 300 <= response.status_code < 400:
        location = response["Location"]
        parts = urlsplit(location)
        assert parts.netloc in ("", HOST), (context, location)
        assert parts.scheme in ("", "http", "https"), (context, location)
        assert not location.startswith(("//", "/\\", "\\")), (context, location)
        assert not any(ord(char) < 32 for char in location), (context, location)


def test_every_view_that_reads_next_keeps_people_on_the_site(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by their code or by watching them, every view reading ``next`` gets
    each hostile value by GET and POST, signed out and signed in as a member of
    staff and organisation admin: no 5xx, and no redirect leaves the site. The
    project's own views are seen taking the redirect that ``next`` steers."""
    routes = list(inventory())
    found = {route.name for route in routes if _reads_next(route.callback, set())}
    watcher = NextReads(monkeypatch)
    for route in routes:
        if route.kwargs or route.name in found:
            continue
        for signed_in, method in itertools.product((False, True), ("get", "post")):
            client = Client()
            if signed_in:
                client.force_login(_actor(world))
            watcher.seen = False
            url = reverse(route.name) + "?" + urlencode({"next": "/somewhere/"})
            getattr(client, method)(url, {"next": "/somewhere/"})
            if watcher.seen:
                found.add(route.name)
    monkeypatch.undo()
    # The discovery itself must work: these read ``next`` in three different ways.
    assert {"cycles:attest", "account_login", "admin:login", "admin:logout"} <= found
    assert "account_email_verification_sent" in found

    redirected: set[str] = set()
    swept = {r.name: r for r in reversed(routes) if r.name in found}.values()
    for route in swept:
        url = _reachable_url(route, world)
        for hostile, signed_in in itertools.product(HOSTILE, (False, True)):
            actor = _actor(world)
            data = _payload(hostile, actor.email)
            context = f"{route.name} {hostile!r} signed in: {signed_in}"
            get_client, post_client = Client(), Client()
            if signed_in:
                get_client.force_login(actor)
                post_client.force_login(actor)
            query = "?" + urlencode({"next": hostile})
            assert_stays_on_site(get_client.get(url + query), context)
            response = post_client.post(url + query, data)
            assert_stays_on_site(response, context)
            if 300 <= response.status_code < 400 and signed_in:
                redirected.add(route.name)
    project_views = {
        r.name
        for r in routes
        if r.name in found and r.callback.__module__.startswith(PROJECT)
    }
    assert project_views <= redirected


def test_links_and_forms_that_pass_next_point_at_checked_views() -> None:
    """Every ``?next=`` link and every form with a ``next`` field in the templates
    goes to a view that the sweep above covers."""
    routes = {route.name: route for route in inventory()}
    linked = re.compile(r"""\{%\s*url\s+['"]([\w:]+)['"][^%]*%\}\?next=""")
    targets = set()
    for path in (ROOT / "templates").rglob("*.html"):
        text = _inline_url_variables(path.read_text())
        targets |= set(linked.findall(text))
        for match in re.finditer(r'name="next"', text):
            action = re.findall(
                r"""action="\{%\s*url\s+['"]([\w:]+)['"]""", text[: match.start()]
            )
            if action:
                targets.add(action[-1])
    built = re.compile(
        r"""reverse\(\s*['"]([\w:]+)['"]\s*\)\s*\+\s*["']\?["']\s*\+\s*"""
        r"""urlencode\(\s*\{\s*["']next["']"""
    )
    for package in PROJECT:
        for path in (ROOT / package).rglob("*.py"):
            targets |= set(built.findall(path.read_text()))
    assert targets
    assert targets <= set(routes)
    assert all(_reads_next(routes[name].callback, set()) for name in targets), targets


def _inline_url_variables(text: str) -> str:
    """``text`` with each ``{{ var }}`` that a ``{% url 'name' … as var %}`` before it
    set replaced by that tag (less ``as var``): long URLs are computed on a line of
    their own so that template lines stay short, and the checks below read the tag."""
    assigned = re.compile(r"""\{%\s*url\s+(['"][\w:]+['"][^%]*?)\s+as\s+(\w+)\s*%\}""")
    pieces = []
    current: dict[str, str] = {}
    position = 0
    for match in assigned.finditer(text):
        pieces.append(_substitute(text[position : match.start()], current))
        current[match.group(2)] = "{% url " + match.group(1) + " %}"
        position = match.end()
    pieces.append(_substitute(text[position:], current))
    return "".join(pieces)


def _substitute(text: str, variables: dict[str, str]) -> str:
    """``text`` with ``{{ var }}`` replaced for each of ``variables``."""
    for name, tag in variables.items():
        text = re.sub(r"\{\{\s*" + name + r"\s*\}\}", lambda _m, tag=tag: tag, text)
    return text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_helper_refuses_hostile_values(hostile: str) -> None:
    """Each hostile value falls back to the safe default."""
    request = RequestFactory().get("/", {"next": hostile})
    assert not is_safe_redirect(request, hostile)
    assert next_url(request, default="/home/") == "/home/"


@pytest.mark.parametrize(
    "safe",
    ["/o/northshire/cycles/3/", "/join/abc/?step=2#consent", f"https://{HOST}/home/"],
)
def test_the_helper_keeps_pages_of_this_site(safe: str) -> None:
    """Addresses on this site (https when absolute) are kept, form before query."""
    request = RequestFactory().post("/?next=/elsewhere/", {"next": safe})
    assert next_url(request, default="/home/") == safe


@given(value=st.text(max_size=300))
@hypothesis_settings(max_examples=500, deadline=None)
def test_whatever_next_says_the_redirect_stays_here(value: str) -> None:
    """Any text at all: the helper gives the default or a page of this site."""
    request = RequestFactory().get("/")
    request.GET = QueryDict(mutable=True)
    request.GET["next"] = value
    result = next_url(request, default="/home/")
    assert result in ("/home/", value)
    parts = urlsplit(result)
    assert parts.netloc in ("", HOST)
    assert parts.scheme in ("", "https")
    assert not result.startswith(("//", "\\"))
    assert not any(ord(char) < 32 or char.isspace() for char in result)
