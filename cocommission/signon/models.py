"""Each organisation's sign-on provider and the e-mail domains it signs in."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocommission.organisations.models import Organisation, Role

from .secrets import unseal

#: Roles a claim can give, most senior first: when a person's claim values map to
#: several, they get the first of these.
ROLE_ORDER = [
    Role.ADMIN,
    Role.DECISION_MAKER,
    Role.COMMISSIONER,
    Role.PROVIDER,
    Role.CITIZEN,
]


def parse_role_map(text: str) -> dict[str, str]:
    """``value = role`` lines into a mapping; ValidationError naming the first bad
    line. Blank lines are skipped; a value may map to one role only."""
    mapping: dict[str, str] = {}
    roles = {role.value for role in Role}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        value, sep, role = line.rpartition("=")
        value, role = value.strip(), role.strip()
        if not sep or not value or role not in roles:
            raise ValidationError(
                _(
                    "Line %(number)s should be a claim value, then =, then one of "
                    "%(roles)s."
                ),
                params={"number": number, "roles": ", ".join(sorted(roles))},
                code="role_map",
            )
        mapping[value] = role
    return mapping


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class SignOn(models.Model):
    """An organisation's OpenID Connect provider (Microsoft Entra ID, Google
    Workspace, Okta, Keycloak...), set up by platform staff."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="sign_on",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("provider name people see"),
        max_length=100,
        help_text=_("For example: Northshire Council Microsoft account."),
    )
    issuer = models.URLField(
        _("issuer address"),
        help_text=_(
            "The provider's issuer, where /.well-known/openid-configuration is "
            "found. For Microsoft Entra ID: "
            "https://login.microsoftonline.com/TENANT-ID/v2.0"
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=255)
    secret_sealed = models.TextField(editable=False, blank=True)
    roles_from_claim = models.BooleanField(
        _("roles come from the provider"),
        default=False,
        help_text=_(
            "Off: signing in gives no role; the organisation's admins give roles in "
            "CoCommission. On: at each sign-in the person's role in this "
            "organisation is set from the claim below, and taken away when no value "
            "maps to a role."
        ),
    )
    role_claim = models.CharField(
        _("claim holding roles"), max_length=100, blank=True, default="roles"
    )
    role_map = models.TextField(
        _("claim values and the roles they give"),
        blank=True,
        help_text=_(
            "One a line: a value of the claim, =, and a role (admin, commissioner, "
            "decision_maker, provider or citizen). For example: "
            "cocommission-admins = admin"
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-ons")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        scheme = urlsplit(self.issuer or "").scheme
        allow_http = getattr(settings, "SIGN_ON_ALLOW_HTTP", False)
        if self.issuer and scheme != "https" and not (allow_http and scheme == "http"):
            errors["issuer"] = ValidationError(
                _("The issuer address must start with https://."), code="https"
            )
        try:
            mapping = parse_role_map(self.role_map)
        except ValidationError as error:
            errors["role_map"] = error
        else:
            if self.roles_from_claim and not (self.role_claim.strip() and mapping):
                errors["role_map"] = ValidationError(
                    _("Name the claim and map at least one of its values to a role."),
                    code="role_map_empty",
                )
        if errors:
            raise ValidationError(errors)

    @property
    def provider_id(self) -> str:
        """allauth's name for this provider: stable while the organisation is."""
        return f"org-{self.organisation_id}"

    @property
    def secret(self) -> str:
        return unseal(self.secret_sealed)

    @property
    def origin(self) -> str:
        return origin_of(self.issuer)

    def role_for(self, claims: dict[str, object]) -> str | None:
        """The role the claim gives, the most senior when values give several."""
        raw = claims.get(self.role_claim.strip())
        values = raw if isinstance(raw, list) else [raw]
        mapping = parse_role_map(self.role_map)
        given = {
            mapping[value]
            for value in values
            if isinstance(value, str) and value in mapping
        }
        return next((role.value for role in ROLE_ORDER if role.value in given), None)


class SignOnDomain(models.Model):
    """An e-mail domain whose people sign in through the organisation's provider.
    A domain belongs to one organisation only."""

    sign_on = models.ForeignKey(
        SignOn, on_delete=models.CASCADE, related_name="domains"
    )
    domain = models.CharField(
        _("e-mail domain"),
        max_length=253,
        unique=True,
        help_text=_("The part after @, for example northshire.gov.uk."),
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")

    def __str__(self) -> str:
        return self.domain

    def save(self, *args: object, **kwargs: object) -> None:
        self.domain = normal_domain(self.domain)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        self.domain = normal_domain(self.domain)
        labels = self.domain.split(".")
        if len(labels) < 2 or not all(
            label and label.replace("-", "").isalnum() for label in labels
        ):
            raise ValidationError(
                {
                    "domain": ValidationError(
                        _("Type a domain like northshire.gov.uk, without @."),
                        code="domain",
                    )
                }
            )


def normal_domain(domain: str) -> str:
    return domain.strip().lower().rstrip(".")


def domain_of(email: str) -> str:
    return normal_domain(email.rpartition("@")[2]) if "@" in email else ""
