"""Hostile data: every text field of every row of our apps filled with template and
HTML payloads, and checks that an output shows them as text and never runs them.

``fill()`` walks ``apps.get_models()`` (every model of our apps, history models
included, so a new model is covered by itself) and gives every ``CharField`` and
``TextField`` of every row a value made of a short unique marker and payloads::

    hx00a7{{ 7|add:7 }}{% now "Y" %}<svg onload=alert(1)>"'><b>x</b>

cut to the field's ``max_length``. Fields that must stay valid (choices, slugs,
e-mail addresses, tokens, hashes, keys) are skipped by a rule or listed in
``SKIPPED`` with the reason; a blank field that a check constraint names stays
blank. Text that other rows refer to by value (a question's
choices, a demographic value's label) is renamed the same way everywhere it is
referred to (answers, tallies, "only ask if" answers, selection quotas), so the
data stays consistent. Every ``JSONField`` is either filled by a rule in
``JSON_FIELDS`` or listed there as holding no text people see; a new one fails
``test_every_field_has_a_rule`` until it is given one.

The checks (``check_html``, ``check_text``) find each marker in an output and
require what follows it to be the stored text (or the start of it, when a page
shortens it): a template run (``14``, the year) or an HTML entity in plain text
breaks that. HTML is parsed, and no element or attribute may come from a payload.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote_plus

from django.apps import apps
from django.db import models

from tests.inventory import PROJECT_PACKAGES

#: The payloads, in the order they are put after a marker.
PIECES = (
    "{{ 7|add:7 }}",
    '{% now "Y" %}',
    "<svg onload=alert(1)>",
    "\"'><b>x</b>",
)
PAYLOAD = "".join(PIECES)
#: Markers: "hx" and four base-36 digits; what follows one in an output is checked.
MARKER = re.compile(r"hx[0-9a-z]{4}")
#: What a payload looks like once run: the sum, or this year from {% now "Y" %}.
RAN = re.compile(r"hx[0-9a-z]{4}(?:14|\d{4})")

#: Fields a rule cannot tell apart that must keep their value, with why.
SKIPPED: dict[str, str] = {
    "accounts.User.password": "a password hash: sign-in must keep working",
    "surveys.Survey.token": "the token in the survey's public link",
    "surveys.Ballot.token": "the token in the ballot's public link",
    "panels.Panel.invitation_token": "the token in a panel's invitation link",
    "panels.CalendarFeed.token": "the token in a person's calendar feed address",
    "surveys.BallotCode.code_hash": "a keyed hash of a voting code",
    "surveys.InvitationCode.code_hash": "a keyed hash of an invitation code",
    "surveys.Response.ip_hash": "a keyed hash, never shown",
    "reports.Report.fingerprint": "a hash of the report, never shown",
    "notifications.Notice.key": "the key that stops one event being sent twice",
    "surveys.Tally.key": "the answer a tally counts: renamed with the choices",
    "surveys.Question.show_if_answer": "must equal a choice: renamed with them",
    "pages.FallbackCacheEntry.cache_key": "the key (and primary key) of a cache entry",
    "pages.FallbackCacheEntry.value": "a cached value, read only by the cache",
}

#: Rows whose text the code looks up by value, with why.
KEPT_ROWS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "panels.DemographicCategory.name": (
        lambda row: row.name == "Area",
        "the code finds the areas by this category's name",
    ),
}

#: Field classes skipped whatever their name, with why.
SKIPPED_CLASSES: dict[type[models.Field[Any, Any]], str] = {
    models.EmailField: "an e-mail address: sign-in and sending must keep working",
    models.SlugField: "a slug in web addresses",
    models.URLField: "a web address",
}

#: History records: who and why a change was made is ours to write, not typed.
HISTORY_FIELDS = {"history_type", "history_change_reason"}


@dataclass
class Hostile:
    """What ``fill`` did: each marker's full stored value, and where it went."""

    values: dict[str, str] = field(default_factory=dict)
    where: dict[str, set[str]] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    kinds: dict[int, dict[str, str]] = field(default_factory=dict)
    #: The fields (``app.Model.field``) filled with payloads.
    field_places: set[str] = field(default_factory=set)
    _count: int = 0

    def text(self, place: str, max_length: int | None = None) -> str:
        """A new marker followed by as many payloads as fit in ``max_length``."""
        marker = f"hx{_base36(self._count):0>4}"
        self._count += 1
        room = None if max_length is None else max_length - len(marker)
        payload = _fit(room, self._count)
        value = marker + payload
        self.values[marker] = value
        self.where.setdefault(marker, set()).add(place)
        return value

    def rename(self, old: str, place: str, max_length: int | None = None) -> str:
        """The hostile text standing for ``old`` everywhere it is referred to."""
        if old not in self.renamed:
            self.renamed[old] = self.text(place, max_length)
        else:
            self.where[self.renamed[old][:6]].add(place)
        return self.renamed[old]

    def renamed_value(self, value: Any) -> Any:
        """``value`` with every string (and key) that was renamed, renamed."""
        if isinstance(value, str):
            return self.renamed.get(value, value)
        if isinstance(value, list):
            return [self.renamed_value(v) for v in value]
        if isinstance(value, dict):
            return {
                self.renamed_value(k): self.renamed_value(v) for k, v in value.items()
            }
        return value

    def place_of(self, marker: str) -> str:
        return ", ".join(sorted(self.where.get(marker, {"?"})))


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _fit(room: int | None, turn: int) -> str:
    """The payloads that fit in ``room`` characters, starting from a different one
    each time so that short fields between them get every kind."""
    if room is None or room >= len(PAYLOAD):
        return PAYLOAD
    chosen = ""
    for step in range(len(PIECES)):
        piece = PIECES[(turn + step) % len(PIECES)]
        if len(chosen) + len(piece) <= room:
            chosen += piece
    return chosen


# ------------------------------------------------------------------ which fields


def our_models() -> list[type[models.Model]]:
    """Every model of our apps, history models included."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.split(".")[0] in PROJECT_PACKAGES
    ]


def label(model: type[models.Model], name: str) -> str:
    return f"{model._meta.label}.{name}"


def _base_label(model: type[models.Model], name: str) -> str:
    """A history model's field under its tracked model's name, so the rules for
    ``cycles.Cycle.title`` cover ``cycles.HistoricalCycle.title`` too."""
    instance = getattr(model, "instance_type", None)
    return label(instance if instance is not None else model, name)


def text_fields(
    model: type[models.Model],
) -> tuple[list[models.Field[Any, Any]], dict[str, str]]:
    """The model's text fields to fill, and the ones skipped with why."""
    filled: list[models.Field[Any, Any]] = []
    skipped: dict[str, str] = {}
    for f in model._meta.concrete_fields:
        if not isinstance(f, models.CharField | models.TextField):
            continue
        name = label(model, f.name)
        base = _base_label(model, f.name)
        reason = next(
            (why for cls, why in SKIPPED_CLASSES.items() if isinstance(f, cls)), None
        )
        if reason is None and f.choices:
            reason = "one of fixed choices"
        if reason is None and f.name in HISTORY_FIELDS:
            reason = "written by the history records, not typed"
        reason = reason or SKIPPED.get(base)
        if reason is not None:
            skipped[name] = reason
        else:
            filled.append(f)
    return filled, skipped


def constrained_fields(model: type[models.Model]) -> set[str]:
    """Fields a check constraint of the model names: where one is blank, blank
    means something (a board decided, not a person), so it stays blank."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, tuple):
            names.add(node[0].split("__")[0])
        elif hasattr(node, "children"):
            for child in node.children:
                walk(child)

    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            walk(constraint.condition)
    return names


# ---------------------------------------------------------------- JSON fields


def _risk_scales(hostile: Hostile, place: str, value: Any, row: Any) -> Any:
    return {
        scale: [hostile.text(place, 100) for _n in range(5)]
        for scale in ("likelihood", "impact")
    }


def _options(hostile: Hostile, place: str, value: Any, row: Any) -> Any:
    return [hostile.rename(str(option), place, 120) for option in value or []]


def _answers(hostile: Hostile, place: str, value: Any, row: Any) -> Any:
    """Written answers become payloads; choices follow their renamed labels."""
    from surveys.models import Kind

    kinds = hostile.kinds.get(row.survey_id)
    if kinds is None:
        kinds = hostile.kinds[row.survey_id] = _question_kinds(row.survey_id)
    answers = {}
    for name, given in (value or {}).items():
        kind = kinds.get(name.removesuffix("_other"))
        written = name.endswith("_other") or kind in {Kind.SHORT_TEXT, Kind.LONG_TEXT}
        if written and isinstance(given, str) and given:
            answers[name] = hostile.text(place, 300)
        else:
            answers[name] = hostile.renamed_value(given)
    return answers


def _question_kinds(survey_id: int) -> dict[str, str]:
    from surveys.models import Question

    return {
        f"q{pk}": kind
        for pk, kind in Question.objects.filter(survey_id=survey_id).values_list(
            "pk", "kind"
        )
    }


def _renamed(hostile: Hostile, place: str, value: Any, row: Any) -> Any:
    return hostile.renamed_value(value)


def _messages(hostile: Hostile, place: str, value: Any, row: Any) -> Any:
    return [hostile.text(place) for _m in value or []]


def _kept(hostile: Hostile, place: str, value: Any, row: Any) -> Any:
    return value


def _labels(hostile: Hostile, place: str, value: Any, row: Any) -> Any:
    return [hostile.text(place, 60) for _n in range(2)]


def _written_down(hostile: Hostile, place: str, value: Any, row: Any) -> Any:
    """What a Pabulib file said (META, or of a voter), under its usual keys."""
    return {key: hostile.text(place, 80) for key in ("district", "language")}


def _translations(hostile: Hostile, place: str, value: Any, row: Any) -> Any:
    """A survey's, question's or panel's text in other languages (django-modeltrans):
    every translation a payload, choices a list of them."""
    return {
        key: [hostile.text(place, 120) for _o in given]
        if isinstance(given, list)
        else hostile.text(place, 300)
        for key, given in (value or {}).items()
    }


def _welsh_of(*fields: str) -> Callable[[Hostile, str, Any, Any], Any]:
    """Every piece written in Welsh too, in every row (the demo's Lambeth rows
    the crawl opens as well as the Welsh council's), each a payload; no English
    it was written from is kept, so none is out of date."""

    def fill(hostile: Hostile, place: str, value: Any, row: Any) -> Any:
        return {f"{field}_cy": hostile.text(place, 300) for field in fields}

    return fill


def _fixed_words(hostile: Hostile, place: str, value: Any, row: Any) -> Any:
    """The organisation's fixed words of surveys in each of its languages (and in
    Welsh and Arabic besides, whether chosen or not): every word a payload."""
    from cocommission.organisations.fixed_words import FIXED_WORDS, MAX_LENGTH

    languages = {*(getattr(row, "content_languages", None) or []), "cy", "ar"}
    return {
        lang: {word: hostile.text(place, MAX_LENGTH) for word in FIXED_WORDS}
        for lang in sorted(languages)
    }


#: Every JSONField: how its values are filled (or why they are kept).
JSON_FIELDS: dict[str, tuple[Callable[[Hostile, str, Any, Any], Any], str]] = {
    "organisations.Organisation.risk_scales": (
        _risk_scales,
        "the organisation's names for the five risk levels: payloads",
    ),
    "organisations.Organisation.content_languages": (_kept, "language codes"),
    "organisations.Organisation.required_languages": (_kept, "language codes"),
    "organisations.Organisation.fixed_words": (
        _fixed_words,
        "the organisation's fixed words of surveys in its languages: payloads",
    ),
    "surveys.Survey.i18n": (_translations, "the survey's text in other languages"),
    "cycles.Cycle.i18n": (
        _welsh_of("title", "problem_statement", "population_served"),
        "a cycle's public text in Welsh",
    ),
    "cycles.Decision.i18n": (
        _welsh_of("title", "decided", "rationale"),
        "a decision's text in Welsh",
    ),
    "surveys.Question.i18n": (
        _translations,
        "a question's text, hint and choices in other languages",
    ),
    "governance.Charter.i18n": (
        _welsh_of("text"),
        "a charter version's text in other languages",
    ),
    "governance.GovernancePrinciple.i18n": (
        _welsh_of("name", "description"),
        "a principle's name and description in other languages",
    ),
    "governance.PrincipleCriterion.i18n": (
        _welsh_of("question"),
        "a principle's assessment question in other languages",
    ),
    "surveys.Ballot.i18n": (
        _welsh_of("title", "description"),
        "a ballot's text in Welsh, written in every ballot",
    ),
    "surveys.BallotOption.i18n": (
        _welsh_of("title", "description"),
        "a ballot option's title and description in other languages",
    ),
    "panels.Panel.i18n": (
        _welsh_of("name", "purpose", "commitment"),
        "a panel's name, purpose and commitment in other languages",
    ),
    "surveys.Question.options": (
        _options,
        "a question's choices (a matrix's statements): payloads, renamed wherever "
        "answers, tallies and conditions refer to them",
    ),
    "surveys.Response.answers": (
        _answers,
        "written answers get payloads; chosen answers follow the renamed choices",
    ),
    "surveys.Draft.answers": (
        _answers,
        "written answers get payloads; chosen answers follow the renamed choices",
    ),
    "panels.Selection.quotas": (
        _renamed,
        "the quotas a draw met, by category name and value label: renamed",
    ),
    "panels.Selection.left_out": (
        _renamed,
        "people left out per category name: renamed",
    ),
    "panels.Selection.problems": (_messages, "why a draw failed: payloads"),
    "panels.Selection.chances": (
        _renamed,
        "each group's chance, by category name and value label: renamed",
    ),
    "panels.Selection.snapshot": (
        _renamed,
        "what a draw used: category names, value labels and ids: renamed",
    ),
    "outcomes.OutcomePathway.contributions": (_kept, "codes of fixed choices"),
    "outcomes.Outcome.value_types": (_kept, "codes of fixed choices"),
    "surveys.Ballot.imported_meta": (
        _written_down,
        "an imported Pabulib file's META section: payloads",
    ),
    "surveys.BallotImport.problems": (_messages, "why a Pabulib file was refused"),
    "surveys.BallotOption.categories": (_labels, "an imported project's categories"),
    "surveys.BallotOption.targets": (_labels, "the groups an imported project is for"),
    "surveys.Vote.voter_data": (
        _written_down,
        "what an imported Pabulib file says of a voter: payloads",
    ),
    "governance.GovernanceAssessment.answers": (_kept, "scores by question id"),
    "webhooks.Endpoint.events": (_kept, "codes of fixed choices"),
    "cycles.Need.ways_to_meet": (_kept, "codes of fixed choices"),
    "contracts.CoAssessmentReport.ratings": (_kept, "scores by fixed criterion code"),
    "panels.Profile.availability": (_kept, "codes of fixed choices"),
    "panels.Profile.access_needs": (_kept, "codes of fixed choices"),
    "surveys.BallotCount.outcome": (
        _kept,
        "votes and both rules' outcomes by option id: numbers and codes",
    ),
}

#: Models filled first: the text others refer to by value.
FIRST = ("panels.DemographicCategory", "panels.CategoryValue", "surveys.Question")


def _json_fields(model: type[models.Model]) -> list[models.JSONField[Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]


def unruled_json_fields() -> list[str]:
    """JSON fields with no rule in JSON_FIELDS (none, or the test fails)."""
    return [
        _base_label(model, f.name)
        for model in our_models()
        for f in _json_fields(model)
        if _base_label(model, f.name) not in JSON_FIELDS
    ]


def fill() -> Hostile:
    """Fill the text of every row of our apps with payloads (see the module)."""
    hostile = Hostile()
    ordered = sorted(
        our_models(),
        key=lambda m: (
            m._meta.label not in FIRST,
            FIRST.index(m._meta.label) if m._meta.label in FIRST else 0,
            m._meta.label,
        ),
    )
    referred = {"panels.DemographicCategory.name", "panels.CategoryValue.label"}
    for model in ordered:
        fields, skipped = text_fields(model)
        hostile.skipped.update(skipped)
        jsons = _json_fields(model)
        if not fields and not jsons:
            continue
        rows = list(model._base_manager.order_by("pk"))
        constrained = constrained_fields(model)
        for name in sorted(constrained & {f.name for f in fields}):
            hostile.skipped[f"{label(model, name)} (where blank)"] = (
                "a check constraint gives blank a meaning"
            )
        for row in rows:
            for f in fields:
                base = _base_label(model, f.name)
                kept = KEPT_ROWS.get(base)
                if kept is not None and kept[0](row):
                    continue
                old = getattr(row, f.attname)
                if f.name in constrained and not old:
                    continue
                place = label(model, f.name)
                hostile.field_places.add(place)
                if base in referred and old:
                    new = hostile.rename(old, place, f.max_length)
                else:
                    new = hostile.text(place, f.max_length)
                setattr(row, f.attname, new)
            for f in jsons:
                rule, _why = JSON_FIELDS[_base_label(model, f.name)]
                place = label(model, f.name)
                if rule is not _kept:
                    hostile.field_places.add(place)
                setattr(
                    row, f.attname, rule(hostile, place, getattr(row, f.attname), row)
                )
        names = [f.name for f in fields] + [f.name for f in jsons]
        model._base_manager.bulk_update(rows, names, batch_size=500)
    for base, (_rule, why) in KEPT_ROWS.items():
        hostile.skipped[f"{base} (some rows)"] = why
    _follow_renames(hostile)
    return hostile


def _follow_renames(hostile: Hostile) -> None:
    """Text that must equal a renamed value: conditions and tallies."""
    from surveys.models import Question, Tally
    from surveys.services import matrix_key

    questions = list(Question.objects.exclude(show_if_answer=""))
    for question in questions:
        question.show_if_answer = hostile.renamed.get(
            question.show_if_answer, question.show_if_answer
        )
    Question.objects.bulk_update(questions, ["show_if_answer"])
    tallies = list(Tally.objects.all())
    for tally in tallies:
        parts = tally.key.split(" :: ")
        if len(parts) == 2:
            tally.key = matrix_key(
                hostile.renamed.get(parts[0], parts[0]),
                hostile.renamed.get(parts[1], parts[1]),
            )
        else:
            tally.key = hostile.renamed.get(tally.key, tally.key)
    Tally.objects.bulk_update(tallies, ["key"], batch_size=500)


# ----------------------------------------------------------------------- checks


@dataclass
class Problem:
    output: str
    what: str

    def __str__(self) -> str:
        return f"{self.output}: {self.what}"


@dataclass
class Seen:
    """What the checks found across outputs."""

    markers: set[str] = field(default_factory=set)
    outputs: int = 0
    outputs_with_markers: int = 0
    problems: list[Problem] = field(default_factory=list)


def _follows(expected: str, shown: str, *, squash: bool) -> bool:
    """``shown`` is the stored text, or its start (pages may shorten text and end
    it with an ellipsis). ``squash`` ignores white space (PDF lines wrap)."""
    if squash:
        expected = re.sub(r"\s+", "", expected)
        shown = re.sub(r"\s+", "", shown)
    shown = shown.split("…", 1)[0]
    cut = shown[: len(expected)]
    return expected.startswith(cut)


def check_text(
    hostile: Hostile,
    seen: Seen,
    output: str,
    texts: Iterable[str],
    *,
    squash: bool = False,
    lines: bool = False,
) -> None:
    """Plain text (an e-mail, a CSV cell, a PDF line): after each marker comes the
    stored text as it is: not run, no HTML entities. ``lines`` checks each line on
    its own (PDF text runs table cells side by side)."""
    seen.outputs += 1
    found = False
    for text in texts:
        chunks = text.splitlines() if lines else [text]
        for chunk in chunks:
            for match in MARKER.finditer(chunk):
                marker = match.group(0)
                expected = hostile.values.get(marker)
                if expected is None:
                    continue
                found = True
                seen.markers.add(marker)
                shown = chunk[match.start() : match.start() + len(expected) + 20]
                if not _follows(expected, shown, squash=squash):
                    seen.problems.append(
                        Problem(
                            output,
                            f"{hostile.place_of(marker)} shows as {shown!r}, "
                            f"stored as {expected!r}",
                        )
                    )
    seen.outputs_with_markers += found


def url_decoded(value: str) -> str:
    """A web address as the text it carries: a search for a payload is linked to
    with the payload percent-encoded, which is not it being run."""
    # A link may carry a web address inside another (the language links' next),
    # encoded once for each: decode until nothing changes.
    for _ in range(5):
        decoded = unquote_plus(value)
        if decoded == value:
            break
        value = decoded
    return value


class _Page(HTMLParser):
    """The text, attribute values, elements and attributes of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.attribute_values: list[str] = []
        #: (tag, attributes, (line, column) in the source)
        self.elements: list[tuple[str, dict[str, str | None], tuple[int, int]]] = []
        self._open: list[str] = []
        self._bold_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), self.getpos()))
        for name, value in attrs:
            if value:
                url = name in {"href", "src", "action", "formaction", "hx-get"}
                self.attribute_values.append(url_decoded(value) if url else value)
        if tag == "b":
            self._bold_text.append("")
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "b" and self._bold_text:
            text = self._bold_text.pop()
            self.elements.append(("/b", {"text": text}, self.getpos()))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._bold_text:
            self._bold_text[-1] += data


def check_html(hostile: Hostile, seen: Seen, output: str, document: str) -> None:
    """An HTML document: no element or attribute came from a payload, the payloads
    are escaped in the source, and after each marker comes the stored text."""
    page = _Page()
    page.feed(document)
    page.close()
    lines = document.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def near(position: tuple[int, int]) -> str:
        """The field whose payload is just before this point of the source."""
        offset = starts[position[0] - 1] + position[1]
        before = list(MARKER.finditer(document, 0, offset))
        return hostile.place_of(before[-1].group(0)) if before else "?"

    found: set[str] = set()
    for tag, attrs, position in page.elements:
        handlers = [name for name in attrs if name.lower().startswith("on")]
        if handlers:
            found.add(f"<{tag} {' '.join(handlers)}> after {near(position)}")
        if tag == "/b" and attrs.get("text") == "x":
            found.add(f"a <b>x</b> element after {near(position)}")
    for raw in ("<svg onload", "<b>x</b>"):
        if raw in document:
            found.add(f"{raw!r} unescaped in the source")
    ran = RAN.search(html_lib.unescape(document))
    if ran:
        found.add(
            f"a payload ran: {ran.group(0)} ({hostile.place_of(ran.group(0)[:6])})"
        )
    seen.problems.extend(Problem(output, what) for what in sorted(found))
    check_text(hostile, seen, output, page.texts + page.attribute_values)
