"""Provider returns: sent by a provider's representative, then accepted (the
figures become the indicators' measurements) or queried by the team."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.webhooks.events import emit
from cocommission.webhooks.models import Event
from outcomes.corrections import measurement_correct
from outcomes.models import Indicator, Measurement, MeasurementSource
from outcomes.services import measurement_record

from .models import (
    Contract,
    FigureUse,
    Provider,
    ProviderReturn,
    ReturnFigure,
    ReturnStatus,
)


def providers_for(contract: Contract, user: Any) -> list[Provider]:
    """The contract's providers (or alliance partners) this person represents."""
    parties = Provider.objects.filter(contracts=contract)
    partners = Provider.objects.filter(alliances__contracts=contract)
    return list(
        (parties | partners).filter(representatives=user).distinct().order_by("name")
    )


@transaction.atomic
def return_submit(
    *,
    contract: Contract,
    provider: Provider,
    period_end: datetime.date,
    figures: dict[Indicator, Decimal],
    note: str,
    by: User,
) -> ProviderReturn:
    """Send (or, after a query, send again) the figures for one period."""
    if provider not in providers_for(contract, by):
        raise ValidationError(_("You do not represent a provider of this contract."))
    given = {i: v for i, v in figures.items() if v is not None}
    if not given:
        raise ValidationError(_("Give at least one figure."))
    allowed = set(contract.indicators.values_list("pk", flat=True))
    if any(indicator.pk not in allowed for indicator in given):
        raise ValidationError(_("Report only this contract's indicators."))
    if period_end > timezone.localdate():
        raise ValidationError(
            {"period_end": _("The period must have ended: give a date in the past.")}
        )
    existing = (
        ProviderReturn.objects.select_for_update()
        .filter(contract=contract, period_end=period_end)
        .first()
    )
    if existing and existing.status == ReturnStatus.ACCEPTED:
        raise ValidationError(
            {
                "period_end": _(
                    "The return for this period is already accepted. Ask the team "
                    "to change a figure."
                )
            }
        )
    provider_return = existing or ProviderReturn(
        contract=contract, period_end=period_end
    )
    provider_return.provider = provider
    provider_return.status = ReturnStatus.SUBMITTED
    provider_return.note = note
    provider_return.submitted_by = by
    provider_return.submitted_at = timezone.now()
    provider_return.save()
    provider_return.figures.all().delete()
    ReturnFigure.objects.bulk_create(
        [
            ReturnFigure(provider_return=provider_return, indicator=i, value=v)
            for i, v in given.items()
        ]
    )
    emit(
        organisation=contract.cycle.organisation,
        event=Event.PROVIDER_RETURN_SENT,
        data={
            "return": {
                "id": provider_return.pk,
                "period_end": period_end,
                "submitted_at": provider_return.submitted_at,
                "figures": [
                    {"indicator": {"id": i.pk, "name": i.name}, "value": v}
                    for i, v in given.items()
                ],
            },
            "contract": {"id": contract.pk, "title": contract.title},
            "provider": {"id": provider.pk, "name": provider.name},
        },
    )
    return provider_return


class Stands(TextChoices):
    """Which figure stands when the team already has one for the period."""

    TEAM = "team", _("The team's figure")
    PROVIDER = "provider", _("The provider's figure")


def return_clashes(
    provider_return: ProviderReturn,
) -> list[tuple[ReturnFigure, Measurement]]:
    """The return's figures for which the team already recorded a different value
    for the period: the team chooses which stands before accepting."""
    figures = list(provider_return.figures.select_related("indicator"))
    recorded = {
        m.indicator_id: m
        for m in Measurement.objects.filter(
            indicator_id__in=[f.indicator_id for f in figures],
            period_end=provider_return.period_end,
        )
    }
    return [
        (figure, recorded[figure.indicator_id])
        for figure in figures
        if figure.indicator_id in recorded
        and recorded[figure.indicator_id].value != figure.value
    ]


def _check_choices(
    clashes: list[tuple[ReturnFigure, Measurement]],
    choices: dict[int, str],
    reason: str,
) -> None:
    errors: dict[str, Any] = {}
    for figure, _measurement in clashes:
        if choices.get(figure.indicator_id) not in Stands.values:
            errors[f"figure_{figure.indicator_id}"] = _(
                "Choose which figure stands for “%(indicator)s”"
            ) % {"indicator": figure.indicator.name}
    if clashes and not reason.strip():
        errors["reason"] = _("Say why these figures stand")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def return_accept(
    *,
    provider_return: ProviderReturn,
    by: User,
    choices: dict[int, str] | None = None,
    reason: str = "",
) -> ProviderReturn:
    """Accept a return: each figure becomes its indicator's measurement. Where the
    team already has a different figure for the period, ``choices`` (indicator pk
    to ``Stands``) says which stands, and ``reason`` why: the team's is kept (the
    provider's is recorded as not used) or corrected to the provider's, the
    correction kept in the measurement's history."""
    provider_return = ProviderReturn.objects.select_for_update().get(
        pk=provider_return.pk
    )
    if provider_return.status == ReturnStatus.ACCEPTED:
        return provider_return
    reason = reason.strip()
    clashes = return_clashes(provider_return)
    _check_choices(clashes, choices or {}, reason)
    chosen = {figure.indicator_id: measurement for figure, measurement in clashes}
    provider = provider_return.provider.name
    note = _("From %(provider)s's return.") % {"provider": provider}
    figures = list(provider_return.figures.select_related("indicator"))
    for figure in figures:
        team = chosen.get(figure.indicator_id)
        if team is None:
            _record_figure(provider_return, figure, note=note, by=by)
            continue
        figure.team_value = team.value
        figure.reason = reason
        if (choices or {})[figure.indicator_id] == Stands.PROVIDER:
            measurement_correct(
                measurement=team,
                by=by,
                reason=_(
                    "Replaced by the figure in %(provider)s's return for the "
                    "period: %(reason)s"
                )
                % {"provider": provider, "reason": reason},
                value=figure.value,
                source=MeasurementSource.PROVIDER_RETURN,
                note=note,
            )
            figure.use = FigureUse.REPLACED
        else:
            figure.use = FigureUse.NOT_USED
    ReturnFigure.objects.bulk_update(figures, ["use", "team_value", "reason"])
    provider_return.status = ReturnStatus.ACCEPTED
    provider_return.reviewed_by = by
    provider_return.reviewed_at = timezone.now()
    provider_return.save()
    return provider_return


def _record_figure(
    provider_return: ProviderReturn, figure: ReturnFigure, *, note: str, by: User
) -> None:
    """The figure as its indicator's measurement, unless the team already has the
    same value for the period."""
    if Measurement.objects.filter(
        indicator_id=figure.indicator_id,
        period_end=provider_return.period_end,
        value=figure.value,
    ).exists():
        figure.use = FigureUse.SAME
        return
    measurement_record(
        indicator=figure.indicator,
        by=by,
        period_end=provider_return.period_end,
        value=figure.value,
        source=MeasurementSource.PROVIDER_RETURN,
        note=note,
    )
    figure.use = FigureUse.RECORDED


@transaction.atomic
def return_query(
    *, provider_return: ProviderReturn, question: str, by: User
) -> ProviderReturn:
    """Ask the provider about a return; they answer by sending it again."""
    if provider_return.status == ReturnStatus.ACCEPTED:
        raise ValidationError(_("This return is already accepted."))
    if not question.strip():
        raise ValidationError({"query": _("Say what you need to know")})
    provider_return.status = ReturnStatus.QUERIED
    provider_return.query = question.strip()
    provider_return.reviewed_by = by
    provider_return.reviewed_at = timezone.now()
    provider_return.save()
    return provider_return
