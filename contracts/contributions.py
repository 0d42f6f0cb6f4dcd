"""What contracts contribute to cycles (registered from ``ContractsConfig.ready``):
the recommission page says what the reviews of the cycle's contracts recommend."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cycles.contributions import register_recommission_note
from cycles.models import Cycle

from .models import ContractReview


def review_lines(cycle: Cycle) -> list[str]:
    """What the reviews of the cycle's contracts recommend, latest first."""
    latest: dict[int, ContractReview] = {}
    for review in ContractReview.objects.filter(contract__cycle=cycle).select_related(
        "contract"
    ):
        latest.setdefault(review.contract_id, review)
    return [
        _("The review of %(contract)s recommends: %(recommendation)s.")
        % {
            "contract": review.contract.title,
            "recommendation": str(review.get_recommendation_display()).lower(),
        }
        for review in latest.values()
    ]


def register() -> None:
    register_recommission_note(review_lines)
