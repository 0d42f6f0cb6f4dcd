"""Workflows of a panel's quotas (CSV in and out) and of selecting its members."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocommission.accounts.models import User
from cocommission.csv_files import csv_rows
from cocommission.parsing import SMALLINT_MAX, int_or_none
from cocommission.spreadsheets import csv_text, restore

from ..models import (
    KNOW_CARE_CATEGORY,
    SEATED,
    ConsentRecord,
    KnowCareGroup,
    KnowCareQuota,
    MemberStatus,
    Panel,
    PanelMember,
    PoolMember,
    ProfileAnswer,
    Purpose,
    Quota,
    Selection,
    SelectionMethod,
    TopicInterest,
)
from ..selection import QuotaRule
from .draw import draw_from_snapshot, draw_snapshot

QUOTA_CSV_HEADER = ["category", "value", "min", "max"]


def quotas_export_csv(*, panel: Panel) -> str:
    """The Sortition Foundation's quota format: category, value, min, max."""
    return csv_text(
        [
            QUOTA_CSV_HEADER,
            *(
                [quota.category.name, quota.value.label, quota.minimum, quota.maximum]
                for quota in panel.quotas.select_related("category", "value")
            ),
            *(
                [str(KNOW_CARE_CATEGORY), q.get_group_display(), q.minimum, q.maximum]
                for q in panel.know_care_quotas.all()
            ),
        ]
    )


def _is_know_care(name: str) -> bool:
    """The built-in category, by its name in the page's language or in English."""
    return name.casefold() in {
        str(KNOW_CARE_CATEGORY).casefold(),
        "who knows and who cares",
    }


def _know_care_row(
    panel: Panel, line: int, cells: tuple[str, str, str], seen: set[str]
) -> KnowCareQuota:
    """A row of the built-in "who knows and who cares" category."""
    label, low, high = cells
    if panel.cycle_id is None:
        raise ValidationError(
            _(
                "Row %(line)s: this panel belongs to no cycle, so nobody has rated "
                "how much they know and care about its topic."
            )
            % {"line": line}
        )
    group = next(
        (g for g in KnowCareGroup if str(g.label).casefold() == label.casefold()),
        None,
    )
    if group is None:
        raise ValidationError(
            _("Row %(line)s: %(category)s has no value “%(label)s”.")
            % {"line": line, "category": KNOW_CARE_CATEGORY, "label": label}
        )
    minimum = _parse_bound(low, line, "min")
    maximum = _parse_bound(high, line, "max")
    if minimum > maximum:
        raise ValidationError(
            _("Row %(line)s: min (%(min)s) is more than max (%(max)s).")
            % {"line": line, "min": minimum, "max": maximum}
        )
    if group in seen:
        raise ValidationError(
            _("Row %(line)s: %(category)s – %(label)s appears twice.")
            % {"line": line, "category": KNOW_CARE_CATEGORY, "label": group.label}
        )
    seen.add(group)
    return KnowCareQuota(panel=panel, group=group, minimum=minimum, maximum=maximum)


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
def quotas_import_csv(*, panel: Panel, data: str) -> list[Quota | KnowCareQuota]:
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
    know_care: list[KnowCareQuota] = []
    seen: set[int] = set()
    seen_groups: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(QUOTA_CSV_HEADER):
            errors.append(_("Row %(line)s: expected 4 columns.") % {"line": line})
            continue
        # Our own export put a ' before text a spreadsheet could run; take it off.
        name, label, low, high = (restore(cell).strip() for cell in row)
        if _is_know_care(name):
            try:
                know_care.append(
                    _know_care_row(panel, line, (label, low, high), seen_groups)
                )
            except ValidationError as error:
                errors.extend(error.messages)
            continue
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
    panel.know_care_quotas.all().delete()
    KnowCareQuota.objects.bulk_create(know_care)
    return [*Quota.objects.bulk_create(quotas), *know_care]


def _answers(panel: Panel, user_ids: list[int]) -> dict[int, dict[str, str]]:
    """Each person's answers by category name, for the panel's organisation."""
    people: dict[int, dict[str, str]] = {uid: {} for uid in user_ids}
    answers = ProfileAnswer.objects.filter(
        user_id__in=user_ids,
        category__organisation=panel.organisation,
        value__isnull=False,
    ).values_list("user_id", "category__name", "value__label")
    for user_id, category, value in answers:
        people[user_id][category] = value
    groups = know_care_groups(panel, user_ids)
    for user_id in user_ids:
        people[user_id][str(KNOW_CARE_CATEGORY)] = str(groups[user_id].label)
    return people


def know_care_groups(panel: Panel, user_ids: list[int]) -> dict[int, KnowCareGroup]:
    """Each person's cell of the know / care grid for the panel's cycle; without a
    rating for it (or without a cycle), "not rated"."""
    groups = dict.fromkeys(user_ids, KnowCareGroup.NOT_RATED)
    if panel.cycle_id is not None:
        for interest in TopicInterest.objects.filter(
            cycle_id=panel.cycle_id, user_id__in=user_ids
        ).only("user_id", "knowledge", "care"):
            groups[interest.user_id] = KnowCareGroup(interest.quadrant)
    return groups


def panel_quota_rules(panel: Panel) -> list[QuotaRule]:
    """Every quota of the panel: on the organisation's categories, then on the
    built-in "who knows and who cares"."""
    return [
        *(
            QuotaRule(q.category.name, q.value.label, q.minimum, q.maximum)
            for q in panel.quotas.select_related("category", "value")
        ),
        *(
            QuotaRule(
                str(KNOW_CARE_CATEGORY), q.get_group_display(), q.minimum, q.maximum
            )
            for q in panel.know_care_quotas.all()
        ),
    ]


@dataclass(frozen=True)
class PoolSources:
    """Who a draw may pick: the panel's own volunteers and, besides them, people in
    the organisation's pool. Both hold the organisation's panel consent; nobody
    with a seat, an invitation or a reserve place on the panel is in either."""

    own: list[int]
    organisation: list[int]

    @property
    def everyone(self) -> list[int]:
        return [*self.own, *self.organisation]


def panel_pool_sources(panel: Panel) -> PoolSources:
    consenting = ConsentRecord.objects.holding(Purpose.PANEL, panel.organisation)
    on_panel = PanelMember.objects.filter(panel=panel, user__isnull=False).values(
        "user_id"
    )
    own = list(
        panel.volunteers.filter(user_id__in=consenting)
        .exclude(user_id__in=on_panel)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    shared = list(
        PoolMember.objects.filter(
            organisation_id=panel.organisation_id, user_id__in=consenting
        )
        .exclude(user_id__in=on_panel)
        .exclude(user_id__in=own)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    return PoolSources(own=own, organisation=shared)


def panel_pool(panel: Panel) -> dict[int, dict[str, str]]:
    """Volunteers who still consent to panels, with their answers by category: the
    panel's own and those in the organisation's pool."""
    return _answers(panel, panel_pool_sources(panel).everyone)


def panel_seated_answers(panel: Panel) -> dict[int, dict[str, str]]:
    """The members holding seats, with their answers by category (a top-up draw
    counts them against the quotas)."""
    user_ids = list(
        panel.members.seated()
        .filter(user__isnull=False)
        .values_list("user_id", flat=True)
    )
    return _answers(panel, [uid for uid in user_ids if uid is not None])


@dataclass(frozen=True)
class FreeSeats:
    """How many seats a draw may still offer, and why."""

    seats: int
    seated: int
    invited: int

    @property
    def free(self) -> int:
        return max(self.seats - self.seated - self.invited, 0)

    def refusal(self, size: int) -> str | None:
        """Why a draw of ``size`` is too big, or None if it fits."""
        if size <= self.free:
            return None
        if self.invited:
            why = _(
                "the panel has %(seats)s seats, %(seated)s are taken and "
                "%(invited)s invitations are waiting for an answer"
            ) % {"seats": self.seats, "seated": self.seated, "invited": self.invited}
        else:
            why = _("the panel has %(seats)s seats and %(seated)s are taken") % {
                "seats": self.seats,
                "seated": self.seated,
            }
        if not self.free:
            return _("No seats are free: %(why)s.") % {"why": why}
        return ngettext(
            "Only %(free)s seat is free: %(why)s. Draw %(free)s or fewer.",
            "Only %(free)s seats are free: %(why)s. Draw %(free)s or fewer.",
            self.free,
        ) % {"free": self.free, "why": why}


def panel_free_seats(panel: Panel) -> FreeSeats | None:
    """The seats a draw may offer: the panel's size less the seats taken and the
    invitations not yet answered. None when the panel has no set size."""
    if panel.seats is None:
        return None
    counts = panel.members.aggregate(
        seated=Count("pk", filter=Q(status__in=SEATED)),
        invited=Count("pk", filter=Q(status=MemberStatus.INVITED)),
    )
    return FreeSeats(panel.seats, counts["seated"], counts["invited"])


@transaction.atomic
def panel_select_members(
    *,
    panel: Panel,
    size: int,
    by: User | None,
    seed: int | None = None,
    method: str = SelectionMethod.LEXIMIN,
) -> Selection:
    """Draw ``size`` members from the pool against the panel's quotas, counting
    the members already seated, by ``method``; record the draw with a snapshot
    of what it used (so it can be repeated exactly) and invite whoever was
    chosen. A draw never offers more seats than are free."""
    if method not in SelectionMethod.values:
        raise ValidationError({"method": _("Choose how to draw the panel")})
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    free = panel_free_seats(panel)
    refusal = free.refusal(size) if free is not None else None
    if refusal:
        raise ValidationError({"size": refusal})
    rules = panel_quota_rules(panel)
    sources = panel_pool_sources(panel)
    pool = _answers(panel, sources.everyone)
    seated = panel_seated_answers(panel)
    have = Counter((c, a) for answers in seated.values() for c, a in answers.items())
    seed = secrets.randbits(48) if seed is None else seed
    snapshot = draw_snapshot(
        method=method, rules=rules, pool=pool, seated=seated, size=size, seed=seed
    )
    # The draw runs from the snapshot, as a repeat of it later does.
    draw = draw_from_snapshot(snapshot)
    snapshot["selected"] = draw.selected
    chosen = [snapshot["people"][place] for place in draw.selected]
    selection = Selection.objects.create(
        panel=panel,
        method=method,
        seed=seed,
        size=size,
        pool_size=len(pool),
        from_organisation_pool=len(sources.organisation),
        quotas=[
            {
                "category": r.category,
                "value": r.value,
                "min": r.minimum,
                "max": r.maximum,
                "seated": have[(r.category, r.value)],
            }
            for r in rules
        ],
        succeeded=draw.succeeded,
        problems=draw.problems,
        left_out=draw.left_out,
        chances=draw.chances,
        snapshot=snapshot,
        run_by=by,
    )
    for user_id in chosen:
        try:
            with transaction.atomic():
                PanelMember.objects.create(
                    panel=panel, user_id=user_id, selection=selection
                )
        except IntegrityError:  # pragma: no cover - excluded from the pool above
            continue
    return selection
