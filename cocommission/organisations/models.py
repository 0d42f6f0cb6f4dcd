"""Organisations (councils, health commissioners, partnerships) and who belongs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocommission.languages import CONTENT_CODES, CONTENT_LANGUAGE

from .embedding import origins_parse


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    COMMISSIONER = "commissioner", _("Commissioner")
    DECISION_MAKER = "decision_maker", _("Decision maker")
    PROVIDER = "provider", _("Provider representative")
    CITIZEN = "citizen", _("Citizen")


#: Roles that work inside the organisation's commissioning team.
STAFF_ROLES = frozenset({Role.ADMIN, Role.COMMISSIONER, Role.DECISION_MAKER})


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", _("Local council")
    HEALTH = "health", _("Health commissioner")
    POLICE = "police", _("Police and crime commissioner")
    PARTNERSHIP = "partnership", _("Partnership")
    OTHER = "other", _("Other public body")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def for_user(self, user: Any) -> OrganisationQuerySet:
        """Organisations the user belongs to, in any role."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name for web addresses"), max_length=60, unique=True
    )
    kind = models.CharField(
        _("kind of body"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.COUNCIL,
    )
    description = models.TextField(_("description"), blank=True)
    volunteer_hourly_rate = models.DecimalField(
        _("value of an hour of volunteer time (£)"),
        max_digits=6,
        decimal_places=2,
        default=12,
        help_text=_(
            "Used to show what citizens' time is worth in the resources picture."
        ),
    )
    risk_scales = models.JSONField(
        _("names of the risk scale levels"),
        default=dict,
        blank=True,
        help_text=_(
            "Five names each for likelihood and impact; empty uses the defaults."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep inactive citizens' personal data for (months)"),
        default=24,
        help_text=_(
            "Citizens who have not signed in for this long have their personal data "
            "erased; results they contributed to stay."
        ),
    )
    embed_origins = models.TextField(
        _("sites that may show your surveys and ballots"),
        blank=True,
        help_text=_(
            "One site a line, like https://www.example.gov.uk. Only these sites may "
            "show your surveys and votes in a frame; with none, no site can."
        ),
    )
    #: The languages the organisation writes for citizens in besides English
    #: (codes from ``cocommission.languages.CONTENT_CODES``), and those of them
    #: everything must be complete in before it is opened or published.
    content_languages = models.JSONField(
        _("languages you write in besides English"), default=list, blank=True
    )
    required_languages = models.JSONField(
        _("languages everything must have before it is published"),
        default=list,
        blank=True,
    )
    #: The fixed words of surveys in each language besides English, as the team
    #: wrote them (``cocommission.organisations.fixed_words``).
    fixed_words = models.JSONField(
        _("fixed words of surveys"), default=dict, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cycles:list", kwargs={"org_slug": self.slug})

    @property
    def embed_origin_list(self) -> list[str]:
        """The sites that may frame this organisation's embed pages (checked again
        on reading: nothing unchecked reaches a header)."""
        return origins_parse(self.embed_origins)

    @property
    def languages(self) -> list[str]:
        """The languages its content is written in: English, then the others in
        the order of ``CONTENT_LANGUAGES`` (anything else stored is ignored)."""
        chosen = set(self.content_languages or [])
        return [CONTENT_LANGUAGE] + [
            code for code in CONTENT_CODES[1:] if code in chosen
        ]

    @property
    def languages_required(self) -> list[str]:
        """English and the chosen languages everything must be complete in."""
        required = set(self.required_languages or [])
        return [CONTENT_LANGUAGE] + [
            code for code in self.languages[1:] if code in required
        ]


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_user(self, user: Any) -> MembershipQuerySet:
        """The memberships a user can see: their own, and all of organisations they
        administer."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        administered = Membership.objects.filter(user=user, role=Role.ADMIN).values(
            "organisation_id"
        )
        return self.filter(
            models.Q(user=user) | models.Q(organisation_id__in=administered)
        )

    def search(self, text: str) -> MembershipQuerySet:
        """Members whose e-mail or name contains the text."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(user__email__icontains=text)
            | models.Q(user__display_name__icontains=text)
        )


class Membership(models.Model):
    """One person's role in one organisation. A person may belong to several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


def roles_of(user: Any) -> dict[int, str]:
    """Map organisation id to the user's role, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached: dict[int, str] | None = getattr(user, "_cocommission_roles", None)
    if cached is None:
        cached = dict(
            Membership.objects.filter(user=user).values_list("organisation_id", "role")
        )
        user._cocommission_roles = cached
    return cached
