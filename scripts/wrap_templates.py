"""Wrap template lines over 120 characters where the whitespace added cannot show.

Run it after djade, then djade again (it names the end tags of blocks that now span
lines), until neither changes anything; `scripts/check_templates.py` lists what is
left. Usage: ``python scripts/wrap_templates.py FILE ...``.

A line is broken only:
- between the attributes of an HTML start tag (outside quotes and Django tags);
- at whitespace already in the text, next to markup or a Django tag (never between
  two words of prose, which tests and people search for whole);
- at the edge of a block box: the start or end of a p, td, li, div... content,
  before or after a block element, or next to {% if %}/{% else %}/{% endif %} that
  only such tags and whitespace separate from that edge. CSS removes whitespace at
  the start and end of a line, so none of these shows.

Never inside a Django tag (it cannot span lines), a quoted attribute value, a
blocktranslate body (its msgid), an HTML comment, pre/textarea/script/style, or a
title block. List items of inline lists (app-row-actions, app-inline-list are
inline-block) and elements with an "inline" class only break inside their content.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from django.template.base import DebugLexer, TokenType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.check_templates import MAX_LENGTH, translatable  # noqa: E402

RAW = ("pre", "textarea", "script", "style")
# Elements whose content edges and outside edges are line starts or ends.
BLOCK = {
    "html",
    "body",
    "div",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "fieldset",
    "legend",
    "section",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "article",
    "blockquote",
    "figure",
    "figcaption",
    "hr",
    "br",
}
VOID = {"br", "hr", "img", "input", "meta", "link"}
# Which break to prefer within the line length: before/after a block element, then
# existing whitespace, then a content edge, then between attributes.
PRIORITY = {"B": 4, "T": 3, "S": 2, "A": 1}
_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_TITLE = re.compile(r"\{% block (head_)?title %\}")


_OPENING = re.compile(r"\{%\s*(if|for|with)\b")
_CLOSING = re.compile(r"\{%\s*(endif|endfor|endwith)\b")


def _inside_condition(src: str, start: int, i: int) -> bool:
    """Whether ``i`` lies inside an {% if %}/{% for %}/{% with %} opened after
    ``start``."""
    text = src[start:i]
    return len(_OPENING.findall(text)) > len(_CLOSING.findall(text))


class _Scan:
    """The kind of each character of a template, and where a break may be added.

    Kinds: D Django token, X translatable text, Q quoted attribute value, R raw
    element content, A whitespace between attributes, T whitespace in text, N other.
    """

    def __init__(self, src: str) -> None:
        self.src = src
        self.kind = ["N"] * len(src)
        self.edges: dict[int, str] = {}  # position -> "S" or "B"
        self.back: set[int] = set()  # what is just before is a line start
        self.fwd: set[int] = set()  # what comes next is a line end
        self._mark_django()
        self._walk_html()
        self._control_points()
        self.breaks = {
            p: k
            for p, k in self.edges.items()
            if 0 < p < len(src)
            and self.kind[p - 1] not in "XRQ"
            and self.kind[p] not in "XRQ"
            and not src[p - 1].isspace()
            and not src[p].isspace()
        }

    def _mark_django(self) -> None:
        self.tokens = DebugLexer(self.src).tokenize()
        for token in self.tokens:
            if token.token_type is not TokenType.TEXT and token.position:
                start, end = token.position
                self.kind[start:end] = ["D"] * (end - start)
        for i, marked in enumerate(translatable(self.src)):
            if marked and self.kind[i] != "D":
                self.kind[i] = "X"

    def _edge(
        self, name: str, opener: str, closing: bool, start: int, end: int
    ) -> None:
        if name not in BLOCK or "inline" in opener or "actions-list-item" in opener:
            return
        if name == "br":
            self.edges[start], self.edges[end] = "S", "B"
            self.fwd.add(start)
            self.back.add(end)
        elif not closing:
            self.edges.setdefault(end, "S")  # start of its content
            self.back.add(end)
            if name != "li":
                self.edges[start] = "B"  # before a block box
                self.fwd.add(start)
        else:
            self.edges.setdefault(start, "S")  # end of its content
            self.fwd.add(start)
            if name != "li":
                self.edges[end] = "B"  # after a block box
                self.back.add(end)

    def _walk_html(self) -> None:
        src, kind, n = self.src, self.kind, len(self.src)
        state, quote, tag_start = "TEXT", "", 0
        raw_name: str | None = None
        open_tags: list[tuple[str, str]] = []
        i = 0
        while i < n:
            if kind[i] == "D":
                i += 1
                continue
            c = src[i]
            if state == "TEXT":
                if src.startswith("<!--", i):
                    state, i = "COMMENT", i + 4
                    continue
                found = _NAME.match(src, i)
                if found:
                    state, tag_start = "TAG", i
                    raw_name = None if found.group(1) else found.group(2).lower()
                    i = found.end()
                    # Keep `<name first-attribute` together: tests look for
                    # `<fieldset class="govuk-fieldset"`.
                    while i < n and src[i].isspace():
                        i += 1
                    continue
                if c.isspace() and kind[i] == "N":
                    kind[i] = "T"
                i += 1
            elif state == "COMMENT":
                if src.startswith("-->", i):
                    state, i = "TEXT", i + 3
                    continue
                i += 1
            elif quote:
                if c == quote:
                    quote = ""
                if kind[i] == "N":
                    kind[i] = "Q"
                i += 1
            elif c in "\"'":
                quote, kind[i] = c, "Q"
                i += 1
            elif c == ">":
                state = "TEXT"
                whole = src[tag_start : i + 1]
                found = _NAME.match(whole)
                name = found.group(2).lower() if found else ""
                closing = whole.startswith("</")
                opener = whole if not closing else ""
                if not closing and name not in VOID:
                    open_tags.append((name, whole))
                elif closing:
                    for k in range(len(open_tags) - 1, -1, -1):
                        if open_tags[k][0] == name:
                            opener = open_tags[k][1]
                            del open_tags[k:]
                            break
                self._edge(name, opener, closing, tag_start, i + 1)
                if raw_name in RAW:
                    end = re.compile(rf"</{raw_name}\s*>", re.I).search(src, i + 1)
                    stop = end.start() if end else n
                    for j in range(i + 1, stop):
                        if kind[j] == "N":
                            kind[j] = "R"
                    i = stop
                    continue
                i += 1
            else:
                # Not inside a condition in the tag: `{% if x %} selected{% endif %}`
                # renders ` selected`, which tests match with the attribute before it.
                if (
                    c.isspace()
                    and kind[i] == "N"
                    and not _inside_condition(src, tag_start, i)
                ):
                    kind[i] = "A"
                i += 1

    def _control_points(self) -> None:
        """Positions next to {% if %}/{% else %}/{% endif %}/{% with %} where, in
        every rendering that reaches them, only such tags and whitespace lie between
        them and the edge of a block box."""
        src = self.src
        tokens = [
            t for t in self.tokens if t.token_type is TokenType.BLOCK and t.position
        ]
        spans = [t.position or (0, 0) for t in tokens]
        by_start = {s: k for k, (s, _e) in enumerate(spans)}
        by_end = {e: k for k, (_s, e) in enumerate(spans)}
        word = [(t.contents.split() or [""])[0] for t in tokens]
        opener: dict[int, int] = {}
        endif: dict[int, int] = {}
        stack: list[list[int]] = []
        for k, w in enumerate(word):
            if w == "if":
                stack.append([k])
            elif w in ("elif", "else") and stack:
                stack[-1].append(k)
            elif w == "endif" and stack:
                group = stack.pop()
                for m in group:
                    endif[m], opener[m] = k, group[0]
                opener[k] = group[0]

        self._spans, self._word = spans, word
        self._by_start, self._by_end = by_start, by_end
        self._opener, self._endif = opener, endif
        for span in spans:
            for q in span:
                if (
                    q not in self.edges
                    and 0 < q < len(src)
                    and (self.backward(q) or self.forward(q))
                ):
                    self.edges[q] = "S"

    def backward(self, q: int) -> bool:
        """Whether, going back from ``q`` past whitespace and {% if %}-like tags
        only, every rendering reaches a line start."""
        src, kind, spans, word = self.src, self.kind, self._spans, self._word
        while q not in self.back:
            if q > 0 and src[q - 1].isspace() and kind[q - 1] == "T":
                q -= 1
                continue
            k = self._by_end.get(q)
            if k is None:
                return False
            if word[k] in ("if", "with"):
                q = spans[k][0]
            elif word[k] in ("elif", "else") and k in self._opener:
                q = spans[self._opener[k]][0]
            else:
                return False
        return True

    def forward(self, q: int) -> bool:
        """Whether, going on from ``q`` past whitespace and {% endif %}-like tags
        only, every rendering reaches a line end."""
        src, kind, spans, word = self.src, self.kind, self._spans, self._word
        while q not in self.fwd:
            if q < len(src) and src[q].isspace() and kind[q] == "T":
                q += 1
                continue
            k = self._by_start.get(q)
            if k is None:
                return False
            if word[k] in ("endif", "endwith"):
                q = spans[k][1]
            elif word[k] in ("elif", "else") and k in self._endif:
                q = spans[self._endif[k]][1]
            else:
                return False
        return True


def _runs(line: str, lo: int, scan: _Scan, indent: int) -> list[tuple[int, int, str]]:
    """Where ``line`` (at ``lo`` in the file) may break: (start, end, kind)."""
    runs = []
    j = indent
    while j < len(line):
        k = scan.kind[lo + j]
        if k not in "AT" or not line[j].isspace():
            j += 1
            continue
        e = j
        while e < len(line) and line[e].isspace() and scan.kind[lo + e] == k:
            e += 1
        # Whitespace in text only where it already starts or ends a rendered line:
        # elsewhere tests and people read it as one space ("Phase changed").
        if k == "A" or scan.backward(lo + j) or scan.forward(lo + e):
            runs.append((j, e, k))
        j = e
    runs += [
        (p - lo, p - lo, k)
        for p, k in scan.breaks.items()
        if lo + indent < p < lo + len(line)
    ]
    return sorted(runs)


def wrap(src: str) -> tuple[str, int]:
    """``src`` with its long lines wrapped, and how many were."""
    scan = _Scan(src)
    mask = translatable(src)
    out: list[str] = []
    offset = changed = 0
    for line in src.split("\n"):
        lo = offset
        offset += len(line) + 1

        def counted(a: int, b: int, lo: int = lo) -> int:
            return (b - a) - sum(mask[lo + a : lo + b])

        if counted(0, len(line)) <= MAX_LENGTH or _TITLE.search(line):
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        runs = _runs(line, lo, scan, len(indent))
        pieces: list[str] = []
        seg_start, prefix, ri = 0, "", 0
        while runs and len(prefix) + counted(seg_start, len(line)) > MAX_LENGTH:
            best = first_after = None
            for run in runs[ri:]:
                if run[0] <= seg_start:
                    continue
                if len(prefix) + counted(seg_start, run[0]) <= MAX_LENGTH:
                    if best is None or PRIORITY[run[2]] >= PRIORITY[best[2]]:
                        best = run
                else:
                    first_after = run
                    break
            choice = best or first_after
            if choice is None:
                break
            s, e, k = choice
            pieces.append(prefix + line[seg_start:s])
            prefix = indent + ("    " if k == "A" else "  ")
            if k == "S" and line[s:].lstrip().startswith("</"):
                prefix = indent
            seg_start, ri = e, runs.index(choice) + 1
        pieces.append(prefix + line[seg_start:])
        changed += len(pieces) > 1
        out.extend(pieces)
    return "\n".join(out), changed


def main(argv: list[str]) -> int:
    total = 0
    for name in argv:
        path = Path(name)
        source = path.read_text(encoding="utf-8")
        wrapped, changed = wrap(source)
        if wrapped != source:
            path.write_text(wrapped, encoding="utf-8")
            total += changed
    print(f"{total} lines wrapped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
