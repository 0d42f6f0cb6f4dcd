"""Finding a contract the person may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from cocommission.http import HtmxHttpRequest
from cocommission.organisations.access import organisation_for

from ..models import Contract


def contract_for(
    request: HtmxHttpRequest,
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
