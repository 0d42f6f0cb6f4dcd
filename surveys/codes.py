"""Single-use invitation codes: made in batches, printed once, stored as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .models import Ballot, BallotCode, InvitationCode, Survey

#: No 0/O, 1/I/L: easy to read aloud and to type from paper.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
MAX_BATCH = 2000


def code_hash(code: str) -> str:
    """A keyed hash of the code, ignoring case, spaces and dashes."""
    clean = "".join(ch for ch in code.upper() if ch.isalnum())
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, clean.encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _i in range(LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


@transaction.atomic
def codes_generate(*, owner: Survey | Ballot, count: int) -> list[str]:
    """Make ``count`` new codes for a survey (one response each) or a ballot (one
    vote each) and return them; this is the only time they exist in readable
    form."""
    if not 1 <= count <= MAX_BATCH:
        raise ValidationError(
            {
                "count": _("Make between 1 and %(max)s codes at a time.")
                % {"max": MAX_BATCH}
            }
        )
    batch = (owner.invitation_codes.aggregate(top=Max("batch"))["top"] or 0) + 1
    codes: list[str] = []
    while len(codes) < count:
        code = _new_code()
        try:
            with transaction.atomic():
                owner.invitation_codes.create(code_hash=code_hash(code), batch=batch)
        except IntegrityError:  # pragma: no cover - one in a trillion
            continue
        codes.append(code)
    return codes


def code_check(*, survey: Survey, code: str) -> str:
    """The code's hash if it is valid for this survey and unused; otherwise a
    clear reason."""
    digest = code_hash(code)
    found = InvitationCode.objects.filter(survey=survey, code_hash=digest).first()
    if found is None:
        raise ValidationError(
            _("That code is not right. Check it against your letter and try again.")
        )
    if found.used:
        raise ValidationError(_("That code has already been used."))
    return digest


def ballot_code_check(*, ballot: Ballot, code: str) -> BallotCode:
    """The ballot's code, or a clear reason it is not one."""
    found = BallotCode.objects.filter(ballot=ballot, code_hash=code_hash(code)).first()
    if found is None:
        raise ValidationError(
            _("That code is not right. Check it against your letter and try again.")
        )
    return found
