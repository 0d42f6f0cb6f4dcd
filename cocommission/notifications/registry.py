"""What the core asks feature apps before it e-mails someone.

An organisation may e-mail a citizen only with their consent, and consent is
recorded by a feature app (panels). That app registers a check here from its
``ready()``; the core imports no feature app."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cocommission.accounts.models import User
    from cocommission.organisations.models import Organisation

#: Whether ``organisation`` may contact ``user``: every check must say yes.
ContactCheck = Callable[["User", "Organisation"], bool]

_contact_checks: list[ContactCheck] = []


def register_contact_check(check: ContactCheck) -> None:
    """Add a rule every e-mail from an organisation to a person must pass."""
    if check not in _contact_checks:
        _contact_checks.append(check)


def may_contact(user: User, organisation: Organisation) -> bool:
    """Whether every registered rule lets the organisation e-mail the person."""
    return all(check(user, organisation) for check in _contact_checks)
