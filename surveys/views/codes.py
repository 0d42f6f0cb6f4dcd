"""Invitation codes: see how many are used, and make a batch to print."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cocommission.forms import add_service_errors
from cocommission.http import HtmxHttpRequest

from ..codes import codes_generate
from ..forms import CodeBatchForm
from .common import survey_for


@login_required
@require_http_methods(["GET", "POST"])
def codes(request: HtmxHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    survey = survey_for(request, org_slug, pk, "surveys.manage_surveys")
    form = CodeBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = codes_generate(survey=survey, count=form.cleaned_data["count"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "surveys/codes_print.html",
                {
                    "organisation": survey.activity.cycle.organisation,
                    "survey": survey,
                    "codes": made,
                    "answer_url": request.build_absolute_uri(survey.get_answer_url()),
                },
            )
    batches = (
        survey.invitation_codes.values("batch")
        .annotate(made=Count("id"), used=Count("id", filter=Q(used=True)))
        .order_by("batch")
    )
    return render(
        request,
        "surveys/codes.html",
        {
            "organisation": survey.activity.cycle.organisation,
            "survey": survey,
            "form": form,
            "batches": batches,
        },
        status=400 if form.errors else 200,
    )
