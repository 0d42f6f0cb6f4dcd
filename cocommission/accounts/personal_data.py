"""Everything held about a person: to hand it over, and to erase it.

Erasure deletes the account and what hangs off it (consents, profile answers,
memberships, signatures), and keeps what others rely on in anonymous form: a
pledge's hours, a governance score, a seat in a panel's history. Audit history
rows that copy the person's own records are deleted; their name as the author of
changes is cleared.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Pledge
from cocommission.organisations.models import STAFF_ROLES, Membership, Role
from contracts.models import CoAssessmentReport, GovernanceRating, MonitoringIssue
from outcomes.models import CharterSignature, GovernanceAssessment
from panels.models import (
    ConsentRecord,
    PanelMember,
    Profile,
    ProfileAnswer,
    Residence,
    TopicInterest,
    Volunteer,
)

from .models import User

#: What stays of an erased person's pledge.
ERASED_NAME = "Former participant"
ERASED_TEXT = "Removed at the person's request."
#: A month, for retention periods.
MONTH = timedelta(days=30)


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def personal_data(user: User) -> dict[str, Any]:
    """A plain, complete description of what is held about ``user``."""
    profile = (
        Profile.objects.filter(user=user).prefetch_related("lived_experience").first()
    )
    return {
        "account": {
            "email": user.email,
            "name": user.display_name,
            "joined": _when(user.date_joined),
            "last_signed_in": _when(user.last_login),
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values(
                "email", "verified", "primary"
            )
        ),
        "organisations": [
            {
                "organisation": m.organisation.name,
                "role": str(Role(m.role).label),
                "since": _when(m.created_at),
            }
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "consents": [
            {
                "organisation": c.organisation.name,
                "purpose": c.get_purpose_display(),
                "given": c.given,
                "wording": c.wording,
                "wording_version": c.version,
                "when": _when(c.recorded_at),
            }
            for c in ConsentRecord.objects.filter(user=user).select_related(
                "organisation"
            )
        ],
        "profile": {
            "languages": profile.languages,
            "lived_experience_of": [a.name for a in profile.lived_experience.all()],
            "availability": profile.get_availability_display(),
            "access_needs": profile.get_access_needs_display(),
        }
        if profile
        else None,
        "profile_answers": [
            {
                "organisation": a.category.organisation.name,
                "question": a.category.name,
                "answer": a.value.label if a.value else "Prefer not to say",
            }
            for a in ProfileAnswer.objects.filter(user=user).select_related(
                "category__organisation", "value"
            )
        ],
        "checked_residence": [
            {
                "organisation": r.organisation.name,
                "area": r.area.label,
                "how_checked": r.get_method_display(),
                "when": _when(r.checked_at),
            }
            for r in Residence.objects.filter(user=user).select_related(
                "organisation", "area"
            )
        ],
        "issues_raised": [
            {
                "contract": i.monitoring_meeting.contract.title,
                "issue": i.text,
                "status": i.get_status_display(),
                "when": _when(i.created_at),
            }
            for i in MonitoringIssue.objects.filter(raised_by=user).select_related(
                "monitoring_meeting__contract"
            )
        ],
        "co_assessment_reports": [
            {
                "contract": r.contract.title,
                "kind": r.get_kind_display(),
                "visited_on": _when(r.visited_on),
                "ratings": r.ratings,
                "worked_well": r.worked_well,
                "to_improve": r.to_improve,
            }
            for r in CoAssessmentReport.objects.filter(author=user).select_related(
                "contract"
            )
        ],
        "governance_ratings_of_contracts": [
            {
                "contract": g.contract.title,
                "principle": g.principle.name,
                "score": g.score,
                "evidence": g.evidence,
            }
            for g in GovernanceRating.objects.filter(rated_by=user).select_related(
                "contract", "principle"
            )
        ],
        "topic_interest": [
            {"cycle": t.cycle.title, "knowledge": t.knowledge, "care": t.care}
            for t in TopicInterest.objects.filter(user=user).select_related("cycle")
        ],
        "panel_seats": [
            {
                "panel": s.panel.name,
                "organisation": s.panel.organisation.name,
                "status": s.get_status_display(),
                "term_starts": _when(s.term_starts),
                "term_ends": _when(s.term_ends),
            }
            for s in PanelMember.objects.filter(user=user).select_related(
                "panel__organisation"
            )
        ],
        "volunteered_for": [
            {"panel": v.panel.name, "since": _when(v.created_at)}
            for v in Volunteer.objects.filter(user=user).select_related("panel")
        ],
        "pledges": [
            {
                "organisation": p.organisation.name,
                "offer": p.offer,
                "hours_per_month": str(p.hours_per_month or ""),
                "amount": str(p.amount or ""),
                "status": p.get_status_display(),
                "when": _when(p.created_at),
            }
            for p in Pledge.objects.filter(pledger=user).select_related("organisation")
        ],
        "governance_assessments": [
            {
                "cycle": g.cycle.title,
                "principle": g.principle.name,
                "score": str(g.score),
                "answers": g.answers,
                "evidence": g.evidence,
            }
            for g in GovernanceAssessment.objects.filter(assessor=user).select_related(
                "cycle", "principle"
            )
        ],
        "charter_signatures": [
            {
                "organisation": s.charter.organisation.name,
                "version": s.charter.version,
                "when": _when(s.signed_at),
            }
            for s in CharterSignature.objects.filter(user=user).select_related(
                "charter__organisation"
            )
        ],
    }


def can_erase(user: User) -> bool:
    """Commissioning team members' actions are part of the public record: their
    admin removes them from the team first."""
    if user.is_staff or user.is_superuser:
        return False
    return not Membership.objects.filter(user=user, role__in=STAFF_ROLES).exists()


def _user_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is User
    ]


def _clear_history(user: User) -> None:
    """In every audit table: delete copies of the person's own rows and clear them
    as the author of changes."""
    for model in apps.get_models():
        if not model.__name__.startswith("Historical"):
            continue
        for field in _user_fields(model):
            rows = model._default_manager.filter(**{field.attname: user.pk})
            if field.name == "history_user":
                rows.update(history_user=None)
            else:
                rows.delete()


@transaction.atomic
def account_erase(*, user: User) -> None:
    """Erase a citizen's account for good. Results they contributed to stay right."""
    if not can_erase(user):
        raise ValidationError(
            _(
                "You are part of a commissioning team. Ask your organisation's admin "
                "to remove you from the team first."
            )
        )
    Pledge.objects.filter(pledger=user).update(
        pledger=None, pledged_by_name=ERASED_NAME, offer=ERASED_TEXT
    )
    GovernanceAssessment.objects.filter(assessor=user).update(
        assessor=None, evidence=""
    )
    MonitoringIssue.objects.filter(raised_by=user).update(
        raised_by=None, text=ERASED_TEXT
    )
    CoAssessmentReport.objects.filter(author=user).update(
        author=None, worked_well=ERASED_TEXT, to_improve=""
    )
    GovernanceRating.objects.filter(rated_by=user).update(rated_by=None, evidence="")
    _clear_history(user)
    pk = user.pk
    user.delete()
    # Deleting cascades to tracked rows (memberships), whose audit rows name the
    # person; clear those too, before the transaction commits.
    user.pk = pk
    _clear_history(user)


def inactive_citizens(now: Any = None) -> list[User]:
    """Citizens (with no team role) who have not signed in for longer than every
    one of their organisations keeps personal data."""
    now = now or timezone.now()
    candidates = (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(memberships__role__in=STAFF_ROLES)
        .filter(memberships__role=Role.CITIZEN)
        .distinct()
        .prefetch_related("memberships__organisation")
    )
    stale = []
    for user in candidates.iterator(chunk_size=500):
        months = max(m.organisation.retention_months for m in user.memberships.all())
        last_seen = user.last_login or user.date_joined
        if last_seen < now - months * MONTH:
            stale.append(user)
    return stale
