"""What the apps above cycles contribute to it.

Cycles sits below panels, outcomes and contracts in the layers (README,
"Architecture"), so it may not import them. Where a cycle screen or workflow needs
their part (what a recommissioned cycle carries over, a gate rule about panels,
what the contract reviews recommend, who hears of a published decision), the app
registers it here from its
``AppConfig.ready``, as Django's admin and checks registries do. Everything here is
filled once at start-up and only read afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.functional import Promise

if TYPE_CHECKING:
    from cocommission.accounts.models import User

    from .models import Cycle, Decision


@dataclass(frozen=True)
class CarryOver:
    """Something a recommissioned cycle can bring along, chosen item by item.

    ``name`` is the recommission form's field and ``cycle_recommission``'s keyword;
    ``choices`` lists what this cycle has; ``carry`` copies the chosen items into
    the next cycle. Lower ``order`` comes first on the form and in the copying.
    """

    name: str
    label: str | Promise
    help_text: str | Promise
    order: int
    choices: Callable[[Cycle], QuerySet[Any]]
    carry: Callable[..., object]  # carry(items=list, to_cycle=Cycle, by=User)

    def copy(self, *, items: Iterable[Any], to_cycle: Cycle, by: User) -> None:
        """Copy the chosen items (possibly none) into ``to_cycle``."""
        self.carry(items=list(items), to_cycle=to_cycle, by=by)


@dataclass(frozen=True)
class GateTest:
    """An automatic gate rule worked out by an app above cycles."""

    passed: Callable[[Cycle, str], bool]  # passed(cycle, phase)
    why_not: str | Promise


_carry_overs: dict[str, CarryOver] = {}
_gate_tests: dict[str, GateTest] = {}
_recommission_notes: list[Callable[[Cycle], list[str]]] = []
_on_decision_published: list[Callable[[Decision], object]] = []
_audit_trails: dict[str, tuple[str | Promise, Callable[[Cycle], QuerySet[Any]]]] = {}


def register_carry_over(carry_over: CarryOver) -> None:
    """Offer ``carry_over`` on the recommission form (once per name)."""
    _carry_overs[carry_over.name] = carry_over


def carry_overs() -> list[CarryOver]:
    """Every registered carry-over, in form order."""
    return sorted(_carry_overs.values(), key=lambda c: c.order)


def register_gate_test(rule: str, test: GateTest) -> None:
    """Work out the automatic gate rule ``rule`` (a ``GateRule``) with ``test``."""
    _gate_tests[rule] = test


def gate_test(rule: str) -> GateTest | None:
    """The registered test of an automatic gate rule, if an app gave one."""
    return _gate_tests.get(rule)


def register_recommission_note(notes: Callable[[Cycle], list[str]]) -> None:
    """Add sentences (for example what a contract review recommends) to the
    recommission page's introduction."""
    if notes not in _recommission_notes:
        _recommission_notes.append(notes)


def recommission_notes(cycle: Cycle) -> list[str]:
    """What every registered app has to say before ``cycle`` is recommissioned."""
    return [line for notes in _recommission_notes for line in notes(cycle)]


def register_on_decision_published(callback: Callable[[Decision], object]) -> None:
    """Call ``callback(decision)`` whenever a decision is published, inside the
    publishing transaction (so queue work with ``delay_on_commit``)."""
    if callback not in _on_decision_published:
        _on_decision_published.append(callback)


def decision_published(decision: Decision) -> None:
    """Tell every registered app that ``decision`` has just been published."""
    for callback in _on_decision_published:
        callback(decision)


def register_audit_trail(
    key: str, label: str | Promise, records: Callable[[Cycle], QuerySet[Any]]
) -> None:
    """Show ``records(cycle)`` (history records of an app above cycles, such as
    corrected measurements) in the cycle's audit trail, under ``label``."""
    _audit_trails[key] = (label, records)


def audit_trails(cycle: Cycle) -> list[tuple[str | Promise, QuerySet[Any]]]:
    """Every registered app's history records for ``cycle``, with their labels."""
    return [(label, records(cycle)) for label, records in _audit_trails.values()]
