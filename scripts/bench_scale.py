"""City-scale benchmarks for ``scripts/bench.py`` (issue #23, "City scale"): the
free-text answers page, the first results view with a backlog waiting to be
counted, both response downloads (time and peak memory) at a million responses,
and the needs, assets and resources lists at 20,000 needs and assets and
2,000 cycles.

    bench.py scale [RESPONSES [ITEMS]]    only these (default 1,000,000 and 20,000)
    bench_scale.py export KIND SURVEY_PK  one download in a fresh process, so its
                                          peak memory is its own (one JSON line)

Every function takes its size, so a small run checks the code works; the bars are
the issue's (p95 under 100 ms for the text answers page at a million)."""

from __future__ import annotations

import datetime
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

Result = tuple[str, float, str, bool]
#: A day far enough back that a million responses spread over a year of days.
FIRST_DAY = datetime.date(2025, 1, 1)


def _staff(slug: str) -> Any:
    from cocommission.accounts.models import User
    from cocommission.organisations.models import Membership, Organisation

    organisation = Organisation.objects.create(name=f"Bench {slug}", slug=slug)
    user = User.objects.create_user(email=f"{slug}@example.org")
    Membership.objects.create(user=user, organisation=organisation, role="commissioner")
    return organisation, user


_SURVEYS: dict[int, Any] = {}


def _vacuum(*tables: str) -> None:
    """Vacuum and analyse tables just filled, as autovacuum has long since done
    for tables that grew over months: otherwise autovacuum works through the
    fresh rows (and their indexes) while the pages are timed, on the same cores
    (seen on the needs and cycles tables during the lists' timings)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def survey_at_scale(responses: int) -> Any:
    """A published survey with ``responses`` responses over a year of days, made
    in the database in one statement (seconds for a million), and shared by the
    benchmarks of one run. One in a thousand free-text answers mentions a
    "shelter". None waits to be counted, and the tallies are left empty: these
    benchmarks read speed, not figures."""
    if responses in _SURVEYS:
        return _SURVEYS[responses]
    from django.db import connection

    from cycles.models import Activity
    from cycles.services import cycle_create
    from surveys.models import Kind, Question, Survey
    from surveys.services import question_save, survey_publish

    organisation, user = _staff(f"scale-{uuid.uuid4().hex[:8]}")
    cycle = cycle_create(organisation=organisation, by=user, title="Bench")
    activity = Activity.objects.create(
        cycle=cycle, phase="analyse", title="S", mode="co_assessment"
    )
    survey = Survey.objects.create(
        activity=activity, title="Scale survey", created_by=user
    )
    specs: list[dict[str, Any]] = [
        {"kind": Kind.SINGLE, "text": "Who", "options": ["A", "B", "C"]},
        {"kind": Kind.MULTIPLE, "text": "What", "options": ["X", "Y", "Z"]},
        {"kind": Kind.LONG_TEXT, "text": "Say"},
    ]
    for spec in specs:
        question_save(question=Question(survey=survey, **spec))
    survey_publish(survey=survey)
    who, what, say = (q.field_name for q in survey.questions.all())
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO surveys_response
                 (id, survey_id, respondent_id, answers, submitted_on,
                  submission_key, ip_hash)
               SELECT gen_random_uuid(), %s, NULL,
                 jsonb_build_object(
                   %s, (ARRAY['A','B','C'])[1 + i %% 3],
                   %s, jsonb_build_array((ARRAY['X','Y','Z'])[1 + i %% 3]),
                   %s, 'Answer ' || i || CASE WHEN i %% 1000 = 0
                       THEN ': a bus shelter near the clinic, please'
                       ELSE ': the service was kind and on time' END),
                 %s::date + (i::bigint * 365 / %s)::int, gen_random_uuid(), ''
               FROM generate_series(1, %s) AS i""",
            [survey.pk, who, what, say, FIRST_DAY, responses, responses],
        )
    _vacuum("surveys_response")
    _SURVEYS[responses] = Survey.objects.get(pk=survey.pk)
    return _SURVEYS[responses]


def _p95(client: Any, url: str, *, times: int = 40) -> float:
    client.get(url)
    took = []
    for _i in range(times):
        began = time.perf_counter()
        status = client.get(url).status_code
        took.append(time.perf_counter() - began)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
    return sorted(took)[max(0, int(len(took) * 0.95) - 1)]


def _client(user: Any) -> Any:
    from django.conf import settings
    from django.test import Client

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    return client


def bench_text_answers(responses: int = 1_000_000) -> list[Result]:
    """p95 of the free-text answers page: the first page, a search for a word in
    one answer in a thousand, and a page deep in the answers (the key of the
    answer a twentieth from the end). Bar: under 100 ms at a million."""
    from django.urls import reverse

    from surveys.models import Kind, Response
    from surveys.results import _key

    survey = survey_at_scale(responses)
    question = survey.questions.get(kind=Kind.LONG_TEXT)
    url = reverse(
        "surveys:text_results",
        kwargs={
            "org_slug": survey.activity.cycle.organisation.slug,
            "pk": survey.pk,
            "question_pk": question.pk,
        },
    )
    day, pk = (
        Response.objects.filter(survey=survey)
        .order_by("submitted_on", "id")
        .values_list("submitted_on", "id")[responses // 20]
    )
    client = _client(survey.created_by)
    results = []
    for what, query in [
        ("first page", ""),
        ("search", "?q=shelter"),
        ("deep page", f"?older={_key(day, pk)}"),
    ]:
        p95 = _p95(client, url + query)
        if query.startswith("?q="):
            what += f" ({_search_plan(client, url + query)})"
        results.append(
            (
                f"Free-text answers, {what}, p95 at {responses:,} responses",
                p95,
                "<= 0.1 s",
                p95 <= 0.1,
            )
        )
    return results


def _search_plan(client: Any, url: str) -> str:
    """Whether PostgreSQL reads the search through the trigram index."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    (sql,) = [q["sql"] for q in queries if "LIKE" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return "trigram index" if "response_answers_trgm" in plan else "no index"


def bench_backlog_results(
    responses: int = 1_000_000, waiting: int = 20_000, times: int = 10
) -> Result:
    """p95 of the first results view with ``waiting`` responses not yet counted:
    the request counts none of them, and asks the worker to (the task goes into
    the queue, as deployed). Bar: under 100 ms.

    Measured ``times`` times, each with the backlog made afresh and the worker
    not yet asked, in a process that has already served the page and sent a task,
    as a running server has: the first request of a new process also imports and
    sets up Celery, connects to the broker and compiles the templates (about
    300 ms more here, once a process, never again), which is not what a backlog
    costs a request."""
    from django.core.cache import cache
    from django.db import connection
    from django.urls import reverse

    from cocommission.celery import app
    from surveys.models import UncountedResponse
    from surveys.tasks import count_responses

    survey = survey_at_scale(responses)
    url = reverse(
        "surveys:results",
        kwargs={"org_slug": survey.activity.cycle.organisation.slug, "pk": survey.pk},
    )
    client = _client(survey.created_by)
    took = []
    ok = True
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        client.get(url)  # nothing waiting: no task sent
        count_responses.delay()  # Celery set up, broker connected
        for _i in range(times):
            with connection.cursor() as cursor:
                cursor.execute(
                    """INSERT INTO surveys_uncountedresponse (response_id, survey_id)
                       SELECT id, survey_id FROM surveys_response
                       WHERE survey_id = %s ORDER BY submitted_on DESC LIMIT %s""",
                    [survey.pk, waiting],
                )
                cursor.execute("ANALYZE surveys_uncountedresponse")
            # The page asks the worker at most every few seconds: ask again.
            cache.delete(f"surveys:counting-asked:{survey.pk}")
            began = time.perf_counter()
            page = client.get(url).content.decode()
            took.append(time.perf_counter() - began)
            ok = ok and "still being added" in page
            UncountedResponse.objects.filter(survey=survey).delete()
    finally:
        app.conf.task_always_eager = eager
        UncountedResponse.objects.filter(survey=survey).delete()
    p95 = sorted(took)[max(0, int(len(took) * 0.95) - 1)]
    return (
        f"First results view, {waiting:,} of {responses:,} responses waiting, p95",
        p95,
        "<= 0.1 s",
        ok and p95 <= 0.1,
    )


def bench_exports(responses: int = 1_000_000) -> list[Result]:
    """Each response download of a survey with ``responses`` responses, built in
    a fresh process: its time and that process's peak memory (RSS)."""
    from django.db import connection

    survey = survey_at_scale(responses)
    connection.close()
    results = []
    for kind in ("responses_csv", "responses_xlsx"):
        out = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [sys.executable, __file__, "export", kind, str(survey.pk)],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        if out.returncode:
            raise RuntimeError(f"bench_scale.py export {kind}:\n{out.stderr}")
        measured = json.loads(out.stdout.strip().splitlines()[-1])
        peak = measured["peak_rss_mb"]
        results.append(
            (
                f"{kind.split('_')[1].upper()} export of {responses:,} responses "
                f"(peak RSS {peak:.0f} MB)",
                measured["seconds"],
                "<= 250 MB",
                measured["done"] and peak <= 250,
            )
        )
    return results


def _export_here(kind: str, survey_pk: int) -> dict[str, Any]:
    import tempfile

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocommission.settings.test")
    django.setup()
    from django.conf import settings

    from surveys.exports import export_build
    from surveys.models import Export, ExportStatus, Survey

    settings.MEDIA_ROOT = tempfile.mkdtemp()
    survey = Survey.objects.get(pk=survey_pk)
    export = Export.objects.create(
        survey=survey, kind=kind, requested_by=survey.created_by
    )
    began = time.perf_counter()
    export_build(export)
    seconds = time.perf_counter() - began
    export.refresh_from_db()
    return {
        "seconds": seconds,
        "done": export.status == ExportStatus.DONE,
        "bytes": export.file.size if export.file else 0,
        # Linux reports kilobytes.
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _needs_url(cycle: Any) -> str:
    from django.urls import reverse

    return reverse(
        "cycles:needs", kwargs={"org_slug": cycle.organisation.slug, "pk": cycle.pk}
    )


def bench_lists(items: int = 20_000) -> list[Result]:
    """p95 of the needs of a cycle with ``items`` needs, the asset register with
    ``items`` assets, and resources across ``items // 10`` cycles (the issue's
    20,000 needs and assets, 2,000 cycles), first and last page. Bar: under
    100 ms."""
    from django.urls import reverse

    from assets.models import Asset, AssetKind, HolderType, ResourceLine
    from cycles.models import Cycle, Need
    from cycles.services import cycle_create

    organisation, user = _staff(f"lists-{uuid.uuid4().hex[:8]}")
    cycle = cycle_create(organisation=organisation, by=user, title="Bench needs")
    Need.objects.bulk_create(
        (
            Need(
                cycle=cycle,
                statement=f"Need {n}: somewhere warm to meet in the afternoons",
                status=["expressed", "recognised", "not_prioritised"][n % 3],
                how_many=n % 40,
            )
            for n in range(items)
        ),
        batch_size=5_000,
    )
    kinds, holders = AssetKind.values, HolderType.values
    Asset.objects.bulk_create(
        (
            Asset(
                organisation=organisation,
                name=f"Asset {n}: a hall with a kitchen",
                kind=kinds[n % len(kinds)],
                holder_type=holders[n % len(holders)],
                area=f"Ward {n % 30}",
                description="Open on weekday evenings; step-free entrance.",
            )
            for n in range(items)
        ),
        batch_size=5_000,
    )
    cycles = Cycle.objects.bulk_create(
        Cycle(organisation=organisation, title=f"Cycle {n}", lead=user)
        for n in range(max(1, items // 10) - 1)
    )
    ResourceLine.objects.bulk_create(
        ResourceLine(cycle=c, source="public_budget", label="Budget", amount=100)
        for c in cycles
    )
    _vacuum("cycles_need", "cycles_cycle", "assets_resourceline", "assets_asset")
    client = _client(user)
    slug = organisation.slug
    pages: list[tuple[str, int, str, int]] = [
        ("Needs of a cycle", items, _needs_url(cycle), 50),
        (
            "Asset register",
            items,
            reverse("assets:list", kwargs={"org_slug": slug}),
            25,
        ),
        (
            "Resources across cycles",
            max(1, items // 10),
            reverse("assets:resources", kwargs={"org_slug": slug}),
            50,
        ),
        (
            "Cycles",
            max(1, items // 10),
            reverse("cycles:list", kwargs={"org_slug": slug}),
            20,
        ),
    ]
    results = []
    for name, count, url, per_page in pages:
        last = -(-count // per_page)
        for where, query in [("first page", ""), ("last page", f"?page={last}")]:
            p95 = _p95(client, url + query, times=20)
            results.append(
                (
                    f"{name}, {count:,} of them, {where} p95",
                    p95,
                    "<= 0.1 s",
                    p95 <= 0.1,
                )
            )
    return results


def bench_scale(responses: int = 1_000_000, items: int = 20_000) -> list[Result]:
    return [
        *bench_text_answers(responses),
        bench_backlog_results(responses, min(20_000, responses // 2)),
        *bench_exports(responses),
        *bench_lists(items),
    ]


if __name__ == "__main__" and sys.argv[1:2] == ["export"]:
    print(json.dumps(_export_here(sys.argv[2], int(sys.argv[3]))))
