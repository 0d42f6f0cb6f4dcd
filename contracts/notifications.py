"""Telling the commissioning team when a contract comes up for review."""

from __future__ import annotations

import datetime
from functools import partial

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.notifications.services import absolute_url, deliver
from cocommission.organisations.models import Role
from cocommission.webhooks.events import emit
from cocommission.webhooks.models import Event

from .models import Contract, ContractStatus

#: A contract comes up for review this long before it ends.
REVIEW_AHEAD = datetime.timedelta(days=90)


def _subject(contract: Contract) -> str:
    return _("Due for review: %(title)s") % {"title": contract.title}


def _body(contract: Contract, url: str) -> str:
    """In the language active when called: each person's (deliver)."""
    return _(
        "%(title)s ends on %(date)s and has no review yet. Gather the "
        "evidence and record a recommendation: %(url)s"
    ) % {
        "title": contract.title,
        "date": date_format(contract.ends_on, "j F Y") if contract.ends_on else "",
        "url": url,
    }


def notify_review_dates(*, today: datetime.date | None = None) -> int:
    """Contracts in force ending within 90 days, with no review recorded since
    they started: each admin and commissioner hears once per end date."""
    today = today or timezone.localdate()
    sent = 0
    due = Contract.objects.filter(
        status=ContractStatus.ACTIVE,
        ends_on__gte=today,
        ends_on__lte=today + REVIEW_AHEAD,
        reviews__isnull=True,
    ).select_related("cycle__organisation")
    for contract in due:
        organisation = contract.cycle.organisation
        emit(
            organisation=organisation,
            event=Event.REVIEW_DUE,
            data={
                "contract": {
                    "id": contract.pk,
                    "title": contract.title,
                    "ends_on": contract.ends_on,
                }
            },
            key=f"contract-review:{contract.pk}:{contract.ends_on}",
        )
        team = User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=[Role.ADMIN, Role.COMMISSIONER],
        ).distinct()
        url = absolute_url(
            reverse(
                "contracts:review",
                kwargs={"org_slug": organisation.slug, "pk": contract.pk},
            )
        )
        for person in team:
            sent += deliver(
                user=person,
                key=f"contract-review:{contract.pk}:{contract.ends_on}",
                kind="review_dates",
                subject=partial(_subject, contract),
                body=partial(_body, contract, url),
            )
    return sent
