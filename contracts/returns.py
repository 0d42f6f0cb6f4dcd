"""Provider returns: sent by a provider's representative, then accepted (the
figures become the indicators' measurements) or queried by the team."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from outcomes.models import Indicator, MeasurementSource
from outcomes.services import measurement_record

from .models import Contract, Provider, ProviderReturn, ReturnFigure, ReturnStatus


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
    return provider_return


@transaction.atomic
def return_accept(*, provider_return: ProviderReturn, by: User) -> ProviderReturn:
    """Accept a return: each figure becomes its indicator's measurement."""
    provider_return = ProviderReturn.objects.select_for_update().get(
        pk=provider_return.pk
    )
    if provider_return.status == ReturnStatus.ACCEPTED:
        return provider_return
    for figure in provider_return.figures.select_related("indicator"):
        try:
            measurement_record(
                indicator=figure.indicator,
                by=by,
                period_end=provider_return.period_end,
                value=figure.value,
                source=MeasurementSource.PROVIDER_RETURN,
                note=_("From %(provider)s's return.")
                % {"provider": provider_return.provider.name},
            )
        except ValidationError:
            raise ValidationError(
                _(
                    "“%(indicator)s” already has a value for this period. Query the "
                    "return, or change that value on the outcomes page first."
                )
                % {"indicator": figure.indicator.name}
            ) from None
    provider_return.status = ReturnStatus.ACCEPTED
    provider_return.reviewed_by = by
    provider_return.reviewed_at = timezone.now()
    provider_return.save()
    return provider_return


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
