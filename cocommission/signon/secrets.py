"""Client secrets of sign-on providers, kept encrypted at rest.

The key is derived from ``SIGN_ON_SECRET_KEY`` (by default the Django secret key):
a copy of the database alone does not give the secrets away. Changing that key
makes the stored secrets unreadable; platform staff then type them again."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = getattr(settings, "SIGN_ON_SECRET_KEY", "") or settings.SECRET_KEY
    digest = hashlib.sha256(b"cocommission sign-on secret\0" + key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    """The secret, or "" when it cannot be read (the provider then refuses us)."""
    if not sealed:
        return ""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""
