"""Panels, who is on them, who volunteered, the quotas and each recorded draw."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslatedVirtualField, TranslationField
from simple_history.models import HistoricalRecords

from .demographics import CategoryValue, DemographicCategory
from .profile import KnowCareGroup


class PanelKind(models.TextChoices):
    BOARD_SEATS = "board_seats", _("Commissioning board seats")
    PROCUREMENT = "procurement", _("Procurement panel")
    FOCUS_GROUP = "focus_group", _("Focus group")
    USER_GROUP = "user_group", _("User group")
    INSPECTORS = "inspectors", _("Service-user inspectors")
    INNOVATION_LAB = "innovation_lab", _("Innovation lab")
    CITIZENS_PANEL = "citizens_panel", _("Citizens' panel")


class Recruitment(models.TextChoices):
    OPEN_CALL = "open_call", _("Open call: everyone who volunteers joins")
    INVITATION = "invitation", _("By invitation")
    SELECTION = "selection", _("Stratified random selection from volunteers")


class SelectionMethod(models.TextChoices):
    """How a draw chooses among the panels that meet the quotas."""

    LEXIMIN = "leximin", _("Fair chances (LEXIMIN)")
    STRATIFIED = "stratified", _("Random weights (stratified)")


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    ACTIVE = "active", _("Active")
    STEPPED_DOWN = "stepped_down", _("Stepped down")
    RESERVE = "reserve", _("On the reserve list")


#: Members who currently hold a seat.
SEATED = (MemberStatus.ACCEPTED, MemberStatus.ACTIVE)


#: What a panel's team writes for volunteers and invitees, in each language.
TRANSLATED_FIELDS = ("name", "purpose", "commitment")


def new_invitation_token() -> str:
    return secrets.token_urlsafe(16)


class EnglishHistory(HistoricalRecords):
    """A history of the English only: the names django-modeltrans reads ``i18n``
    through (``name_cy`` …) are left out as fields, not as "excluded fields",
    because simple-history reads excluded fields back from the row to rebuild
    the panel for its activities' history, and those names would then override
    the English they stand for."""

    def fields_included(
        self, model: type[models.Model]
    ) -> list[models.Field[Any, Any]]:
        return [
            field
            for field in super().fields_included(model)
            if not isinstance(field, TranslatedVirtualField)
        ]


class PanelQuerySet(models.QuerySet["Panel"]):
    def open_for_volunteers(self) -> PanelQuerySet:
        """Panels anyone may volunteer for: standing ones, or those of public cycles."""
        return self.filter(is_open_for_volunteers=True).filter(
            models.Q(cycle__isnull=True) | models.Q(cycle__visibility="public")
        )

    def public(self) -> PanelQuerySet:
        """Panels whose coming meetings anyone may see."""
        return self.filter(meetings_public=True).filter(
            models.Q(cycle__isnull=True) | models.Q(cycle__visibility="public")
        )

    def with_counts(self) -> PanelQuerySet:
        return self.annotate(
            seated_count=models.Count(
                "members",
                filter=models.Q(members__status__in=SEATED),
                distinct=True,
            ),
            volunteer_count=models.Count("volunteers", distinct=True),
        )


class Panel(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="panels"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="panels",
        help_text=_("Leave empty for a standing panel of the organisation."),
    )
    activities = models.ManyToManyField(
        "cycles.Activity",
        verbose_name=_("activities it takes part in"),
        blank=True,
        related_name="panels",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind of panel"), max_length=20, choices=PanelKind.choices
    )
    purpose = models.TextField(
        _("what the panel does"),
        help_text=_("Plain words: this is what volunteers read before joining."),
    )
    commitment = models.CharField(
        _("what it asks of members"),
        max_length=300,
        blank=True,
        help_text=_("For example: four evening meetings between March and June."),
    )
    recruitment = models.CharField(
        _("how members are found"),
        max_length=20,
        choices=Recruitment.choices,
        default=Recruitment.OPEN_CALL,
    )
    seats = models.PositiveSmallIntegerField(
        _("number of seats"), null=True, blank=True
    )
    is_open_for_volunteers = models.BooleanField(
        _("accepting volunteers"),
        default=True,
        help_text=_("Shown on the organisation's 'get involved' page."),
    )
    invitation_token = models.CharField(
        max_length=40, unique=True, default=new_invitation_token, editable=False
    )
    meetings_public = models.BooleanField(
        _("show its coming meetings publicly"),
        default=False,
        help_text=_(
            "Their titles and times go on a public page and calendar feed (no "
            "names, places, agendas or minutes). Only for standing panels and "
            "panels of public cycles."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: What volunteers and invitees read (the name, what the panel does and what
    #: it asks) in the organisation's other languages (``name_cy`` …), one JSON
    #: field (django-modeltrans); see ``panels.translations``.
    i18n = TranslationField(fields=TRANSLATED_FIELDS, virtual_fields=False)

    #: The history keeps the English; the ``i18n`` field and the names
    #: django-modeltrans reads it through (``name_cy`` …) stay out of it.
    #: The history keeps the English, not the other languages.
    history = EnglishHistory(m2m_fields=[activities], excluded_fields=["i18n"])
    objects = PanelQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "panels:detail",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )

    def get_join_url(self) -> str:
        return reverse("taking_part:join", kwargs={"token": self.invitation_token})


class PanelMemberQuerySet(models.QuerySet["PanelMember"]):
    def seated(self) -> PanelMemberQuerySet:
        return self.filter(status__in=SEATED)

    def reserve(self) -> PanelMemberQuerySet:
        """People who accepted once the panel was full, first come first seated."""
        return self.filter(status=MemberStatus.RESERVE).order_by("responded_at", "pk")

    def seated_on(self, day: datetime.date) -> PanelMemberQuerySet:
        """Members who held a seat on ``day``: seated on or before it, and neither
        stood down nor at the end of their term before it. A seat without a start
        date (older rows) counts from the day it was offered."""
        started = Coalesce("term_starts", TruncDate("invited_at"))
        return (
            self.annotate(seated_from=started)
            .filter(seated_from__lte=day)
            .filter(models.Q(term_ends__isnull=True) | models.Q(term_ends__gte=day))
            .filter(
                models.Q(status__in=SEATED)
                | models.Q(
                    status=MemberStatus.STEPPED_DOWN,
                    term_starts__isnull=False,
                    stepped_down_at__date__gte=day,
                )
            )
        )

    def holds_seat(self, panel_id: int | None, user: Any) -> bool:
        """Whether the person has a seat (accepted or active) on the panel."""
        if panel_id is None or not getattr(user, "is_authenticated", False):
            return False
        return self.seated().filter(panel_id=panel_id, user=user).exists()


class PanelMember(models.Model):
    """A seat: who holds it, how they came to it and where it stands."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panel_seats",
        help_text=_("Empty once the person erased their account."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MemberStatus.choices,
        default=MemberStatus.INVITED,
    )
    selection = models.ForeignKey(
        "Selection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    term_starts = models.DateField(_("term starts"), null=True, blank=True)
    term_ends = models.DateField(_("term ends"), null=True, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    stepped_down_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["user"])
    objects = PanelMemberQuerySet.as_manager()

    class Meta:
        ordering = ["panel", "invited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "user"],
                condition=models.Q(user__isnull=False),
                name="one_seat_per_person_per_panel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user or _('Former member')} – {self.panel}"

    @property
    def is_seated(self) -> bool:
        return self.status in SEATED

    def get_respond_url(self) -> str:
        return reverse("taking_part:seat", kwargs={"pk": self.pk})


class Volunteer(models.Model):
    """Someone in a panel's pool: they offered to serve and may be selected."""

    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="volunteers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteered_for",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "user"], name="volunteer_once_per_panel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.panel}"


class Quota(models.Model):
    """At least ``minimum`` and at most ``maximum`` seats for people with one value."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="quotas")
    category = models.ForeignKey(
        DemographicCategory, on_delete=models.CASCADE, related_name="+"
    )
    value = models.ForeignKey(CategoryValue, on_delete=models.CASCADE, related_name="+")
    minimum = models.PositiveSmallIntegerField(_("at least"))
    maximum = models.PositiveSmallIntegerField(_("at most"))

    class Meta:
        ordering = ["category__position", "value__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "value"], name="one_quota_per_value"
            ),
            models.CheckConstraint(
                condition=models.Q(minimum__lte=models.F("maximum")),
                name="quota_minimum_not_above_maximum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.value} {self.minimum}–{self.maximum}"


class KnowCareQuota(models.Model):
    """A quota on the built-in "who knows and who cares" category: computed from
    each person's ratings for the panel's cycle (no rating counts as "not rated")."""

    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="know_care_quotas"
    )
    group = models.CharField(_("group"), max_length=20, choices=KnowCareGroup.choices)
    minimum = models.PositiveSmallIntegerField(_("at least"))
    maximum = models.PositiveSmallIntegerField(_("at most"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "group"], name="one_know_care_quota_per_group"
            ),
            models.CheckConstraint(
                condition=models.Q(minimum__lte=models.F("maximum")),
                name="know_care_quota_minimum_not_above_maximum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} {self.minimum}–{self.maximum}"


class Selection(models.Model):
    """One draw: its method, its seed and a snapshot of what it used, so anyone
    can repeat it, and what came of it."""

    panel = models.ForeignKey(
        Panel, on_delete=models.CASCADE, related_name="selections"
    )
    method = models.CharField(
        _("method"), max_length=20, choices=SelectionMethod.choices
    )
    seed = models.BigIntegerField(_("random seed"))
    size = models.PositiveSmallIntegerField(_("seats to fill"))
    pool_size = models.PositiveIntegerField(_("volunteers in the pool"))
    from_organisation_pool = models.PositiveIntegerField(
        _("of them, from the organisation's pool"), default=0
    )
    quotas = models.JSONField(_("quotas used"), default=list)
    succeeded = models.BooleanField(_("succeeded"))
    problems = models.JSONField(_("why the quotas could not be met"), default=list)
    left_out = models.JSONField(
        _("volunteers who could not be considered"), default=dict
    )
    #: Each group of volunteers (the same answers for the quota categories) with
    #: its chance of selection; empty where the method does not work them out.
    chances = models.JSONField(_("chances of selection"), default=dict)
    #: What the draw used (``panels.services.draw``): the volunteers considered
    #: with their answers for the quota categories, those seated, the quotas,
    #: the seats, the seed and the method; empty for draws made before it.
    snapshot = models.JSONField(_("what the draw used"), default=dict)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.panel} – {self.created_at:%Y-%m-%d %H:%M}"


class PoolMember(models.Model):
    """Someone who agreed that any of the organisation's panels may draw them, not
    only the one they volunteered for. Leaving removes the row: no consent, no
    place in the pool."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="pool_members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_pools",
    )
    consented_at = models.DateTimeField(_("agreed on"), auto_now_add=True)

    class Meta:
        ordering = ["consented_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_pool_place_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"
