"""Pabulib ``.pb`` files, both ways (https://pabulib.org/format).

A ``.pb`` file has three sections, META (``key;value``), PROJECTS and VOTES, each a
title line, a header line and rows, written as CSV with ``;`` between fields and
``"`` around any field holding a ``;``, a quote or a line break. We write with
Python's ``csv`` module and read the same way, so any title comes back as it was
(apart from spaces at either end, which the format does not keep).

``parse_pabulib`` reads a whole file into plain data, or refuses it with the
problems found, each with its line number; it never returns part of a file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

VOTE_TYPES = ("approval", "ordinal", "cumulative", "scoring", "choose-1")
#: META keys the format requires (the dates only in recent files, so not here).
REQUIRED_META = (
    "description",
    "country",
    "unit",
    "instance",
    "num_projects",
    "num_votes",
    "budget",
    "vote_type",
    "rule",
)
_WHOLE_META = ("num_projects", "num_votes", "min_length", "max_length")
_NUMBER_META = (
    "budget",
    "min_sum_cost",
    "max_sum_cost",
    "min_points",
    "max_points",
    "min_sum_points",
    "max_sum_points",
)
_CATEGORY_COLUMNS = ("category", "categories")
_TARGET_COLUMNS = ("target", "targets", "beneficiaries")
#: Vote types whose votes give each project a number of points.
_SCORED = ("cumulative", "scoring")
#: ASCII digits only (``\d`` would take any script's digits), and at most 30
#: characters: Python refuses to turn very long digit strings into numbers.
_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?|-?[0-9]+/0*[1-9][0-9]*")
_LONGEST_NUMBER = 30
_Fail = Callable[[int, str], None]
#: (line of the title, header, [(line, row)])
Section = tuple[int, list[str], list[tuple[int, list[str]]]]


@dataclass(frozen=True)
class PBProject:
    project_id: str
    cost: Fraction
    name: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    #: 1 selected, 0 not (Pabulib also uses 2 and 3 for special cases).
    selected: int | None = None
    #: Any other column (votes, score, latitude, ...) as written.
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PBVote:
    voter_id: str
    #: Project ids: a set's members for approval, best first for ordinal, in
    #: the file's order for cumulative and scoring.
    projects: tuple[str, ...]
    #: Points per project (cumulative and scoring votes only).
    points: tuple[Fraction, ...] | None = None
    #: Voter data (age, sex, voting_method, district, ...) as written.
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PabulibElection:
    #: Every META row, in file order, as written.
    meta: Mapping[str, str]
    projects: tuple[PBProject, ...]
    votes: tuple[PBVote, ...]

    @property
    def budget(self) -> Fraction:
        return _number(self.meta["budget"])

    @property
    def vote_type(self) -> str:
        return self.meta["vote_type"]


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)s: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


@dataclass(frozen=True)
class PabulibErrors:
    """Why a file was refused: every problem found, by line."""

    errors: tuple[RowError, ...]


def _number(text: str) -> Fraction:
    return Fraction(text.replace(",", "."))


def _is_number(text: str) -> bool:
    return len(text) <= _LONGEST_NUMBER and bool(_NUMBER.fullmatch(text))


def is_whole(text: str) -> bool:
    """A whole number written in ASCII digits, short enough to read."""
    return 0 < len(text) <= _LONGEST_NUMBER and text.isascii() and text.isdigit()


def _format_number(value: Fraction) -> str:
    """Whole numbers as they are, others as decimals when exact, else p/q."""
    if value.denominator == 1:
        return str(value.numerator)
    d = value.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    digits = abs(value.numerator) * 10**places // value.denominator
    sign = "-" if value < 0 else ""
    text = str(digits).rjust(places + 1, "0")
    return f"{sign}{text[:-places]}.{text[-places:]}"


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


#: Characters that end a line for ``str.splitlines`` (and ``\r`` for readers)
#: that the csv module, ending lines with ``\n``, would leave unquoted.
_OTHER_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


class _Writer:
    """CSV rows with ``;``; a row holding a line break the csv module would not
    quote is written fully quoted, so readers that split lines first (as
    pabutools does) still see one row."""

    def __init__(self, out: io.StringIO) -> None:
        self.plain = csv.writer(out, delimiter=";", lineterminator="\n")
        self.quoted = csv.writer(
            out, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_ALL
        )

    def writerow(self, row: Sequence[str]) -> None:
        if any(_OTHER_BREAKS.intersection(cell) for cell in row):
            self.quoted.writerow(row)
        else:
            self.plain.writerow(row)


def _project_columns(projects: Sequence[PBProject]) -> list[str]:
    """The PROJECTS header: the optional columns only when some project has them."""
    columns = ["project_id", "cost"]
    optional = {
        "name": any(p.name for p in projects),
        "category": any(p.categories for p in projects),
        "target": any(p.targets for p in projects),
        "selected": any(p.selected is not None for p in projects),
    }
    columns += [column for column, used in optional.items() if used]
    return columns + list(dict.fromkeys(k for p in projects for k in p.extra))


def _write_projects(writer: _Writer, projects: Sequence[PBProject]) -> None:
    columns = _project_columns(projects)
    writer.writerow(["PROJECTS"])
    writer.writerow(columns)
    for project in projects:
        values = {
            "project_id": project.project_id,
            "cost": _format_number(project.cost),
            "name": project.name,
            # pabutools reads an empty list as one empty category: write None.
            "category": ",".join(project.categories) or "None",
            "target": ",".join(project.targets) or "None",
            "selected": "" if project.selected is None else str(project.selected),
            **project.extra,
        }
        writer.writerow([values.get(c, "") for c in columns])


def _write_votes(writer: _Writer, votes: Sequence[PBVote]) -> None:
    extra_vote = list(dict.fromkeys(k for v in votes for k in v.extra))
    columns = ["voter_id", *extra_vote, "vote"]
    if any(v.points is not None for v in votes):
        columns.append("points")
    writer.writerow(["VOTES"])
    writer.writerow(columns)
    for vote in votes:
        values = {
            "voter_id": vote.voter_id,
            **vote.extra,
            "vote": ",".join(vote.projects),
            "points": ",".join(_format_number(p) for p in vote.points or ()),
        }
        if "points" in columns and not vote.projects:
            # pabutools reads an empty vote with points only as None.
            values["vote"] = values["points"] = "None"
        writer.writerow([values.get(c, "") for c in columns])


def write_pabulib(election: PabulibElection) -> str:
    """The election as a ``.pb`` file; ``num_projects`` and ``num_votes`` are
    counted from the data."""
    out = io.StringIO()
    writer = _Writer(out)
    meta = dict(election.meta)
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(len(election.votes))
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])
    _write_projects(writer, election.projects)
    _write_votes(writer, election.votes)
    return out.getvalue()


def parse_pabulib(text: str) -> PabulibElection | PabulibErrors:
    """Read a whole ``.pb`` file, or refuse it with every problem found."""
    errors: list[RowError] = []

    def fail(line: int, message: str) -> None:
        errors.append(RowError(line, message))

    order = ("META", "PROJECTS", "VOTES")
    sections: dict[str, Section] = {}
    current: Section | None = None
    reader = csv.reader(
        io.StringIO(text.lstrip("\ufeff"), newline=""),
        delimiter=";",
        skipinitialspace=True,
    )
    try:
        while True:
            line = reader.line_num + 1
            try:
                row = [cell.strip() for cell in next(reader)]
            except StopIteration:
                break
            if not any(row):
                continue
            title = row[0].upper()
            if title in order and not any(row[1:]):
                if title in sections:
                    fail(
                        line,
                        _("The %(section)s section appears twice.")
                        % {"section": title},
                    )
                elif title != order[len(sections)]:
                    fail(
                        line,
                        _("Sections must come in the order META, PROJECTS, VOTES."),
                    )
                current = sections[title] = (line, [], [])
            elif current is None:
                fail(line, _("The file must start with a META line."))
                break
            elif not current[1]:
                current[1].extend(row)
            else:
                current[2].append((line, row))
    except csv.Error as error:
        return PabulibErrors((RowError(reader.line_num, _("Unreadable: %s") % error),))
    for title in ("META", "PROJECTS", "VOTES"):
        if title not in sections:
            fail(1, _("The %(section)s section is missing.") % {"section": title})
    if errors:
        return PabulibErrors(tuple(errors))

    meta = _read_meta(sections["META"], fail)
    projects, refused = _read_projects(sections["PROJECTS"], fail)
    votes = _read_votes(sections["VOTES"], meta, projects, refused, fail)
    meta_line = sections["META"][0]
    counted = (
        ("num_projects", len(sections["PROJECTS"][2])),
        ("num_votes", len(sections["VOTES"][2])),
    )
    for key, found in counted:
        given = meta.get(key, "")
        if is_whole(given) and int(given) != found:
            fail(
                meta_line,
                _("%(key)s says %(given)s but the file has %(found)s.")
                % {"key": key, "given": given, "found": found},
            )
    if errors:
        return PabulibErrors(tuple(sorted(errors, key=lambda e: e.line)))
    return PabulibElection(meta=meta, projects=tuple(projects.values()), votes=votes)


def _check_header(
    section: Section, required: Sequence[str], fail: _Fail
) -> dict[str, int] | None:
    line, header, _rows = section
    if not header:
        fail(line, _("A header line must follow this section title."))
        return None
    positions: dict[str, int] = {}
    for column in header:
        if not column:
            fail(line + 1, _("A column has no name."))
            return None
        if column in positions:
            fail(line + 1, _("The column %(name)s appears twice.") % {"name": column})
            return None
        positions[column] = len(positions)
    missing = [c for c in required if c not in positions]
    if missing:
        fail(
            line + 1,
            _("Missing column(s): %(names)s.") % {"names": ", ".join(missing)},
        )
        return None
    return positions


def _meta_problem(key: str, value: str, meta: dict[str, str]) -> str | None:
    """What is wrong with one META row (None: nothing)."""
    if not key:
        return _("A META row has no key.")
    if key in meta:
        return _("The key %(key)s appears twice.") % {"key": key}
    if key in _WHOLE_META and not is_whole(value):
        return _("%(key)s must be a whole number.") % {"key": key}
    if key in _NUMBER_META and not _is_number(value):
        return _("%(key)s must be a number.") % {"key": key}
    if key == "vote_type" and value not in VOTE_TYPES:
        return _("vote_type must be one of %(types)s.") % {
            "types": ", ".join(VOTE_TYPES)
        }
    return None


def _read_meta(section: Section, fail: _Fail) -> dict[str, str]:
    line, header, rows = section
    if [h.lower() for h in header] != ["key", "value"]:
        fail(line + 1, _("The META header must be key;value."))
        return {}
    meta: dict[str, str] = {}
    for row_line, row in rows:
        if len(row) != 2 and not (len(row) > 2 and not any(row[2:])):
            fail(row_line, _("A META row needs a key and a value."))
            continue
        key, value = row[0], row[1]
        problem = _meta_problem(key, value, meta)
        if problem is None:
            meta[key] = value
        else:
            fail(row_line, problem)
    for key in REQUIRED_META:
        if key not in meta and not any(key == r[0] for _l, r in rows):
            fail(line, _("The META section needs %(key)s.") % {"key": key})
    if "budget" in meta and _number(meta["budget"]) < 0:
        fail(line, _("The budget cannot be negative."))
    return meta


def _read_projects(
    section: Section, fail: _Fail
) -> tuple[dict[str, PBProject], set[str]]:
    """The projects, and the ids of rows refused (so votes for them are not
    reported again)."""
    positions = _check_header(section, ("project_id", "cost"), fail)
    projects: dict[str, PBProject] = {}
    refused: set[str] = set()
    if positions is None:
        return projects, refused
    for line, row in section[2]:
        refused.add(row[0])
        cells = _cells(line, row, positions, fail)
        if cells is None:
            continue
        project_id, cost = cells.pop("project_id"), cells.pop("cost")
        if not project_id:
            fail(line, _("A project has no project_id."))
            continue
        if project_id in projects:
            fail(line, _("Project %(id)s appears twice.") % {"id": project_id})
            continue
        if not _is_number(cost) or _number(cost) < 0:
            fail(line, _("Project %(id)s has no valid cost.") % {"id": project_id})
            continue
        selected = cells.pop("selected", "")
        if selected and selected.lower() != "none" and not is_whole(selected):
            fail(line, _("selected must be a whole number."))
            continue
        categories: tuple[str, ...] = ()
        targets: tuple[str, ...] = ()
        for column in _CATEGORY_COLUMNS:
            categories += _split(_present(cells.pop(column, "")))
        for column in _TARGET_COLUMNS:
            targets += _split(_present(cells.pop(column, "")))
        projects[project_id] = PBProject(
            project_id=project_id,
            cost=_number(cost),
            name=_present(cells.pop("name", "")),
            categories=categories,
            targets=targets,
            selected=int(selected) if is_whole(selected) else None,
            extra={k: v for k, v in cells.items() if _present(v)},
        )
        refused.discard(project_id)
    return projects, refused


def _present(value: str) -> str:
    """Pabulib writes missing values as empty or ``None``."""
    return "" if value.lower() == "none" else value


def _cells(
    line: int, row: list[str], positions: dict[str, int], fail: _Fail
) -> dict[str, str] | None:
    """A data row by column name, or None (reported) when it has too few or too
    many fields."""
    if len(row) != len(positions):
        fail(
            line,
            _("This row has %(found)s fields; the header has %(expected)s.")
            % {"found": len(row), "expected": len(positions)},
        )
        return None
    return {c: row[i] for c, i in positions.items()}


def _points_problem(
    vote_type: str, chosen: Sequence[str], points: Sequence[str]
) -> str | None:
    """What is wrong with a vote's points (None: nothing, or no points needed)."""
    if vote_type not in _SCORED:
        return None
    if len(points) != len(chosen):
        return _("There must be one number of points per project.")
    if not all(_is_number(p) for p in points):
        return _("Points must be numbers.")
    if vote_type == "cumulative" and any(_number(p) < 0 for p in points):
        return _("Cumulative points cannot be negative.")
    return None


def _vote_problem(
    voter_id: str,
    chosen: Sequence[str],
    *,
    seen: Mapping[str, PBVote],
    projects: Mapping[str, PBProject],
    refused: set[str],
    vote_type: str,
) -> str | None:
    """What is wrong with one vote, points aside (None: nothing)."""
    if not voter_id:
        return _("A vote has no voter_id.")
    if voter_id in seen:
        return _("Voter %(id)s appears twice.") % {"id": voter_id}
    if unknown := [p for p in chosen if p not in projects and p not in refused]:
        return _("Unknown project(s): %(ids)s.") % {"ids": ", ".join(unknown)}
    if len(set(chosen)) != len(chosen):
        return _("A project appears twice in one vote.")
    if vote_type == "choose-1" and len(chosen) > 1:
        return _("A choose-1 vote names one project at most.")
    return None


@dataclass(frozen=True)
class _Limits:
    """What META says a vote may be, read as pabutools reads it (its profile's
    "legal" bounds): a minimum length of 1 and a least cost of 0 are no limit
    (so empty votes stay, as Pabulib files have them), and the costs bound only
    approval and choose-1 votes."""

    min_length: int | None = None
    max_length: int | None = None
    min_cost: Fraction | None = None
    max_cost: Fraction | None = None

    @classmethod
    def of(cls, meta: Mapping[str, str]) -> _Limits:
        def whole(key: str) -> int | None:
            value = meta.get(key, "")
            return int(value) if is_whole(value) else None

        def number(key: str) -> Fraction | None:
            value = meta.get(key, "")
            return _number(value) if _is_number(value) else None

        least, most = whole("min_length"), whole("max_length")
        cheapest = number("min_sum_cost")
        costed = meta.get("vote_type", "") in ("approval", "choose-1")
        return cls(
            min_length=least if least is not None and least > 1 else None,
            max_length=most,
            min_cost=cheapest if costed and cheapest and cheapest > 0 else None,
            max_cost=number("max_sum_cost") if costed else None,
        )

    def problem(
        self, chosen: Sequence[str], projects: Mapping[str, PBProject]
    ) -> str | None:
        """Why a vote breaks the file's own limits (None: it keeps them)."""
        if self.max_length is not None and len(chosen) > self.max_length:
            return ngettext(
                "This vote names %(count)s project; the file's max_length "
                "allows %(limit)s at most.",
                "This vote names %(count)s projects; the file's max_length "
                "allows %(limit)s at most.",
                len(chosen),
            ) % {"count": len(chosen), "limit": self.max_length}
        if self.min_length is not None and len(chosen) < self.min_length:
            return ngettext(
                "This vote names %(count)s project; the file's min_length "
                "asks for %(limit)s at least.",
                "This vote names %(count)s projects; the file's min_length "
                "asks for %(limit)s at least.",
                len(chosen),
            ) % {"count": len(chosen), "limit": self.min_length}
        if self.min_cost is None and self.max_cost is None:
            return None
        cost = sum((projects[p].cost for p in chosen), Fraction(0))
        if self.max_cost is not None and cost > self.max_cost:
            return _(
                "This vote's projects cost %(cost)s; the file's max_sum_cost "
                "allows %(limit)s at most."
            ) % {"cost": _format_number(cost), "limit": _format_number(self.max_cost)}
        if self.min_cost is not None and cost < self.min_cost:
            return _(
                "This vote's projects cost %(cost)s; the file's min_sum_cost "
                "asks for %(limit)s at least."
            ) % {"cost": _format_number(cost), "limit": _format_number(self.min_cost)}
        return None


def _vote_columns(section: Section, vote_type: str) -> tuple[str, ...]:
    """The columns the VOTES header needs (only voter_id when nobody voted)."""
    if not section[2]:
        return ("voter_id",)
    if vote_type in _SCORED:
        return ("voter_id", "vote", "points")
    return ("voter_id", "vote")


def _read_votes(
    section: Section,
    meta: Mapping[str, str],
    projects: Mapping[str, PBProject],
    refused: set[str],
    fail: _Fail,
) -> tuple[PBVote, ...]:
    vote_type = meta.get("vote_type", "")
    limits = _Limits.of(meta)
    scored = vote_type in _SCORED
    positions = _check_header(section, _vote_columns(section, vote_type), fail)
    if positions is None:
        return ()
    votes: dict[str, PBVote] = {}
    for line, row in section[2]:
        cells = _cells(line, row, positions, fail)
        if cells is None:
            continue
        voter_id = cells.pop("voter_id")
        chosen = _split(_present(cells.pop("vote")))
        raw_points = _split(_present(cells.pop("points", "")))
        problem = _vote_problem(
            voter_id,
            chosen,
            seen=votes,
            projects=projects,
            refused=refused,
            vote_type=vote_type,
        ) or _points_problem(vote_type, chosen, raw_points)
        if problem:
            fail(line, problem)
            continue
        if any(p in refused for p in chosen):
            continue
        if problem := limits.problem(chosen, projects):
            fail(line, problem)
            continue
        votes[voter_id] = PBVote(
            voter_id=voter_id,
            projects=chosen,
            points=tuple(_number(p) for p in raw_points) if scored else None,
            extra={k: v for k, v in cells.items() if _present(v)},
        )
    return tuple(votes.values())
