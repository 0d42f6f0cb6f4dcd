"""The activity a new survey or vote belongs to, chosen on the way in."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cocommission.organisations.models import Organisation
from cocommission.parsing import id_param
from cycles.models import Activity


def chosen_activity(
    request: HttpRequest, organisation: Organisation
) -> Activity | HttpResponse:
    """The activity a new survey or vote belongs to, from ``?activity=``; without
    one, the page to choose it (activities of the organisation's open cycles)."""
    activities = Activity.objects.filter(cycle__organisation=organisation)
    chosen = request.GET.get("activity") or request.POST.get("activity")
    if not chosen:
        return render(
            request,
            "surveys/choose_activity.html",
            {
                "organisation": organisation,
                "activities": activities.exclude(cycle__status="closed")
                .select_related("cycle")
                .order_by("cycle__title", "phase", "title"),
            },
        )
    chosen_pk = id_param(request.GET, "activity") or id_param(request.POST, "activity")
    if chosen_pk is None:
        raise Http404
    return get_object_or_404(
        activities.select_related("cycle__organisation"), pk=chosen_pk
    )
