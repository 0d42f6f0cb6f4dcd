"""Participatory budgeting workflows: build a ballot, vote, count, decide, export."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership
from panels.models import CategoryValue, PanelMember, Residence

from .ballot_counts import (
    BallotResult,
    ballot_changed,
    ballot_stored_result,
    count_outcome,
    result_from,
    tie_notes,
)
from .ballot_translations import publish_problem
from .models import Ballot, BallotCode, BallotOption, Eligibility, Vote, VotingRule
from .pabulib import PabulibElection, PBProject, PBVote, write_pabulib
from .pb_rules import Outcome


class AlreadyVoted(ValidationError):
    """This ballot does not allow changing a vote once cast."""


def _check_decided(ballot: Ballot) -> None:
    """Once the decision is recorded, how Equal Shares counted stays as it was."""
    if ballot.decision_id is None:
        return
    if Ballot.objects.get(pk=ballot.pk).completion != ballot.completion:
        raise ValidationError(
            {
                "completion": _(
                    "The decision on this vote is recorded, so how Equal Shares "
                    "was counted cannot change."
                )
            }
        )


@transaction.atomic
def ballot_save(*, ballot: Ballot, areas: list[CategoryValue] | None = None) -> Ballot:
    """Save the ballot's settings; ``areas`` are where residents must live when
    only residents may vote."""
    if ballot.eligibility == Eligibility.PANEL and ballot.panel is None:
        raise ValidationError({"panel": _("Choose the panel whose members vote.")})
    if ballot.eligibility == Eligibility.RESIDENTS and not areas:
        raise ValidationError({"areas": _("Choose the areas whose residents vote.")})
    organisation_id = ballot.activity.cycle.organisation_id
    if any(a.category.organisation_id != organisation_id for a in areas or []):
        raise ValidationError({"areas": _("Choose areas of this organisation.")})
    if ballot.eligibility != Eligibility.PANEL:
        ballot.panel = None
    if ballot.panel and (
        ballot.panel.organisation_id != ballot.activity.cycle.organisation_id
    ):
        raise ValidationError({"panel": _("Choose a panel of this organisation.")})
    if ballot.rule == VotingRule.APPROVAL and not ballot.max_choices:
        raise ValidationError(
            {"max_choices": _("Say how many options each person may choose.")}
        )
    if ballot.min_spend and ballot.min_spend > ballot.budget:
        raise ValidationError(
            {"min_spend": _("The least a ballot spends cannot exceed the budget.")}
        )
    _check_decided(ballot)
    if ballot.published_at and ballot.votes.exists():
        old = Ballot.objects.get(pk=ballot.pk)
        if (
            old.budget,
            old.rule,
            old.max_choices,
            old.min_spend,
            old.eligibility,
        ) != (
            ballot.budget,
            ballot.rule,
            ballot.max_choices,
            ballot.min_spend,
            ballot.eligibility,
        ):
            raise ValidationError(
                _(
                    "People have voted, so the budget, the voting rule and who can "
                    "vote cannot change."
                )
            )
    ballot.full_clean()
    ballot.save()
    ballot_changed(ballot=ballot)
    ballot.areas.set(
        (areas or []) if ballot.eligibility == Eligibility.RESIDENTS else []
    )
    return ballot


@transaction.atomic
def option_save(*, option: BallotOption) -> BallotOption:
    ballot = Ballot.objects.select_for_update().get(pk=option.ballot_id)
    if ballot.votes.exists():
        raise ValidationError(_("People have voted, so the options cannot change."))
    if option.cost > ballot.budget:
        raise ValidationError(
            {"cost": _("An option cannot cost more than the budget.")}
        )
    if option.pk is None:
        top = ballot.options.aggregate(top=Max("position"))["top"]
        option.position = 0 if top is None else top + 1
    option.full_clean()
    option.save()
    ballot_changed(ballot=ballot)
    return option


@transaction.atomic
def option_delete(*, option: BallotOption) -> None:
    if option.ballot.votes.exists():
        raise ValidationError(_("People have voted, so the options cannot change."))
    option.delete()
    ballot_changed(ballot=option.ballot)


@transaction.atomic
def ballot_publish(*, ballot: Ballot) -> Ballot:
    """Open voting, once the ballot has two options and is written in each of
    the organisation's required languages (none missing, none out of date)."""
    options = list(ballot.options.all())
    if len(options) < 2:
        raise ValidationError(_("Add at least two options first."))
    if ballot.published_at is None:
        untranslated = publish_problem(ballot, options)
        if untranslated:
            raise ValidationError(untranslated)
        ballot.published_at = timezone.now()
        ballot.closed_at = None
        ballot.save(update_fields=["published_at", "closed_at"])
    return ballot


@transaction.atomic
def ballot_close(*, ballot: Ballot) -> Ballot:
    if ballot.closed_at is None:
        ballot.closed_at = timezone.now()
        ballot.save(update_fields=["closed_at"])
        # The decision must rest on a count of exactly the final votes.
        ballot_changed(ballot=ballot)
    return ballot


def may_vote(ballot: Ballot, user: Any) -> bool:
    """Whether a signed-in person may vote (code ballots take a code instead)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if ballot.eligibility == Eligibility.CODES:
        return False
    if ballot.eligibility == Eligibility.PANEL:
        return PanelMember.objects.holds_seat(ballot.panel_id, user)
    if ballot.eligibility == Eligibility.RESIDENTS:
        return Residence.objects.filter(
            user=user,
            organisation_id=ballot.activity.cycle.organisation_id,
            area__in=ballot.areas.all(),
        ).exists()
    return Membership.objects.filter(
        user=user, organisation_id=ballot.activity.cycle.organisation_id
    ).exists()


def _check_voter(ballot: Ballot, *, user: User | None, code: BallotCode | None) -> None:
    """Refuse a vote on a closed ballot, or from someone (or a code) not invited."""
    if not ballot.is_open():
        raise ValidationError(_("Voting has closed."))
    if code is not None:
        if ballot.eligibility != Eligibility.CODES or code.ballot_id != ballot.pk:
            raise ValidationError(_("That code is not for this vote."))
    elif not may_vote(ballot, user):
        raise ValidationError(_("This vote is for its invited voters only."))


def _check_choices(ballot: Ballot, options: list[BallotOption], total: Decimal) -> None:
    """Refuse choices over the budget or the number allowed, or under the least
    spend."""
    if ballot.rule == VotingRule.KNAPSACK and total > ballot.budget:
        raise ValidationError(
            _("Your choices cost £%(total)s, more than the £%(budget)s budget.")
            % {"total": f"{total:,.2f}", "budget": f"{ballot.budget:,.2f}"}
        )
    if ballot.rule == VotingRule.APPROVAL and len(options) > (ballot.max_choices or 0):
        raise ValidationError(
            _("Choose at most %(n)s options.") % {"n": ballot.max_choices}
        )
    if ballot.min_spend and total < ballot.min_spend:
        raise ValidationError(
            _("Your choices must add up to at least £%(least)s.")
            % {"least": f"{ballot.min_spend:,.2f}"}
        )


@transaction.atomic
def vote_cast(
    *,
    ballot: Ballot,
    option_ids: list[int],
    user: User | None = None,
    code: BallotCode | None = None,
) -> Vote:
    """Cast or change a vote, as a signed-in person or with a voting code. The
    ballot row is locked, so votes are checked one at a time, and the database
    refuses any vote over the budget."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    _check_voter(ballot, user=user, code=code)
    options = list(ballot.options.filter(pk__in=option_ids))
    if len(options) != len(set(option_ids)):
        raise ValidationError(_("Choose only options on this ballot."))
    if not options:
        raise ValidationError(_("Choose at least one option."))
    total = sum((o.cost for o in options), Decimal(0))
    _check_choices(ballot, options, total)
    mine = Vote.objects.select_for_update().filter(ballot=ballot)
    vote = (mine.filter(code=code) if code else mine.filter(voter=user)).first()
    if vote is not None and not ballot.allow_changes:
        raise AlreadyVoted(_("You have already voted; this vote cannot be changed."))
    vote = vote or Vote(ballot=ballot, voter=None if code else user, code=code)
    # The knapsack budget binds each ballot; approval ballots are bounded by count.
    vote.total_cost = total
    vote.budget = ballot.budget if ballot.rule == VotingRule.KNAPSACK else total
    vote.save()
    vote.choices.set(options)
    ballot_changed(ballot=ballot, votes=1)
    return vote


def ballot_results(ballot: Ballot) -> BallotResult:
    """Count the votes now, by both rules. Slow on a large ballot: pages read the
    stored outcome instead (``surveys.ballot_counts``)."""
    result = result_from(count_outcome(ballot), list(ballot.options.all()))
    assert result is not None  # noqa: S101 - made in this version's shape
    return result


@transaction.atomic
def ballot_decide(*, ballot: Ballot, by: User, rule: str, rationale: str) -> Any:
    """A decision maker records which options are funded, by which rule; it goes
    in the cycle's decision log with the ballot's activity as the citizen input."""
    from cycles.models import DecisionKind
    from cycles.services import decision_record

    if ballot.closed_at is None:
        raise ValidationError(_("Close the vote before deciding."))
    if ballot.decision_id:
        raise ValidationError(_("The decision on this vote is already recorded."))
    result = ballot_stored_result(ballot, lock=True)
    if result is None:
        raise ValidationError(
            _(
                "The final votes are still being counted. Record the decision once "
                "the results on this page are up to date."
            )
        )
    funded = [
        r.option
        for r in result.options
        if (r.by_equal_shares if rule == "equal_shares" else r.by_votes)
    ]
    rule_name = (
        _("the Method of Equal Shares")
        if rule == "equal_shares"
        else _("most votes first")
    )
    decided = _("Funded, by %(rule)s: %(options)s.") % {
        "rule": rule_name,
        "options": "; ".join(f"{o.title} (£{o.cost:,.2f})" for o in funded) or "–",
    }
    # A tie that decided the chosen rule's result is part of the record.
    chosen = _("Equal Shares") if rule == "equal_shares" else _("Most votes first")
    ties = [note for note in tie_notes(result) if note.startswith(f"{chosen}:")]
    if ties:
        decided = " ".join([decided, *ties])
    decision = decision_record(
        cycle=ballot.activity.cycle,
        by=by,
        citizen_input=[ballot.activity],
        phase=ballot.activity.phase,
        kind=DecisionKind.BUDGET,
        title=_("Participatory budget: %(title)s") % {"title": ballot.title},
        decided=decided,
        decided_by=by,
        decided_on=timezone.localdate(),
        rationale=rationale,
    )
    ballot.decision = decision
    ballot.decided_rule = "equal_shares" if rule == "equal_shares" else "greedy"
    ballot.save(update_fields=["decision", "decided_rule"])
    return decision


def ballot_decided_outcome(ballot: Ballot) -> Outcome | None:
    """The outcome of the rule the decision maker chose (None before a decision),
    for the Pabulib file to name its rule and mark what was funded."""
    if not ballot.decided_rule:
        return None
    # Read what is stored, never count here: the votes of a decided ballot are
    # closed, and what changed since (its title, say) does not move the result.
    from .models import BallotCount

    count = BallotCount.objects.filter(ballot=ballot).first()
    if count is None or not count.outcome:
        return None
    result = result_from(count.outcome, list(ballot.options.all()))
    if result is None:
        return None
    return (
        result.by_equal_shares
        if ballot.decided_rule == "equal_shares"
        else result.by_votes
    )


#: META keys the download always writes itself; any other key of an imported
#: file's META (district, language, edition, ...) is written back as it was.
_OWN_META = frozenset(
    {"num_projects", "num_votes", "rule", "vote_type", "comment", "budget"}
)


def _pabulib_name(option: BallotOption, *, imported: bool) -> str:
    """An option's name for Pabulib: an imported project's name as its file wrote
    it (kept in the description when the title had to shorten it; none when the
    file gave none and the title is its id)."""
    if not imported:
        return option.title
    if option.description:
        return option.description
    return "" if option.title == option.external_id else option.title


def ballot_pabulib(ballot: Ballot, *, outcome: Outcome | None = None) -> str:
    """The ballot in Pabulib's ``.pb`` format. With the ``outcome`` the decision
    used, the file names its rule and marks the selected options; without, the
    rule is ``unknown``. Voters are numbered, never named."""
    options = list(ballot.options.annotate(n=Count("votes")).order_by("pk"))
    project_id = {o.pk: o.external_id or str(o.pk) for o in options}
    # Every vote, even one that chose nothing (an imported file may hold such
    # voters; they count in Equal Shares).
    votes: dict[int, list[str]] = {
        pk: [] for pk in ballot.votes.order_by("pk").values_list("pk", flat=True)
    }
    for vote_id, option_id in (
        Vote.choices.through.objects.filter(vote__ballot=ballot)
        .values_list("vote_id", "ballotoption_id")
        .order_by("vote_id", "ballotoption_id")
    ):
        votes[vote_id].append(project_id[option_id])
    voter_data: dict[int, dict[str, str]] = (
        dict(ballot.votes.exclude(voter_data={}).values_list("pk", "voter_data"))
        if ballot.imported
        else {}
    )
    meta = {
        "description": ballot.title,
        "country": "United Kingdom",
        "unit": ballot.activity.cycle.organisation.name,
        "instance": str(ballot.pk),
        "num_projects": str(len(options)),
        "num_votes": str(len(votes)),
        "budget": f"{ballot.budget:f}",
        "vote_type": "approval",
        "rule": outcome.pabulib_rule if outcome else "unknown",
    }
    for key, moment in (
        ("date_begin", ballot.published_at),
        ("date_end", ballot.closed_at),
    ):
        if moment:
            meta[key] = timezone.localtime(moment).strftime("%d.%m.%Y")
    if ballot.rule == VotingRule.KNAPSACK:
        meta["max_sum_cost"] = f"{ballot.budget:f}"
    else:
        meta["max_length"] = str(ballot.max_choices)
    if ballot.min_spend:
        meta["min_sum_cost"] = f"{ballot.min_spend:f}"
    meta["currency"] = "GBP"
    for key, value in ballot.imported_meta.items():
        if key not in _OWN_META:
            meta[key] = value
    if outcome is not None:
        completion = {
            "add1": "; completed by raising each voter's share £1 at a time, then "
            "greedy by votes",
            "epsilon": "; completed by raising the budget 1% at a time, then greedy "
            "by votes",
        }.get(outcome.completion, "")
        meta["comment"] = (
            f"#1: {outcome.rule}{completion}. #2: ties broken by more votes, then "
            f"lower cost, then a SHA-256 shuffle with seed {outcome.tie_seed}."
        )
    funded = set(outcome.funded) if outcome else set()
    election = PabulibElection(
        meta=meta,
        projects=tuple(
            PBProject(
                project_id=project_id[option.pk],
                cost=Fraction(option.cost),
                name=_pabulib_name(option, imported=ballot.imported),
                categories=tuple(option.categories),
                targets=tuple(option.targets),
                selected=int(str(option.pk) in funded) if outcome else None,
                extra={"votes": str(option.n)},
            )
            for option in options
        ),
        votes=tuple(
            PBVote(
                voter_id=str(number),
                projects=tuple(chosen),
                extra=voter_data.get(vote_id, {}),
            )
            for number, (vote_id, chosen) in enumerate(sorted(votes.items()), 1)
        ),
    )
    return write_pabulib(election)
