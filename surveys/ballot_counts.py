"""Counting a participatory budget in the background, once per change of the votes.

Both rules over 100,000 votes take far longer than a page may, so pages read the
stored outcome (``ballot_shown``) and never count. The count is a background job
(``BallotRecount``, run by the shared job machinery of ``cocommission.jobs``: after
commit, heartbeat, sweep), whatever the ballot's size, so there is one code path;
a small ballot is counted by the worker in well under a second (and in-process,
when tasks run eagerly as under ``make run``).

Exactly once per change, without losing one:

- Every change that can alter the outcome calls ``ballot_changed`` in its
  transaction. It moves ``BallotCount.version`` on with an UPDATE, which holds the
  count row's lock until commit, and queues a recount only when none is waiting
  (coalescing: a waiting recount will read every vote committed before it starts).
- A recount reads the version first, then the votes, so the version it records is
  never newer than the votes it counted.
- It stores its outcome holding the same row lock, so it waits for any change still
  in flight; a change it missed moved the version past the one it counted, and it
  hands on the recount waiting (or queues one). So the last change is always
  followed by a count that includes it.
- One count per ballot runs at a time: a recount finding another one running
  leaves the job waiting, and the running one hands it on when it ends.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any, cast

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.jobs import (
    JobStatus,
    enqueue_after_commit,
    job_claim,
    job_enqueue,
    job_heartbeat,
)

from .models import Ballot, BallotCount, BallotOption, BallotRecount, Vote
from .pb_rules import (
    Completion,
    Election,
    Outcome,
    Step,
    Tie,
    equal_shares,
    greedy_by_votes,
)

logger = logging.getLogger(__name__)

#: The shape of ``BallotCount.outcome``; a stored outcome of another shape is
#: counted again rather than misread.
SCHEMA = 1


@dataclass
class OptionResult:
    option: BallotOption
    votes: int
    by_votes: bool
    by_equal_shares: bool


@dataclass
class BallotResult:
    options: list[OptionResult]
    voters: int
    spent_by_votes: Decimal
    spent_by_equal_shares: Decimal
    #: Each rule's full outcome: steps, and any tie that decided something.
    by_votes: Outcome | None = None
    by_equal_shares: Outcome | None = None


def _encode(value: Any) -> Any:
    if isinstance(value, Fraction):
        return {"fraction": str(value)}
    if isinstance(value, np.generic):  # numpy's counts and flags, as plain values
        return value.item()
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and value.keys() == {"fraction"}:
        return Fraction(value["fraction"])
    if isinstance(value, list):
        return tuple(_decode(item) for item in value)
    return value


def _outcome_from(data: dict[str, Any]) -> Outcome:
    values = {f.name: _decode(data[f.name]) for f in fields(Outcome) if f.name in data}
    values["steps"] = tuple(
        Step(**{key: _decode(item) for key, item in step.items()})
        for step in data["steps"]
    )
    values["ties"] = tuple(
        Tie(**{key: _decode(item) for key, item in tie.items()}) for tie in data["ties"]
    )
    return Outcome(**values)


def count_outcome(
    ballot: Ballot, *, progress: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Count the ballot's votes now by both rules, as stored in
    ``BallotCount.outcome``; ``progress`` hears the percentage done after each
    stage. Ties are broken by more votes, then lower cost, then an order shuffled
    by the ballot's number (see ``surveys.pb_rules``)."""
    report = progress or (lambda _done: None)
    costs = dict(ballot.options.values_list("pk", "cost"))
    pairs = Vote.choices.through.objects.filter(vote__ballot=ballot).values_list(
        "vote_id", "ballotoption_id"
    )
    election = Election.from_pairs(
        {str(pk): Fraction(cost) for pk, cost in costs.items()},
        ((vote_id, str(option_id)) for vote_id, option_id in pairs.iterator()),
        Fraction(ballot.budget),
        # Every vote counts, one that chose nothing too (an imported file may
        # hold such voters): under Equal Shares each has a share of the budget.
        voters=ballot.votes.count(),
    )
    report(40)
    by_votes = greedy_by_votes(election, tie_seed=ballot.pk)
    report(50)
    completion = cast(Completion, ballot.completion)
    by_shares = equal_shares(election, completion=completion, tie_seed=ballot.pk)
    report(95)
    return {
        "schema": SCHEMA,
        "voters": election.voters,
        "votes": dict(zip(election.keys, election.votes, strict=True)),
        "by_votes": _encode(asdict(by_votes)),
        "by_equal_shares": _encode(asdict(by_shares)),
    }


def result_from(
    outcome: dict[str, Any], options: list[BallotOption]
) -> BallotResult | None:
    """The page's view of a stored outcome, or None when it cannot be read (an
    older shape: it is counted again)."""
    if outcome.get("schema") != SCHEMA:
        return None
    try:
        by_votes = _outcome_from(outcome["by_votes"])
        by_shares = _outcome_from(outcome["by_equal_shares"])
    except (KeyError, TypeError, ValueError):
        logger.warning("a stored ballot outcome could not be read", exc_info=True)
        return None
    voters = outcome["voters"]
    # With nobody voting, nothing is funded: the rules would otherwise fill the
    # budget with options nobody asked for.
    greedy = set(by_votes.funded) if voters else set()
    shares = set(by_shares.funded) if voters else set()
    votes = outcome["votes"]
    rows = [
        OptionResult(
            o, votes.get(str(o.pk), 0), str(o.pk) in greedy, str(o.pk) in shares
        )
        for o in options
    ]
    rows.sort(key=lambda row: (-row.votes, row.option.position, row.option.pk))
    return BallotResult(
        options=rows,
        voters=voters,
        spent_by_votes=sum((r.option.cost for r in rows if r.by_votes), Decimal(0)),
        spent_by_equal_shares=sum(
            (r.option.cost for r in rows if r.by_equal_shares), Decimal(0)
        ),
        by_votes=by_votes,
        by_equal_shares=by_shares,
    )


def _queue_recount(ballot_id: int) -> None:
    """Queue a recount after commit, unless one is already waiting. Called holding
    the count row's lock."""
    waiting = BallotRecount.objects.filter(ballot_id=ballot_id, status=JobStatus.QUEUED)
    if not waiting.exists():
        enqueue_after_commit(BallotRecount.objects.create(ballot_id=ballot_id))


def ballot_changed(*, ballot: Ballot, votes: int = 0) -> None:
    """Make the stored outcome stale and queue a recount (one at most waiting).
    ``votes`` is how many votes this change cast or changed. Call inside the
    transaction making the change."""
    changed = BallotCount.objects.filter(ballot_id=ballot.pk).update(
        version=F("version") + 1, votes_changed=F("votes_changed") + votes
    )
    if not changed:
        # The first change: make the row, locked like the UPDATE above would be.
        count, made = BallotCount.objects.select_for_update().get_or_create(
            ballot_id=ballot.pk, defaults={"version": 1, "votes_changed": votes}
        )
        if not made:
            BallotCount.objects.filter(pk=count.pk).update(
                version=F("version") + 1, votes_changed=F("votes_changed") + votes
            )
    _queue_recount(ballot.pk)


def _progress(recount: BallotRecount, value: int) -> None:
    BallotRecount.objects.filter(pk=recount.pk).update(progress=value)


def ballot_recount_run(recount: BallotRecount, *, run_id: str = "") -> BallotRecount:
    """Count the ballot and store the outcome, then mark the recount done; on error,
    mark it failed with a message. A finished recount, or one another live run
    holds, is left alone. While another recount of the ballot is running, this one
    waits: that one hands it on when it finishes, so two workers never count one
    ballot at once."""
    if recount.status == JobStatus.QUEUED and _counting_elsewhere(recount):
        return recount
    claimed = job_claim(BallotRecount, recount.pk, run_id=run_id)
    if claimed is None:
        return recount
    with job_heartbeat(claimed):
        try:
            return _recount(claimed)
        except Exception as error:  # noqa: BLE001 - shown on the page, not lost
            BallotRecount.objects.filter(pk=claimed.pk).update(
                status=JobStatus.FAILED,
                heartbeat_at=None,
                error=_("The votes could not be counted: %(error)s") % {"error": error},
            )
            _hand_on(claimed.ballot_id)
            raise


def _counting_elsewhere(recount: BallotRecount) -> bool:
    """Whether a live run is counting the same ballot (a recent heartbeat)."""
    alive = timezone.now() - datetime.timedelta(
        seconds=settings.JOBS_STALE_AFTER_SECONDS
    )
    return (
        BallotRecount.objects.filter(
            ballot_id=recount.ballot_id,
            status=JobStatus.RUNNING,
            heartbeat_at__gte=alive,
        )
        .exclude(pk=recount.pk)
        .exists()
    )


def _hand_on(ballot_id: int) -> bool:
    """Hand the ballot's waiting recounts to the broker after commit (they waited
    for the run that calls this); False when none is waiting."""
    waiting = BallotRecount.objects.filter(
        ballot_id=ballot_id, status=JobStatus.QUEUED
    ).values_list("pk", flat=True)
    for pk in waiting:
        transaction.on_commit(partial(job_enqueue, BallotRecount, pk))
    return bool(waiting)


def _recount(recount: BallotRecount) -> BallotRecount:
    ballot = Ballot.objects.get(pk=recount.ballot_id)
    # The version first, then the votes: the version recorded is never newer than
    # the votes counted (see the module docstring).
    state = BallotCount.objects.filter(ballot=ballot).first()
    version, votes_changed = (state.version, state.votes_changed) if state else (0, 0)
    _progress(recount, 5)
    outcome = count_outcome(ballot, progress=lambda done: _progress(recount, done))
    with transaction.atomic():
        state, _made = BallotCount.objects.select_for_update().get_or_create(
            ballot=ballot
        )
        if state.counted_version is None or version >= state.counted_version:
            state.counted_version = version
            state.counted_votes_changed = votes_changed
            state.outcome = outcome
            state.computed_at = timezone.now()
            state.save()
        recount.status = JobStatus.DONE
        recount.version = version
        recount.progress = 100
        recount.finished_at = timezone.now()
        recount.heartbeat_at = None
        recount.save()
        # Earlier finished runs say nothing the stored outcome does not.
        BallotRecount.objects.filter(
            ballot=ballot, status__in=(JobStatus.DONE, JobStatus.FAILED)
        ).exclude(pk=recount.pk).delete()
        # Changes made while counting are counted next: by a recount that waited
        # for this one, or else by a new one.
        if not _hand_on(ballot.pk) and state.version > version:
            _queue_recount(ballot.pk)
    return recount


def tie_notes(result: BallotResult) -> list[str]:
    """In plain words, every tie that decided what a rule funds: which options
    were level, which the drawn order put first, and which it left out."""
    titles = {str(row.option.pk): row.option.title for row in result.options}
    notes = []
    for rule, outcome in (
        (_("Most votes first"), result.by_votes),
        (_("Equal Shares"), result.by_equal_shares),
    ):
        for tie in outcome.ties if outcome else ():
            if not tie.decided:
                continue
            notes.append(
                _(
                    "%(rule)s: %(level)s were level (the same votes and cost). The "
                    "order drawn for this count funded %(won)s and left out "
                    "%(out)s; another order would have funded what it left out."
                )
                % {
                    "rule": rule,
                    "level": ", ".join(titles.get(k, k) for k in tie.options),
                    "won": ", ".join(titles.get(k, k) for k in tie.won) or "–",
                    "out": ", ".join(titles.get(k, k) for k in tie.passed_over) or "–",
                }
            )
    return notes


@dataclass
class Shown:
    """What a page shows of a ballot's outcome, read without counting anything."""

    #: The stored outcome, possibly stale; None before the first count.
    result: BallotResult | None
    count: BallotCount | None
    #: The recount waiting or running, if any.
    recount: BallotRecount | None
    #: The last recount, when it failed.
    failed: BallotRecount | None

    @property
    def is_current(self) -> bool:
        return bool(self.result and self.count and self.count.is_current)

    @property
    def counting(self) -> bool:
        return self.recount is not None

    @property
    def ties(self) -> list[str]:
        return tie_notes(self.result) if self.result else []


def ballot_shown(ballot: Ballot, options: list[BallotOption]) -> Shown:
    """The stored outcome and the state of its recount, in two queries; never
    counts. A ballot left without a current outcome and without a recount on its
    way (made before outcomes were stored, or its recount lost) gets one queued."""
    count = BallotCount.objects.filter(ballot=ballot).first()
    recounts = list(
        BallotRecount.objects.filter(ballot=ballot).order_by("-created_at", "-pk")[:3]
    )
    recount = next((r for r in recounts if r.is_working), None)
    failed = (
        recounts[0] if recounts and recounts[0].status == JobStatus.FAILED else None
    )
    result = result_from(count.outcome, options) if count and count.outcome else None
    current = result is not None and count is not None and count.is_current
    if recount is None and failed is None and not current:
        recount = ballot_recount_request(ballot=ballot)
    return Shown(result=result, count=count, recount=recount, failed=failed)


@transaction.atomic
def ballot_recount_request(*, ballot: Ballot) -> BallotRecount:
    """Count the ballot again (after a failed count, say), or return the recount
    already waiting."""
    BallotCount.objects.select_for_update().get_or_create(ballot=ballot)
    _queue_recount(ballot.pk)
    return BallotRecount.objects.filter(ballot=ballot, status=JobStatus.QUEUED).latest(
        "created_at", "pk"
    )


def ballot_stored_result(ballot: Ballot, *, lock: bool = False) -> BallotResult | None:
    """The stored outcome if it counts exactly the votes there are now, else None.
    With ``lock`` (inside a transaction), no change can make it stale until the
    transaction ends."""
    counts = BallotCount.objects.filter(ballot=ballot)
    count = (counts.select_for_update() if lock else counts).first()
    if count is None or not count.is_current or count.outcome is None:
        return None
    return result_from(count.outcome, list(ballot.options.all()))
