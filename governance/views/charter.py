"""The Co-production Charter: every member reads and signs it; admins publish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocommission.forms import add_service_errors
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for

from ..forms import CharterForm
from ..models import Charter
from ..services import charter_publish, charter_sign


@login_required
@require_http_methods(["GET", "POST"])
def charter(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """Read the current charter and sign it; admins publish new versions."""
    organisation = organisation_for(request, org_slug, "governance.view_charter")
    user = request.user
    current = Charter.objects.latest_for(organisation)
    can_publish = user.has_perm("governance.publish_charter", organisation)
    form = CharterForm(initial={"text": current.text if current else ""})
    if request.method == "POST":
        if request.POST.get("action") == "sign" and current is not None:
            charter_sign(charter=current, by=user)
            messages.success(request, _("Thank you for signing the charter."))
            return redirect("governance:charter", org_slug=org_slug)
        if not can_publish:
            raise PermissionDenied
        form = CharterForm(request.POST)
        if form.is_valid():
            try:
                published = charter_publish(
                    organisation=organisation, by=user, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Version %(v)d published.") % {"v": published.version}
                )
                return redirect("governance:charter", org_slug=org_slug)
    versions = list(
        Charter.objects.filter(organisation=organisation).prefetch_related(
            "signatures__user"
        )
    )
    return render(
        request,
        "governance/charter.html",
        {
            "organisation": organisation,
            "current": current,
            "versions": versions,
            "signed": bool(current and current.signatures.filter(user=user).exists()),
            "can_publish": can_publish,
            "can_see_signatures": user.has_perm(
                "governance.view_signatures", organisation
            ),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
