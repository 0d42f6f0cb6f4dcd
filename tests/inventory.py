"""The URL inventory: every URL pattern of the project, filled from the demo data,
with what each role gets when they open it. Crawls (the fuzz, the hostile-data crawl,
the accessibility crawl) walk it instead of hand-written lists of URLs.

It is built from Django's resolver, so a new URL pattern is picked up by itself: it
is either filled from the demo data here or listed in ``UNREACHABLE`` with a reason
(``tests/test_inventory.py`` fails otherwise, so that list only shrinks).

Use it in a test that has a database (ids differ between tests, so build it after
seeding, in the same test)::

    from django.core.management import call_command
    from tests import inventory

    call_command("seed_demo")
    for entry in inventory.build():           # probes every URL as every role
        for role in inventory.ROLES:
            if entry.visible_to(role):        # a page this role can see (200)
                client = inventory.client_for(role)
                client.get(entry.url)

What it offers:

- ``routes()``: every ``Route`` (name, pattern, kwarg converters, view, the query
  parameters and POST keys the view's code reads).
- ``fill(route, organisation=None)``: kwargs for the route from the demo data of
  ``organisation`` (Lambeth by default; pass Surrey for another organisation's
  ids), or None when the demo holds nothing to fill it with.
- ``build(probe=True)``: one ``Entry`` per filled route: ``url``, ``kwargs`` and,
  per role, the ``status`` a GET gets (for views that only take POST, the status of
  an empty POST, rolled back), where it redirects to, and the HTML ``forms`` found
  on the pages that post to it.
- ``client_for(role)`` / ``login(client, role)``: a test client signed in as the
  demo person holding the role.
- ``ROLES``: anonymous, the five organisation roles in Lambeth, platform staff and
  ``other_organisation`` (a commissioner of Surrey).
"""

from __future__ import annotations

import fnmatch
import inspect
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote, urlsplit

from django.apps import apps
from django.db import models, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern

from cocommission.demo.data import LAMBETH, PEOPLE, PLATFORM_STAFF_EMAIL, SURREY
from cocommission.organisations.models import Organisation

# --------------------------------------------------------------------------- roles

#: Who the crawls act as: role name -> the demo login (None: not signed in).
ROLES: dict[str, str | None] = {
    "anonymous": None,
    **{
        str(role): email
        for email, _name, spec, role in PEOPLE
        if spec is LAMBETH  # the organisation every URL is filled from
    },
    "staff": PLATFORM_STAFF_EMAIL,
    "other_organisation": next(
        email for email, _name, spec, _role in PEOPLE if spec is SURREY
    ),
}


def login(client: Client, role: str) -> Client:
    """Sign ``client`` in as the demo person holding ``role`` (or out, anonymous)."""
    from cocommission.accounts.models import User

    email = ROLES[role]
    if email is None:
        client.logout()
    else:
        client.force_login(User.objects.get(email=email))
    return client


def client_for(role: str, **client_options: Any) -> Client:
    """A fresh test client signed in as ``role``."""
    return login(Client(**client_options), role)


def demo_organisation() -> Organisation:
    """The organisation the roles belong to and every URL is filled from."""
    return Organisation.objects.get(slug=LAMBETH["slug"])


def other_organisation() -> Organisation:
    """The organisation ``other_organisation`` belongs to: its ids are foreign to
    every other role."""
    return Organisation.objects.get(slug=SURREY["slug"])


# -------------------------------------------------------------------------- routes

#: Namespaces left out of the inventory, with why.
SKIPPED_NAMESPACES = {
    "api-v1": "the JSON API, not pages: Ninja's own views, walked operation by "
    "operation by Schemathesis with hostile values for every parameter "
    "(tests/api/test_schemathesis.py) and by the disclosure walk "
    "(tests/api/test_disclosure.py)",
    "admin": "Django's own admin site for platform staff: its views and their "
    "parameters are Django's, not ours; NUL in its addresses is refused at the "
    "edge like everywhere else (tests/pages/test_middleware.py).",
}

#: Every app whose views are ours: their modules are scanned for request keys.
PROJECT_PACKAGES = (
    "cocommission",
    "cycles",
    "assets",
    "governance",
    "outcomes",
    "panels",
    "surveys",
    "contracts",
    "reports",
    "participation",
    "api",
)

#: Query parameters every view may be sent: allauth's redirect after sign-in.
COMMON_QUERY_PARAMS = frozenset({"next"})


@dataclass(frozen=True)
class Route:
    """One URL pattern as the resolver sees it."""

    name: str  # namespaced: "cycles:detail"
    pattern: str  # "o/<slug:org_slug>/cycles/<int:pk>/"
    converters: dict[str, str]  # kwarg -> converter name: "int", "slug", "str", "re"
    view: Callable[..., HttpResponse] = field(repr=False, compare=False)

    @property
    def namespace(self) -> str:
        return self.name.rpartition(":")[0]

    @property
    def kwarg_names(self) -> list[str]:
        """Kwargs from the outermost to the innermost, as in the pattern."""
        return list(self.converters)

    def path(self, **kwargs: Any) -> str:
        """The URL with ``kwargs`` put in as they are (percent-encoded), even values
        the converters refuse: for sending hostile ones. Regex patterns (allauth's
        password-reset key) only take values ``reverse`` accepts."""
        if "(?P<" in self.pattern:
            return reverse(self.name, kwargs=kwargs)
        return "/" + _PLACEHOLDER.sub(
            lambda m: quote(str(kwargs[m.group(1)]), safe=""), self.pattern
        )

    @property
    def query_params(self) -> frozenset[str]:
        """The query-string keys the view's code reads (``request.GET``)."""
        return _request_keys(self.view, "GET") | COMMON_QUERY_PARAMS

    @property
    def post_params(self) -> frozenset[str]:
        """The POST keys the view's code reads directly or through a form class
        bound to ``request.POST`` (formsets and other forms show in ``Entry.forms``)."""
        return _request_keys(self.view, "POST")


_PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>")


def _converters(pattern: Any) -> dict[str, str]:
    if isinstance(pattern, RoutePattern):
        return {
            name: type(converter).__name__.removesuffix("Converter").lower()
            for name, converter in pattern.converters.items()
        }
    return dict.fromkeys(pattern.regex.groupindex, "re")


def _walk(
    resolver: URLResolver, prefix: str, namespace: str, converters: dict[str, str]
) -> Iterator[Route]:
    for item in resolver.url_patterns:
        item_converters = {**converters, **_converters(item.pattern)}
        if isinstance(item, URLResolver):
            if item.namespace in SKIPPED_NAMESPACES:
                continue
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            yield from _walk(item, prefix + str(item.pattern), inner, item_converters)
        elif isinstance(item, URLPattern) and item.name:
            name = f"{namespace}:{item.name}" if namespace else item.name
            yield Route(
                name=name,
                pattern=prefix + str(item.pattern),
                converters=item_converters,
                view=inspect.unwrap(item.callback),
            )


@cache
def routes() -> tuple[Route, ...]:
    """Every named URL pattern of the project, outside ``SKIPPED_NAMESPACES``."""
    return tuple(_walk(get_resolver(), "", "", {}))


def route(name: str) -> Route:
    return next(r for r in routes() if r.name == name)


# -------------------------------------------------- request keys, read from the code

_KEY_READS = {
    method: (
        re.compile(
            rf"""request\.{method}(?:\.get(?:list)?\(\s*|\[\s*)["']([^"']+)["']"""
        ),
        re.compile(rf"""["']([^"']+)["']\s+(?:not\s+)?in\s+request\.{method}\b"""),
        # Helpers given the QueryDict and a key: id_param(request.GET, "cycle").
        re.compile(rf"""\w+\(\s*request\.{method}\s*,\s*["']([^"']+)["']"""),
    )
    for method in ("GET", "POST")
}
_BOUND_FORM = {
    method: re.compile(rf"""\b(\w+)\(\s*request\.{method}\b""")
    for method in ("GET", "POST")
}


def _is_ours(module: ModuleType | None) -> bool:
    return module is not None and module.__name__.split(".")[0] in PROJECT_PACKAGES


@cache
def _view_modules(view_module: str) -> tuple[ModuleType, ...]:
    """The view's module and the view modules it draws helpers from (``.common``,
    ``.paged``): request keys read there belong to the view too."""
    module = sys.modules[view_module]
    found = {module}
    for value in vars(module).values():
        other = inspect.getmodule(value)
        if (
            other is not None
            and _is_ours(other)
            and "views" in other.__name__
            and other is not module
        ):
            found.add(other)
    return tuple(sorted(found, key=lambda m: m.__name__))


@cache
def _module_keys(module: ModuleType, method: str) -> frozenset[str]:
    source = inspect.getsource(module)
    keys: set[str] = set()
    for pattern in _KEY_READS[method]:
        keys.update(pattern.findall(source))
    for name in _BOUND_FORM[method].findall(source):
        form_class = getattr(module, name, None)
        keys.update(getattr(form_class, "base_fields", {}))
    return frozenset(keys)


def _request_keys(view: Callable[..., Any], method: str) -> frozenset[str]:
    module = inspect.getmodule(view)
    if not _is_ours(module):
        return frozenset()
    assert module is not None
    keys: set[str] = set()
    for scanned in _view_modules(module.__name__):
        keys |= _module_keys(scanned, method)
    return frozenset(keys)


def project_query_keys() -> frozenset[str]:
    """Every ``request.GET`` key read anywhere in our apps' code, found in the
    files themselves (for the test that the per-route scan misses none)."""
    root = Path(__file__).resolve().parent.parent
    keys: set[str] = set()
    for package in PROJECT_PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            source = path.read_text()
            for pattern in _KEY_READS["GET"]:
                keys.update(pattern.findall(source))
    return frozenset(keys)


# ------------------------------------------------------ filling kwargs from the demo


@dataclass(frozen=True)
class Source:
    """Where a kwarg's value comes from: a row of ``model`` in the organisation
    (``organisation`` is the lookup path from the row to it), its ``value`` field,
    and how the outer kwargs follow from the row (``parents``: kwarg -> attribute
    path, followed through foreign keys)."""

    model: str
    organisation: str
    value: str = "pk"
    parents: dict[str, str] = field(default_factory=dict)
    where: dict[str, Any] = field(default_factory=dict)

    def rows(self, organisation: Organisation) -> models.QuerySet[Any]:
        model = apps.get_model(self.model)
        return model._default_manager.filter(
            **{self.organisation: organisation}, **self.where
        ).order_by("pk")


#: A kwarg whose value is not a row: computed from the organisation and the kwargs
#: filled so far.
Rule = Callable[[Organisation, dict[str, Any]], Any]


def _next_phase(organisation: Organisation, kwargs: dict[str, Any]) -> str | None:
    from cycles.models import PHASE_ORDER, Cycle

    cycle = Cycle.objects.get(pk=kwargs["pk"])
    current = cycle.phases.get(is_current=True).phase
    later = PHASE_ORDER[PHASE_ORDER.index(current) + 1 :]
    return str(later[0]) if later else None


def _current_phase(organisation: Organisation, kwargs: dict[str, Any]) -> str:
    """A phase that has started, so it has dates to correct: the current one."""
    from cycles.models import Cycle

    return str(Cycle.objects.get(pk=kwargs["pk"]).phases.get(is_current=True).phase)


def _unsubscribe_token(organisation: Organisation, kwargs: dict[str, Any]) -> str:
    from cocommission.accounts.models import User
    from cocommission.notifications.services import unsubscribe_token

    return unsubscribe_token(User.objects.get(email=ROLES["citizen"]), "all")


def _reset_user(organisation: Organisation, kwargs: dict[str, Any]) -> str:
    from allauth.account.utils import user_pk_to_url_str

    from cocommission.accounts.models import User

    return user_pk_to_url_str(User.objects.get(email=ROLES["citizen"]))


def _reset_key(organisation: Organisation, kwargs: dict[str, Any]) -> str:
    from allauth.account.forms import default_token_generator

    from cocommission.accounts.models import User

    return default_token_generator.make_token(User.objects.get(email=ROLES["citizen"]))


_CYCLE = "organisation"
_IN_CYCLE = "cycle__organisation"
_IN_ACTIVITY = "activity__cycle__organisation"

#: ``"<route name>:<kwarg>"`` glob -> where the kwarg comes from. The first match
#: wins, so specific routes come before their namespace's general rule.
SOURCES: list[tuple[str, Source | Rule]] = [
    # Tokens in links people get.
    ("survey_answer:token", Source("surveys.Survey", _IN_ACTIVITY, "token")),
    ("survey_thanks:token", Source("surveys.Survey", _IN_ACTIVITY, "token")),
    (
        "survey_public_results:token",
        Source(
            "surveys.Survey",
            _IN_ACTIVITY,
            "token",
            where={"results_published": True, "activity__cycle__visibility": "public"},
        ),
    ),
    ("ballot_vote:token", Source("surveys.Ballot", _IN_ACTIVITY, "token")),
    ("embed:survey_*:token", Source("surveys.Survey", _IN_ACTIVITY, "token")),
    ("embed:ballot_*:token", Source("surveys.Ballot", _IN_ACTIVITY, "token")),
    (
        "taking_part:join:token",
        Source("panels.Panel", _CYCLE, "invitation_token"),
    ),
    ("unsubscribe:token", _unsubscribe_token),
    # The header's language links: a language code, not an object.
    ("pages:language:language", lambda _organisation, _kwargs: "cy"),
    # A survey's text in one of its organisation's languages (the demo's Welsh).
    ("surveys:translation_edit:lang", lambda _organisation, _kwargs: "cy"),
    # The charter and principles in one of the organisation's languages.
    ("governance:charter_language:lang", lambda _organisation, _kwargs: "cy"),
    ("governance:principle_language:lang", lambda _organisation, _kwargs: "cy"),
    # A cycle's or a decision's text in the organisation's Welsh.
    ("cycles:*translation_edit:lang", lambda _organisation, _kwargs: "cy"),
    ("surveys:ballot_translation_edit:lang", lambda _organisation, _kwargs: "cy"),
    # A panel's recruitment text in one of its organisation's languages.
    ("panels:translation_edit:lang", lambda _organisation, _kwargs: "cy"),
    # A calendar app reading the commissioner's feed of a Lambeth panel.
    (
        "calendar_feed:token",
        Source(
            "panels.CalendarFeed",
            "user__memberships__organisation",
            "token",
            where={"user__email": ROLES["commissioner"]},
        ),
    ),
    ("calendar_feed:pk", Source("panels.Panel", _CYCLE)),
    ("account_reset_password_from_key:uidb36", _reset_user),
    ("account_reset_password_from_key:key", _reset_key),
    # A citizen's own seat, and a pool of volunteers they may leave.
    (
        "taking_part:seat:pk",
        Source(
            "panels.PanelMember",
            "panel__organisation",
            where={"user__email": ROLES["citizen"]},
        ),
    ),
    ("taking_part:leave_pool:pk", Source("panels.Panel", _CYCLE)),
    # Public pages of public cycles.
    (
        "public_panel*:pk",
        Source("panels.Panel", _CYCLE, where={"meetings_public": True}),
    ),
    ("public_*:pk", Source("cycles.Cycle", _CYCLE, where={"visibility": "public"})),
    # Needs and ideas citizens raised: public ones, and the team's queue.
    ("ideas:*:pk", Source("cycles.Cycle", _CYCLE, where={"visibility": "public"})),
    (
        "ideas:detail:idea_pk",
        Source("ideas.Idea", _IN_CYCLE, where={"status": "published"}),
    ),
    (
        "ideas:support:idea_pk",
        Source("ideas.Idea", _IN_CYCLE, where={"status": "published"}),
    ),
    (
        "ideas:comment:idea_pk",
        Source("ideas.Idea", _IN_CYCLE, where={"status": "published"}),
    ),
    ("ideas:*:idea_pk", Source("ideas.Idea", _IN_CYCLE, where={"status": "waiting"})),
    (
        "ideas:report:comment_pk",
        Source(
            "ideas.Comment", "idea__cycle__organisation", where={"status": "published"}
        ),
    ),
    (
        "ideas:*:comment_pk",
        Source(
            "ideas.Comment", "idea__cycle__organisation", where={"status": "reported"}
        ),
    ),
    # Cycles and what hangs off them.
    ("cycles:move:phase", _next_phase),
    ("cycles:phase_dates:phase", _current_phase),
    (
        "cycles:attest:check_pk",
        Source(
            "cycles.GateCheck", _CYCLE, where={"kind": "attested", "is_active": True}
        ),
    ),
    ("cycles:*:check_pk", Source("cycles.GateCheck", _CYCLE)),
    ("cycles:*:entry_pk", Source("cycles.CatalogueEntry", _CYCLE)),
    (
        "cycles:*:attachment_pk",
        Source(
            "cycles.ActivityAttachment",
            "activity__cycle__organisation",
            parents={"activity_pk": "activity_id"},
        ),
    ),
    (
        "cycles:*:activity_pk",
        Source("cycles.Activity", _IN_CYCLE, parents={"pk": "cycle_id"}),
    ),
    (
        "cycles:*:route_pk",
        Source(
            "cycles.NeedRoute",
            "need__cycle__organisation",
            parents={"need_pk": "need_id"},
        ),
    ),
    ("cycles:*:need_pk", Source("cycles.Need", _IN_CYCLE, parents={"pk": "cycle_id"})),
    ("cycles:*:risk_pk", Source("cycles.Risk", _IN_CYCLE, parents={"pk": "cycle_id"})),
    (
        "cycles:*:decision_pk",
        Source("cycles.Decision", _IN_CYCLE, parents={"pk": "cycle_id"}),
    ),
    ("cycles:*:pk", Source("cycles.Cycle", _CYCLE)),
    # Who gains: partners, their benefits and agreements.
    ("outcomes:*:partner_pk", Source("outcomes.Partner", _CYCLE)),
    (
        "outcomes:*:benefit_pk",
        Source("outcomes.PartnerBenefit", _IN_CYCLE, parents={"cycle_pk": "cycle_id"}),
    ),
    (
        "outcomes:*:agreement_pk",
        Source(
            "outcomes.CostSharingAgreement",
            _IN_CYCLE,
            parents={"cycle_pk": "cycle_id"},
        ),
    ),
    ("*:cycle_pk", Source("cycles.Cycle", _CYCLE)),
    # Assets, pledges.
    ("assets:pledge_status:pk", Source("assets.Pledge", _CYCLE)),
    ("assets:edit:pk", Source("assets.Asset", _CYCLE)),
    (
        "assets:suggestion_review:pk",
        Source("assets.AssetSuggestion", _CYCLE, where={"status": "pending"}),
    ),
    # Contracts.
    ("contracts:provider*:pk", Source("contracts.Provider", _CYCLE)),
    ("api_tokens:revoke:pk", Source("api.ApiToken", _CYCLE)),
    (
        "contracts:*:issue_pk",
        Source(
            "contracts.MonitoringIssue",
            "monitoring_meeting__contract__cycle__organisation",
            parents={"meeting_pk": "monitoring_meeting_id"},
        ),
    ),
    (
        "contracts:*:meeting_pk",
        Source(
            "contracts.MonitoringMeeting",
            "contract__cycle__organisation",
            parents={"pk": "contract_id"},
        ),
    ),
    (
        "contracts:*:report_pk",
        Source(
            "contracts.CoAssessmentReport",
            "contract__cycle__organisation",
            parents={"pk": "contract_id"},
        ),
    ),
    (
        "contracts:*:return_pk",
        Source(
            "contracts.ProviderReturn",
            "contract__cycle__organisation",
            parents={"pk": "contract_id"},
        ),
    ),
    ("contracts:*:pk", Source("contracts.Contract", _IN_CYCLE)),
    # Reports.
    ("reports:file:fmt", lambda organisation, kwargs: "pdf"),
    ("reports:*:pk", Source("reports.Report", _CYCLE, where={"status": "done"})),
    # Outcomes and governance.
    (
        "outcomes:*:measurement_pk",
        Source(
            "outcomes.Measurement",
            "indicator__outcome__framework__organisation",
            parents={
                "indicator_pk": "indicator_id",
                "pk": "indicator.outcome.framework_id",
            },
        ),
    ),
    (
        "outcomes:*:indicator_pk",
        Source(
            "outcomes.Indicator",
            "outcome__framework__organisation",
            parents={"outcome_pk": "outcome_id", "pk": "outcome.framework_id"},
        ),
    ),
    (
        "outcomes:*:outcome_pk",
        Source(
            "outcomes.Outcome",
            "framework__organisation",
            parents={"pk": "framework_id"},
        ),
    ),
    (
        "governance:*:criterion_pk",
        Source(
            "governance.PrincipleCriterion",
            "principle__organisation",
            parents={"pk": "principle_id"},
        ),
    ),
    (
        "outcomes:*:cost_pk",
        Source("outcomes.CycleCost", _IN_CYCLE, parents={"cycle_pk": "cycle_id"}),
    ),
    ("governance:principle*:pk", Source("governance.GovernancePrinciple", _CYCLE)),
    ("governance:criterion*:pk", Source("governance.GovernancePrinciple", _CYCLE)),
    ("outcomes:*:pk", Source("outcomes.OutcomesFramework", _CYCLE)),
    # Panels.
    ("panels:resident_remove:pk", Source("panels.Residence", _CYCLE)),
    ("panels:category_edit:pk", Source("panels.DemographicCategory", _CYCLE)),
    (
        "panels:*:member_pk",
        Source(
            "panels.PanelMember",
            "panel__organisation",
            parents={"pk": "panel_id"},
            where={"user__isnull": False},
        ),
    ),
    (
        "panels:draw:job_pk",
        Source("panels.PanelDraw", "panel__organisation", parents={"pk": "panel_id"}),
    ),
    (
        "panels:*:selection_pk",
        Source("panels.Selection", "panel__organisation", parents={"pk": "panel_id"}),
    ),
    (
        "panels:*:meeting_pk",
        Source("panels.Meeting", "panel__organisation", parents={"pk": "panel_id"}),
    ),
    ("panels:*:pk", Source("panels.Panel", _CYCLE)),
    # Surveys and ballots.
    (
        "surveys:*:option_pk",
        Source(
            "surveys.BallotOption",
            "ballot__activity__cycle__organisation",
            parents={"pk": "ballot_id"},
        ),
    ),
    (
        "surveys:ballot_import_job:pk",
        Source("surveys.BallotImport", "activity__cycle__organisation"),
    ),
    ("surveys:ballot*:pk", Source("surveys.Ballot", _IN_ACTIVITY)),
    # A ballot option's routes are under its ballot, not a survey.
    ("surveys:option*:pk", Source("surveys.Ballot", _IN_ACTIVITY)),
    (
        "surveys:text_results:question_pk",
        Source(
            "surveys.Question",
            "survey__activity__cycle__organisation",
            parents={"pk": "survey_id"},
            where={"kind__in": ["short_text", "long_text"]},
        ),
    ),
    (
        "surveys:quote_new:question_pk",
        Source(
            "surveys.Question",
            "survey__activity__cycle__organisation",
            parents={"pk": "survey_id"},
            where={"kind__in": ["short_text", "long_text"]},
        ),
    ),
    (
        "surveys:*:question_pk",
        Source(
            "surveys.Question",
            "survey__activity__cycle__organisation",
            parents={"pk": "survey_id"},
        ),
    ),
    (
        "surveys:*:export_pk",
        Source(
            "surveys.Export",
            "survey__activity__cycle__organisation",
            parents={"pk": "survey_id"},
            where={"status": "done"},
        ),
    ),
    (
        "surveys:*:quote_pk",
        Source(
            "surveys.Quote",
            "question__survey__activity__cycle__organisation",
            parents={"pk": "question.survey_id"},
        ),
    ),
    ("surveys:*:pk", Source("surveys.Survey", _IN_ACTIVITY)),
    # Members of the organisation: the citizen's membership (an admin cannot
    # change or remove their own).
    # Webhooks: the demo endpoint and a delivery in its log.
    (
        "webhooks:*:delivery_pk",
        Source(
            "webhooks.Delivery",
            "endpoint__organisation",
            parents={"pk": "endpoint_id"},
        ),
    ),
    ("webhooks:*:pk", Source("webhooks.Endpoint", _CYCLE)),
    (
        "organisations:*:pk",
        Source(
            "organisations.Membership", _CYCLE, where={"user__email": ROLES["citizen"]}
        ),
    ),
]

#: URL names the demo data cannot fill, with why. Fill them (by adding to the demo)
#: and the inventory test asks you to take them off this list.
UNREACHABLE: dict[str, str] = {
    "cycles:catalogue_edit": "the demo organisations keep no catalogue entries of "
    "their own (the 60 shared ones cannot be edited)",
    "cycles:attachment_download": "no activity in the demo has a file attached",
    "reports:detail": "the demo makes no reports (a PDF takes seconds to render)",
    "reports:file": "the demo makes no reports",
    "surveys:export_download": "the demo makes no survey downloads",
    "survey_code_link": "codes are kept only as hashes: the demo's readable "
    "invitation codes no longer exist (tests/surveys/test_code_links.py follows one)",
    "ballot_code_link": "codes are kept only as hashes: the demo's readable "
    "voting codes no longer exist (tests/surveys/test_code_links.py follows one)",
    "surveys:ballot_import_job": "the demo imports no Pabulib file",
    "surveys:quote_remove": "the demo survey has no quotes picked",
    "governance:criterion_remove": "the demo principles have no assessment questions",
    "panels:resident_remove": "no demo citizen has had their residence checked",
    "openid_connect_login": "no demo organisation has single sign-on: it needs a "
    "real OpenID Connect provider (tests/signon runs one)",
    "openid_connect_callback": "no demo organisation has single sign-on: it needs "
    "a real OpenID Connect provider (tests/signon runs one)",
}


#: Filled URLs no role gets into with the demo data as it is, with why. The probe
#: test fails when one opens up, so this list only shrinks too.
NOBODY_GETS_IN: dict[str, str] = {
    "signon:start": "no demo organisation has single sign-on: for any other address "
    "starting one goes back to the sign-in page",
    "socialaccount_signup": "allauth's sign-up after a provider is never reached: "
    "sign-on finds or makes the account itself",
    "socialaccount_login_error": "allauth's provider error page; sign-on answers "
    "with its own page instead",
    "mfa_deactivate_totp": "no demo person has set up two-step verification",
    "mfa_view_recovery_codes": "no demo person has set up two-step verification",
    "mfa_download_recovery_codes": "no demo person has set up two-step verification",
    "contracts:tender_score": "the demo contract has no tender",
    "contracts:tender_moderate": "the demo contract has no tender",
    "surveys:ballot_codes": "the demo ballot is not voted on with codes",
    "embed:ballot_vote": "the demo ballot is for signed-in citizens: in a frame "
    "(where nobody is signed in) it links to the site instead",
}


def source_for(route: Route, kwarg: str) -> Source | Rule | None:
    key = f"{route.name}:{kwarg}"
    return next((src for glob, src in SOURCES if fnmatch.fnmatchcase(key, glob)), None)


def _follow(row: Any, path: str) -> Any:
    for part in path.split("."):
        row = getattr(row, part)
    return row


def _target_model(row: Any, path: str) -> Any:
    """The model a foreign-key path such as ``outcome.framework_id`` leads to."""
    *hops, last = path.split(".")
    for hop in hops:
        row = getattr(row, hop)
    return row._meta.get_field(last.removesuffix("_id")).related_model


def _assign(
    route: Route, name: str, row: Any, source: Source, kwargs: dict[str, Any]
) -> None:
    """Set ``name`` from ``row``, then its outer kwargs through foreign keys."""
    kwargs[name] = getattr(row, source.value)
    for parent, path in source.parents.items():
        if parent not in route.converters or parent in kwargs:
            continue
        value = _follow(row, path)
        parent_source = source_for(route, parent)
        if isinstance(parent_source, Source) and parent_source.value == "pk":
            model = apps.get_model(parent_source.model)
            if _target_model(row, path) is not model:
                raise LookupError(
                    f"{route.name}: SOURCES say {parent} is a {model.__name__}, "
                    f"but {type(row).__name__}.{path} leads elsewhere"
                )
            _assign(
                route,
                parent,
                model._default_manager.get(pk=value),
                parent_source,
                kwargs,
            )
        else:
            kwargs[parent] = value


def fill(
    route: Route, organisation: Organisation | None = None
) -> dict[str, Any] | None:
    """Kwargs for ``route`` from ``organisation``'s demo data (Lambeth by default),
    or None when some kwarg has nothing to come from. Rows are picked innermost
    kwarg first, and the outer kwargs follow from them."""
    organisation = organisation or demo_organisation()
    kwargs: dict[str, Any] = {}
    if "org_slug" in route.converters:
        kwargs["org_slug"] = organisation.slug
    rules: list[tuple[str, Rule]] = []
    for name in reversed(route.kwarg_names):
        if name in kwargs:
            continue
        source = source_for(route, name)
        if source is None:
            return None
        if not isinstance(source, Source):
            rules.append((name, source))
            continue
        row = source.rows(organisation).first()
        if row is None:
            return None
        _assign(route, name, row, source, kwargs)
    # Rules last: they may need the rows' kwargs (the phase to move a cycle to).
    for name, rule in rules:
        value = rule(organisation, kwargs)
        if value is None:
            return None
        kwargs[name] = value
    return kwargs


# ------------------------------------------------------------------- HTML forms


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select", "textarea" or "button"
    values: list[str] = field(default_factory=list)  # values seen: options, defaults
    multiple: bool = False


@dataclass
class HTMLForm:
    """A form found on a page: where it posts and its fields."""

    action: str  # the path it posts to
    method: str  # "get" or "post"
    fields: dict[str, FormField] = field(default_factory=dict)

    def data(self) -> dict[str, list[str]]:
        """What a browser sends when nothing is changed: each field's first value."""
        return {
            name: f.values[:1]
            for name, f in self.fields.items()
            if f.kind not in {"button", "submit", "checkbox", "radio"}
        }


class _FormParser(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[HTMLForm] = []
        self._form: HTMLForm | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def _field(self, name: str, kind: str) -> FormField:
        assert self._form is not None
        return self._form.fields.setdefault(name, FormField(name=name, kind=kind))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urlsplit(attr.get("action") or self.page_path).path
            self._form = HTMLForm(
                action=action or self.page_path,
                method=(attr.get("method") or "get").lower(),
            )
            self.forms.append(self._form)
        elif tag == "option" and self._select is not None:
            self._select.values.append(attr.get("value", ""))
        elif self._form is None or not attr.get("name"):
            return
        elif tag == "input":
            f = self._field(attr["name"], attr.get("type", "text").lower())
            if "value" in attr:
                f.values.append(attr["value"])
        elif tag == "button":
            f = self._field(attr["name"], "button")
            f.values.append(attr.get("value", ""))
        elif tag == "select":
            self._select = self._field(attr["name"], "select")
            self._select.multiple = "multiple" in attr
        elif tag == "textarea":
            self._textarea = self._field(attr["name"], "textarea")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and data.strip():
            self._textarea.values.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(page_path: str, html: str) -> list[HTMLForm]:
    """The forms in a page's HTML."""
    parser = _FormParser(page_path)
    parser.feed(html)
    return parser.forms


# ------------------------------------------------------------------------ probing


@dataclass
class Entry:
    """A filled URL, and what each role gets when they open it."""

    route: Route
    kwargs: dict[str, Any]
    url: str
    #: "GET", or "POST" when the view answers GET with 405.
    method: str = "GET"
    status: dict[str, int] = field(default_factory=dict)
    redirect: dict[str, str] = field(default_factory=dict)
    #: Forms, on any page probed as any role, that post to this route.
    forms: list[HTMLForm] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.route.name

    def visible_to(self, role: str) -> bool:
        """The role gets the page itself (200)."""
        return self.status.get(role) == 200

    def allowed(self, role: str) -> bool:
        """The role is let in: a page, a file, a redirect other than to sign in, or
        a form's errors (400) rather than 403 or 404."""
        status = self.status.get(role, 404)
        if status in {301, 302, 303}:
            return not self.redirect[role].startswith(reverse("account_login"))
        return status < 500 and status not in {401, 403, 404, 405, 410}

    @property
    def form_fields(self) -> dict[str, FormField]:
        """Every field of every form posting here, merged by name."""
        merged: dict[str, FormField] = {}
        for form in self.forms:
            for name, f in form.fields.items():
                seen = merged.setdefault(name, FormField(name=name, kind=f.kind))
                seen.values.extend(v for v in f.values if v not in seen.values)
                seen.multiple |= f.multiple
        return merged


def entries(organisation: Organisation | None = None) -> list[Entry]:
    """An ``Entry`` (not probed) for every route the demo data fills."""
    found = []
    for r in routes():
        kwargs = fill(r, organisation)
        if kwargs is not None:
            found.append(
                Entry(route=r, kwargs=kwargs, url=reverse(r.name, kwargs=kwargs))
            )
    return found


def request_rolled_back(
    client: Client, method: str, url: str, data: Any = None, **extra: Any
) -> HttpResponse:
    """Send a request whose database changes are undone afterwards, so the demo
    data stays as seeded (the session cookie too: a sign-out is undone)."""
    cookies = SimpleCookie()
    cookies.update(client.cookies)
    try:
        with transaction.atomic():
            response = getattr(client, method.lower())(url, data, **extra)
            raise _RolledBack
    except _RolledBack:
        pass
    finally:
        client.cookies = cookies
    return response


class _RolledBack(Exception):
    """Raised to leave the atomic block, undoing a request's changes."""


def _route_name_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def probe(found: Iterable[Entry], roles: Iterable[str] = ROLES) -> list[Entry]:
    """Open every entry as every role and record the answer and the forms seen.
    Views that only take POST are then sent, as each role, what the first form
    posting to them sends unchanged (or nothing), rolled back."""
    found = list(found)
    roles = list(roles)
    by_name = {entry.name: entry for entry in found}
    seen_forms: set[tuple[str, frozenset[str]]] = set()
    for role in roles:
        client = client_for(role, raise_request_exception=False)
        for entry in found:
            response = request_rolled_back(client, "GET", entry.url)
            if response.status_code == 405:
                entry.method = "POST"
                continue
            _record(entry, role, response)
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith("text/html"):
                continue
            for form in forms_on(entry.url, response.content.decode()):
                target = by_name.get(_route_name_of(form.action) or "")
                key = (form.action, frozenset(form.fields))
                if target is None or form.method != "post" or key in seen_forms:
                    continue
                seen_forms.add(key)
                target.forms.append(form)
    for role in roles:
        client = client_for(role, raise_request_exception=False)
        for entry in found:
            if entry.method == "POST":
                data = entry.forms[0].data() if entry.forms else {}
                _record(
                    entry, role, request_rolled_back(client, "POST", entry.url, data)
                )
    return found


def _record(entry: Entry, role: str, response: HttpResponse) -> None:
    entry.status[role] = response.status_code
    if response.status_code in {301, 302, 303}:
        entry.redirect[role] = response["Location"]


def build(
    probe_roles: bool = True, organisation: Organisation | None = None
) -> list[Entry]:
    """The inventory of the seeded demo: every filled route, probed as every role."""
    found = entries(organisation)
    return probe(found) if probe_roles else found
