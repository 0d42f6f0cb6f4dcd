"""Sign-in codes: one budget for sending them, one for guessing them, and no
account for anyone who has not typed one.

Codes go out from allauth's "get a sign-in code" page, from joining a panel and
from checking an address by code (after a sign-up with a password). All of them
draw on allauth's ``request_login_code`` limits (``ACCOUNT_RATE_LIMITS``), per
e-mail address and per client address, so no page is a way round the others.

Tries at typing a code are counted per account across every code it is sent
(``login_code_guess``): allauth's own limit is per code, so asking for a new code
would otherwise give a fresh set of tries. A try is counted before the code is
compared and given back when it was right, so parallel requests cannot slip past.

Joining with an address that has no account sends a code without making one; the
account is made when the code is typed (``account_for_confirmed_code``).
"""

from __future__ import annotations

import logging
import time

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.models import EmailAddress, Login
from allauth.account.stages import LoginByCodeStage, LoginStageController
from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import User

logger = logging.getLogger(__name__)

APP = "allauth.account"
SEND_ACTION = "request_login_code"
GUESS_ACTION = "login_code_guess"
# Set in a code sign-in's state when no account exists yet for its address.
NEW_ACCOUNT = "cocommission_new_account"

TOO_MANY_CODES = _(
    "We have sent a lot of codes to this address, or to your connection, in a short "
    "time. Wait 10 minutes, then ask for a new code."
)
GUESSES_PAUSED_HOUR = _(
    "You have typed a wrong code too many times. To keep the account safe, signing "
    "in with a code is paused for this address. Try again in an hour."
)
GUESSES_PAUSED_DAY = _(
    "You have typed a wrong code too many times. To keep the account safe, signing "
    "in with a code is paused for this address until tomorrow."
)


def _normal(email: str) -> str:
    return email.strip().lower()


def _guess_key(*, email: str, user: User | None) -> str:
    """One budget per account; an address without one yet is its own."""
    return f"user:{user.pk}" if user is not None else f"email:{_normal(email)}"


def account_for_address(email: str) -> User | None:
    """The account an address belongs to, whatever its case."""
    return User.objects.filter(email__iexact=_normal(email)).first()


def guesses_paused(
    request: HttpRequest, *, email: str, user: User | None = None
) -> str | None:
    """Why code sign-in is paused for this account after too many wrong codes, or
    None when tries are left."""
    key = _guess_key(email=email, user=user)
    if ratelimit.consume(request, app=APP, action=GUESS_ACTION, key=key, dry_run=True):
        return None
    # Which window is spent decides how long to wait: the hourly one clears sooner.
    for rate in ratelimit.get_rates(app=APP, action=GUESS_ACTION):
        cache_key = ratelimit.get_cache_key(
            request, app=APP, action=GUESS_ACTION, rate=rate, key=key
        )
        allowed, _history = ratelimit.apply_rate(
            list(cache.get(cache_key, [])), time.time(), rate, dry_run=True
        )
        if not allowed and rate.duration > 60 * 60:
            return str(GUESSES_PAUSED_DAY)
    return str(GUESSES_PAUSED_HOUR)


def note_refusal(reason: str) -> None:
    """Log a refused code or try; the log line carries the client's address, and
    the e-mail address is left out on purpose."""
    logger.warning("sign-in code refused: %s", reason)


def code_send_refusal(
    request: HttpRequest, *, email: str, user: User | None = None
) -> str | None:
    """Take one code from the shared sending budget, or say why not (None: send)."""
    paused = guesses_paused(request, email=email, user=user)
    if paused:
        note_refusal("wrong-code pause")
        return paused
    if not ratelimit.consume(
        request, app=APP, action=SEND_ACTION, key=_normal(email), limit_get=True
    ):
        note_refusal("sending limit")
        return str(TOO_MANY_CODES)
    return None


def guess_take(
    request: HttpRequest, *, email: str, user: User | None
) -> ratelimit.RateLimitUsage | None:
    """Count one try at a code (give it back with ``.rollback()`` if it was right);
    None when the account has no tries left."""
    usage = ratelimit.consume(
        request, app=APP, action=GUESS_ACTION, key=_guess_key(email=email, user=user)
    )
    if usage is None:
        note_refusal("too many wrong codes")
    return usage


def code_sign_in_start(request: HttpRequest, *, email: str) -> None:
    """E-mail a sign-in code to ``email``, as allauth's own page does, but also to an
    address with no account yet; that account is made only when the code is typed.

    The caller has already taken the code from the budget (``code_send_refusal``).
    """
    user = account_for_address(email)
    if user is not None:
        LoginCodeVerificationProcess.initiate(
            request=request, user=user, email=user.email
        )
        return
    # allauth's initiate() e-mails "you have no account" when there is no user;
    # this is the same process with the code sent instead.
    email = _normal(email)
    login = Login(user=None, email=email)
    login.state["stages"] = {"current": LoginByCodeStage.key}
    stage = LoginByCodeStage(LoginStageController(request, login), request, login)
    stage.state.update(LoginCodeVerificationProcess.initial_state(None, email=email))
    stage.state["initiated_by_user"] = True
    stage.state[NEW_ACCOUNT] = True
    process = LoginCodeVerificationProcess(stage=stage)
    code = process.generate_code()
    get_adapter(request).send_mail(
        "account/email/login_code", email, {"request": request, "code": code}
    )
    process.add_sent_message({"email": email, "recipient": email})
    process.persist()


@transaction.atomic
def account_for_confirmed_code(*, email: str, user: User | None) -> User:
    """The account of someone who has just typed the right code for ``email``: made
    now if it is new, with the address marked as theirs and checked."""
    if user is None:
        user = account_for_address(email)
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=email)
        except IntegrityError:
            # Made meanwhile (another tab, or the team invited them): use that one.
            user = User.objects.get(email__iexact=_normal(email))
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(
            user=user,
            email=user.email,
            verified=True,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
        )
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return user
