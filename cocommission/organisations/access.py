"""Finding an organisation for a request: 404 to outsiders, 403 to the wrong role."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import Membership, Organisation


def organisation_for(request: HttpRequest, org_slug: str, perm: str) -> Organisation:
    """The organisation if the user belongs (else 404) and holds ``perm`` (else 403)."""
    organisation = get_object_or_404(
        Organisation.objects.for_user(request.user), slug=org_slug
    )
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


def membership_for(request: HttpRequest, org_slug: str, pk: int) -> Membership:
    organisation = organisation_for(request, org_slug, "organisations.manage_members")
    return get_object_or_404(
        Membership.objects.filter(organisation=organisation).select_related(
            "user", "organisation"
        ),
        pk=pk,
    )
