"""Consent, one purpose at a time, with the exact words the person agreed to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    PANEL = "panel", _("Taking part in panels")
    CONTACT = "contact", _("Being contacted by e-mail")
    EQUALITIES = "equalities", _("Sharing equalities information")


#: The wording shown for each purpose, and its version. Change the words, raise the
#: version: earlier records keep the words people actually agreed to.
WORDING: dict[str, tuple[int, str]] = {
    Purpose.PANEL: (
        1,
        "I want to take part in panels and groups of this organisation. It may keep "
        "my name, e-mail address and what I contribute for as long as I take part, "
        "and share my name with the other members of my panels.",
    ),
    Purpose.CONTACT: (
        1,
        "This organisation may e-mail me about invitations, meetings and decisions "
        "I helped with. I can choose which e-mails I get.",
    ),
    Purpose.EQUALITIES: (
        1,
        "This organisation may keep the equalities information I choose to give "
        "(such as age, ethnicity or disability), only to check that the people "
        "taking part reflect the area. It is never published about me as a person.",
    ),
}


class ConsentRecordQuerySet(models.QuerySet["ConsentRecord"]):
    def current(self, *, user: Any, organisation: Any) -> dict[str, bool]:
        """The latest answer for each purpose; a purpose never asked is False."""
        given = dict.fromkeys(Purpose.values, False)
        if not getattr(user, "is_authenticated", False):
            return given
        latest = (
            self.filter(user=user, organisation=organisation)
            .order_by("purpose", "-recorded_at", "-pk")
            .values_list("purpose", "given")
        )
        seen: set[str] = set()
        for purpose, value in latest:
            if purpose not in seen:
                seen.add(purpose)
                given[purpose] = value
        return given

    def holding(self, purpose: str, organisation: Any) -> models.QuerySet[Any]:
        """Ids of the users whose latest answer for ``purpose`` is yes."""
        latest = (
            self.filter(
                organisation=organisation,
                purpose=purpose,
                user=models.OuterRef("user"),
            )
            .order_by("-recorded_at", "-pk")
            .values("given")[:1]
        )
        return (
            self.filter(organisation=organisation, purpose=purpose)
            .annotate(latest_given=models.Subquery(latest))
            .filter(latest_given=True)
            .values("user_id")
        )


class ConsentRecord(models.Model):
    """One yes or no, never edited: a change of mind is a new record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    version = models.PositiveSmallIntegerField(_("wording version"))
    wording = models.TextField(_("wording agreed to"))
    given = models.BooleanField(_("given"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["user", "organisation", "purpose"])]

    def __str__(self) -> str:
        verb = _("gave") if self.given else _("withdrew")
        return f"{self.user} {verb} {self.get_purpose_display()}"
