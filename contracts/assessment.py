"""Co-assessment: citizens' visit and mystery shopping reports, and governance
ratings by citizens, the team and the provider."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from governance.models import GovernancePrinciple
from panels.models import PanelMember

from .models import (
    ASPECTS,
    CoAssessmentReport,
    Contract,
    GovernanceRating,
    RatingPerspective,
)
from .returns import providers_for


def sits_on_monitoring_panel(contract: Contract, user: Any) -> bool:
    return PanelMember.objects.holds_seat(contract.monitoring_panel_id, user)


def perspective_of(contract: Contract, user: Any) -> str | None:
    """From where this person rates the contract, if they may."""
    organisation = contract.cycle.organisation
    if user.has_perm("contracts.manage_contracts", organisation):
        return RatingPerspective.TEAM
    if providers_for(contract, user):
        return RatingPerspective.PROVIDER
    if sits_on_monitoring_panel(contract, user):
        return RatingPerspective.CITIZEN
    return None


@transaction.atomic
def report_file(*, report: CoAssessmentReport, by: User) -> CoAssessmentReport:
    """File a visit or mystery shopping report, as a member of the panel that
    monitors the contract (or the team, typing up a paper report)."""
    if perspective_of(report.contract, by) not in (
        RatingPerspective.CITIZEN,
        RatingPerspective.TEAM,
    ):
        raise ValidationError(_("Only the monitoring panel's members file reports."))
    codes = {code for code, _label in ASPECTS}
    ratings = {k: int(v) for k, v in report.ratings.items() if v not in (None, "")}
    if set(ratings) - codes or any(not 1 <= v <= 5 for v in ratings.values()):
        raise ValidationError(_("Rate each part from 1 to 5, or leave it out."))
    if not ratings and not (report.worked_well.strip() or report.to_improve.strip()):
        raise ValidationError(_("Rate at least one part, or say what you found."))
    report.ratings = ratings
    report.author = by
    report.full_clean()
    report.save()
    return report


def principles_for(contract: Contract) -> list[GovernancePrinciple]:
    """The governance criteria written into the contract, or else all of the
    organisation's current principles."""
    chosen = list(contract.principles.all())
    return chosen or list(
        GovernancePrinciple.objects.filter(
            organisation_id=contract.cycle.organisation_id, is_retired=False
        )
    )


@transaction.atomic
def governance_rate(
    *,
    contract: Contract,
    ratings: dict[GovernancePrinciple, tuple[int | None, str]],
    by: User,
) -> int:
    """Save one person's ratings (score and evidence) per principle; an empty
    score removes theirs. Returns how many ratings they now have."""
    perspective = perspective_of(contract, by)
    if perspective is None:
        raise ValidationError(_("You cannot rate this contract."))
    allowed = {p.pk for p in principles_for(contract)}
    for principle, (score, evidence) in ratings.items():
        if principle.pk not in allowed:
            raise ValidationError(_("Rate only this contract's principles."))
        mine = GovernanceRating.objects.filter(
            contract=contract, principle=principle, rated_by=by
        )
        if score is None:
            mine.delete()
            continue
        GovernanceRating.objects.update_or_create(
            contract=contract,
            principle=principle,
            rated_by=by,
            defaults={
                "score": score,
                "evidence": evidence.strip(),
                "perspective": perspective,
            },
        )
    return GovernanceRating.objects.filter(contract=contract, rated_by=by).count()
