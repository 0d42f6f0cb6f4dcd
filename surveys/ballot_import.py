"""A past participatory budget, from a Pabulib ``.pb`` file, as a closed ballot.

Councils and researchers keep past budgets as Pabulib files. Importing one makes
a ballot with its options and every vote, closed on the file's end date, so its
result can be counted and compared here and the file written back
(``ballot_pabulib``) with the same projects, costs, categories, targets and voter
data. A file is read whole first (``parse_pabulib``) and then checked against
what a ballot here can hold; any problem refuses the whole file and nothing is
saved.

Only approval and choose-1 votes can be imported: a vote here is a set of chosen
options. Ordinal, cumulative and scoring votes are refused with that reason, not
read as something they are not.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.jobs import (
    JobStatus,
    enqueue_after_commit,
    job_claim,
    job_heartbeat,
)

from .ballot_counts import ballot_changed
from .models import Ballot, BallotImport, BallotOption, Vote, VotingRule
from .pabulib import (
    PabulibElection,
    PabulibErrors,
    PBProject,
    is_whole,
    parse_pabulib,
)

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from cocommission.accounts.models import User
    from cycles.models import Activity

#: Vote types whose votes are sets of projects.
IMPORTABLE_VOTE_TYPES = ("approval", "choose-1")
#: The largest sum a money field here holds (14 digits, 2 after the point).
_MOST_MONEY = Fraction(10**12) - Fraction(1, 100)
_TITLE_LENGTH = 200
_BATCH = 2000


def _money_problem(value: Fraction, what: str) -> str | None:
    if value <= 0:
        return _("%(what)s must be more than nothing.") % {"what": what}
    if value > _MOST_MONEY:
        return _("%(what)s is more than this service can hold.") % {"what": what}
    if (value * 100).denominator != 1:
        return _("%(what)s has fractions of a penny.") % {"what": what}
    return None


def _as_money(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def import_problems(election: PabulibElection) -> list[str]:
    """Why a well-formed file cannot become a ballot here (empty: it can)."""
    problems: list[str] = []
    if election.vote_type not in IMPORTABLE_VOTE_TYPES:
        problems.append(
            _(
                "The file's votes are %(type)s votes. Only approval and choose-1 "
                "votes can be imported: a vote here is a set of chosen options."
            )
            % {"type": election.vote_type}
        )
    if problem := _money_problem(election.budget, _("The budget")):
        problems.append(problem)
    if not election.projects:
        problems.append(_("The file has no projects."))
    for project in election.projects:
        what = _("The cost of project %(id)s") % {"id": project.project_id}
        if problem := _money_problem(project.cost, what):
            problems.append(problem)
        if len(project.project_id) > 100:
            problems.append(
                _("Project id %(id)s… is longer than 100 characters.")
                % {"id": project.project_id[:20]}
            )
    costs = {p.project_id: p.cost for p in election.projects}
    for vote in election.votes:
        if sum((costs[p] for p in vote.projects), Fraction(0)) > _MOST_MONEY:
            problems.append(
                _("Voter %(id)s chose options costing more than this service can hold.")
                % {"id": vote.voter_id}
            )
            break
    return problems


def _date(text: str) -> dt.datetime | None:
    """A Pabulib date (``dd.mm.yyyy``, as the format writes them), at noon."""
    parts = text.strip().split(".")
    if len(parts) != 3 or not all(is_whole(p) for p in parts):
        return None
    try:
        day = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _whole(text: str | None) -> int | None:
    return int(text) if text and is_whole(text) else None


def _clipped(text: str, length: int) -> tuple[str, str]:
    """A title that fits, and the whole text when it did not (for the description)."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text, ""
    return text[: length - 1].rstrip() + "…", text


def _rule(election: PabulibElection) -> tuple[str, int | None]:
    """How people voted: choose up to a number, or within the budget."""
    most_chosen = max((len(v.projects) for v in election.votes), default=1)
    max_length = _whole(election.meta.get("max_length"))
    if election.vote_type == "choose-1":
        return VotingRule.APPROVAL, 1
    if max_length is not None:
        # Every vote keeps it (the file is refused otherwise): the file's limit.
        return VotingRule.APPROVAL, min(max(max_length, 1), 32767)
    costs = {p.project_id: p.cost for p in election.projects}
    if all(
        sum((costs[p] for p in vote.projects), Fraction(0)) <= election.budget
        for vote in election.votes
    ):
        return VotingRule.KNAPSACK, None
    return VotingRule.APPROVAL, min(max(most_chosen, 1), 32767)


def _ballot(activity: Activity, election: PabulibElection, file_name: str) -> Ballot:
    meta = election.meta
    title, whole = _clipped(
        meta.get("description") or meta.get("instance") or file_name, _TITLE_LENGTH
    )
    rule, max_choices = _rule(election)
    now = timezone.now()
    closed = _date(meta.get("date_end", "")) or now
    opened = min(_date(meta.get("date_begin", "")) or closed, closed)
    least = meta.get("min_sum_cost", "")
    min_spend = None
    if least and len(least) <= 30:
        value = Fraction(least.replace(",", "."))
        if 0 < value <= election.budget and (value * 100).denominator == 1:
            min_spend = _as_money(value)
    ballot = Ballot(
        activity=activity,
        title=title or _("Imported vote"),
        description="\n\n".join(x for x in (whole, meta.get("comment", "")) if x),
        budget=_as_money(election.budget),
        rule=rule,
        max_choices=max_choices,
        min_spend=min_spend,
        allow_changes=False,
        # Counted as the file says it was decided, where it names Equal Shares.
        completion={"equalshares": "none", "equalshares/add1": "add1"}.get(
            meta.get("rule", "").strip().lower(), "add1"
        ),
        imported_meta=dict(meta),
        imported_from=file_name[:255],
    )
    ballot.save()
    # The dates are the vote's own, not the day of the import.
    Ballot.objects.filter(pk=ballot.pk).update(published_at=opened, closed_at=closed)
    ballot.published_at, ballot.closed_at = opened, closed
    return ballot


def _option(ballot: Ballot, position: int, project: PBProject) -> BallotOption:
    title, _whole_name = _clipped(project.name or project.project_id, _TITLE_LENGTH)
    return BallotOption(
        ballot=ballot,
        title=title,
        # The name exactly as written, when the title had to shorten or tidy it.
        description=project.name if project.name != title else "",
        cost=_as_money(project.cost),
        position=min(position, 32767),
        external_id=project.project_id,
        categories=list(project.categories),
        targets=list(project.targets),
    )


def _batches(items: Sequence[Vote]) -> Iterator[Sequence[Vote]]:
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]


@transaction.atomic
def ballot_import(
    *, activity: Activity, election: PabulibElection, file_name: str
) -> Ballot:
    """Save the election as a closed ballot of ``activity`` with every vote. Call
    only when ``import_problems`` found none."""
    ballot = _ballot(activity, election, file_name)
    options = BallotOption.objects.bulk_create(
        [_option(ballot, n, p) for n, p in enumerate(election.projects, 1)],
        batch_size=_BATCH,
    )
    by_id = {o.external_id: o for o in options}
    knapsack = ballot.rule == VotingRule.KNAPSACK
    votes = []
    for pb_vote in election.votes:
        total = sum((by_id[p].cost for p in pb_vote.projects), Decimal(0))
        votes.append(
            Vote(
                ballot=ballot,
                total_cost=total,
                budget=ballot.budget if knapsack else total,
                voter_data=dict(pb_vote.extra),
            )
        )
    through = Vote.choices.through._meta.db_table
    insert = (
        f"INSERT INTO {connection.ops.quote_name(through)} "  # noqa: S608 (a table name)
        "(vote_id, ballotoption_id) VALUES (%s, %s)"
    )
    with connection.cursor() as cursor:
        for batch_start, batch in zip(
            range(0, len(votes), _BATCH), _batches(votes), strict=True
        ):
            saved = Vote.objects.bulk_create(batch)
            chosen = election.votes[batch_start : batch_start + _BATCH]
            # Half a million choices in a city's file: plain rows, not models.
            cursor.executemany(
                insert,
                [
                    (vote.pk, by_id[p].pk)
                    for vote, pb_vote in zip(saved, chosen, strict=True)
                    for p in pb_vote.projects
                ],
            )
    # The votes are counted in the background, as any change to a ballot is.
    ballot_changed(ballot=ballot, votes=len(votes))
    return ballot


def file_problems(text: str) -> PabulibElection | list[str]:
    """The file read whole, or every reason it cannot be imported."""
    election = parse_pabulib(text)
    if isinstance(election, PabulibErrors):
        return [str(error) for error in election.errors]
    return import_problems(election) or election


def ballot_import_ask(
    *, activity: Activity, text: str, file_name: str, by: User
) -> BallotImport:
    """Keep the file and import it in the background (after this request commits;
    while the broker is away, the sweep hands it over later)."""
    job = BallotImport.objects.create(
        activity=activity, requested_by=by, file_name=file_name[:255], text=text
    )
    enqueue_after_commit(job)
    return job


def ballot_import_run(job_pk: int, *, run_id: str = "") -> str:
    """Import the job's file: the ballot, every vote and the job's "done" are
    saved together, so a run that dies saves nothing and one that finishes is
    never repeated. A file with problems fails the job with each of them."""
    claimed = job_claim(BallotImport, job_pk, run_id=run_id)
    if claimed is None:
        return "nothing to do"
    with job_heartbeat(claimed):
        read = file_problems(claimed.text)
        mine = BallotImport.objects.filter(
            pk=claimed.pk, status=JobStatus.RUNNING, run_id=claimed.run_id
        )
        finished = {"finished_at": timezone.now(), "heartbeat_at": None, "text": ""}
        if isinstance(read, list):
            mine.update(
                status=JobStatus.FAILED,
                error=_("Nothing was imported."),
                problems=read,
                **finished,
            )
            return JobStatus.FAILED
        try:
            with transaction.atomic():
                ballot = ballot_import(
                    activity=claimed.activity,
                    election=read,
                    file_name=claimed.file_name,
                )
                if not mine.update(
                    status=JobStatus.DONE, ballot=ballot, progress=100, **finished
                ):
                    # Another run holds the job now: keep nothing of this one.
                    transaction.set_rollback(True)
                    return "taken over"
        except (ValueError, ArithmeticError, DatabaseError):
            # Something the checks did not foresee: nothing was saved; say so
            # rather than leave the job running until the sweep gives up.
            logger.exception("importing %s failed", claimed.file_name)
            mine.update(
                status=JobStatus.FAILED,
                error=_(
                    "Nothing was imported: the file holds something this service "
                    "cannot store. Check its numbers and try again."
                ),
                **finished,
            )
            return JobStatus.FAILED
    return JobStatus.DONE
