"""Correcting and withdrawing a measurement, each with a reason (kept in its
history and shown on the indicator's page)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest

from ..access import indicator_for
from ..corrections import measurement_correct, measurement_withdraw
from ..forms import MeasurementCorrectionForm, MeasurementWithdrawForm
from ..models import Indicator, Measurement


def _as_typed(value: Decimal) -> str:
    """A stored value as someone would type it: "12", not "12.000"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _measurement(indicator: Indicator, measurement_pk: int) -> Measurement:
    """A measurement of the indicator that still counts (a withdrawn one is 404)."""
    return get_object_or_404(
        Measurement.objects.filter(indicator=indicator), pk=measurement_pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_correct_view(
    request: AuthedHttpRequest,
    org_slug: str,
    pk: int,
    indicator_pk: int,
    measurement_pk: int,
) -> HttpResponse:
    framework, indicator = indicator_for(
        request, org_slug, pk, indicator_pk, change=True
    )
    measurement = _measurement(indicator, measurement_pk)
    back = reverse(
        "outcomes:indicator",
        kwargs={"org_slug": org_slug, "pk": pk, "indicator_pk": indicator_pk},
    )
    form = MeasurementCorrectionForm(
        request.POST or None,
        initial={
            "period_end": measurement.period_end,
            "value": _as_typed(measurement.value),
            "source": measurement.source,
            "note": measurement.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            measurement_correct(
                measurement=measurement, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Measurement corrected."))
            return redirect(back)
    return form_page(
        request,
        organisation=framework.organisation,
        form=form,
        caption=indicator.name,
        title=_("Correct the measurement for the period ending %(date)s")
        % {"date": date_format(measurement.period_end, "j F Y")},
        intro=_(
            "The figures as they were and your reason stay in the history on the "
            "indicator's page."
        ),
        button=_("Save the correction"),
        cancel_url=back,
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_withdraw_view(
    request: AuthedHttpRequest,
    org_slug: str,
    pk: int,
    indicator_pk: int,
    measurement_pk: int,
) -> HttpResponse:
    framework, indicator = indicator_for(
        request, org_slug, pk, indicator_pk, change=True
    )
    measurement = _measurement(indicator, measurement_pk)
    back = reverse(
        "outcomes:indicator",
        kwargs={"org_slug": org_slug, "pk": pk, "indicator_pk": indicator_pk},
    )
    form = MeasurementWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measurement_withdraw(
                measurement=measurement,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Measurement withdrawn."))
            return redirect(back)
    return form_page(
        request,
        organisation=framework.organisation,
        form=form,
        caption=indicator.name,
        title=_("Withdraw the measurement for the period ending %(date)s")
        % {"date": date_format(measurement.period_end, "j F Y")},
        intro=_(
            "The value %(value)s %(unit)s will no longer count anywhere: not in the "
            "latest value, the progress, the scorecard, reports or published "
            "figures. The team still sees it on the indicator's page, marked "
            "withdrawn, with your reason. You can then record a new value for "
            "this period."
        )
        % {"value": floatformat(measurement.value, "-3"), "unit": indicator.unit},
        button=_("Withdraw the measurement"),
        cancel_url=back,
        status=400 if form.errors else 200,
    )
