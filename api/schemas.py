"""What the API answers with. Each public schema carries only what the matching
public page shows."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

#: Ids in paths and filters: ASCII digits within PostgreSQL's bigint.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class Problem(Schema):
    detail: str


class FieldErrors(Schema):
    detail: str
    #: Field name -> its messages, as the form shows them next to the field.
    errors: dict[str, list[str]]


class OrganisationOut(Schema):
    slug: str
    name: str
    description: str
    url: str


class CycleOut(Schema):
    id: int
    title: str
    problem_statement: str
    service_area: str | None
    current_phase: str | None
    current_phase_since: datetime.date | None
    url: str


class SurveyInput(Schema):
    title: str
    answers: str
    results_url: str | None


class ActivityInput(Schema):
    title: str
    surveys: list[SurveyInput]


class PanelMeeting(Schema):
    panel: str
    on: datetime.date


class DecisionOut(Schema):
    id: int
    title: str
    kind: str
    overrides_checks: bool
    corrected_later: bool
    decided: str
    rationale: str
    decided_by: str
    decided_on: datetime.date
    recorded_by: str
    confirmed_by: str
    confirmed_on: datetime.date | None
    citizen_input: list[ActivityInput]
    panel_meetings: list[PanelMeeting]


class IndicatorProgress(Schema):
    name: str
    unit: str
    status: str
    status_label: str
    latest_value: Decimal | None
    latest_period: datetime.date | None
    target: Decimal | None
    target_change: str
    baseline_value: Decimal | None


class OutcomeOut(Schema):
    statement: str
    who_for: str
    indicators: list[IndicatorProgress]


class SurveyResultsLink(Schema):
    title: str
    token: str
    answers: str
    results_url: str


class Figure(Schema):
    label: str
    #: The count as the page shows it: a number, "fewer than 5" or "hidden".
    count: str
    percent: Decimal | None


class RankedOut(Schema):
    label: str
    points: str
    first: str
    placed: str
    average_place: Decimal | None


class QuestionOut(Schema):
    number: int
    text: str
    answered: str
    mean: Decimal | None
    rows: list[Figure]
    matrix: dict[str, list[Figure]]
    ranking: list[RankedOut]
    quotes: list[str]


class SurveyResultsOut(Schema):
    title: str
    cycle_id: int
    answers: str
    questions: list[QuestionOut]


class BallotOut(Schema):
    title: str
    decided: str
    rationale: str


class PanelOut(Schema):
    name: str
    kind: str
    purpose: str
    commitment: str
    cycle_id: int | None
    join_url: str


class PublicContractOut(Schema):
    ocid: str
    cycle_id: int
    title: str
    #: planned, tendering, active, ended or terminated.
    status: str
    #: The organisation's public OCDS release package, which holds this release.
    package_url: str
    #: The contract's latest OCDS 1.1 release, exactly as in the public package.
    release: dict[str, Any]


# ------------------------------------------------------------------- team data


class TeamCycleOut(Schema):
    id: int
    title: str
    status: str
    visibility: str
    current_phase: str | None
    start_date: datetime.date | None
    end_date: datetime.date | None


class NeedOut(Schema):
    id: int
    cycle_id: int
    statement: str
    raised_by: str
    how_many: int | None
    groups: str
    quiet_demand: bool
    status: str
    priority: int | None


class TeamOutcomeOut(Schema):
    id: int
    framework_id: int
    cycle_id: int | None
    statement: str
    who_for: str
    priority: int | None


class IndicatorOut(Schema):
    id: int
    outcome_id: int
    name: str
    unit: str
    direction: str
    baseline_value: Decimal | None
    baseline_date: datetime.date | None
    target: Decimal | None
    target_date: datetime.date | None
    data_source: str


class MeasurementOut(Schema):
    id: int
    indicator_id: int
    period_end: datetime.date
    value: Decimal
    source: str
    note: str


class MeasurementIn(Schema):
    period_end: str = Field(..., max_length=100)
    value: str = Field(..., max_length=100)
    source: str = Field("routine", max_length=100)
    note: str = Field("", max_length=10_000)


class ContractOut(Schema):
    id: int
    cycle_id: int
    title: str
    kind: str
    status: str
    value: Decimal | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    providers: list[str]
    indicator_ids: list[int]


class ReturnIn(Schema):
    period_end: str = Field(..., max_length=100)
    #: Indicator id -> figure, as on the return form.
    figures: dict[str, str | None] = Field(default_factory=dict, max_length=200)
    note: str = Field("", max_length=10_000)


class ReturnOut(Schema):
    id: int
    contract_id: int
    period_end: datetime.date
    status: str


class ImportIn(Schema):
    #: The CSV text, with the same columns as the page's import.
    csv: str = Field(..., max_length=5_000_000)


class ImportOut(Schema):
    imported: int


class NeedIn(Schema):
    """One need, with the fields of the page's "Record a need" form."""

    statement: str = Field("", max_length=10_000)
    raised_by: str = Field("", max_length=10_000)
    #: One of the cycle's activities.
    source_activity: Id | None = None
    #: One of the cycle's surveys.
    source_survey: Id | None = None
    #: A whole number of people (text is checked as the form checks it).
    how_many: int | str | None = None
    groups: str = Field("", max_length=10_000)
    quiet_demand: bool = False
    #: behaviour_change, co_production, service.
    ways_to_meet: list[str] = Field(default_factory=list, max_length=10)
    #: Outcome ids of the organisation's frameworks.
    outcomes: list[Id] = Field(default_factory=list, max_length=200)


class NeedsImportIn(Schema):
    needs: list[NeedIn] = Field(..., min_length=1, max_length=1000)


class NeedsImportOut(Schema):
    imported: int
    ids: list[int]
