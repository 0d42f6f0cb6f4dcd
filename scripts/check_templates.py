"""No template line over 120 characters (part of `make lint`).

Translatable text does not count towards the length: the string of
``{% translate "…" %}``, the body of ``{% blocktranslate %}…{% endblocktranslate %}``
and a ``_("…")`` string in any tag or variable are message ids, and a Django tag
cannot span lines, so that text stays whole on one line. Everything else
(attributes, markup, other tags) wraps.

To shorten a line without changing what the page shows: break between the
attributes of a start tag; break where whitespace already is, next to a tag (never
between two words of a phrase); break at the start or end of a block's content
(p, li, td, dd, div, a heading), where whitespace does not show; compute a long
``{% url %}`` on a line of its own with ``as name``; give a blocktranslate's long
arguments from a ``{% with %}`` at the start of the block; let an ``{% if %}`` choose
a whole attribute rather than part of its value. Never inside ``<pre>``,
``<textarea>``, ``<script>``, a blocktranslate body or a title block.

Not checked:
- ``templates/gds/``: byte-for-byte copies of the crispy-forms-gds package's
  templates (tests/test_form_templates.py compares them with the package), so they
  keep the package's lines.
- ``*.txt`` (plain-text e-mails): a line break there is a line break in the e-mail.

Usage: ``python scripts/check_templates.py``. Exits 1 and lists the lines if any is
too long.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.template.base import DebugLexer, TokenType

ROOT = Path(__file__).resolve().parent.parent
MAX_LENGTH = 120
SKIPPED_FOLDERS = ("templates/gds",)
SKIPPED_SUFFIXES = (".txt",)
_STRING = re.compile(r"""_?\(?("[^"]*"|'[^']*')""")
_TRANSLATE = re.compile(r"(translate|trans)\s")
_BLOCKTRANSLATE = re.compile(r"(blocktranslate|blocktrans)\b")
_ENDBLOCKTRANSLATE = re.compile(r"(endblocktranslate|endblocktrans)\b")
_TAGS = (TokenType.BLOCK, TokenType.VAR)
_GETTEXT = re.compile(r"""\b_\(("[^"]*"|'[^']*')\)""")


def translatable(source: str) -> list[bool]:
    """For each character of ``source``, whether it is translatable text."""
    marked = [False] * len(source)
    body_start: int | None = None
    for token in DebugLexer(source).tokenize():
        if token.position is None or token.token_type not in _TAGS:
            continue
        start, end = token.position
        for message in _GETTEXT.finditer(source, start, end):
            first, last = message.span(1)
            marked[first + 1 : last - 1] = [True] * (last - first - 2)
        if token.token_type is not TokenType.BLOCK:
            continue
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


def main(argv: list[str]) -> int:
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    failures = []
    for file in templates(default_folders()):
        relative = file.relative_to(ROOT).as_posix()
        for number, length in too_long(file.read_text(encoding="utf-8")):
            failures.append(
                f"{relative}:{number}: {length} characters (at most {MAX_LENGTH})"
            )
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(
            f"{len(failures)} template lines are too long: see the docstring of "
            "scripts/check_templates.py for where a line can break.",
            file=sys.stderr,
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
