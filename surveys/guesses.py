"""How many wrong survey and voting codes one person, or one address, may type.

Codes are what stop one person answering or voting many times, so guessing them
must stop quickly, whoever is guessing: anyone at an address, and a signed-in
person wherever they are (an account is no way round the limit). Only wrong
codes count, so a team entering a pile of paper forms, or a room of people on one
library's wifi typing their own codes, is never held up; a guesser, who is wrong
almost every time, is paused."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

GROUP = "code-check"


def _person(_group: str, request: HttpRequest) -> str:
    return f"user:{request.user.pk}"


def _budgets(request: HttpRequest) -> list[tuple[object, str]]:
    budgets: list[tuple[object, str]] = [("ip", settings.RATELIMIT_CODE_CHECK_IP_RATE)]
    if request.user.is_authenticated:
        budgets.append((_person, settings.RATELIMIT_CODE_CHECK_PERSON_RATE))
    return budgets


def guesses_paused(request: HttpRequest) -> bool:
    """Whether this person or address has typed too many wrong codes lately."""
    for key, rate in _budgets(request):
        usage = get_usage(request, group=GROUP, key=key, rate=rate, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            return True
    return False


def guess_failed(request: HttpRequest) -> None:
    """Count a wrong code against the person and the address."""
    for key, rate in _budgets(request):
        get_usage(request, group=GROUP, key=key, rate=rate, increment=True)


def paused_message() -> str:
    return _(
        "You have typed too many codes that are not right. Wait 10 minutes, then "
        "try again."
    )
