"""Assessing a cycle against the organisation's governance principles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.organisations.models import STAFF_ROLES, Role, roles_of

from .models import (
    CriterionScale,
    GovernanceAssessment,
    GovernancePrinciple,
    Perspective,
    PrincipleCriterion,
)

YES, NO = Decimal(5), Decimal(1)


def perspective_of(user: User, cycle: Any) -> str | None:
    """The team assesses itself; citizen members co-assess public cycles."""
    role = roles_of(user).get(cycle.organisation_id)
    if role in STAFF_ROLES:
        return Perspective.TEAM
    if role == Role.CITIZEN and cycle.visibility == "public":
        return Perspective.CITIZEN
    return None


def _value(criterion: PrincipleCriterion | None, raw: str) -> Decimal:
    if criterion is not None and criterion.scale == CriterionScale.YES_NO:
        if raw not in {"yes", "no"}:
            raise ValidationError(_("Answer yes or no"))
        return YES if raw == "yes" else NO
    if raw not in {"1", "2", "3", "4", "5"}:
        raise ValidationError(_("Choose a rating from 1 to 5"))
    return Decimal(raw)


@transaction.atomic
def governance_assess(
    *,
    cycle: Any,
    principle: GovernancePrinciple,
    by: User,
    answers: dict[str, str],
    evidence: str = "",
) -> GovernanceAssessment:
    """Record (or replace) one person's assessment of a cycle against a principle.

    ``answers`` maps a criterion id (or "overall" when the principle has no
    questions) to "1".."5" or "yes"/"no". The score is the mean, yes = 5 and no = 1.
    """
    perspective = perspective_of(by, cycle)
    if perspective is None:
        raise ValidationError(_("You cannot assess this cycle."))
    if principle.organisation_id != cycle.organisation_id or principle.is_retired:
        raise ValidationError(_("This principle is not in use for this cycle."))
    criteria = {str(c.pk): c for c in principle.criteria.all()}
    keys = list(criteria) or ["overall"]
    values = []
    for key in keys:
        if not answers.get(key):
            raise ValidationError({key: _("Answer every question")})
        values.append(_value(criteria.get(key), answers[key]))
    score = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))
    assessment, _created = GovernanceAssessment.objects.update_or_create(
        cycle=cycle,
        principle=principle,
        assessor=by,
        defaults={
            "perspective": perspective,
            "answers": {k: answers[k] for k in keys},
            "score": score,
            "evidence": evidence,
        },
    )
    return assessment


@dataclass(frozen=True)
class Comparison:
    principle: GovernancePrinciple
    team_score: Decimal | None
    team_count: int
    citizen_score: Decimal | None
    citizen_count: int

    @property
    def gap(self) -> Decimal | None:
        if self.team_score is None or self.citizen_score is None:
            return None
        return (self.team_score - self.citizen_score).quantize(Decimal("0.1"))


def governance_comparison(cycle: Any) -> list[Comparison]:
    """Per principle in use: the team's mean score and the citizens', side by side."""
    principles = list(
        GovernancePrinciple.objects.filter(organisation_id=cycle.organisation_id)
        .in_use()
        .order_by("order", "name")
    )
    stats: dict[int, dict[str, tuple[Decimal | None, int]]] = defaultdict(dict)
    rows = (
        GovernanceAssessment.objects.filter(cycle=cycle)
        .values("principle_id", "perspective")
        .annotate(mean=Avg("score"), n=Count("pk"))
    )
    for row in rows:
        mean = (
            Decimal(row["mean"]).quantize(Decimal("0.1"))
            if row["mean"] is not None
            else None
        )
        stats[row["principle_id"]][row["perspective"]] = (mean, row["n"])
    result = []
    for principle in principles:
        team = stats[principle.pk].get(Perspective.TEAM, (None, 0))
        citizen = stats[principle.pk].get(Perspective.CITIZEN, (None, 0))
        result.append(Comparison(principle, team[0], team[1], citizen[0], citizen[1]))
    return result
