"""Organisations' API tokens and the record of what each one wrote.

A token is ``cc_<prefix>_<secret>``: the prefix (public, unique) finds the row,
the secret is 32 random bytes kept only as its SHA-256 hash and compared in
constant time. A high-entropy secret needs no slow hash (no guessing to slow
down), and the prefix lookup keeps checks to one indexed query."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read team data")
    MEASUREMENTS = "measurements", _("Write measurements")
    RETURNS = "returns", _("Send provider returns")
    IMPORT = "import", _("Import needs and assets")


#: Scope -> the token's field that grants it.
SCOPE_FIELDS = {
    Scope.READ: "can_read",
    Scope.MEASUREMENTS: "can_write_measurements",
    Scope.RETURNS: "can_send_returns",
    Scope.IMPORT: "can_import",
}


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        """Neither revoked nor expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What uses it, for example “Power BI refresh”."),
    )
    #: Public part of the token, to find the row.
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    #: SHA-256 of the secret part, hex.
    secret_hash = models.CharField(max_length=64, editable=False)
    can_read = models.BooleanField(_("read team data"), default=False)
    can_write_measurements = models.BooleanField(_("write measurements"), default=False)
    can_send_returns = models.BooleanField(_("send provider returns"), default=False)
    can_import = models.BooleanField(_("import needs and assets"), default=False)
    #: A provider's token reaches only that provider's contracts.
    provider = models.ForeignKey(
        "contracts.Provider",
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def has_scope(self, scope: str) -> bool:
        field = SCOPE_FIELDS.get(scope)  # type: ignore[call-overload]
        return bool(field and getattr(self, field))

    @property
    def scope_labels(self) -> list[Any]:
        return [label for scope, label in Scope.choices if self.has_scope(scope)]

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class ApiWrite(models.Model):
    """One use of a token: each write (with what it made) and each read (summary
    "read"), refused ones included. The audit trail of machine access; the name
    is from when only writes were kept."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="writes")
    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=10, editable=False)
    path = models.CharField(max_length=500, editable=False)
    status = models.PositiveSmallIntegerField(editable=False)
    summary = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
