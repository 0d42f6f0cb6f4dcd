"""Workflows of a person's consent and profile, and of the organisation's profile
categories."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation

from ..demographics_data import DEFAULT_CATEGORIES
from ..models import (
    WORDING,
    CategoryValue,
    ConsentRecord,
    DemographicCategory,
    MemberStatus,
    PanelMember,
    PoolMember,
    Profile,
    ProfileAnswer,
    Purpose,
    Volunteer,
)
from .draw import draw_snapshots_forget


@transaction.atomic
def categories_ensure_defaults(
    *, organisation: Organisation
) -> list[DemographicCategory]:
    """Give an organisation the census-style categories, once."""
    if not organisation.demographic_categories.exists():
        for position, spec in enumerate(DEFAULT_CATEGORIES):
            category = DemographicCategory.objects.create(
                organisation=organisation,
                name=spec["name"],
                question=spec["question"],
                is_equalities=spec["is_equalities"],
                position=position,
            )
            CategoryValue.objects.bulk_create(
                CategoryValue(
                    category=category,
                    label=label,
                    population_share=Decimal(share),
                    position=i,
                )
                for i, (label, share) in enumerate(spec["values"])
            )
    return list(organisation.demographic_categories.active())


@transaction.atomic
def category_save(
    *,
    category: DemographicCategory,
    values: list[tuple[str, Decimal | None]],
) -> DemographicCategory:
    """Save a category and its answers, matched by label: kept answers keep their
    replies; removed answers (and replies to them) are deleted."""
    if category.position == 0 and category.pk is None:
        category.position = next_position(
            category.organisation.demographic_categories.all()
        )
    category.full_clean()
    category.save()
    existing = {v.label.casefold(): v for v in category.values.all()}
    keep = set()
    for position, (label, share) in enumerate(values):
        value = existing.get(label.casefold()) or CategoryValue(category=category)
        value.label, value.population_share, value.position = label, share, position
        value.save()
        keep.add(value.pk)
    category.values.exclude(pk__in=keep).delete()
    return category


@transaction.atomic
def consent_record(
    *, user: User, organisation: Organisation, purpose: str, given: bool
) -> ConsentRecord:
    """Record a yes or no with the words shown. Withdrawal acts at once: equalities
    answers are deleted; panel seats end and the person leaves every pool; either
    unlinks them from the snapshots of past draws."""
    version, wording = WORDING[purpose]
    record = ConsentRecord.objects.create(
        user=user,
        organisation=organisation,
        purpose=purpose,
        version=version,
        wording=wording,
        given=given,
    )
    if not given and purpose == Purpose.EQUALITIES:
        ProfileAnswer.objects.filter(
            user=user,
            category__organisation=organisation,
            category__is_equalities=True,
        ).delete()
    if not given and purpose == Purpose.PANEL:
        Volunteer.objects.filter(user=user, panel__organisation=organisation).delete()
        PoolMember.objects.filter(user=user, organisation=organisation).delete()
        PanelMember.objects.filter(user=user, panel__organisation=organisation).exclude(
            status=MemberStatus.STEPPED_DOWN
        ).update(status=MemberStatus.STEPPED_DOWN, stepped_down_at=timezone.now())
    if not given and purpose in (Purpose.EQUALITIES, Purpose.PANEL):
        draw_snapshots_forget(user_id=user.pk, organisation_id=organisation.pk)
    return record


def consent_required(user: User, organisation: Organisation, purpose: str) -> None:
    if not ConsentRecord.objects.current(user=user, organisation=organisation)[purpose]:
        raise ValidationError(
            _("First agree to %(purpose)s.")
            % {"purpose": str(Purpose(purpose).label).lower()}
        )


@transaction.atomic
def profile_answers_save(
    *,
    user: User,
    organisation: Organisation,
    answers: Mapping[DemographicCategory, CategoryValue | None | str],
) -> None:
    """Save answers: a value, ``None`` for "prefer not to say", or ``""`` to skip
    (which removes an earlier answer). Equalities answers need consent."""
    consents = ConsentRecord.objects.current(user=user, organisation=organisation)
    for category, value in answers.items():
        if category.organisation_id != organisation.pk:
            raise ValidationError(_("That question belongs to another organisation."))
        if value == "":
            ProfileAnswer.objects.filter(user=user, category=category).delete()
            continue
        if category.is_equalities and not consents[Purpose.EQUALITIES]:
            raise ValidationError(
                _("Agree to share equalities information before answering this.")
            )
        if isinstance(value, CategoryValue) and value.category_id != category.pk:
            raise ValidationError(_("That answer belongs to another question."))
        ProfileAnswer.objects.update_or_create(
            user=user, category=category, defaults={"value": value or None}
        )


@transaction.atomic
def profile_save(
    *,
    profile: Profile,
    lived_experience: Iterable[Any],
    organisation: Organisation,
    answers: Mapping[DemographicCategory, CategoryValue | None | str],
) -> Profile:
    """Save a person's profile and their answers to the organisation's questions
    together: a refused answer keeps the profile as it was."""
    profile.save()
    profile.lived_experience.set(lived_experience)
    profile_answers_save(user=profile.user, organisation=organisation, answers=answers)
    return profile


def next_position(queryset: Any) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1
