"""Finding a contract, its monitoring meetings and provider returns, for a person
who may see them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cocommission.organisations.access import organisation_for

from .models import Contract, MonitoringMeeting, ProviderReturn


def contract_for(
    request: HttpRequest,
    org_slug: str,
    pk: int,
    perm: str = "contracts.view_contracts",
) -> Contract:
    """The contract if the person may see it: the team sees all of the
    organisation's; others only theirs (else 404)."""
    organisation = organisation_for(request, org_slug, perm)
    contracts = Contract.objects.of_organisation(organisation).select_related(
        "cycle__organisation", "monitoring_panel"
    )
    if not request.user.has_perm("organisations.view_dashboard", organisation):
        contracts = contracts.visible_outside_the_team(request.user)
    contract = get_object_or_404(contracts, pk=pk)
    if perm != "contracts.view_contracts" and not request.user.has_perm(
        perm, organisation
    ):
        raise PermissionDenied
    return contract


def monitoring_meeting_for(
    request: HttpRequest, org_slug: str, pk: int, meeting_pk: int
) -> MonitoringMeeting:
    contract = contract_for(request, org_slug, pk)
    return get_object_or_404(
        MonitoringMeeting.objects.filter(contract=contract).select_related(
            "contract__cycle__organisation", "meeting__panel"
        ),
        pk=meeting_pk,
    )


def provider_return_for(
    request: HttpRequest, org_slug: str, pk: int, return_pk: int, perm: str
) -> tuple[Contract, ProviderReturn]:
    contract = contract_for(request, org_slug, pk, perm)
    provider_return = get_object_or_404(
        ProviderReturn.objects.filter(contract=contract).select_related(
            "provider", "submitted_by"
        ),
        pk=return_pk,
    )
    return contract, provider_return
