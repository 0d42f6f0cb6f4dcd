"""Outcomes frameworks, their indicators and measurements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cocommission.forms import add_service_errors, form_page, wants_another
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for
from cocommission.parsing import id_param

from ..access import framework_for, indicator_for
from ..corrections import measurement_history
from ..forms import (
    FrameworkForm,
    IndicatorForm,
    MeasurementForm,
    MeasurementImportForm,
    OutcomeForm,
    SurveyMeasurementForm,
)
from ..models import Indicator, Measurement, Outcome, OutcomesFramework
from ..progress import STATUS_RULE, indicator_status, trend_chart, value_for_money
from ..services import (
    framework_create,
    indicator_save,
    measurement_from_survey,
    measurement_record,
    measurements_import_csv,
    outcome_save,
)


@login_required
@require_safe
def framework_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "outcomes.view_frameworks")
    frameworks = (
        OutcomesFramework.objects.filter(organisation=organisation)
        .select_related("cycle")
        .annotate(
            outcome_count=Count("outcomes", distinct=True),
            indicator_count=Count("outcomes__indicators", distinct=True),
        )
    )
    return render(
        request,
        "outcomes/framework_list.html",
        {
            "organisation": organisation,
            "frameworks": frameworks,
            "can_change": request.user.has_perm(
                "outcomes.change_frameworks", organisation
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def framework_new(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "outcomes.change_frameworks")
    form = FrameworkForm(
        request.POST or None,
        instance=OutcomesFramework(organisation=organisation),
        organisation=organisation,
        initial={"cycle": id_param(request.GET, "cycle")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            framework = framework_create(
                organisation=organisation, by=request.user, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Framework created."))
            return redirect(framework)
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("New outcomes framework"),
        intro=_(
            "A few outcomes that matter to the people the service is for, "
            "each with indicators to show progress."
        ),
        button=_("Create framework"),
        cancel_url=reverse("outcomes:frameworks", kwargs={"org_slug": org_slug}),
    )


@login_required
@require_safe
def framework_detail(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    """The framework page: outcomes, pathways and each indicator's status."""
    framework = framework_for(request, org_slug, pk)
    outcomes = list(
        framework.outcomes.select_related("priority_decision").prefetch_related(
            "pathways",
            "beneficiaries",
            Prefetch("indicators", queryset=Indicator.objects.with_latest()),
        )
    )
    for outcome in outcomes:
        for indicator in outcome.indicators.all():
            latest = indicator.latest_measurement()
            indicator.status = indicator_status(indicator, latest)  # type: ignore[attr-defined]
    return render(
        request,
        "outcomes/framework_detail.html",
        {
            "organisation": framework.organisation,
            "framework": framework,
            "outcomes": outcomes,
            "rule": STATUS_RULE,
            "can_change": request.user.has_perm(
                "outcomes.change_frameworks", framework.organisation
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int, outcome_pk: int | None = None
) -> HttpResponse:
    framework = framework_for(request, org_slug, pk, change=True)
    outcome = (
        get_object_or_404(framework.outcomes.all(), pk=outcome_pk)
        if outcome_pk
        else Outcome(framework=framework, order=framework.outcomes.count())
    )
    form = OutcomeForm(request.POST or None, instance=outcome, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            outcome_save(
                outcome=form.save(commit=False),
                by=request.user,
                pathways=form.pathways(),
                beneficiaries=form.beneficiaries(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Outcome saved."))
            return redirect(framework)
    return form_page(
        request,
        organisation=framework.organisation,
        form=form,
        caption=framework.title,
        title=_("Change an outcome") if outcome_pk else _("Add an outcome"),
        button=_("Save outcome"),
        cancel_url=framework.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(
    request: AuthedHttpRequest,
    org_slug: str,
    pk: int,
    outcome_pk: int,
    indicator_pk: int | None = None,
) -> HttpResponse:
    framework = framework_for(request, org_slug, pk, change=True)
    outcome = get_object_or_404(framework.outcomes.all(), pk=outcome_pk)
    indicator = (
        get_object_or_404(outcome.indicators.all(), pk=indicator_pk)
        if indicator_pk
        else Indicator(outcome=outcome, order=outcome.indicators.count())
    )
    form = IndicatorForm(
        request.POST or None, instance=indicator, organisation=framework.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            indicator = indicator_save(
                indicator=form.save(commit=False), by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not indicator_pk and wants_another(request):
                messages.success(
                    request,
                    _("Indicator “%(name)s” added. Add the next one.")
                    % {"name": indicator.name},
                )
                return redirect(request.path)
            messages.success(request, _("Indicator saved."))
            return redirect(
                "outcomes:indicator",
                org_slug=org_slug,
                pk=pk,
                indicator_pk=indicator.pk,
            )
    return form_page(
        request,
        organisation=framework.organisation,
        form=form,
        caption=outcome.statement,
        title=_("Change an indicator") if indicator_pk else _("Add an indicator"),
        button=_("Save indicator"),
        another="" if indicator_pk else _("Save and add another"),
        cancel_url=framework.get_absolute_url(),
    )


def _indicator_page(
    request: HttpRequest,
    framework: OutcomesFramework,
    indicator: Indicator,
    *,
    form: MeasurementForm | None = None,
    import_form: MeasurementImportForm | None = None,
    import_errors: list[tuple[int, str]] | None = None,
    clashes: list[Measurement] | None = None,
    status: int = 200,
) -> HttpResponse:
    # Only measurements that count (the default manager leaves withdrawn ones
    # out); the withdrawn ones are listed apart, with their reasons.
    measurements = list(indicator.measurements.select_related("created_by"))
    withdrawn = list(
        Measurement.with_withdrawn.filter(
            indicator=indicator, withdrawn_at__isnull=False
        ).select_related("withdrawn_by")
    )
    latest = measurements[-1] if measurements else None
    form = form or MeasurementForm()
    import_form = import_form or MeasurementImportForm()
    return render(
        request,
        "outcomes/indicator_detail.html",
        {
            "organisation": framework.organisation,
            "framework": framework,
            "indicator": indicator,
            "measurements": measurements,
            "status": indicator_status(indicator, latest),
            "value_for_money": value_for_money(indicator, latest),
            "rule": STATUS_RULE,
            "chart": trend_chart(indicator, measurements),
            "form": form,
            "import_form": import_form,
            "import_errors": import_errors or [],
            "clashes": clashes or [],
            "withdrawn": withdrawn,
            "corrections": measurement_history(indicator),
            # The page title says "Error:" when any of the forms on it failed.
            "has_errors": bool(form.errors or import_form.errors or import_errors),
            "can_change": request.user.has_perm(
                "outcomes.change_frameworks", framework.organisation
            ),
        },
        status=status,
    )


@login_required
@require_safe
def indicator_detail(
    request: AuthedHttpRequest, org_slug: str, pk: int, indicator_pk: int
) -> HttpResponse:
    framework, indicator = indicator_for(request, org_slug, pk, indicator_pk)
    return _indicator_page(request, framework, indicator)


@login_required
@require_POST
def measurement_add(
    request: AuthedHttpRequest, org_slug: str, pk: int, indicator_pk: int
) -> HttpResponse:
    framework, indicator = indicator_for(
        request, org_slug, pk, indicator_pk, change=True
    )
    form = MeasurementForm(request.POST)
    if form.is_valid():
        try:
            measurement_record(
                indicator=indicator, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            period_end = form.cleaned_data["period_end"]
            add_service_errors(form, error)
            # The value already recorded for the period: the page links to
            # correcting it.
            clashes = list(indicator.measurements.filter(period_end=period_end))
            return _indicator_page(
                request, framework, indicator, form=form, clashes=clashes, status=400
            )
        else:
            page = reverse(
                "outcomes:indicator",
                kwargs={"org_slug": org_slug, "pk": pk, "indicator_pk": indicator_pk},
            )
            if wants_another(request):
                messages.success(request, _("Measurement saved. Add the next one."))
                return redirect(f"{page}#add-measurement")
            messages.success(request, _("Measurement saved."))
            return redirect(page)
    return _indicator_page(request, framework, indicator, form=form, status=400)


@login_required
@require_POST
def measurement_import(
    request: AuthedHttpRequest, org_slug: str, pk: int, indicator_pk: int
) -> HttpResponse:
    framework, indicator = indicator_for(
        request, org_slug, pk, indicator_pk, change=True
    )
    form = MeasurementImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _indicator_page(
            request, framework, indicator, import_form=form, status=400
        )
    report = measurements_import_csv(
        indicator=indicator, by=request.user, text=form.cleaned_data["file"]
    )
    if not report.ok:
        return _indicator_page(
            request,
            framework,
            indicator,
            import_form=form,
            import_errors=report.errors,
            clashes=report.clashes,
            status=400,
        )
    messages.success(request, _("%(n)d measurements imported.") % {"n": report.saved})
    return redirect(
        "outcomes:indicator", org_slug=org_slug, pk=pk, indicator_pk=indicator_pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_from_survey_view(
    request: AuthedHttpRequest, org_slug: str, pk: int, indicator_pk: int
) -> HttpResponse:
    """Take a measurement from a survey question's results: first the question,
    then which answers count and the period."""
    framework, indicator = indicator_for(
        request, org_slug, pk, indicator_pk, change=True
    )
    from surveys.models import Question

    chosen_pk = id_param(request.POST, "question") or id_param(request.GET, "question")
    chosen = (
        Question.objects.filter(
            pk=chosen_pk,
            survey__activity__cycle__organisation=framework.organisation,
        )
        .select_related("survey__activity__cycle")
        .first()
        if chosen_pk
        else None
    )
    data = request.POST if request.method == "POST" else None
    form = SurveyMeasurementForm(
        data,
        organisation=framework.organisation,
        chosen=chosen,
        cycle=framework.cycle,
        initial={"question": chosen_pk},
    )
    back = reverse(
        "outcomes:indicator",
        kwargs={"org_slug": org_slug, "pk": pk, "indicator_pk": indicator_pk},
    )
    if request.method == "POST" and chosen is not None and form.is_valid():
        if not form.cleaned_data.get("period_end"):
            form.add_error("period_end", _("Enter the date the period ends"))
        else:
            try:
                measurement_from_survey(
                    indicator=indicator,
                    question=chosen,
                    answers=form.cleaned_data["answers"],
                    period_end=form.cleaned_data["period_end"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Measurement taken from the survey."))
                return redirect(back)
    return render(
        request,
        "outcomes/measurement_from_survey.html",
        {
            "organisation": framework.organisation,
            "framework": framework,
            "indicator": indicator,
            "form": form,
            "chosen": chosen,
            "back": back,
        },
        status=400 if form.errors else 200,
    )
