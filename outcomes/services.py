"""Workflows for outcomes frameworks, indicators and measurements."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.csv_files import ImportReport, csv_import
from cocommission.disclosure import State
from cocommission.organisations.models import Organisation

from .models import (
    Indicator,
    Measurement,
    MeasurementSource,
    Outcome,
    OutcomeBeneficiary,
    OutcomePathway,
    OutcomesFramework,
)


@transaction.atomic
def framework_create(
    *,
    organisation: Organisation,
    by: User,
    title: str,
    template: OutcomesFramework | None = None,
    **fields: Any,
) -> OutcomesFramework:
    """Make a framework; from a template, copy its outcomes, pathways and indicators
    (not its measurements)."""
    framework = OutcomesFramework(organisation=organisation, title=title, **fields)
    framework.full_clean()
    framework.save()
    if template is not None:
        for outcome in template.outcomes.prefetch_related("pathways", "indicators"):
            _copy_outcome(outcome, framework)
    return framework


def _copy_outcome(outcome: Outcome, framework: OutcomesFramework) -> Outcome:
    """An outcome with its pathways and indicators (not measurements) in another
    framework."""
    copy = Outcome.objects.create(
        framework=framework,
        statement=outcome.statement,
        who_for=outcome.who_for,
        value_types=list(outcome.value_types),
        priority=outcome.priority,
        order=outcome.order,
    )
    OutcomePathway.objects.bulk_create(
        OutcomePathway(outcome=copy, pathway=p.pathway, contributions=p.contributions)
        for p in outcome.pathways.all()
    )
    for indicator in outcome.indicators.all():
        indicator.pk = None
        indicator.outcome = copy
        indicator.save()
    return copy


@transaction.atomic
def outcomes_carry_over(
    *, outcomes: list[Outcome], to_cycle: Any, by: User
) -> OutcomesFramework | None:
    """Copy chosen outcomes (with indicators, without measurements) into a new
    framework of the next cycle."""
    if not outcomes:
        return None
    framework = framework_create(
        organisation=to_cycle.organisation,
        by=by,
        title=_("Outcomes carried over"),
        cycle=to_cycle,
    )
    for outcome in Outcome.objects.filter(
        pk__in=[o.pk for o in outcomes]
    ).prefetch_related("pathways", "indicators"):
        _copy_outcome(outcome, framework)
    return framework


@transaction.atomic
def outcome_save(
    *,
    outcome: Outcome,
    by: User,
    pathways: dict[str, list[str]] | None = None,
    beneficiaries: list[tuple[str, str]] | None = None,
) -> Outcome:
    """Save an outcome and, if given, its pathways (with the contributions relied
    on) and the other bodies that benefit from it."""
    outcome.full_clean()
    outcome.save()
    if beneficiaries is not None:
        outcome.beneficiaries.all().delete()
        OutcomeBeneficiary.objects.bulk_create(
            OutcomeBeneficiary(outcome=outcome, body=body, how=how)
            for body, how in beneficiaries
        )
    if pathways is not None:
        outcome.pathways.exclude(pathway__in=list(pathways)).delete()
        for pathway, contributions in pathways.items():
            OutcomePathway.objects.update_or_create(
                outcome=outcome,
                pathway=pathway,
                defaults={"contributions": contributions},
            )
    return outcome


@transaction.atomic
def indicator_save(*, indicator: Indicator, by: User) -> Indicator:
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def measurement_record(
    *,
    indicator: Indicator,
    by: User,
    period_end: datetime.date,
    value: Decimal,
    source: str,
    note: str = "",
) -> Measurement:
    """Record one measurement; a second value for the same period is refused (the
    page then links to correcting that one). Withdrawn ones do not count."""
    if Measurement.objects.filter(indicator=indicator, period_end=period_end).exists():
        raise ValidationError(
            {
                "period_end": ValidationError(
                    _(
                        "There is already a value for this period. Correct that "
                        "one instead."
                    ),
                    code="period_taken",
                )
            }
        )
    measurement = Measurement(
        indicator=indicator,
        period_end=period_end,
        value=value,
        source=source,
        note=note,
        created_by=by,
    )
    measurement.full_clean()
    measurement.save()
    return measurement


CSV_COLUMNS = ("period_end", "value", "source", "note")


def _period_end(row: dict[str, Any]) -> datetime.date:
    try:
        return datetime.date.fromisoformat((row.get("period_end") or "").strip())
    except ValueError:
        raise ValidationError(_("The date must look like 2026-03-31")) from None


def _measured_value(row: dict[str, Any]) -> Decimal:
    try:
        value = Decimal((row.get("value") or "").strip().replace(",", ""))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or abs(value) >= Decimal("1e11"):
        raise ValidationError(_("The value must be a number"))
    return value


def _measurement_source(row: dict[str, Any]) -> str:
    source = (row.get("source") or "").strip() or MeasurementSource.ROUTINE
    if source not in MeasurementSource.values:
        raise ValidationError(
            _("The source must be one of: %(s)s")
            % {"s": ", ".join(MeasurementSource.values)}
        )
    return source


@dataclass
class _MeasurementRows:
    """Turns rows of a measurements file into measurements of one indicator,
    refusing a second value for a period (already recorded, or earlier in the file)."""

    indicator: Indicator
    by: User
    taken: set[datetime.date] | None = None
    recorded: dict[datetime.date, int] | None = None
    clashes: set[int] = field(default_factory=set)

    def __call__(self, row: dict[str, Any]) -> Measurement:
        if self.taken is None or self.recorded is None:
            self.recorded = dict(
                Measurement.objects.filter(indicator=self.indicator).values_list(
                    "period_end", "pk"
                )
            )
            self.taken = set(self.recorded)
        period_end = _period_end(row)
        value = _measured_value(row)
        source = _measurement_source(row)
        if period_end in self.recorded:
            self.clashes.add(self.recorded[period_end])
            raise ValidationError(
                _(
                    "There is already a value for %(d)s: correct that one instead "
                    "(the links are below), and leave this row out"
                )
                % {"d": period_end}
            )
        if period_end in self.taken:
            raise ValidationError(
                _("There is already a value for %(d)s") % {"d": period_end}
            )
        self.taken.add(period_end)
        return Measurement(
            indicator=self.indicator,
            period_end=period_end,
            value=value,
            source=source,
            note=(row.get("note") or "").strip(),
            created_by=self.by,
        )


@dataclass
class MeasurementImportReport(ImportReport):
    """An import's report, with the recorded measurements whose periods the file
    gave again (the page links to correcting each)."""

    clashes: list[Measurement] = field(default_factory=list)


def measurements_import_csv(
    *, indicator: Indicator, by: User, text: str
) -> MeasurementImportReport:
    """Check every row of a CSV of measurements and save them all, or none.

    Columns: period_end (YYYY-MM-DD), value, source (optional) and note (optional).
    Errors are reported by line number; nothing is saved if any row is wrong.
    """
    rows = _MeasurementRows(indicator=indicator, by=by)
    report = csv_import(
        text=text, required=("period_end", "value"), model=Measurement, build=rows
    )
    clashes = list(Measurement.objects.filter(pk__in=rows.clashes)[:50])
    return MeasurementImportReport(
        saved=report.saved, errors=report.errors, clashes=clashes
    )


def _check_survey_question(
    indicator: Indicator, question: Any, answers: list[str]
) -> None:
    """The question is of a survey of the indicator's organisation, has fixed
    answers, and ``answers`` choose among them in a way that adds up."""
    from surveys.models import CHOICE_KINDS, Kind

    survey = question.survey
    if (
        survey.activity.cycle.organisation_id
        != indicator.outcome.framework.organisation_id
    ):
        raise ValidationError(_("Choose a survey of this organisation."))
    if question.kind not in CHOICE_KINDS:
        raise ValidationError(_("Choose a question with fixed answers."))
    if not answers:
        raise ValidationError({"answers": _("Choose which answers count.")})
    if question.kind == Kind.MULTIPLE and len(answers) > 1:
        raise ValidationError(
            {
                "answers": _(
                    "People could tick several answers here, so choose one: shares "
                    "of different answers cannot be added up."
                )
            }
        )


def _check_share_published(result: Any, question: Any, answers: list[str]) -> None:
    """The disclosure rule (cocommission.disclosure): the share is published on
    the outcomes pages, so it may only say what the published results already
    say. That holds when the number who answered is shown and so are the counts
    of the chosen answers (or, for one-answer questions, of all the others)."""
    from surveys.models import Kind

    chosen_hidden = any(r.hidden for r in result.rows if r.label in answers)
    others_hidden = any(r.hidden for r in result.rows if r.label not in answers)
    if result.answered_state is not State.SHOWN or (
        chosen_hidden and (others_hidden or question.kind == Kind.MULTIPLE)
    ):
        raise ValidationError(
            {
                "answers": _(
                    "This share would let someone work out a group of fewer than "
                    "5 people, so it cannot be published. Wait for more answers, or "
                    "choose answers whose counts are shown in the results."
                )
            }
        )


@transaction.atomic
def measurement_from_survey(
    *,
    indicator: Indicator,
    question: Any,
    answers: list[str],
    period_end: datetime.date,
    by: User,
) -> Measurement:
    """Record the share (in per cent) of people who gave one of ``answers`` to a
    survey question, read from its tallies, with a note saying where it came from."""
    from surveys.results import survey_results

    _check_survey_question(indicator, question, answers)
    survey = question.survey
    result = next(r for r in survey_results(survey) if r.question.pk == question.pk)
    if not result.answered:
        raise ValidationError(_("Nobody has answered this question yet."))
    counts = {row.label: row.count for row in result.rows}
    unknown = [a for a in answers if a not in counts]
    if unknown:
        raise ValidationError({"answers": _("Choose answers the question offers.")})
    _check_share_published(result, question, answers)
    chosen = sum(counts[a] for a in answers)
    share = (Decimal(chosen) * 100 / result.answered).quantize(Decimal("0.1"))
    note = _(
        "From the survey “%(survey)s”: %(share)s%% of the %(answered)s people who "
        "answered “%(question)s” said %(answers)s."
    ) % {
        "survey": survey.title,
        "share": share,
        "answered": result.answered,
        "question": question.text,
        "answers": " or ".join(f"“{a}”" for a in answers),
    }
    return measurement_record(
        indicator=indicator,
        by=by,
        period_end=period_end,
        value=share,
        source=MeasurementSource.SURVEY,
        note=note,
    )
