"""Signing a delivery, as Stripe does: ``CoCommission-Signature: t=<unix
time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>``. The
receiver recomputes it, compares in constant time and refuses a ``t`` older than
five minutes, so a captured delivery cannot be replayed later."""

from __future__ import annotations

import hashlib
import hmac
import secrets

HEADER = "CoCommission-Signature"
#: How old a signature receivers should accept, in seconds (documented).
TOLERANCE = 300


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"
