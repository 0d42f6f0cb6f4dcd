"""Who delivers services: providers in the organisation's register."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public sector (including in-house services)")
    PRIVATE = "private", _("Private company")
    THIRD = "third", _("Voluntary, community or social enterprise")
    ALLIANCE = "alliance", _("Partnership or alliance of providers")


class RegisterScheme(models.TextChoices):
    """Where a provider is registered: org-id.guide codes, as OCDS expects."""

    NONE = "", _("Not registered / not known")
    COMPANIES = "GB-COH", _("Companies House")
    CHARITY = "GB-CHC", _("Charity Commission for England and Wales")
    SCOTTISH_CHARITY = "GB-SC", _("Scottish Charity Regulator")
    NHS = "GB-NHS", _("NHS organisation code")
    LOCAL_AUTHORITY = "GB-LAE", _("Local authority code (England)")


class ProviderQuerySet(models.QuerySet["Provider"]):
    def search(self, text: str) -> ProviderQuerySet:
        return self.filter(name__icontains=text) if text else self


class Provider(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="providers",
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    members = models.ManyToManyField(
        "self",
        verbose_name=_("partners"),
        symmetrical=False,
        blank=True,
        related_name="alliances",
        help_text=_("For a partnership or alliance: the providers in it."),
    )
    register_scheme = models.CharField(
        _("registered with"),
        max_length=10,
        choices=RegisterScheme.choices,
        blank=True,
    )
    register_id = models.CharField(_("registration number"), max_length=50, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representatives"),
        blank=True,
        related_name="represents",
        help_text=_(
            "People who sign in for this provider: they see its contracts and "
            "send its returns, nothing else."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_provider_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "contracts:provider",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )
