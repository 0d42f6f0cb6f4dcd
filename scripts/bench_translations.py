"""What translated content costs the survey page (the figures in README, "Languages").

A survey of 30 questions (each with a hint and four choices) written in English,
Welsh and Arabic, stored with django-modeltrans (one JSON field per row). For
each language it counts the queries of the answering page and times it, against
the same survey with no translations at all.

    scripts/with_test_services.sh .venv/bin/python scripts/bench_translations.py
    .venv/bin/python scripts/bench_translations.py --sqlite   # the demo's database

On PostgreSQL it uses a database of its own, created and dropped; on SQLite a
file in a temporary directory.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "cocommission_bench_translations"
QUESTIONS = 30
RUNS = 40


def _use_database(sqlite: bool) -> str:
    if sqlite:
        folder = tempfile.mkdtemp(prefix="bench-translations-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocommission.settings.local")
        return "SQLite"
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = url._replace(path=f"/{BENCH_DB}").geturl()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocommission.settings.test")
    return "PostgreSQL"


def _survey(title: str, translated: bool) -> Any:
    from cocommission.organisations.models import Organisation
    from cycles.models import Activity, Cycle
    from surveys.models import Kind, Question, Survey
    from surveys.services import survey_publish
    from surveys.translations import translation_save

    organisation, _created = Organisation.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "content_languages": ["cy", "ar"]}
    )
    cycle = Cycle.objects.create(organisation=organisation, title=title)
    activity = Activity.objects.create(cycle=cycle, title=title, phase="analyse")
    survey = Survey.objects.create(
        activity=activity, title=title, welcome="Why we ask", thank_you="Thanks"
    )
    questions = [
        Question.objects.create(
            survey=survey,
            position=n,
            kind=Kind.SINGLE,
            text=f"Question {n} in English",
            help_text=f"Hint {n}",
            options=[f"Choice {n}.{c}" for c in range(4)],
        )
        for n in range(QUESTIONS)
    ]
    if translated:
        for lang, word in (("cy", "Cwestiwn"), ("ar", "سؤال")):
            data = {
                "survey_title": f"{word} {title}",
                "survey_welcome": word,
                "survey_thank_you": word,
            }
            for question in questions:
                data[f"q{question.pk}_text"] = f"{word} {question.position}"
                data[f"q{question.pk}_help_text"] = word
                for c in range(4):
                    data[f"q{question.pk}_options_{c}"] = f"{word} {c}"
            translation_save(survey=survey, questions=questions, lang=lang, data=data)
    survey_publish(survey=survey)
    return survey


def _measure(survey: Any, lang: str) -> tuple[int, float]:
    """Queries of one fresh page (nothing kept between requests) and the median
    time of a page over ``RUNS`` requests."""
    from django.db import connection
    from django.test import Client

    from surveys import answer_cache

    client = Client()
    url = survey.get_answer_url() + f"?lang={lang}"
    answer_cache._kept.clear()
    queries: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        page = client.get(url)
    if page.status_code != 200:
        raise SystemExit(f"The survey page answered {page.status_code}")
    times = []
    for _run in range(RUNS):
        answer_cache._kept.clear()
        began = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - began)
    return len(queries), statistics.median(times) * 1000


def main() -> int:
    engine = _use_database("--sqlite" in sys.argv)
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    plain = _survey("Plain", translated=False)
    translated = _survey("Translated", translated=True)
    print(f"Survey page, {QUESTIONS} questions of 4 choices, {engine}")
    print("| survey | language | queries | median page (ms) |")
    print("|---|---|---|---|")
    rows = [(plain, "en", "English only")]
    rows += [(translated, lang, "en, cy, ar") for lang in ("en", "cy", "ar")]
    for survey, lang, label in rows:
        queries, ms = _measure(survey, lang)
        print(f"| {label} | {lang} | {queries} | {ms:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
