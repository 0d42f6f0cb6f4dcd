"""Headers every response carries: downloads and pages about a person are never
stored by a cache or the browser, and powerful browser features are switched off
everywhere, error pages and files included."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import ActivityAttachment, Visibility
from panels.models import Quota
from panels.services import categories_ensure_defaults
from reports.open_data import open_data_make
from reports.services import report_request
from surveys.ballots import ballot_publish, option_save
from surveys.exports import export_request
from surveys.models import Ballot, BallotOption, ExportKind
from tests.contracts.factories import make_contract
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.panels.factories import PanelFactory
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


# -- Walking the URL patterns --------------------------------------------------

OURS = ("cocommission", "cycles", "assets", "outcomes", "contracts", "reports")
OURS += ("panels", "surveys", "participation")
FILE_ROUTE = re.compile(r"\.(csv|json|zip|pb|xlsx|pdf|<str:fmt>)$")


def _patterns(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """(route, name, pattern) for every URL of our own apps."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else pattern.namespace or namespace
            )
            yield from _patterns(
                pattern.url_patterns, prefix + str(pattern.pattern), inner
            )
        elif pattern.callback.__module__.startswith(OURS):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


def private_routes() -> dict[str, str]:
    """Name -> route of every page about the signed-in person (under /me/) and
    every download: a route naming a file, or a view named as a download."""
    return {
        name: route
        for route, name, _pattern in _patterns()
        if route.startswith("me/")
        or FILE_ROUTE.search(route)
        or name.endswith("download")
    }


def _private(response: Any) -> bool:
    directives = {
        part.strip().split("=")[0]
        for part in response.get("Cache-Control", "").split(",")
    }
    return {"private", "no-store"} <= directives


@pytest.fixture
def downloads(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> dict[str, list[tuple[User, str]]]:
    """For each download, who may fetch it and its addresses, with real files."""
    commissioner = people["commissioner"]
    org = {"org_slug": organisation.slug}
    cycle = CycleFactory(
        organisation=organisation, by=commissioner, visibility=Visibility.PUBLIC
    )
    activity = ActivityFactory(cycle=cycle)
    attachment = ActivityAttachment.objects.create(
        activity=activity,
        title="Notes",
        file=SimpleUploadedFile("notes.txt", b"notes"),
        uploaded_by=commissioner,
    )
    survey = make_survey(organisation, cycle=cycle)
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(
            survey=survey, kind=ExportKind.RESPONSES_CSV, by=commissioner
        )
        report = report_request(
            organisation=organisation, kind="survey", subject=survey, by=commissioner
        )
    ballot = Ballot.objects.create(activity=activity, title="Fund", budget=100)
    for title in ("Garden", "Mural"):
        option_save(option=BallotOption(ballot=ballot, title=title, cost=Decimal(40)))
    ballot_publish(ballot=ballot)
    contract = make_contract(organisation, cycle=cycle)
    panel = PanelFactory(organisation=organisation)
    category = categories_ensure_defaults(organisation=organisation)[0]
    Quota.objects.create(
        panel=panel,
        category=category,
        value=category.values.first(),
        minimum=1,
        maximum=2,
    )
    open_data_make(organisation)
    team = commissioner
    return {
        "assets:export": [(team, reverse("assets:export", kwargs=org))],
        "contracts:ocds": [(team, reverse("contracts:ocds", kwargs=org))],
        "contracts:contract_ocds": [
            (
                team,
                reverse("contracts:contract_ocds", kwargs={**org, "pk": contract.pk}),
            )
        ],
        "reports:file": [
            (
                team,
                reverse("reports:file", kwargs={**org, "pk": report.pk, "fmt": fmt}),
            )
            for fmt in ("html", "pdf", "xlsx")
        ],
        "panels:quotas_csv": [
            (team, reverse("panels:quotas_csv", kwargs={**org, "pk": panel.pk}))
        ],
        "surveys:ballot_pb": [
            (team, reverse("surveys:ballot_pb", kwargs={**org, "pk": ballot.pk}))
        ],
        "surveys:export_download": [
            (
                team,
                reverse(
                    "surveys:export_download",
                    kwargs={**org, "pk": survey.pk, "export_pk": export.pk},
                ),
            )
        ],
        "cycles:attachment_download": [
            (
                team,
                reverse(
                    "cycles:attachment_download",
                    kwargs={
                        **org,
                        "pk": cycle.pk,
                        "activity_pk": activity.pk,
                        "attachment_pk": attachment.pk,
                    },
                ),
            )
        ],
        "public_open_data": [(team, reverse("public_open_data", kwargs=org))],
        "public_contracts_ocds": [(team, reverse("public_contracts_ocds", kwargs=org))],
        "surveys:paper": [
            (team, reverse("surveys:paper", kwargs={**org, "pk": survey.pk}))
        ],
    }


def _personal_url(name: str, pattern: URLPattern, organisation: Organisation) -> str:
    """A page under /me/ with the organisation's slug and id 1 filled in: the rule
    must hold whatever the page answers (the page itself, a 404 or a redirect)."""
    values = {"org_slug": organisation.slug}
    kwargs = {name: values.get(name, 1) for name in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs=kwargs)


def test_every_download_and_personal_page_is_private_and_not_stored(
    organisation: Organisation,
    people: dict[str, User],
    downloads: dict[str, list[tuple[User, str]]],
) -> None:
    """Walking the URL patterns: every page under /me/ and every download answers
    with Cache-Control private and no-store, for the person allowed to see it."""
    routes = private_routes()
    named_downloads = {n for n, route in routes.items() if not route.startswith("me/")}
    assert named_downloads == set(downloads), (
        "A new download: add it to the downloads fixture",
        named_downloads ^ set(downloads),
    )
    client = Client()
    checked = 0
    for name, requests in downloads.items():
        for user, url in requests:
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
            assert _private(response), (name, url, response.get("Cache-Control"))
            checked += 1
    citizen = people["citizen"]
    client.force_login(citizen)
    patterns = {name: pattern for route, name, pattern in _patterns()}
    for name, route in routes.items():
        if not route.startswith("me/"):
            continue
        url = _personal_url(name, patterns[name], organisation)
        response = client.get(url)
        assert response.status_code < 500, (name, url)
        assert _private(response), (name, url, response.get("Cache-Control"))
        checked += 1
    assert {
        "participation:participation",
        "participation:my_data",
        "participation:erase",
    } <= set(routes)
    assert checked == len(routes) + 2  # three report formats
    for url, status in [
        (reverse("participation:my_data"), 200),
        (reverse("participation:my_data") + "?format=json", 200),
        (reverse("participation:erase"), 200),
        (reverse("participation:participation"), 200),
    ]:
        response = client.get(url)
        assert response.status_code == status and _private(response), url


def test_ordinary_pages_stay_cacheable(client: Client) -> None:
    """The rule is narrow: a public page is not marked no-store."""
    response = client.get(reverse("pages:accessibility"))
    assert response.status_code == 200
    assert not _private(response)


# -- Permissions-Policy ---------------------------------------------------------

DENIED = [
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "interest-cohort",
    "browsing-topics",
    "display-capture",
    "serial",
    "hid",
    "bluetooth",
]


def _denies_powerful_features(response: Any) -> bool:
    policy = dict(
        item.strip().split("=", 1)
        for item in response.get("Permissions-Policy", "").split(",")
        if "=" in item
    )
    return all(policy.get(feature) == "()" for feature in DENIED)


def test_html_pages_and_files_deny_powerful_features(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """A public page, a signed-in page, an HTMX fragment and a file all carry the
    policy."""
    client.force_login(people["commissioner"])
    for response in [
        client.get(reverse("landing")),
        client.get(reverse("cycles:list", kwargs={"org_slug": organisation.slug})),
        client.get(
            reverse("reports:list", kwargs={"org_slug": organisation.slug}),
            headers={"HX-Request": "true"},
        ),
        client.get(reverse("assets:export", kwargs={"org_slug": organisation.slug})),
        client.get(reverse("participation:my_data") + "?format=json"),
    ]:
        assert response.status_code == 200
        assert _denies_powerful_features(response), response.get("Permissions-Policy")


def test_error_pages_deny_powerful_features(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """Not found, forbidden and too many requests carry the policy too."""
    not_found = client.get("/no-such-page/")
    client.force_login(people["citizen"])
    forbidden = client.get(
        reverse("cycles:new", kwargs={"org_slug": organisation.slug})
    )
    client.logout()
    with override_settings(RATELIMIT_ANONYMOUS_POST_RATE="1/m"):
        for _attempt in range(3):
            limited = client.post(reverse("landing"), {})
    for response, status in [(not_found, 404), (forbidden, 403), (limited, 429)]:
        assert response.status_code == status
        assert _denies_powerful_features(response), status


def _boom(request: Any) -> Any:
    raise RuntimeError("broken on purpose")


urlpatterns: list[Any] = []
handler500 = "cocommission.pages.errors.server_error"


def test_a_server_error_page_denies_powerful_features(settings: Any) -> None:
    """When a view fails, the 500 page still carries the policy."""
    from django.urls import path

    from cocommission import urls

    urlpatterns[:] = [path("boom/", _boom), *urls.urlpatterns]
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert _denies_powerful_features(response)
