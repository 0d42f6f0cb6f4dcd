"""Workflows of taking part: consent, profiles, volunteering, seats and selection."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.csv_files import csv_rows
from cocommission.organisations.models import Membership, Organisation, Role
from cocommission.parsing import SMALLINT_MAX, int_or_none
from cocommission.spreadsheets import csv_text, restore

from .demographics_data import DEFAULT_CATEGORIES
from .models import (
    WORDING,
    CategoryValue,
    ConsentRecord,
    DemographicCategory,
    MemberStatus,
    Panel,
    PanelMember,
    Profile,
    ProfileAnswer,
    Purpose,
    Quota,
    Recruitment,
    Selection,
    TopicInterest,
    Volunteer,
)
from .selection import QuotaRule, select_stratified

QUOTA_CSV_HEADER = ["category", "value", "min", "max"]


# Demographic categories ------------------------------------------------------


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


# Consent -----------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *, user: User, organisation: Organisation, purpose: str, given: bool
) -> ConsentRecord:
    """Record a yes or no with the words shown. Withdrawal acts at once: equalities
    answers are deleted; panel seats end and the person leaves every pool."""
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
        PanelMember.objects.filter(user=user, panel__organisation=organisation).exclude(
            status=MemberStatus.STEPPED_DOWN
        ).update(status=MemberStatus.STEPPED_DOWN, stepped_down_at=timezone.now())
    return record


def consent_required(user: User, organisation: Organisation, purpose: str) -> None:
    if not ConsentRecord.objects.current(user=user, organisation=organisation)[purpose]:
        raise ValidationError(
            _("First agree to %(purpose)s.")
            % {"purpose": str(Purpose(purpose).label).lower()}
        )


# Profiles --------------------------------------------------------------------


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


# Panels ------------------------------------------------------------------------


def _ensure_citizen_membership(user: User, organisation: Organisation) -> None:
    Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": Role.CITIZEN}
    )


@transaction.atomic
def panel_save(*, panel: Panel, activities: Iterable[Any] | None = None) -> Panel:
    if panel.cycle is not None and panel.cycle.organisation_id != panel.organisation_id:
        raise ValidationError({"cycle": _("Choose a cycle of this organisation.")})
    panel.full_clean()
    panel.save()
    if activities is not None:
        panel.activities.set(activities)
    return panel


@transaction.atomic
def panel_join(*, panel: Panel, user: User) -> PanelMember | Volunteer:
    """A citizen answers an open call or an invitation link: a seat straight away,
    or (for selection panels) a place in the pool of volunteers."""
    consent_required(user, panel.organisation, Purpose.PANEL)
    _ensure_citizen_membership(user, panel.organisation)
    if panel.recruitment == Recruitment.SELECTION:
        volunteer, _created = Volunteer.objects.get_or_create(panel=panel, user=user)
        return volunteer
    now = timezone.now()
    member, created = PanelMember.objects.select_for_update().get_or_create(
        panel=panel,
        user=user,
        defaults={
            "status": MemberStatus.ACCEPTED,
            "responded_at": now,
            "term_starts": now.date(),
        },
    )
    if not created and not member.is_seated:
        member.status = MemberStatus.ACCEPTED
        member.responded_at = now
        member.stepped_down_at = None
        member.save()
    return member


@transaction.atomic
def panel_join_with_consent(
    *,
    panel: Panel,
    user: User,
    consent_to: Iterable[str] = (),
    interest: tuple[int, int] | None = None,
) -> PanelMember | Volunteer:
    """Join a panel from its join page in one go: record the consents newly given
    (``consent_to``, purposes), the person's knowledge and care of the cycle's topic
    (``interest``), then the seat or place in the pool (``panel_join``)."""
    for purpose in consent_to:
        consent_record(
            user=user, organisation=panel.organisation, purpose=purpose, given=True
        )
    if interest is not None and panel.cycle is not None:
        knowledge, care = interest
        TopicInterest.objects.update_or_create(
            user=user,
            cycle=panel.cycle,
            defaults={"knowledge": knowledge, "care": care},
        )
    return panel_join(panel=panel, user=user)


@transaction.atomic
def panel_member_respond(*, member: PanelMember, accept: bool) -> PanelMember:
    """An invited person takes up or declines the seat."""
    if member.status != MemberStatus.INVITED:
        raise ValidationError(_("This invitation has already been answered."))
    if accept:
        assert member.user is not None  # noqa: S101 - invitations always name someone
        consent_required(member.user, member.panel.organisation, Purpose.PANEL)
    now = timezone.now()
    member.status = MemberStatus.ACCEPTED if accept else MemberStatus.STEPPED_DOWN
    member.responded_at = now
    if accept:
        member.term_starts = member.term_starts or now.date()
    else:
        member.stepped_down_at = now
    member.save()
    return member


@transaction.atomic
def panel_member_step_down(*, member: PanelMember) -> PanelMember:
    if member.status == MemberStatus.STEPPED_DOWN:
        return member
    member.status = MemberStatus.STEPPED_DOWN
    member.stepped_down_at = timezone.now()
    member.term_ends = member.term_ends or timezone.localdate()
    member.save()
    return member


@transaction.atomic
def panel_invite(*, panel: Panel, emails: Iterable[str]) -> list[PanelMember]:
    """Invite people by e-mail; accounts are made for new addresses (they sign in
    with a code, so no password is needed)."""
    invited = []
    for email in emails:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email)
        _ensure_citizen_membership(user, panel.organisation)
        member, created = PanelMember.objects.get_or_create(panel=panel, user=user)
        if created:
            invited.append(member)
    return invited


# Quotas --------------------------------------------------------------------------


def quotas_export_csv(*, panel: Panel) -> str:
    """The Sortition Foundation's quota format: category, value, min, max."""
    return csv_text(
        [
            QUOTA_CSV_HEADER,
            *(
                [quota.category.name, quota.value.label, quota.minimum, quota.maximum]
                for quota in panel.quotas.select_related("category", "value")
            ),
        ]
    )


def _parse_bound(text: str, line: int, column: str) -> int:
    """A quota's min or max: a whole number that fits its column (smallint)."""
    number = int_or_none(text.strip())
    if number is None:
        raise ValidationError(
            _("Row %(line)s: %(column)s must be a whole number, not “%(text)s”.")
            % {"line": line, "column": column, "text": text}
        )
    if number < 0:
        raise ValidationError(
            _("Row %(line)s: %(column)s cannot be negative.")
            % {"line": line, "column": column}
        )
    if number > SMALLINT_MAX:
        raise ValidationError(
            _("Row %(line)s: %(column)s cannot be more than %(most)s.")
            % {"line": line, "column": column, "most": SMALLINT_MAX}
        )
    return number


@transaction.atomic
def quotas_import_csv(*, panel: Panel, data: str) -> list[Quota]:
    """Replace the panel's quotas with those in the file. Every row is checked and
    all problems reported together; nothing changes unless every row is right."""
    categories = {
        c.name.casefold(): c
        for c in panel.organisation.demographic_categories.active().prefetch_related(
            "values"
        )
    }
    rows = csv_rows(data)
    if not rows or [h.strip().lower() for h in rows[0]] != QUOTA_CSV_HEADER:
        raise ValidationError(
            _("The first row must be the headings: category, value, min, max.")
        )
    errors: list[str] = []
    quotas: list[Quota] = []
    seen: set[int] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(QUOTA_CSV_HEADER):
            errors.append(_("Row %(line)s: expected 4 columns.") % {"line": line})
            continue
        # Our own export put a ' before text a spreadsheet could run; take it off.
        name, label, low, high = (restore(cell).strip() for cell in row)
        category = categories.get(name.casefold())
        if category is None:
            errors.append(
                _("Row %(line)s: there is no category called “%(name)s”.")
                % {"line": line, "name": name}
            )
            continue
        value = next(
            (
                v
                for v in category.values.all()
                if v.label.casefold() == label.casefold()
            ),
            None,
        )
        if value is None:
            errors.append(
                _("Row %(line)s: %(category)s has no value “%(label)s”.")
                % {"line": line, "category": category.name, "label": label}
            )
            continue
        try:
            minimum = _parse_bound(low, line, "min")
            maximum = _parse_bound(high, line, "max")
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if minimum > maximum:
            errors.append(
                _("Row %(line)s: min (%(min)s) is more than max (%(max)s).")
                % {"line": line, "min": minimum, "max": maximum}
            )
            continue
        if value.pk in seen:
            errors.append(
                _("Row %(line)s: %(category)s – %(label)s appears twice.")
                % {"line": line, "category": category.name, "label": value.label}
            )
            continue
        seen.add(value.pk)
        quotas.append(
            Quota(
                panel=panel,
                category=category,
                value=value,
                minimum=minimum,
                maximum=maximum,
            )
        )
    if errors:
        raise ValidationError(errors)
    panel.quotas.all().delete()
    return Quota.objects.bulk_create(quotas)


# Selection -------------------------------------------------------------------------


def panel_pool(panel: Panel) -> dict[int, dict[str, str]]:
    """Volunteers who still consent to panels, with their answers by category."""
    consenting = ConsentRecord.objects.holding(Purpose.PANEL, panel.organisation)
    user_ids = list(
        panel.volunteers.filter(user_id__in=consenting)
        .exclude(user__panel_seats__panel=panel)
        .values_list("user_id", flat=True)
    )
    pool: dict[int, dict[str, str]] = {uid: {} for uid in user_ids}
    answers = ProfileAnswer.objects.filter(
        user_id__in=user_ids,
        category__organisation=panel.organisation,
        value__isnull=False,
    ).values_list("user_id", "category__name", "value__label")
    for user_id, category, value in answers:
        pool[user_id][category] = value
    return pool


@transaction.atomic
def panel_select_members(
    *, panel: Panel, size: int, by: User, seed: int | None = None
) -> Selection:
    """Draw ``size`` members from the pool against the panel's quotas, record the
    draw (seed included) and invite whoever was chosen."""
    Panel.objects.select_for_update().get(pk=panel.pk)
    quotas = list(panel.quotas.select_related("category", "value"))
    rules = [
        QuotaRule(q.category.name, q.value.label, q.minimum, q.maximum) for q in quotas
    ]
    pool = panel_pool(panel)
    seed = secrets.randbits(48) if seed is None else seed
    draw = select_stratified(pool=pool, quotas=rules, size=size, seed=seed)
    selection = Selection.objects.create(
        panel=panel,
        seed=seed,
        size=size,
        pool_size=len(pool),
        quotas=[
            {
                "category": r.category,
                "value": r.value,
                "min": r.minimum,
                "max": r.maximum,
            }
            for r in rules
        ],
        succeeded=draw.succeeded,
        problems=draw.problems,
        left_out=draw.left_out,
        run_by=by,
    )
    for user_id in draw.selected:
        try:
            with transaction.atomic():
                PanelMember.objects.create(
                    panel=panel, user_id=user_id, selection=selection
                )
        except IntegrityError:  # pragma: no cover - excluded from the pool above
            continue
    return selection


def next_position(queryset: Any) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def panels_carry_over(*, panels: Iterable[Panel], to_cycle: Any) -> list[Panel]:
    """Copy panels into the next cycle with their seated members (who keep their
    seats) and their quotas; the old panels stay with the old cycle's record."""
    copies = []
    today = timezone.localdate()
    for panel in panels:
        copy = Panel.objects.create(
            organisation=panel.organisation,
            cycle=to_cycle,
            name=panel.name,
            kind=panel.kind,
            purpose=panel.purpose,
            commitment=panel.commitment,
            recruitment=panel.recruitment,
            seats=panel.seats,
            is_open_for_volunteers=panel.is_open_for_volunteers,
        )
        PanelMember.objects.bulk_create(
            PanelMember(
                panel=copy,
                user_id=member.user_id,
                status=MemberStatus.ACCEPTED,
                term_starts=today,
                responded_at=timezone.now(),
            )
            for member in panel.members.seated().filter(user__isnull=False)
        )
        Quota.objects.bulk_create(
            Quota(
                panel=copy,
                category_id=q.category_id,
                value_id=q.value_id,
                minimum=q.minimum,
                maximum=q.maximum,
            )
            for q in panel.quotas.all()
        )
        copies.append(copy)
    return copies
