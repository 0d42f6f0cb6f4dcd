"""Co-production coverage: where citizens are involved in a cycle, and where not."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from .models import (
    FOUR_COS,
    PHASE_ORDER,
    Activity,
    ActivityStatus,
    CatalogueEntry,
    CatalogueKind,
    Cycle,
    Mode,
    Phase,
)


@dataclass
class Cell:
    planned: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.planned + self.done


@dataclass
class TaskLine:
    task: CatalogueEntry
    activities: list[Activity] = field(default_factory=list)

    @property
    def with_citizens(self) -> list[Activity]:
        return [a for a in self.activities if a.mode != Mode.TRADITIONAL]

    @property
    def by_team_alone(self) -> list[Activity]:
        return [a for a in self.activities if a.mode == Mode.TRADITIONAL]


@dataclass
class Coverage:
    #: phase -> one of the Four Co's -> counts
    grid: dict[str, dict[str, Cell]]
    gaps: list[str]
    tasks: dict[str, list[TaskLine]]
    #: phase -> traditional activities (the team alone), counted apart
    traditional: dict[str, Cell] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str, list[Cell], Cell]]:
        """(phase value, phase label, cells of the Four Co's in order, the
        traditional cell) for templates."""
        return [
            (
                phase,
                str(Phase(phase).label),
                [self.grid[phase][mode] for mode in FOUR_COS],
                self.traditional.get(phase, Cell()),
            )
            for phase in PHASE_ORDER
        ]


def cycle_coverage(cycle: Cycle, *, with_tasks: bool = True) -> Coverage:
    """Count planned, running and done activities per phase and mode (dropped ones
    do not count), name the gaps, and list traditional tasks with the activities
    that cover them. Activities the team does alone are counted apart: they
    never fill a gap in co-production. Three queries, whatever the number of
    activities."""
    grid = {phase: {mode: Cell() for mode in FOUR_COS} for phase in PHASE_ORDER}
    traditional = {phase: Cell() for phase in PHASE_ORDER}
    counts = (
        cycle.activities.exclude(status=ActivityStatus.DROPPED)
        .values("phase", "mode", "status")
        .annotate(n=Count("pk"))
    )
    for row in counts:
        if row["mode"] == Mode.TRADITIONAL:
            cell = traditional[row["phase"]]
        else:
            cell = grid[row["phase"]][row["mode"]]
        if row["status"] == ActivityStatus.DONE:
            cell.done += row["n"]
        else:
            cell.planned += row["n"]

    gaps = []
    for phase in PHASE_ORDER:
        label = Phase(phase).label
        if not any(cell.total for cell in grid[phase].values()):
            gaps.append(_("No co-produced activity in %(phase)s.") % {"phase": label})
    if not grid[Phase.REVIEW][Mode.CO_ASSESSMENT].total:
        gaps.append(_("No co-assessment planned in Review."))
    if not any(grid[phase][Mode.CO_DELIVERY].total for phase in PHASE_ORDER):
        gaps.append(_("No citizen action (co-delivery) anywhere in the cycle."))
    if not grid[Phase.PLAN][Mode.CO_COMMISSIONING].total:
        gaps.append(
            _("Citizens do not help decide anything in Plan (no co-commissioning).")
        )

    tasks: dict[str, list[TaskLine]] = {phase: [] for phase in PHASE_ORDER}
    if with_tasks:
        covering: dict[int, list[Activity]] = defaultdict(list)
        through = Activity.covers_tasks.through.objects.filter(
            activity__cycle=cycle
        ).select_related("activity")
        for link in through.exclude(activity__status=ActivityStatus.DROPPED):
            covering[link.catalogueentry_id].append(link.activity)
        entries = CatalogueEntry.objects.active().for_organisation(cycle.organisation)
        for task in entries.filter(kind=CatalogueKind.IPC_TASK):
            tasks[task.phase].append(TaskLine(task, covering.get(task.pk, [])))
    return Coverage(grid=grid, gaps=gaps, tasks=tasks, traditional=traditional)
