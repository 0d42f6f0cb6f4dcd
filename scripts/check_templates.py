"""No template line over 120 characters (part of `make lint`).

Translatable text does not count towards the length: the string of
``{% translate "…" %}`` and the body of ``{% blocktranslate %}…{% endblocktranslate %}``
are message ids, and a Django tag cannot span lines, so that text stays whole on
one line. Everything else (attributes, markup, other tags) wraps.

Lines that were already too long and cannot be wrapped without rewriting them (a
single Django tag cannot span lines: long ``{% url %}`` values in attributes, chains
of ``{% if %}`` inside inline text) are listed in ``long_template_lines.txt`` beside
this script, by file and content. They pass until they change; a listed line that is
gone or now short fails, so the list only shrinks. ``--write-baseline`` rewrites it
(review that diff: it should never grow).

Not checked:
- ``templates/gds/``: byte-for-byte copies of the crispy-forms-gds package's
  templates (tests/test_form_templates.py compares them with the package), so they
  keep the package's lines.
- ``*.txt`` (plain-text e-mails): a line break there is a line break in the e-mail.

Usage: ``python scripts/check_templates.py [--write-baseline]``. Exits 1 and lists
the lines if any is too long.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.template.base import DebugLexer, TokenType

ROOT = Path(__file__).resolve().parent.parent
MAX_LENGTH = 120
BASELINE = Path(__file__).with_name("long_template_lines.txt")
SKIPPED_FOLDERS = ("templates/gds",)
SKIPPED_SUFFIXES = (".txt",)
_STRING = re.compile(r"""_?\(?("[^"]*"|'[^']*')""")
_TRANSLATE = re.compile(r"(translate|trans)\s")
_BLOCKTRANSLATE = re.compile(r"(blocktranslate|blocktrans)\b")
_ENDBLOCKTRANSLATE = re.compile(r"(endblocktranslate|endblocktrans)\b")


def translatable(source: str) -> list[bool]:
    """For each character of ``source``, whether it is translatable text."""
    marked = [False] * len(source)
    body_start: int | None = None
    for token in DebugLexer(source).tokenize():
        if token.token_type is not TokenType.BLOCK or token.position is None:
            continue
        start, end = token.position
        contents = token.contents
        if _BLOCKTRANSLATE.match(contents):
            body_start = end
        elif _ENDBLOCKTRANSLATE.match(contents) and body_start is not None:
            marked[body_start:start] = [True] * (start - body_start)
            body_start = None
        elif _TRANSLATE.match(contents):
            found = _STRING.search(source, start, end)
            if found:
                first, last = found.span(1)
                marked[first + 1 : last - 1] = [True] * (last - first - 2)
    return marked


def too_long(source: str) -> Iterator[tuple[int, int]]:
    """(line number, length counted) of each line over the limit."""
    marked = translatable(source)
    offset = 0
    for number, line in enumerate(source.split("\n"), start=1):
        counted = len(line) - sum(marked[offset : offset + len(line)])
        if counted > MAX_LENGTH:
            yield number, counted
        offset += len(line) + 1


def templates(folders: Iterable[Path]) -> Iterator[Path]:
    """The template files in ``folders``, less those not checked."""
    for folder in folders:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = file.resolve().relative_to(ROOT).as_posix()
            if relative.startswith(SKIPPED_FOLDERS) or file.suffix in SKIPPED_SUFFIXES:
                continue
            yield file


def default_folders() -> list[Path]:
    """``templates/`` and any app's ``<app>/templates/``."""
    skip = {".venv", "node_modules", "static", "tests"}
    tops = [p for p in sorted(ROOT.iterdir()) if p.is_dir() and p.name not in skip]
    return [ROOT / "templates"] + [
        found
        for top in tops
        if top.name != "templates"
        for found in sorted(top.glob("**/templates"))
        if found.is_dir()
    ]


def read_baseline() -> set[tuple[str, str]]:
    """(file, line without its indentation) of each known long line."""
    if not BASELINE.exists():
        return set()
    entries = [
        line.partition("\t")
        for line in BASELINE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return {(file, content) for file, _tab, content in entries}


def main(argv: list[str]) -> int:
    found: list[tuple[str, int, int, str]] = []
    for file in templates(default_folders()):
        source = file.read_text(encoding="utf-8")
        lines = source.split("\n")
        relative = file.relative_to(ROOT).as_posix()
        for number, length in too_long(source):
            found.append((relative, number, length, lines[number - 1].strip()))
    if argv == ["--write-baseline"]:
        BASELINE.write_text(
            "# Template lines over 120 characters that scripts/check_templates.py\n"
            "# lets pass until they change (file, tab, the line without its\n"
            "# indentation).\n"
            "# Wrap or rewrite them and delete them here; never add to this list.\n"
            + "".join(f"{file}\t{content}\n" for file, _n, _l, content in found),
            encoding="utf-8",
        )
        return 0
    known = read_baseline()
    failures = [
        f"{file}:{number}: {length} characters (at most {MAX_LENGTH})"
        for file, number, length, content in found
        if (file, content) not in known
    ]
    current = {(file, content) for file, _n, _l, content in found}
    failures += [
        f"{file}: a line listed in {BASELINE.name} is gone or short now: "
        f"delete it from the list ({content[:60]}…)"
        for file, content in sorted(known - current)
    ]
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(
            f"{len(failures)} problems with template line lengths: break lines between "
            "attributes or at spaces between tags, never inside translatable text, "
            "<pre> or <textarea> (scripts/wrap_templates.py does what is safe).",
            file=sys.stderr,
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
