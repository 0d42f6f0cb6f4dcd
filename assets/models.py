"""Community and public assets, and pledges: what people offer to do or give."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocommission.organisations.models import Organisation


class AssetKind(models.TextChoices):
    SKILLS = "skills", _("Skills")
    TIME = "time", _("Time")
    PLACE = "place", _("Place or building")
    EQUIPMENT = "equipment", _("Equipment")
    GROUP = "group", _("Group or network")
    MONEY = "money", _("Money")
    KNOWLEDGE = "knowledge", _("Knowledge")


class HolderType(models.TextChoices):
    INDIVIDUAL = "individual", _("An individual")
    COMMUNITY = "community", _("A community group")
    THIRD_SECTOR = "third_sector", _("A charity or social enterprise")
    PUBLIC = "public", _("The public sector")
    BUSINESS = "business", _("A business")


#: Holders counted as what communities bring, as against the public sector.
COMMUNITY_HOLDERS = frozenset(
    {
        HolderType.INDIVIDUAL,
        HolderType.COMMUNITY,
        HolderType.THIRD_SECTOR,
        HolderType.BUSINESS,
    }
)


class AssetQuerySet(models.QuerySet["Asset"]):
    def search(self, text: str) -> AssetQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(area__icontains=text)
        )


class Asset(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assets"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assets",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind of asset"), max_length=20, choices=AssetKind.choices
    )
    holder_type = models.CharField(
        _("who holds it"), max_length=20, choices=HolderType.choices
    )
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("area or ward"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True
    )
    availability = models.CharField(
        _("when it is available"), max_length=200, blank=True
    )
    condition = models.CharField(_("condition"), max_length=200, blank=True)
    contact = models.CharField(
        _("contact (private)"),
        max_length=200,
        blank=True,
        help_text=_("Only the commissioning team sees this."),
    )
    is_public = models.BooleanField(_("show to citizens"), default=False)
    needs = models.ManyToManyField(
        "cycles.Need", verbose_name=_("needs it helps meet"), blank=True
    )
    outcomes = models.ManyToManyField(
        "outcomes.Outcome", verbose_name=_("outcomes it helps reach"), blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[needs, outcomes])
    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "area", "kind", "name"]
        indexes = [
            models.Index(fields=["organisation", "kind", "holder_type"]),
            # The register's order, so a page is read from the index.
            models.Index(
                fields=["organisation", "area", "kind", "name", "id"],
                name="assets_asset_register_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PledgeStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    MATCHED = "matched", _("Matched to a need")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class PledgeQuerySet(models.QuerySet["Pledge"]):
    def of(self, user: Any) -> PledgeQuerySet:
        return self.filter(pledger=user)


class Pledge(models.Model):
    """What a person or group offers ("See What You Can Do")."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pledges"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
    )
    pledger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pledges",
        help_text=_("The citizen who made the pledge, when they made it themselves."),
    )
    pledged_by_name = models.CharField(
        _("who offers it"),
        max_length=200,
        blank=True,
        help_text=_(
            "A person's or group's name, when a commissioner records the pledge."
        ),
    )
    offer = models.TextField(_("what they offer"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=AssetKind.choices, default=AssetKind.TIME
    )
    hours_per_month = models.DecimalField(
        _("hours a month"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    amount = models.DecimalField(
        _("amount (£)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PledgeStatus.choices,
        default=PledgeStatus.OFFERED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pledger__isnull=False) | ~Q(pledged_by_name=""),
                name="pledge_has_someone",
            )
        ]

    def __str__(self) -> str:
        return Truncator(self.offer).chars(60)

    @property
    def who(self) -> str:
        return str(self.pledger) if self.pledger_id else self.pledged_by_name


class ResourceSource(models.TextChoices):
    PUBLIC_BUDGET = "public_budget", _("Public budget")
    CO_FINANCING = "co_financing", _("Co-financing by partners")
    CROWDFUNDING = "crowdfunding", _("Crowdfunding")
    FEES = "fees", _("Fees and charges")
    OTHER_COMMUNITY = "other_community", _("Other community contribution")


#: Sources counted as what the public sector brings; the rest come from communities.
PUBLIC_SOURCES = frozenset({ResourceSource.PUBLIC_BUDGET})


class ResourceLine(models.Model):
    """Money for a cycle: budget lines and what communities contribute."""

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="resources"
    )
    source = models.CharField(
        _("source"), max_length=20, choices=ResourceSource.choices
    )
    label = models.CharField(_("what it is"), max_length=200)
    amount = models.DecimalField(_("amount (£)"), max_digits=14, decimal_places=2)
    period = models.CharField(
        _("period"),
        max_length=100,
        blank=True,
        help_text=_("For example: 2026 to 2027."),
    )
    restrictions = models.CharField(
        _("restrictions on its use"), max_length=300, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "source", "created_at"]

    def __str__(self) -> str:
        return self.label


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the team")
    APPROVED = "approved", _("Added to the asset map")
    DECLINED = "declined", _("Not added")


class AssetSuggestion(models.Model):
    """An asset a citizen knows of, suggested for the map: the team approves it
    (with edits, as a new public asset) or declines it with a reason. Nothing
    shows to others before approval."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="asset_suggestions"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="asset_suggestions",
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="asset_suggestions",
    )
    name = models.CharField(_("name of the place, group or thing"), max_length=200)
    what = models.TextField(_("what it is and how it helps"), max_length=1000)
    where = models.CharField(_("where it is"), max_length=300, blank=True)
    holder = models.CharField(_("who holds or runs it"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
    )
    reason = models.TextField(_("why it was not added"), blank=True)
    asset = models.ForeignKey(
        Asset,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-created_at"]
        indexes = [
            models.Index(
                fields=["organisation", "status", "created_at"],
                name="assets_suggestion_queue",
            ),
            models.Index(
                fields=["suggested_by", "created_at"], name="assets_suggestion_by"
            ),
        ]

    def __str__(self) -> str:
        return self.name
