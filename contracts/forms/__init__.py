"""The forms of contracts, one module per topic. The names are re-exported here so
that ``from contracts.forms import ContractForm`` keeps working."""

from .assessment import GovernanceRatingForm, ReportForm
from .complaint import ComplaintForm
from .contract import ContractForm, SpecificationForm
from .monitoring import IssueForm, IssueResponseForm
from .provider import ProviderForm
from .returns import QueryForm, ReturnForm
from .review import ReviewForm
from .tender import AwardForm, BidForm, CriterionForm, ScoreForm, TenderStartForm

__all__ = [
    "AwardForm",
    "BidForm",
    "ComplaintForm",
    "ContractForm",
    "CriterionForm",
    "GovernanceRatingForm",
    "IssueForm",
    "IssueResponseForm",
    "ProviderForm",
    "QueryForm",
    "ReportForm",
    "ReturnForm",
    "ReviewForm",
    "ScoreForm",
    "SpecificationForm",
    "TenderStartForm",
]
