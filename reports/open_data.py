"""Open data: per organisation, a ZIP of CSVs about its public cycles (decisions,
published survey results with small groups hidden, budget votes decided,
indicators), with a data dictionary and the licence. No personal data."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cocommission.organisations.models import Organisation
from cocommission.spreadsheets import csv_text

from .models import OpenDataPackage

LICENCE = (
    "Open Government Licence v3.0: "
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)

#: What a ' at the start of a cell means (see cocommission.spreadsheets).
QUOTE_NOTE = (
    "Text that begins with =, +, -, @, a tab or a carriage return has a ' (single "
    "quote) put in front of it, so that spreadsheet programs show it as text and "
    "never run it as a formula. Take off that first ' to get the text as it was "
    "written. Numbers are never changed."
)

#: file -> [(column, meaning)]
DICTIONARY: dict[str, list[tuple[str, str]]] = {
    "cycles.csv": [
        ("cycle_id", "Our number for the commissioning cycle"),
        ("title", "What the cycle is about"),
        ("service_area", "The area of public services"),
        ("level", "Individual, service, community or strategic commissioning"),
        ("current_phase", "Analyse, Plan, Do or Review"),
        ("status", "Whether the cycle is running or closed"),
        ("start_date", "When the cycle started (YYYY-MM-DD)"),
        ("problem_statement", "The problem the cycle addresses"),
    ],
    "decisions.csv": [
        ("cycle_id", "The cycle (see cycles.csv)"),
        ("decided_on", "Date of the decision (YYYY-MM-DD)"),
        ("phase", "The phase it was made in"),
        ("kind", "The kind of decision"),
        ("title", "The decision in a few words"),
        ("decided", "What was decided"),
        ("rationale", "Why"),
        ("decided_by", "The decision maker, or the body and its chair"),
        ("recorded_by", "Who recorded it in the decision log"),
        ("confirmed_on", "When the decision maker confirmed it (YYYY-MM-DD)"),
    ],
    "survey_results.csv": [
        ("cycle_id", "The cycle (see cycles.csv)"),
        ("survey", "The survey's title"),
        ("question", "The question"),
        ("answer", "One answer to the question"),
        (
            "people",
            "How many chose it; empty when hidden: fewer than 5, or held back so "
            "that a group under 5 cannot be worked out from the other figures",
        ),
        ("fewer_than_5", "1 when the count is hidden because it is under 5"),
        (
            "share_percent",
            "Share of those who answered the question; empty when its count or "
            "the number who answered is hidden",
        ),
    ],
    "budget_votes.csv": [
        ("cycle_id", "The cycle (see cycles.csv)"),
        ("vote", "The participatory budgeting vote"),
        ("option", "An option people could vote for"),
        ("cost", "Its cost in pounds"),
        ("funded", "1 if the decision funded it"),
    ],
    "indicators.csv": [
        ("cycle_id", "The cycle (see cycles.csv)"),
        ("outcome", "The outcome the indicator measures"),
        ("indicator", "The indicator"),
        ("unit", "Its unit"),
        ("baseline", "The value at the start"),
        ("target", "The value aimed for"),
        ("latest_value", "The latest measurement"),
        ("latest_period_end", "The end of the period it measures (YYYY-MM-DD)"),
        ("status", "On track, at risk, off track, no data or cannot be judged"),
    ],
}


def _rows(organisation: Organisation) -> dict[str, Iterator[list[Any]]]:
    from cycles.models import Cycle, Decision, DecisionKind, Visibility
    from outcomes.scorecard import cycle_scorecard
    from surveys.models import Ballot, Survey
    from surveys.results import survey_results

    cycles = list(
        Cycle.objects.filter(organisation=organisation, visibility=Visibility.PUBLIC)
        .with_current_phase()
        .select_related("service_area")
        .order_by("pk")
    )

    def cycle_rows() -> Iterator[list[Any]]:
        for c in cycles:
            yield [
                c.pk,
                c.title,
                c.service_area.name if c.service_area else "",
                c.get_level_display(),
                getattr(c, "current_phase", None) or "",
                c.get_status_display(),
                c.start_date or "",
                c.problem_statement,
            ]

    def decision_rows() -> Iterator[list[Any]]:
        for d in (
            Decision.objects.filter(cycle__in=cycles)
            .published()
            .exclude(kind=DecisionKind.PHASE_CHANGE)
            .select_related("decided_by", "board_chair", "recorded_by")
            .order_by("cycle_id", "decided_on", "pk")
        ):
            yield [
                d.cycle_id,
                d.decided_on,
                d.get_phase_display(),
                d.get_kind_display(),
                d.title,
                d.decided,
                d.rationale,
                d.public_decider,
                d.public_recorder,
                timezone.localdate(d.confirmed_at) if d.confirmed_at else "",
            ]

    def survey_rows() -> Iterator[list[Any]]:
        for survey in Survey.objects.filter(
            activity__cycle__in=cycles, results_published=True
        ).select_related("activity"):
            for result in survey_results(survey, public=True):
                lines = list(result.rows) + [
                    row for _statement, scale in result.matrix for row in scale
                ]
                for row in lines:
                    yield [
                        survey.activity.cycle_id,
                        survey.title,
                        result.question.text,
                        row.label,
                        "" if row.hidden else row.count,
                        1 if row.small else 0,
                        row.percent if row.percent is not None else "",
                    ]

    def ballot_rows() -> Iterator[list[Any]]:
        for ballot in Ballot.objects.filter(
            activity__cycle__in=cycles, decision__is_published=True
        ).select_related("activity", "decision"):
            for option in ballot.options.all():
                yield [
                    ballot.activity.cycle_id,
                    ballot.title,
                    option.title,
                    option.cost,
                    1 if option.title in ballot.decision.decided else 0,  # type: ignore[union-attr]
                ]

    def indicator_rows() -> Iterator[list[Any]]:
        for c in cycles:
            for line in cycle_scorecard(c).indicators:
                indicator = line.indicator
                yield [
                    c.pk,
                    indicator.outcome.statement,
                    indicator.name,
                    indicator.unit,
                    indicator.baseline_value
                    if indicator.baseline_value is not None
                    else "",
                    indicator.target if indicator.target is not None else "",
                    getattr(indicator, "latest_value", None) or "",
                    getattr(indicator, "latest_period", None) or "",
                    line.status.label,
                ]

    return {
        "cycles.csv": cycle_rows(),
        "decisions.csv": decision_rows(),
        "survey_results.csv": survey_rows(),
        "budget_votes.csv": ballot_rows(),
        "indicators.csv": indicator_rows(),
    }


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    return csv_text([header, *rows]).encode("utf-8")


def open_data_zip(organisation: Organisation) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, data: bytes) -> None:
            entry = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)

        for name, rows in _rows(organisation).items():
            add(name, _csv([column for column, _m in DICTIONARY[name]], rows))
        add(
            "data_dictionary.csv",
            _csv(
                ["file", "column", "meaning"],
                [
                    *(
                        [name, column, meaning]
                        for name, columns in DICTIONARY.items()
                        for column, meaning in columns
                    ),
                    ["every file", "every text column", QUOTE_NOTE],
                ],
            ),
        )
        add(
            "README.txt",
            (
                f"Open data from {organisation.name}, made by CoCommission.\n"
                "The commissioning cycles it runs in public, their published "
                "decisions, published survey results (counts under 5 hidden), "
                "decided participatory budgeting votes and outcome indicators.\n"
                "No personal data. See data_dictionary.csv for each column.\n"
                f"{QUOTE_NOTE}\n"
                f"Licence: {LICENCE}\n"
            ).encode(),
        )
    return out.getvalue()


@transaction.atomic
def open_data_make(organisation: Organisation) -> OpenDataPackage:
    data = open_data_zip(organisation)
    package = OpenDataPackage.objects.filter(organisation=organisation).first()
    if package is None:
        package = OpenDataPackage(organisation=organisation)
    elif package.file:
        package.file.delete(save=False)
    package.file.save(
        f"{organisation.slug}-open-data.zip", ContentFile(data), save=False
    )
    package.made_at = timezone.now()
    package.save()
    return package


def open_data_make_all() -> int:
    from cycles.models import Visibility

    organisations = Organisation.objects.filter(
        cycles__visibility=Visibility.PUBLIC
    ).distinct()
    count = 0
    for organisation in organisations:
        open_data_make(organisation)
        count += 1
    return count
