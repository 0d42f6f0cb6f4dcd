"""With an organisation's token: its team data, and the writes the token's
scopes allow. Every query starts from the token's organisation (another
organisation's ids answer 404), and writes go through the same forms and
services as the pages, so they validate exactly as the pages do."""

# No ``from __future__ import annotations``: django-ninja reads these annotations
# at import, through decorators whose globals are not this module's.

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from assets.services import assets_import_csv
from cocommission.csv_files import csv_text
from cocommission.forms import add_service_errors
from contracts.forms.returns import ReturnForm
from contracts.models import Contract
from contracts.returns import providers_for, return_submit
from cycles.forms import NeedForm
from cycles.models import Cycle, Need
from cycles.services import need_save
from outcomes.forms import MeasurementForm
from outcomes.models import Indicator, Measurement, Outcome
from outcomes.services import measurement_record

from .http import Mapped, Paged
from .main import TokenAuth, api, responses
from .models import ApiToken, Scope
from .schemas import (
    ContractOut,
    Id,
    ImportIn,
    ImportOut,
    IndicatorOut,
    MeasurementIn,
    MeasurementOut,
    NeedOut,
    NeedsImportIn,
    NeedsImportOut,
    ReturnIn,
    ReturnOut,
    TeamCycleOut,
    TeamOutcomeOut,
)
from .tokens import write_audit

router = Router(tags=["team"], auth=TokenAuth())
_READ = responses(401, 403, 404)


def _token(request: HttpRequest, scope: Scope) -> ApiToken:
    """The request's token, if it holds ``scope`` (else 403)."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if not token.has_scope(scope):
        raise HttpError(403, f"This token does not have the “{scope.label}” scope.")
    return token


def _reader(request: HttpRequest) -> ApiToken:
    """Reading team data: a team token with the read scope. A provider's token
    reads nothing but its contracts."""
    token = _token(request, Scope.READ)
    if token.provider_id is not None:
        raise HttpError(403, "A provider's token reads only its contracts.")
    return token


class _Failed(HttpError):
    def __init__(
        self, errors: dict[str, list[str]], detail: str = "The request is not valid."
    ) -> None:
        super().__init__(422, detail)
        self.errors = errors


@api.exception_handler(_Failed)
def _failed(request: HttpRequest, exc: _Failed) -> Any:
    return api.create_response(
        request, {"detail": str(exc), "errors": exc.errors}, status=422
    )


def _form_errors(form: forms.BaseForm) -> _Failed:
    return _Failed({k: [str(m) for m in v] for k, v in form.errors.items()})


# ---------------------------------------------------------------------- reads


@router.get("cycles", response=_READ | {200: list[TeamCycleOut]})
@paginate(Paged)
def team_cycles(request: HttpRequest, status: str | None = None) -> Any:
    """The organisation's cycles, public or not."""
    token = _reader(request)
    found = (
        Cycle.objects.filter(organisation=token.organisation)
        .with_current_phase()
        .order_by("pk")
    )
    if status:
        found = found.filter(status=status)
    return Mapped(
        found,
        lambda c: {
            "id": c.pk,
            "title": c.title,
            "status": c.status,
            "visibility": c.visibility,
            "current_phase": c.current_phase,
            "start_date": c.start_date,
            "end_date": c.end_date,
        },
    )


@router.get("needs", response=_READ | {200: list[NeedOut]})
@paginate(Paged)
def team_needs(request: HttpRequest, cycle: Id | None = None) -> Any:
    """The organisation's needs; ``cycle`` keeps one cycle's."""
    token = _reader(request)
    found = Need.objects.filter(cycle__organisation=token.organisation).order_by("pk")
    if cycle:
        found = found.filter(cycle_id=cycle)
    return Mapped(
        found,
        lambda n: {
            "id": n.pk,
            "cycle_id": n.cycle_id,
            "statement": n.statement,
            "raised_by": n.raised_by,
            "how_many": n.how_many,
            "groups": n.groups,
            "quiet_demand": n.quiet_demand,
            "status": n.status,
            "priority": n.priority,
        },
    )


@router.get("outcomes", response=_READ | {200: list[TeamOutcomeOut]})
@paginate(Paged)
def team_outcomes(request: HttpRequest, cycle: Id | None = None) -> Any:
    """The outcomes of the organisation's frameworks."""
    token = _reader(request)
    found = (
        Outcome.objects.filter(framework__organisation=token.organisation)
        .select_related("framework")
        .order_by("pk")
    )
    if cycle:
        found = found.filter(framework__cycle_id=cycle)
    return Mapped(
        found,
        lambda o: {
            "id": o.pk,
            "framework_id": o.framework_id,
            "cycle_id": o.framework.cycle_id,
            "statement": o.statement,
            "who_for": o.who_for,
            "priority": o.priority,
        },
    )


def _indicators(token: ApiToken) -> Any:
    return Indicator.objects.filter(outcome__framework__organisation=token.organisation)


@router.get("indicators", response=_READ | {200: list[IndicatorOut]})
@paginate(Paged)
def team_indicators(request: HttpRequest, cycle: Id | None = None) -> Any:
    """The indicators of the organisation's outcomes."""
    found = _indicators(_reader(request)).order_by("pk")
    if cycle:
        found = found.filter(outcome__framework__cycle_id=cycle)
    return Mapped(
        found,
        lambda i: {
            "id": i.pk,
            "outcome_id": i.outcome_id,
            "name": i.name,
            "unit": i.unit,
            "direction": i.direction,
            "baseline_value": i.baseline_value,
            "baseline_date": i.baseline_date,
            "target": i.target,
            "target_date": i.target_date,
            "data_source": i.data_source,
        },
    )


def _measurement_out(m: Measurement) -> dict[str, Any]:
    return {
        "id": m.pk,
        "indicator_id": m.indicator_id,
        "period_end": m.period_end,
        "value": m.value,
        "source": m.source,
        "note": m.note,
    }


@router.get("measurements", response=_READ | {200: list[MeasurementOut]})
@paginate(Paged)
def team_measurements(
    request: HttpRequest,
    indicator: Id | None = None,
    cycle: Id | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
) -> Any:
    """Measurements (not withdrawn ones) of the organisation's indicators;
    filter by indicator, cycle and the end of the period measured."""
    token = _reader(request)
    found = Measurement.objects.filter(
        indicator__outcome__framework__organisation=token.organisation
    ).order_by("indicator_id", "period_end", "pk")
    if indicator:
        found = found.filter(indicator_id=indicator)
    if cycle:
        found = found.filter(indicator__outcome__framework__cycle_id=cycle)
    if period_from:
        found = found.filter(period_end__gte=period_from)
    if period_to:
        found = found.filter(period_end__lte=period_to)
    return Mapped(found, _measurement_out)


def _contracts(token: ApiToken) -> Any:
    found = Contract.objects.of_organisation(token.organisation)
    if token.provider_id is not None:
        found = found.filter(
            Q(providers=token.provider_id) | Q(providers__members=token.provider_id)
        ).distinct()
    return found


@router.get("contracts", response=_READ | {200: list[ContractOut]})
@paginate(Paged)
def team_contracts(request: HttpRequest, cycle: Id | None = None) -> Any:
    """The organisation's contracts; a provider's token sees only its own."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if token.provider_id is None:
        _reader(request)
    found = _contracts(token).prefetch_related("providers", "indicators").order_by("pk")
    if cycle:
        found = found.filter(cycle_id=cycle)
    return Mapped(
        found,
        lambda c: {
            "id": c.pk,
            "cycle_id": c.cycle_id,
            "title": c.title,
            "kind": c.kind,
            "status": c.status,
            "value": c.value,
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
            "providers": [p.name for p in c.providers.all()],
            "indicator_ids": [i.pk for i in c.indicators.all()],
        },
    )


# --------------------------------------------------------------------- writes


def _audited(request: HttpRequest, token: ApiToken, status: int, summary: str) -> None:
    request.api_audited = True  # type: ignore[attr-defined]
    write_audit(
        token=token,
        method=request.method or "",
        path=request.path,
        status=status,
        summary=summary,
    )


@router.post(
    "indicators/{indicator_id}/measurements",
    response=responses(401, 403, 404, 422) | {201: MeasurementOut},
)
def measurement_add(
    request: HttpRequest, indicator_id: Id, payload: MeasurementIn
) -> Any:
    """Record one measurement, checked exactly as the indicator page's form."""
    token = _token(request, Scope.MEASUREMENTS)
    indicator = get_object_or_404(_indicators(token), pk=indicator_id)
    form = MeasurementForm(payload.dict())
    if form.is_valid():
        try:
            measurement = measurement_record(
                indicator=indicator, by=token.created_by, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _audited(request, token, 201, f"measurement {measurement.pk}")
            return Status(201, _measurement_out(measurement))
    _audited(request, token, 422, "refused")
    raise _form_errors(form)


@router.post(
    "contracts/{contract_id}/returns",
    response=responses(401, 403, 404, 422) | {201: ReturnOut},
)
def return_send(request: HttpRequest, contract_id: Id, payload: ReturnIn) -> Any:
    """A provider's return for one period, checked exactly as the return form."""
    token = _token(request, Scope.RETURNS)
    contract = get_object_or_404(_contracts(token), pk=contract_id)
    provider = token.provider
    if provider is None or provider not in providers_for(contract, token.created_by):
        raise HttpError(403, "Only a provider's token sends its returns.")
    indicators = list(contract.indicators.order_by("outcome_id", "order", "pk"))
    data: dict[str, Any] = {"period_end": payload.period_end, "note": payload.note}
    known = {str(i.pk) for i in indicators}
    unknown = sorted(set(payload.figures) - known)
    if unknown:
        _audited(request, token, 422, "refused")
        raise _Failed({"figures": [f"Not this contract's indicators: {unknown}"]})
    data |= {f"indicator_{k}": v for k, v in payload.figures.items() if v is not None}
    form = ReturnForm(data, indicators=indicators, providers=[provider])
    if form.is_valid():
        try:
            sent = return_submit(
                contract=contract,
                provider=provider,
                period_end=form.cleaned_data["period_end"],
                figures=form.figures(),
                note=form.cleaned_data.get("note", ""),
                by=token.created_by,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _audited(request, token, 201, f"return {sent.pk}")
            return Status(
                201,
                {
                    "id": sent.pk,
                    "contract_id": contract.pk,
                    "period_end": sent.period_end,
                    "status": sent.status,
                },
            )
    _audited(request, token, 422, "refused")
    raise _form_errors(form)


@router.post("assets/import", response=responses(401, 403, 422) | {201: ImportOut})
def assets_import(request: HttpRequest, payload: ImportIn) -> Any:
    """Import an asset list (CSV, the page's columns): every row is checked and
    all are saved, or none."""
    token = _token(request, Scope.IMPORT)
    try:
        # As an uploaded file is read: UTF-8 (a lone surrogate is not) and no NUL.
        text = csv_text(payload.csv.encode("utf-8", "surrogatepass"))
    except ValidationError as error:
        _audited(request, token, 422, "refused")
        raise _Failed({"csv": error.messages}) from None
    report = assets_import_csv(
        organisation=token.organisation, by=token.created_by, text=text
    )
    if not report.ok:
        _audited(request, token, 422, "refused")
        raise _Failed({f"line {n}": [message] for n, message in report.errors})
    _audited(request, token, 201, f"{report.saved} assets")
    return Status(201, {"imported": report.saved})


def _need_data(row: Any) -> dict[str, Any]:
    """One imported need as the page's form would receive it."""
    data = row.dict()
    return {key: value for key, value in data.items() if value is not None}


def _row_errors(row: int, form: forms.BaseForm) -> dict[str, list[str]]:
    """The form's messages, named ``needs.<row>.<field>`` (``needs.<row>`` for a
    problem with the need as a whole)."""
    return {
        f"needs.{row}" + ("" if field == "__all__" else f".{field}"): [
            str(m) for m in messages
        ]
        for field, messages in form.errors.items()
    }


def _needs_save(cycle: Cycle, token: ApiToken, rows: list[NeedForm]) -> Any:
    """Save every checked need, or (if the service refuses one) none: the
    saved ids, or the refusals per row."""
    errors: dict[str, list[str]] = {}
    saved: list[int] = []
    with transaction.atomic():
        for row, form in enumerate(rows):
            try:
                need = need_save(
                    need=form.save(commit=False),
                    by=token.created_by,
                    outcomes=form.cleaned_data["outcomes"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
                errors |= _row_errors(row, form)
            else:
                saved.append(need.pk)
        if errors:
            transaction.set_rollback(True)
    return saved, errors


@router.post(
    "cycles/{cycle_id}/needs/import",
    response=responses(401, 403, 404, 422) | {201: NeedsImportOut},
)
def needs_import(request: HttpRequest, cycle_id: Id, payload: NeedsImportIn) -> Any:
    """Record a list of needs in one of the organisation's cycles, each checked
    exactly as the "Record a need" form checks it: all are saved, or none, and
    a refused import names each problem as ``needs.<row>.<field>`` (rows
    counted from 0, as in the list sent)."""
    token = _token(request, Scope.IMPORT)
    cycle: Cycle = get_object_or_404(
        Cycle.objects.filter(organisation=token.organisation).select_related(
            "organisation"
        ),
        pk=cycle_id,
    )
    if not token.created_by.has_perm("cycles.change_cycle", cycle):
        _audited(request, token, 403, "refused")
        raise HttpError(403, "The token's maker may no longer record needs here.")
    rows = [
        NeedForm(_need_data(need), instance=Need(cycle=cycle), cycle=cycle)
        for need in payload.needs
    ]
    errors: dict[str, list[str]] = {}
    for row, form in enumerate(rows):
        if not form.is_valid():
            errors |= _row_errors(row, form)
    saved: list[int] = []
    if not errors:
        saved, errors = _needs_save(cycle, token, rows)
    if errors:
        _audited(request, token, 422, "refused")
        raise _Failed(
            errors,
            f"No need was imported: {len({k.split('.')[1] for k in errors})} of "
            f"{len(rows)} have problems. Correct them and send the whole list again.",
        )
    _audited(request, token, 201, f"{len(saved)} needs in cycle {cycle.pk}")
    return Status(201, {"imported": len(saved), "ids": saved})
