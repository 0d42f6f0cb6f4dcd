"""What someone outside the commissioning team has to do on contracts, for their
home page: a provider's representative sees the contracts they deliver, the
returns the team has queried and when they last sent one; a citizen on a
monitoring panel sees the contracts their panel monitors and its next
monitoring meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from .models import Contract, MonitoringMeeting, ProviderReturn, ReturnStatus


@dataclass
class ContractWork:
    contract: Contract
    #: "provider" (they deliver it) or "monitor" (their panel monitors it)
    role: str
    queried: list[ProviderReturn] = field(default_factory=list)
    last_return: ProviderReturn | None = None
    meetings: list[MonitoringMeeting] = field(default_factory=list)


def contract_work(user: Any) -> list[ContractWork]:
    """The person's contracts with what is waiting on them, delivered ones first.
    Four queries, whatever the number of contracts."""
    from panels.models import SEATED

    delivers = Q(providers__representatives=user) | Q(
        providers__members__representatives=user
    )
    monitors = Q(
        monitoring_panel__members__user=user,
        monitoring_panel__members__status__in=SEATED,
    )
    contracts = list(
        Contract.objects.filter(delivers | monitors)
        .distinct()
        .select_related("cycle__organisation", "monitoring_panel")
        .order_by("cycle__organisation__name", "title")
    )
    if not contracts:
        return []
    delivered = set(
        Contract.objects.filter(delivers, pk__in=[c.pk for c in contracts])
        .values_list("pk", flat=True)
        .distinct()
    )
    work = {
        c.pk: ContractWork(c, "provider" if c.pk in delivered else "monitor")
        for c in contracts
    }
    for provider_return in ProviderReturn.objects.filter(
        contract_id__in=delivered
    ).order_by("contract_id", "-period_end"):
        line = work[provider_return.contract_id]
        if line.last_return is None:
            line.last_return = provider_return
        if provider_return.status == ReturnStatus.QUERIED:
            line.queried.append(provider_return)
    for meeting in (
        MonitoringMeeting.objects.filter(
            contract_id__in=list(work),
            meeting__starts_at__gte=timezone.now(),
        )
        .select_related("meeting", "contract__cycle__organisation")
        .order_by("meeting__starts_at")
    ):
        line = work[meeting.contract_id]
        if len(line.meetings) < 3:
            line.meetings.append(meeting)
    return sorted(work.values(), key=lambda w: w.role != "provider")
