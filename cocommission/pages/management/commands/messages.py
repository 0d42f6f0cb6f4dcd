"""`manage.py messages`: regenerate, check or count the translation catalogues."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import get_language_info

from cocommission import catalogue


class Command(BaseCommand):
    help = "Regenerate the catalogues, keeping every translation (or --check, --stats)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail on an untranslated, fuzzy or stale string.",
        )
        parser.add_argument(
            "--stats",
            action="store_true",
            help="Print strings translated per language.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        languages = catalogue.translated_languages()
        if options["stats"]:
            self.stdout.write("| Language | Strings translated |\n|---|---|")
            for language in languages:
                done, total = catalogue.completeness(language)
                name = get_language_info(language)["name"]
                share = 100 * done // max(total, 1)
                self.stdout.write(
                    f"| {name} (`{language}`) | {done} of {total} ({share}%) |"
                )
            return
        if options["check"]:
            marked = catalogue.fresh_keys()
            failed = False
            for language in languages:
                problems = catalogue.check(language, marked)
                for kind in ("untranslated", "fuzzy", "missing", "extra"):
                    for msgid in getattr(problems, kind):
                        self.stderr.write(f"{language}: {kind}: {msgid!r}")
                failed = failed or bool(problems)
            if failed:
                raise CommandError(
                    "Catalogues incomplete or stale: `make messages`, then translate."
                )
            return
        for language in languages:
            catalogue.make_messages(language)
