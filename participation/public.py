"""What the public may see: the one set of queries behind the public pages and the
public API (``api``), so the two can never disclose different things."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from cocommission.organisations.models import Organisation
from contracts.models import Contract
from contracts.models.contract import ContractQuerySet
from cycles.models import Cycle, CycleQuerySet, Decision, DecisionKind, Visibility
from cycles.models.decision import DecisionQuerySet
from panels.models import Panel
from panels.models.panel import PanelQuerySet
from surveys.models import Ballot, Survey
from surveys.models.survey import SurveyQuerySet


def public_cycles(organisation: Organisation) -> CycleQuerySet:
    """The organisation's public cycles, with their current phase."""
    return (
        Cycle.objects.filter(organisation=organisation, visibility=Visibility.PUBLIC)
        .with_current_phase()
        .select_related("organisation", "service_area")
        .order_by("title")
    )


def public_cycle(org_slug: str, pk: int) -> Cycle:
    """A public cycle of the organisation, or 404."""
    return get_object_or_404(
        Cycle.objects.filter(visibility=Visibility.PUBLIC, organisation__slug=org_slug)
        .with_current_phase()
        .select_related("organisation", "service_area"),
        pk=pk,
    )


def published_decisions(cycle: Cycle) -> DecisionQuerySet:
    """A public cycle's published decisions (not its phase moves), with the
    citizen input they drew on."""
    return (
        Decision.objects.filter(cycle=cycle)
        .published()
        .exclude(kind=DecisionKind.PHASE_CHANGE)
        .select_related(
            "decided_by", "board_chair", "recorded_by", "confirmed_by", "superseded_by"
        )
        .prefetch_related(
            Prefetch(
                "citizen_input__surveys", queryset=Survey.objects.with_response_count()
            ),
            "meetings__panel",
        )
    )


def published_results(cycle: Cycle) -> SurveyQuerySet:
    """Surveys of a public cycle whose results are published, newest first."""
    return (
        Survey.objects.filter(activity__cycle=cycle, results_published=True)
        .with_response_count()
        .order_by("-published_at")
    )


def decided_ballots(cycle: Cycle) -> list[Ballot]:
    """A public cycle's votes that a published decision has settled."""
    return list(
        Ballot.objects.filter(
            activity__cycle=cycle, decision__is_published=True
        ).select_related("decision")
    )


def recruiting_panels(organisation: Organisation) -> PanelQuerySet:
    """Panels anyone may volunteer for now."""
    return (
        Panel.objects.filter(organisation=organisation)
        .open_for_volunteers()
        .order_by("name")
    )


def public_contracts(organisation: Organisation) -> ContractQuerySet:
    """The contracts anyone may see: those let through procurement (not grants
    or in-house agreements) in the organisation's public cycles. The public OCDS
    package, the public page's link to it and the public API all read this."""
    return (
        Contract.objects.of_organisation(organisation)
        .filter(cycle__visibility=Visibility.PUBLIC)
        .procurement()
    )
