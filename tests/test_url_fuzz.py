"""Hostile input never gets a server error: the whole URL inventory, on PostgreSQL,
for every role.

Each URL x role gets requests with hostile values in the path kwargs, in every
query parameter its view reads (found in the view's code, see
``Route.query_params``) and in every field of every form that posts to it (found on
the pages, see ``Entry.forms``, and in the view's code). Values come from
Hypothesis strategies: Unicode digits that ``str.isdigit()`` accepts and ``int()``
refuses, NUL bytes, numbers beyond any integer column, negative and empty values,
overlong text, malformed choices, several values where one is expected, another
organisation's ids, and arbitrary text.

First a fixed sweep (each known kind of hostile value in every slot at once, as
Hypothesis explicit examples), then a few generated examples per URL x role,
derandomised so that runs repeat. Every request is rolled back, so the demo data
stays as seeded. A 5xx, or an exception the test client raises instead of answering
500, is collected with the URL, role and input, and all of them are reported at the
end.
"""

from __future__ import annotations

import fnmatch
import io
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests import inventory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

#: Generated examples per URL x role, on top of the fixed sweep. Raise it locally
#: with FUZZ_EXAMPLES=50 for a deeper run.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))

#: Narrow a local run: FUZZ_ONLY="surveys:*" FUZZ_ROLES=commissioner,citizen.
ONLY = os.environ.get("FUZZ_ONLY", "*")
ROLES = [r for r in os.environ.get("FUZZ_ROLES", "").split(",") if r] or list(
    inventory.ROLES
)

#: Known troublemakers, each sent in every slot at once by the sweep.
SWEEP = [
    "²",  # str.isdigit() is True, int() fails
    "1\x00",  # PostgreSQL refuses NUL in text
    "1" + "0" * 30,  # beyond bigint
    "x" * 5000,  # longer than any column
]
#: For the roles a view turns away, the sweep is one value: they cost a request
#: each, and the view answers before reading anything.
SWEEP_DENIED = ["²"]

hostile_text = st.one_of(
    st.sampled_from(
        [*SWEEP, "-1", "", "٣", "1.5", "1e400", "NaN", " 7 ", "0x10", "%00", "q"]
    ),
    st.text(max_size=40),
    st.integers().map(str),
    st.from_regex(r"[0-9²³¹٠-٩۰-۹]{1,25}", fullmatch=True),
)


@dataclass(frozen=True)
class Case:
    """One request: the method, path kwargs replaced, query string, form data."""

    method: str
    path: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    form: dict[str, Any] = field(default_factory=dict)
    htmx: bool = False


def _upload(value: str) -> SimpleUploadedFile:
    content = value.encode("utf-8", "surrogatepass") + b"\n\xff\xfe\x00,\x00\n"
    return SimpleUploadedFile("hostile.csv", content, content_type="text/csv")


@dataclass
class Target:
    """What can be fuzzed on one entry."""

    entry: inventory.Entry
    foreign: dict[str, Any]  # the same kwargs filled from another organisation
    fields: dict[str, inventory.FormField]

    @property
    def methods(self) -> list[str]:
        methods = [] if self.entry.method == "POST" else ["GET"]
        if self.fields or self.entry.method == "POST":
            methods.append("POST")
        return methods

    def form_value(self, name: str, value: str) -> Any:
        if self.fields.get(name, inventory.FormField(name, "text")).kind == "file":
            return _upload(value)
        return value

    def sweep(self, allowed: bool) -> list[Case]:
        """Each known value in every slot at once; a view that reads no query
        parameter of its own gets one of them in the query string."""
        values = SWEEP if allowed else SWEEP_DENIED
        params = self.entry.route.query_params
        get_values = values if params - inventory.COMMON_QUERY_PARAMS else values[:1]
        cases = []
        if "GET" in self.methods:
            cases += [Case("GET", query=dict.fromkeys(params, v)) for v in get_values]
        if "POST" in self.methods:
            cases += [
                Case("POST", form={n: self.form_value(n, v) for n in self.fields})
                for v in values
            ]
        if not allowed:
            return cases
        for name, converter in self.entry.route.converters.items():
            if converter in {"int", "id"}:
                value = self.foreign.get(name, "1" + "0" * 30)
            elif converter != "re":
                value = "\x00"
            else:
                continue
            cases.append(Case(self.methods[0], path={name: str(value)}))
        return cases

    def cases(self) -> st.SearchStrategy[Case]:
        kwargs = self.entry.route.converters
        path_value = st.one_of(
            hostile_text,
            st.sampled_from([str(v) for v in self.foreign.values()] or ["0"]),
        )
        path = st.one_of(
            st.just({}),
            st.dictionaries(
                st.sampled_from([k for k, c in kwargs.items() if c != "re"] or ["-"]),
                path_value,
                max_size=1,
            ).map(lambda d: {k: v for k, v in d.items() if k in kwargs}),
        )
        valid_ids = [str(v) for v in self.entry.kwargs.values() if isinstance(v, int)]

        def value_for(choices: list[str]) -> st.SearchStrategy[Any]:
            one = st.one_of(hostile_text, st.sampled_from(choices or [""]))
            return st.one_of(one, st.lists(one, min_size=2, max_size=3))

        query = st.fixed_dictionaries(
            {},
            optional={
                name: value_for(valid_ids) for name in self.entry.route.query_params
            },
        )
        form = st.fixed_dictionaries(
            {},
            optional={
                name: value_for(f.values).map(
                    lambda v, n=name: (
                        [self.form_value(n, x) for x in v]
                        if isinstance(v, list)
                        else self.form_value(n, v)
                    )
                )
                for name, f in self.fields.items()
            },
        )
        return st.builds(
            Case,
            method=st.sampled_from(self.methods),
            path=path,
            query=query,
            form=form,
            htmx=st.booleans(),
        )


SENT = {"requests": 0}


def send(client: Client, target: Target, case: Case) -> None:
    """Send one case; fail with the URL and input on a 5xx or an exception."""
    SENT["requests"] += 1
    entry = target.entry
    path = entry.route.path(**{**entry.kwargs, **case.path})
    extra = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
    if case.method == "GET":
        data: Any = case.query
    else:
        if case.query:
            path += "?" + urlencode(case.query, doseq=True)
        data = case.form
    try:
        response = inventory.request_rolled_back(
            client, case.method, path, data, **extra
        )
    except Exception as error:
        raise AssertionError(
            f"{case.method} {path} raised {error!r} for {_show(case)}\n" + _where(error)
        ) from error
    assert response.status_code < 500, (
        f"{case.method} {path} answered {response.status_code} for {_show(case)}"
    )


def _where(error: BaseException) -> str:
    """The last lines of our own code the exception went through."""
    ours = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(str(ROOT))
        and "/.venv/" not in frame.filename
        and "/tests/" not in frame.filename
    ]
    return "".join(traceback.format_list(ours[-3:]))


def _flatten(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [e for inner in error.exceptions for e in _flatten(inner)]
    return [error]


def _show(case: Case) -> str:
    def short(value: Any) -> str:
        text = repr(getattr(value, "name", value))
        return text if len(text) < 60 else text[:57] + "..."

    parts = {**case.path, **case.query, **case.form}
    return ", ".join(f"{k}={short(v)}" for k, v in parts.items()) or "no input"


def fuzz(client: Client, target: Target, allowed: bool) -> None:
    """The sweep as explicit examples, then generated ones."""

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        # Roles turned away get the sweep only; shrinking is left out to keep a
        # failing run short (the sweep's cases are already small).
        phases=[Phase.explicit, Phase.generate] if allowed else [Phase.explicit],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=target.cases())
    def check(case: Case) -> None:
        send(client, target, case)

    for case in target.sweep(allowed):
        check = example(case=case)(check)
    check()


def test_no_url_answers_a_server_error_to_hostile_input() -> None:
    """Every URL x role answers hostile path, query and form values with a page
    or an error page, never a 5xx."""
    call_command("seed_demo", stdout=io.StringIO())
    entries = inventory.build()
    other = inventory.other_organisation()
    targets = []
    for entry in entries:
        foreign = inventory.fill(entry.route, other) or {}
        fields = dict(entry.form_fields)
        for name in entry.route.post_params:
            fields.setdefault(name, inventory.FormField(name, "text"))
        fields.pop("csrfmiddlewaretoken", None)
        targets.append(Target(entry, foreign, fields))
    failures = []
    for role in ROLES:
        client = inventory.client_for(role)
        for target in targets:
            if not fnmatch.fnmatchcase(target.entry.name, ONLY):
                continue
            cache.clear()  # rate limits would hide the view behind 429s
            try:
                fuzz(client, target, target.entry.allowed(role))
            except Exception as error:
                failures.extend(f"[{role}] {e}" for e in _flatten(error))
    print(  # the size of the run, for the record (pytest -s shows it)
        f"fuzzed {len(targets)} URLs x {len(ROLES)} roles: {SENT['requests']} requests"
    )
    assert not failures, f"{len(failures)} URL x role failed:\n" + "\n\n".join(failures)
