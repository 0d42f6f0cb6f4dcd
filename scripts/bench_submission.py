"""The survey submission benchmark, on production settings.

gunicorn with three sync workers and an access log (as the Procfile runs it), the
production settings module (Redis cache with its PostgreSQL fallback, connections
kept open, manifest static files), PostgreSQL made durable for the run (fsync,
synchronous commit, full page writes) and Redis with its append-only file. Rounds
alternate between the survey's answer view and a view that only inserts one row,
so drift on a busy machine falls on both; the table gives the median and range of
each round's ratio. Afterwards every tally and the response counter are checked
against the stored responses, counted again here from the raw answers.
"""

from __future__ import annotations

import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
Row = tuple[str, float, str, bool]

#: (setting, durable value) for the run; the throwaway cluster starts without them.
DURABLE = [("fsync", "on"), ("synchronous_commit", "on"), ("full_page_writes", "on")]


def _durable_postgresql(on: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for name, value in DURABLE:
            if on:
                cursor.execute(f"ALTER SYSTEM SET {name} = '{value}'")
            else:
                cursor.execute(f"ALTER SYSTEM RESET {name}")
        cursor.execute("SELECT pg_reload_conf()")
    connection.close()


def _redis_append_only(on: bool) -> None:
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.config_set("appendonly", "yes" if on else "no")
    client.config_set("appendfsync", "everysec")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(static_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scripts.bench_settings",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "BENCH_STATIC_ROOT": static_root,
        # One address sends everything: lift the per-address limit, as a load
        # balancer's many addresses would.
        "RATELIMIT_ANONYMOUS_POST_RATE": "1000000/m",
    }


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def expected_tallies(survey: Any) -> tuple[int, dict[tuple[int, str], int]]:
    """How many responses are stored, and each (question, answer) count, read
    again from the raw answers (independently of surveys/counting.py)."""
    from surveys.models import Kind, Response
    from surveys.services import ANSWERED

    questions = {q.field_name: q for q in survey.questions.all()}
    counts: Counter[tuple[int, str]] = Counter()
    stored = 0
    for answers in (
        Response.objects.filter(survey=survey).values_list("answers", flat=True)
    ).iterator(chunk_size=2000):
        stored += 1
        for name, value in answers.items():
            question = questions.get(name)
            if question is None or value in (None, "", [], {}):
                continue
            counts[(question.pk, ANSWERED)] += 1
            if question.kind == Kind.MULTIPLE:
                for choice in value:
                    counts[(question.pk, str(choice))] += 1
            elif question.kind in (Kind.SINGLE, Kind.AGREEMENT):
                counts[(question.pk, str(value))] += 1
    return stored, dict(counts)


def tallies_match(survey: Any) -> tuple[bool, str]:
    """Every tally and the counter against the stored responses."""
    from django.db.models import Sum

    from surveys.models import SurveyCounter, Tally

    stored, expected = expected_tallies(survey)
    counted = SurveyCounter.objects.filter(survey=survey).aggregate(n=Sum("count"))
    kept = {
        (row["question_id"], row["key"]): row["n"]
        for row in Tally.objects.filter(question__survey=survey)
        .values("question_id", "key")
        .annotate(n=Sum("count"))
    }
    keys = set(expected) | set(kept)
    wrong = [key for key in keys if expected.get(key, 0) != kept.get(key, 0)]
    if counted["n"] != stored:
        return False, f"counter {counted['n']} but {stored} stored"
    if wrong:
        return False, f"{len(wrong)} tallies differ, e.g. {sorted(wrong)[0]}"
    return True, f"{stored:,} responses, {len(expected)} tallies"


def bench_submission(
    survey: Any,
    load: Any,
    *,
    clients: int = 10,
    each: int = 30,
    rounds: int = 8,
) -> list[Row]:
    """Alternating rounds of the answer view and the one-row insert view."""
    from django.db import connection

    from surveys.counting import count_all_waiting
    from surveys.models import Response

    questions = list(survey.questions.all())
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_rows (id serial, payload text)"
        )
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = _environment(static_root)
    subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    _durable_postgresql(True)
    _redis_append_only(True)
    port = _free_port()
    access_log = Path(static_root) / "access.log"
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cocommission.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            *os.environ.get("BENCH_GUNICORN", "--workers 3").split(),
            "--access-logfile",
            str(access_log),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    sub_rates: list[float] = []
    insert_rates: list[float] = []
    ratios: list[float] = []
    p95s: list[float] = []
    failed = 0
    try:
        _wait_for(port)
        page = urllib.request.urlopen(  # noqa: S310
            f"http://127.0.0.1:{port}{survey.get_answer_url()}", timeout=5
        )
        cookie = page.headers.get("Set-Cookie", "").split(";", 1)[0]
        token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()
        )
        if not token or not cookie.startswith("csrftoken="):
            raise RuntimeError("could not read the CSRF token from the survey page")
        # Answers vary, so that every tally has something to be checked against.
        rng = random.Random(3)  # noqa: S311 - synthetic data
        single, several, agree = (questions[i].choices() for i in range(3))

        def answers() -> dict[str, Any]:
            return {
                questions[0].field_name: rng.choice(single),
                questions[1].field_name: rng.sample(several, rng.randint(1, 3)),
                questions[2].field_name: rng.choice(agree),
                questions[3].field_name: "Some words about the service",
            }

        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": f"http://127.0.0.1:{port}/",
        }
        csrf = token.group(1)

        def survey_body() -> str:
            return urllib.parse.urlencode(
                {
                    **answers(),
                    "csrfmiddlewaretoken": csrf,
                    "submission_key": str(uuid.uuid4()),
                },
                doseq=True,
            )

        plain = {"Content-Type": "application/x-www-form-urlencoded"}
        answer_url = survey.get_answer_url()
        load(port, answer_url, survey_body, headers, clients, 5)  # warm up
        load(port, "/bench/insert/", lambda: "x=1", plain, clients, 5)
        for number in range(rounds):
            # ABBA: each view goes first in half the rounds.
            order = ["survey", "insert"] if number % 2 == 0 else ["insert", "survey"]
            rate = {}
            for which in order:
                if which == "survey":
                    p95, rate[which], ok = load(
                        port, answer_url, survey_body, headers, clients, each
                    )
                    p95s.append(p95)
                    failed += clients * each - ok
                else:
                    _p95, rate[which], _ok = load(
                        port, "/bench/insert/", lambda: "x=1", plain, clients, each
                    )
            sub_rates.append(rate["survey"])
            insert_rates.append(rate["insert"])
            ratios.append(rate["survey"] / rate["insert"])
    finally:
        server.terminate()
        server.wait(timeout=15)
        _redis_append_only(False)
        _durable_postgresql(False)
    logged = sum(1 for _line in access_log.open()) if access_log.exists() else 0
    sent = clients * (each * rounds + 5)
    stored = Response.objects.filter(survey=survey).count()
    began = time.perf_counter()
    count_all_waiting()
    counting = time.perf_counter() - began
    match, detail = tallies_match(survey)
    ratio = statistics.median(ratios)
    return [
        (
            f"Survey submission, production settings, {clients} clients, "
            f"{rounds} alternating rounds: p95 median "
            f"{statistics.median(p95s) * 1000:.0f} ms "
            f"(range {min(p95s) * 1000:.0f}-{max(p95s) * 1000:.0f}), "
            f"{stored:,} of {sent:,} stored, {failed} refused, "
            f"{logged:,} requests in the access log",
            statistics.median(p95s),
            "<= 0.05 s",
            statistics.median(p95s) <= 0.05 and failed == 0 and stored == sent,
        ),
        (
            f"Submissions a second, median {statistics.median(sub_rates):.0f} "
            f"(range {min(sub_rates):.0f}-{max(sub_rates):.0f}); one-row insert view "
            f"{statistics.median(insert_rates):.0f} "
            f"({min(insert_rates):.0f}-{max(insert_rates):.0f}); ratio median "
            f"{ratio:.2f}x (range {min(ratios):.2f}-{max(ratios):.2f})",
            ratio,
            ">= 200/s, >= 0.5x",
            statistics.median(sub_rates) >= 200 and ratio >= 0.5,
        ),
        (
            f"Counting what the run left waiting; every tally and the counter "
            f"against the responses: {detail}",
            counting,
            "<= 5 s",
            counting <= 5 and match,
        ),
    ]
