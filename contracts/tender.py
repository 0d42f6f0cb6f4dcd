"""Evaluating a tender: weighted criteria, bids, scores from officers and the
procurement panel's citizens, moderation, and the award as a decision."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cycles.models import DecisionKind, Phase
from cycles.services import decision_record
from panels.models import PanelMember

from .models import (
    MAX_SCORE,
    Bid,
    Contract,
    ContractStatus,
    Criterion,
    Moderation,
    Score,
    Tender,
)


@transaction.atomic
def tender_start(*, contract: Contract, panel: Any) -> Tender:
    if contract.status not in (ContractStatus.PLANNED, ContractStatus.TENDERING):
        raise ValidationError(_("Only a planned contract goes out to tender."))
    if panel is not None and panel.organisation_id != contract.cycle.organisation_id:
        raise ValidationError({"panel": _("Choose one of your panels.")})
    tender, _created = Tender.objects.update_or_create(
        contract=contract, defaults={"panel": panel}
    )
    contract.status = ContractStatus.TENDERING
    contract.save(update_fields=["status", "updated_at"])
    return tender


def _unscored(tender: Tender) -> None:
    if Score.objects.filter(bid__tender=tender).exists():
        raise ValidationError(
            _("Scoring has started, so the criteria and bids cannot change.")
        )


def weight_total(tender: Tender) -> int:
    return int(tender.criteria.aggregate(total=Sum("weight"))["total"] or 0)


@transaction.atomic
def criterion_add(*, criterion: Criterion) -> Criterion:
    tender = Tender.objects.select_for_update().get(pk=criterion.tender_id)
    _unscored(tender)
    if weight_total(tender) + criterion.weight > 100:
        raise ValidationError(
            {
                "weight": _(
                    "The weights would add up to more than 100%% (now %(n)s%%)."
                )
                % {"n": weight_total(tender)}
            }
        )
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def bid_add(*, bid: Bid) -> Bid:
    tender = Tender.objects.select_for_update().get(pk=bid.tender_id)
    _unscored(tender)
    if bid.provider.organisation_id != tender.contract.cycle.organisation_id:
        raise ValidationError({"provider": _("Choose a provider from your register.")})
    if tender.bids.filter(provider=bid.provider).exists():
        raise ValidationError({"provider": _("This provider has a bid already.")})
    bid.full_clean()
    bid.save()
    return bid


def is_panel_scorer(tender: Tender, user: Any) -> bool:
    return PanelMember.objects.holds_seat(tender.panel_id, user)


def may_score(tender: Tender, user: Any) -> bool:
    organisation = tender.contract.cycle.organisation
    return user.has_perm("contracts.manage_contracts", organisation) or is_panel_scorer(
        tender, user
    )


def scoring_open(tender: Tender) -> bool:
    return tender.awarded_bid_id is None and weight_total(tender) == 100


@transaction.atomic
def scores_save(
    *,
    tender: Tender,
    by: User,
    scores: dict[tuple[Bid, Criterion], tuple[int | None, str]],
) -> int:
    """Save one scorer's scores (0 to 10, with a comment); an empty score removes
    theirs. Returns how many they have given."""
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if not may_score(tender, by):
        raise ValidationError(_("You are not a scorer on this tender."))
    if not scoring_open(tender):
        raise ValidationError(
            _("Scoring is not open: the weights must add up to 100% and no award made.")
        )
    citizen = not by.has_perm(
        "contracts.manage_contracts", tender.contract.cycle.organisation
    )
    for (bid, criterion), (value, comment) in scores.items():
        if bid.tender_id != tender.pk or criterion.tender_id != tender.pk:
            raise ValidationError(_("Score only this tender's bids."))
        mine = Score.objects.filter(bid=bid, criterion=criterion, scorer=by)
        if value is None:
            mine.delete()
            continue
        if not 0 <= value <= MAX_SCORE:
            raise ValidationError(_("Scores run from 0 to 10."))
        Score.objects.update_or_create(
            bid=bid,
            criterion=criterion,
            scorer=by,
            defaults={
                "score": value,
                "comment": comment.strip(),
                "is_citizen": citizen,
            },
        )
    return Score.objects.filter(bid__tender=tender, scorer=by).count()


@dataclass
class Cell:
    criterion: Criterion
    scores: list[Score]
    moderation: Moderation | None

    @property
    def mean(self) -> Decimal | None:
        if not self.scores:
            return None
        return (Decimal(sum(s.score for s in self.scores)) / len(self.scores)).quantize(
            Decimal("0.1")
        )

    @property
    def spread(self) -> int:
        values = [s.score for s in self.scores]
        return max(values) - min(values) if values else 0

    @property
    def used(self) -> Decimal | None:
        return self.moderation.score if self.moderation else self.mean


@dataclass
class BidResult:
    bid: Bid
    cells: list[Cell]

    @property
    def total(self) -> Decimal:
        """Weighted score out of 100."""
        return sum(
            (
                (cell.used or Decimal(0)) * cell.criterion.weight / MAX_SCORE
                for cell in self.cells
            ),
            Decimal(0),
        ).quantize(Decimal("0.1"))

    @property
    def complete(self) -> bool:
        return all(cell.used is not None for cell in self.cells)


def evaluation(tender: Tender) -> list[BidResult]:
    """Every bid with its scores, moderated scores and weighted total, best
    first. Four queries."""
    criteria = list(tender.criteria.all())
    bids = list(tender.bids.select_related("provider"))
    scores: dict[tuple[int, int], list[Score]] = {}
    for score in Score.objects.filter(bid__tender=tender).select_related("scorer"):
        scores.setdefault((score.bid_id, score.criterion_id), []).append(score)
    moderations = {
        (m.bid_id, m.criterion_id): m
        for m in Moderation.objects.filter(bid__tender=tender)
    }
    results = [
        BidResult(
            bid,
            [
                Cell(c, scores.get((bid.pk, c.pk), []), moderations.get((bid.pk, c.pk)))
                for c in criteria
            ],
        )
        for bid in bids
    ]
    return sorted(results, key=lambda r: -r.total)


@transaction.atomic
def moderate(
    *, bid: Bid, criterion: Criterion, score: Decimal, note: str, by: User
) -> Moderation:
    if bid.tender_id != criterion.tender_id:
        raise ValidationError(_("Moderate only this tender's bids."))
    if bid.tender.awarded_bid_id:
        raise ValidationError(_("The contract is awarded already."))
    if not 0 <= score <= MAX_SCORE:
        raise ValidationError({"score": _("Scores run from 0 to 10.")})
    moderation, _created = Moderation.objects.update_or_create(
        bid=bid,
        criterion=criterion,
        defaults={"score": score, "note": note.strip(), "moderated_by": by},
    )
    return moderation


@transaction.atomic
def award(*, tender: Tender, bid: Bid, rationale: str, by: User) -> Any:
    """Award the contract to a bid: the decision goes in the cycle's log, with
    the weighted scores; the contract takes the bidder and price and comes into
    force."""
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.awarded_bid_id:
        raise ValidationError(_("The contract is awarded already."))
    if bid.tender_id != tender.pk:
        raise ValidationError(_("Choose one of this tender's bids."))
    if not rationale.strip():
        raise ValidationError({"rationale": _("Say why, in a sentence or two")})
    results = evaluation(tender)
    if not results or not all(r.complete for r in results):
        raise ValidationError(_("Every bid needs a score on every criterion first."))
    contract = tender.contract
    standings = "; ".join(f"{r.bid.provider.name} {r.total}/100" for r in results)
    decision = decision_record(
        cycle=contract.cycle,
        by=by,
        phase=Phase.DO,
        kind=DecisionKind.CONTRACT_AWARD,
        title=_("Contract awarded: %(contract)s to %(provider)s")
        % {"contract": contract.title, "provider": bid.provider.name},
        decided=_("Awarded to %(provider)s. Weighted scores: %(standings)s.")
        % {"provider": bid.provider.name, "standings": standings},
        decided_by=by,
        decided_on=timezone.localdate(),
        rationale=rationale.strip(),
    )
    contract.providers.set([bid.provider])
    if bid.price is not None:
        contract.value = bid.price
    contract.status = ContractStatus.ACTIVE
    contract.save()
    tender.awarded_bid = bid
    tender.award_decision = decision
    tender.save(update_fields=["awarded_bid", "award_decision"])
    return decision
