"""Benchmarks (``make bench``): timings live here, never in the unit tests.

Runs against the throwaway PostgreSQL started by scripts/with_test_services.sh, in a
database of its own that it creates and drops. Prints a table of figures and exits
non-zero if a bar in QUALITY.md / the issues is missed.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "cocommission_bench"


def _use_bench_database() -> None:
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = url._replace(path=f"/{BENCH_DB}").geturl()


def bench_measurement_import(rows: int = 10_000) -> tuple[str, float, str, bool]:
    from cocommission.accounts.models import User
    from cocommission.organisations.models import Organisation
    from outcomes.models import Indicator, Outcome
    from outcomes.services import framework_create, measurements_import_csv

    organisation = Organisation.objects.create(name="Bench", slug="bench")
    user = User.objects.create_user(email="bench@example.org")
    framework = framework_create(organisation=organisation, by=user, title="Bench")
    outcome = Outcome.objects.create(framework=framework, statement="Bench")
    indicator = Indicator.objects.create(outcome=outcome, name="Bench", unit="n")
    start = datetime.date(1900, 1, 1)
    lines = ["period_end,value,source,note"]
    lines += [
        f"{start + datetime.timedelta(days=i)},{i % 997}.5,routine,"
        for i in range(rows)
    ]
    text = "\n".join(lines)
    began = time.perf_counter()
    report = measurements_import_csv(indicator=indicator, by=user, text=text)
    seconds = time.perf_counter() - began
    ok = report.ok and report.saved == rows and seconds <= 10
    return (f"CSV import of {rows:,} measurements", seconds, "<= 10 s", ok)


def bench_asset_import(rows: int = 10_000) -> tuple[str, float, str, bool]:
    from assets.services import assets_import_csv
    from cocommission.accounts.models import User
    from cocommission.organisations.models import Organisation

    organisation = Organisation.objects.create(name="Bench assets", slug="bench-assets")
    user = User.objects.create_user(email="bench-assets@example.org")
    lines = ["name,kind,holder_type,area,description,is_public"]
    lines += [
        f"Asset {i},time,community,Ward {i % 20},Offered by a neighbour,yes"
        for i in range(rows)
    ]
    began = time.perf_counter()
    report = assets_import_csv(
        organisation=organisation, by=user, text="\n".join(lines)
    )
    seconds = time.perf_counter() - began
    ok = report.ok and report.saved == rows and seconds <= 10
    return (f"CSV import of {rows:,} assets", seconds, "<= 10 s", ok)


def _survey_with_responses(rows: int) -> Any:
    """A published survey with ``rows`` synthetic responses loaded in batches
    (with tallies to match), the way the benchmark bars assume."""
    import random
    import uuid

    from django.db.models import F

    from cocommission.accounts.models import User
    from cocommission.organisations.models import Membership, Organisation
    from cycles.models import Activity
    from cycles.services import cycle_create
    from surveys.models import Kind, Question, Response, Survey, SurveyCounter, Tally
    from surveys.services import ANSWERED, question_save, survey_publish

    tag = uuid.uuid4().hex[:8]
    organisation = Organisation.objects.create(name="Bench surveys", slug=f"bs-{tag}")
    user = User.objects.create_user(email=f"bench-surveys-{tag}@example.org")
    cycle = cycle_create(organisation=organisation, by=user, title="Bench")
    activity = Activity.objects.create(
        cycle=cycle, phase="analyse", title="S", mode="co_assessment"
    )
    survey = Survey.objects.create(
        activity=activity, title="Bench survey", created_by=user
    )
    Membership.objects.create(user=user, organisation=organisation, role="commissioner")
    specs: list[dict[str, Any]] = [
        {"kind": Kind.SINGLE, "text": "Who", "options": ["A", "B", "C"]},
        {"kind": Kind.MULTIPLE, "text": "What", "options": ["X", "Y", "Z"]},
        {"kind": Kind.AGREEMENT, "text": "Agree"},
        {"kind": Kind.LONG_TEXT, "text": "Say"},
    ]
    for spec in specs:
        question_save(question=Question(survey=survey, **spec))
    survey_publish(survey=survey)
    questions = list(survey.questions.all())
    rng = random.Random(1)  # noqa: S311 - synthetic data
    today = datetime.datetime.now(tz=datetime.UTC).date()
    counts: dict[tuple[int, str], int] = {}
    batch = []
    for _i in range(rows):
        answers = {
            questions[0].field_name: rng.choice("ABC"),
            questions[1].field_name: rng.sample(["X", "Y", "Z"], 2),
            questions[2].field_name: "Agree",
            questions[3].field_name: "Some words about the service",
        }
        for q in questions:
            value = answers[q.field_name]
            keys = value if isinstance(value, list) else [value]
            if q.kind != Kind.LONG_TEXT:
                for key in keys:
                    counts[(q.pk, key)] = counts.get((q.pk, key), 0) + 1
            counts[(q.pk, ANSWERED)] = counts.get((q.pk, ANSWERED), 0) + 1
        batch.append(
            Response(
                survey=survey,
                answers=answers,
                submitted_on=today,
                submission_key=uuid.uuid4(),
            )
        )
        if len(batch) == 5000:
            Response.objects.bulk_create(batch)
            batch = []
    Response.objects.bulk_create(batch)
    for (question_pk, key), count in counts.items():
        Tally.objects.update_or_create(
            question_id=question_pk, key=key, shard=0, defaults={"count": count}
        )
    SurveyCounter.objects.filter(survey=survey, shard=0).update(count=F("count") + rows)
    return Survey.objects.get(pk=survey.pk)


def bench_survey_export(rows: int = 100_000) -> tuple[str, float, str, bool]:
    import tempfile
    import tracemalloc

    from django.conf import settings

    from cocommission.accounts.models import User
    from surveys.exports import export_build
    from surveys.models import Export, ExportKind, ExportStatus

    settings.MEDIA_ROOT = tempfile.mkdtemp()
    survey = _survey_with_responses(rows)
    export = Export.objects.create(
        survey=survey,
        kind=ExportKind.RESPONSES_CSV,
        requested_by=User.objects.first(),
    )
    tracemalloc.start()
    began = time.perf_counter()
    export_build(export)
    seconds = time.perf_counter() - began
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    export.refresh_from_db()
    ok = (
        export.status == ExportStatus.DONE and seconds <= 5 and peak < 100 * 1024 * 1024
    )
    return (
        f"CSV export of {rows:,} survey responses (peak memory {peak / 1e6:.0f} MB)",
        seconds,
        "<= 5 s",
        ok,
    )


def bench_results_page(rows: int = 100_000) -> tuple[str, float, str, bool]:
    """p95 of the results page at 100 and at ``rows`` responses; the bar is that
    the large one stays within 1.5 times the small one."""
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    def p95(survey: Any) -> float:
        organisation = survey.activity.cycle.organisation
        client = Client()
        client.force_login(survey.created_by)
        url = f"/o/{organisation.slug}/surveys/{survey.pk}/results/"
        client.get(url)
        times = []
        for _i in range(40):
            began = time.perf_counter()
            if client.get(url).status_code != 200:
                raise RuntimeError(f"{url} did not answer 200")
            times.append(time.perf_counter() - began)
        return sorted(times)[int(len(times) * 0.95) - 1]

    small = _survey_with_responses(100)
    large = _survey_with_responses(rows)
    small_p95, large_p95 = p95(small), p95(large)
    ok = large_p95 <= 1.5 * small_p95
    return (
        f"Results page p95: {small_p95 * 1000:.0f} ms at 100, "
        f"{large_p95 * 1000:.0f} ms at {rows:,} responses",
        large_p95,
        "<= 1.5x",
        ok,
    )


def bench_cycle_report_pdf(rows: int = 100_000) -> tuple[str, float, str, bool]:
    """The cycle report (HTML, PDF, XLSX) of a cycle with a survey of ``rows``
    responses behind it."""
    import tempfile

    from django.conf import settings

    from reports.models import Report, ReportStatus
    from reports.services import report_make

    settings.MEDIA_ROOT = tempfile.mkdtemp()
    survey = _survey_with_responses(rows)
    cycle = survey.activity.cycle
    report = Report.objects.create(
        organisation=cycle.organisation, kind="cycle", cycle=cycle
    )
    began = time.perf_counter()
    report = report_make(report)
    seconds = time.perf_counter() - began
    ok = report.status == ReportStatus.DONE and seconds <= 15
    return (
        f"Cycle report PDF with {rows:,} survey responses behind it",
        seconds,
        "<= 15 s",
        ok,
    )


def _load(
    port: int,
    path: str,
    make_body: Any,
    headers: dict[str, str],
    clients: int,
    each: int,
) -> tuple[float, float, int]:
    """p95 latency (s), requests a second, and how many answered 2xx/3xx, for
    ``clients`` threads each sending ``each`` POSTs over keep-alive connections."""
    import http.client
    from concurrent.futures import ThreadPoolExecutor

    def run(_client: int) -> list[tuple[float, int]]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        results = []
        for _i in range(each):
            body = make_body()
            began = time.perf_counter()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            results.append((time.perf_counter() - began, response.status))
        connection.close()
        return results

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        samples = [s for batch in pool.map(run, range(clients)) for s in batch]
    elapsed = time.perf_counter() - began
    latencies = sorted(t for t, _status in samples)
    ok = sum(1 for _t, status in samples if status < 400)
    return latencies[int(len(latencies) * 0.95) - 1], len(samples) / elapsed, ok


def bench_submission() -> list[tuple[str, float, str, bool]]:
    """Survey submission on production settings (scripts/bench_submission.py)."""
    from scripts.bench_submission import bench_submission as run

    return run(_survey_with_responses(0), _load)


def _measure(*args: str) -> dict[str, Any]:
    """One measurement in a fresh process (its own peak memory)."""
    import json
    import subprocess

    out = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(ROOT / "scripts" / "bench_methods.py"), *args],
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError(f"bench_methods.py {' '.join(args)}:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_participatory_budgeting() -> list[tuple[str, float, str, bool]]:
    """Both rules at 200 options x 100,000 voters, ours and pabutools in the same
    run; Equal Shares with each completion at that size (ours only: pabutools
    reruns Equal Shares at every step, over an hour there) and, both ways, at
    20 options x 10,000 voters (each voter's share about the same, so the
    number of Add1 steps too)."""
    rows = []
    for rule, label in [("greedy", "greedy by votes"), ("mes", "Equal Shares")]:
        ours = _measure("pb", "ours", "200", "100000", rule)
        theirs = _measure("pb", "pabutools", "200", "100000", rule)
        same = ours["funded"] == theirs["funded"]
        ratio = theirs["seconds"] / max(ours["seconds"], 1e-9)
        rows.append(
            (
                f"PB {label}, 200 options x 100,000 voters: ours "
                f"{ours['peak_mb']:.0f} MB; pabutools {theirs['seconds']:.1f} s, "
                f"{theirs['peak_mb']:.0f} MB; {ratio:,.0f}x; same result: {same}",
                ours["seconds"],
                ">=5x <2GB",
                same and ratio >= 5 and ours["peak_mb"] < 2048,
            )
        )
    for completion in ("add1", "epsilon"):
        rule = f"mes+{completion}"
        ours = _measure("pb", "ours", "200", "100000", rule)
        rows.append(
            (
                f"PB Equal Shares + {completion} + greedy, 200 x 100,000: ours "
                f"{ours['peak_mb']:.0f} MB, spends {ours['spent_share']:.1%}",
                ours["seconds"],
                "<2GB",
                ours["peak_mb"] < 2048,
            )
        )
        ours = _measure("pb", "ours", "20", "10000", rule)
        theirs = _measure("pb", "pabutools", "20", "10000", rule)
        same = ours["funded"] == theirs["funded"]
        ratio = theirs["seconds"] / max(ours["seconds"], 1e-9)
        rows.append(
            (
                f"PB Equal Shares + {completion} + greedy, 20 x 10,000: pabutools "
                f"{theirs['seconds']:.1f} s; {ratio:,.0f}x; same result: {same}",
                ours["seconds"],
                ">=5x",
                same and ratio >= 5,
            )
        )
    return rows


def bench_stratified_selection() -> tuple[str, float, str, bool]:
    """The panel draw as the app makes it: 30 seats from 2,000 volunteers with
    14 quotas over three categories."""
    import random
    import time

    from panels.selection import QuotaRule, select_stratified

    rng = random.Random(5)  # noqa: S311 - a reproducible pool, not a secret
    values = {
        "Age": ["A", "B", "C", "D"],
        "Area": [f"W{i}" for i in range(8)],
        "Sex": ["F", "M", "X"],
    }
    pool = {i: {c: rng.choice(v) for c, v in values.items()} for i in range(2000)}
    quotas = [QuotaRule("Age", v, 4, 8) for v in values["Age"]]
    quotas += [QuotaRule("Area", v, 2, 6) for v in values["Area"]]
    quotas += [QuotaRule("Sex", "F", 12, 16), QuotaRule("Sex", "M", 12, 16)]
    started = time.perf_counter()
    draw = select_stratified(pool=pool, quotas=quotas, size=30, seed=8)
    seconds = time.perf_counter() - started
    return (
        "Stratified selection: 30 seats from 2,000 volunteers with 14 quotas",
        seconds,
        "1.5 s",
        draw.succeeded and seconds < 1.5,
    )


def bench_leximin() -> tuple[str, float, str, bool]:
    result = _measure("leximin", "1000", "30", "5")
    return (
        f"LEXIMIN panel, 1,000 volunteers, 30 seats, 5 categories "
        f"({result['panels']} panels in the lottery, lowest chance "
        f"{result['lowest_chance']:.4f}, {result['peak_mb']:.0f} MB)",
        result["seconds"],
        "report",
        bool(result["succeeded"]),
    )


def bench_compare_tables(people: int = 60) -> tuple[str, float, str, bool]:
    """Every compare table of an identified survey of 6 one-answer questions by
    each other and by 3 profile categories, protected together (one integer
    programme per survey, cache empty). Few people, so most cells are small."""
    import random
    import uuid

    from django.core.cache import cache

    from cocommission.accounts.models import User
    from cocommission.organisations.models import Membership, Organisation
    from cycles.models import Activity
    from cycles.services import cycle_create
    from panels.models import ProfileAnswer
    from panels.services import categories_ensure_defaults
    from surveys.crosstab import SurveyTables
    from surveys.models import Kind, Question, Survey
    from surveys.services import question_save, survey_publish
    from surveys.submission import survey_submit_response

    tag = uuid.uuid4().hex[:8]
    organisation = Organisation.objects.create(name="Bench compare", slug=f"bc-{tag}")
    user = User.objects.create_user(email=f"bench-compare-{tag}@example.org")
    cycle = cycle_create(organisation=organisation, by=user, title="Bench")
    activity = Activity.objects.create(
        cycle=cycle, phase="analyse", title="S", mode="co_assessment"
    )
    survey = Survey.objects.create(
        activity=activity, title="Compare", created_by=user, is_anonymous=False
    )
    kept = {"Age band", "Gender", "Disability"}
    categories = [
        c
        for c in categories_ensure_defaults(organisation=organisation)
        if c.name in kept
    ]
    organisation.demographic_categories.exclude(name__in=kept).update(is_retired=True)
    specs: list[dict[str, Any]] = [
        {"kind": Kind.SINGLE, "text": "Travel", "options": ["Bus", "Car", "Walk"]},
        {"kind": Kind.SINGLE, "text": "Often", "options": ["Daily", "Weekly"]},
        {"kind": Kind.AGREEMENT, "text": "Listened to"},
        {"kind": Kind.AGREEMENT, "text": "Safe"},
        {"kind": Kind.RATING, "text": "Service"},
        {"kind": Kind.RATING, "text": "Place"},
    ]
    for spec in specs:
        question_save(question=Question(survey=survey, **spec))
    survey_publish(survey=survey)
    questions = list(survey.questions.all())
    rng = random.Random(2)  # noqa: S311 - synthetic data
    for i in range(people):
        person = User.objects.create_user(email=f"bc-{tag}-{i}@example.org")
        Membership.objects.create(
            user=person, organisation=organisation, role="citizen"
        )
        for category in categories:
            values = list(category.values.all())
            if rng.random() < 0.8:
                ProfileAnswer.objects.create(
                    user=person, category=category, value=rng.choice(values)
                )
        answers = {}
        for question in questions:
            if rng.random() < 0.85:
                answers[question.field_name] = rng.choice(question.choices())
        survey_submit_response(
            survey=survey, answers=answers, user=person, submission_key=uuid.uuid4()
        )
    survey = Survey.objects.get(pk=survey.pk)
    cache.clear()
    began = time.perf_counter()
    tables = SurveyTables(survey)
    seconds = time.perf_counter() - began
    ok = len(tables.layouts) == 6 * 5 + 6 * 3 and seconds <= 30
    return (
        f"Compare tables of 6 questions x 3 categories, {people} people",
        seconds,
        "<= 30 s",
        ok,
    )


def _print(results: list[tuple[str, float, str, bool]]) -> int:
    width = max(len(name) for name, *_rest in results)
    print(f"{'benchmark':<{width}}  {'seconds':>8}  {'bar':<10}  result")
    for name, seconds, bar, ok in results:
        print(
            f"{name:<{width}}  {seconds:>8.2f}  {bar:<10}  {'pass' if ok else 'FAIL'}"
        )
    return 0 if all(ok for *_rest, ok in results) else 1


def main() -> int:
    """``bench.py`` runs everything; ``bench.py methods`` only the voting and
    selection methods, which need no database; ``bench.py compare`` only the
    compare tables; ``bench.py submission`` only survey submission;
    ``bench.py scale [RESPONSES [ITEMS]]`` only the city-scale pages and downloads
    (scripts/bench_scale.py)."""
    compare_only = sys.argv[1:] == ["compare"]
    submission_only = sys.argv[1:] == ["submission"]
    scale_only = sys.argv[1:2] == ["scale"]
    methods = (
        []
        if compare_only or submission_only or scale_only
        else [
            bench_stratified_selection(),
            *bench_participatory_budgeting(),
            bench_leximin(),
        ]
    )
    if sys.argv[1:] == ["methods"]:
        return _print(methods)
    _use_bench_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocommission.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if compare_only:
        return _print([bench_compare_tables(), bench_compare_tables(400)])
    if submission_only:
        return _print(bench_submission())
    from scripts.bench_scale import bench_scale

    if scale_only:
        return _print(bench_scale(*(int(size) for size in sys.argv[2:4])))
    results = [
        bench_measurement_import(),
        bench_asset_import(),
        bench_survey_export(),
        bench_results_page(),
        bench_cycle_report_pdf(),
        bench_compare_tables(),
        bench_compare_tables(400),
        *bench_submission(),
        *bench_scale(),
        *methods,
    ]
    connection.close()
    return _print(results)


if __name__ == "__main__":
    sys.exit(main())
