"""Making, checking and revoking API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from contracts.models import Provider

from .models import SCOPE_FIELDS, ApiToken, ApiWrite

PREFIX = "cc"
#: Do not write ``last_used_at`` more than once a minute per token.
_TOUCH_EVERY = 60


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *,
    organisation: Organisation,
    by: User,
    name: str,
    scopes: set[str],
    expires_at: datetime | None = None,
    provider: Provider | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its full text, which is never stored and shown only now."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        organisation=organisation,
        name=name,
        prefix=prefix,
        secret_hash=_hash(secret),
        created_by=by,
        expires_at=expires_at,
        provider=provider,
        **{field: scope in scopes for scope, field in SCOPE_FIELDS.items()},
    )
    token.full_clean()
    token.save()
    return token, f"{PREFIX}_{prefix}_{secret}"


def token_revoke(*, token: ApiToken) -> None:
    """Stop a token working, for good (kept for the audit trail)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_check(text: str) -> ApiToken | None:
    """The usable token ``text`` stands for, or None; notes when it was used."""
    # The secret is URL-safe base64, which may hold "_" itself.
    parts = text.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    prefix, secret = parts[1], parts[2]
    if len(prefix) > 16 or len(secret) > 100 or "\x00" in text:
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("organisation", "created_by", "provider")
        .filter(prefix=prefix)
        .first()
    )
    # Compare even when there is no such token, so timing tells nothing.
    expected = token.secret_hash if token else _hash("")
    if not hmac.compare_digest(expected, _hash(secret)) or token is None:
        return None
    now = timezone.now()
    if (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() > _TOUCH_EVERY
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def write_audit(
    *, token: ApiToken, method: str, path: str, status: int, summary: str = ""
) -> None:
    """Record one write made with a token."""
    ApiWrite.objects.create(
        token=token,
        method=method[:10],
        path=path[:500],
        status=status,
        summary=summary[:300],
    )
