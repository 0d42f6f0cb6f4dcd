"""Lookups shared by the cycle views: everything is narrowed to the user's teams."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cocommission.organisations.models import Organisation

from ..models import Cycle


def organisation_for(request: HttpRequest, org_slug: str, perm: str) -> Organisation:
    """The organisation if the user belongs (else 404) and holds ``perm`` (else 403)."""
    organisation = get_object_or_404(
        Organisation.objects.for_user(request.user), slug=org_slug
    )
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


def cycle_for(
    request: HttpRequest, org_slug: str, pk: int, perm: str = "cycles.view_workspace"
) -> Cycle:
    """A cycle of the user's commissioning teams (else 404), if they hold ``perm``."""
    cycle = get_object_or_404(
        Cycle.objects.for_team(request.user)
        .filter(organisation__slug=org_slug)
        .select_related("organisation", "service_area", "lead", "predecessor"),
        pk=pk,
    )
    if not request.user.has_perm(perm, cycle):
        raise PermissionDenied
    return cycle


def add_service_errors(form: BaseForm, error: DjangoValidationError) -> None:
    """Show a service's validation errors beside the right fields of ``form``."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
