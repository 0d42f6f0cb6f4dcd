"""What contracts hold about a person, for their copy of their data and for
erasure (registered with the core from ``ContractsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import (
    CoAssessmentReport,
    Complaint,
    ContractReview,
    GovernanceRating,
    Moderation,
    MonitoringIssue,
    Provider,
    ProviderReturn,
    Score,
    Specification,
)


def register() -> None:
    pd.register(
        MonitoringIssue,
        "raised_by",
        key="issues_raised",
        title=_("Issues you raised about services"),
        columns=[
            ("contract", _("Service"), "monitoring_meeting.contract.title"),
            ("issue", _("The issue"), "text"),
            ("status", _("What came of it"), "get_status_display"),
            ("when", _("When"), "created_at"),
        ],
        # The issue stays on the meeting's record, without the person's words.
        erase=pd.anonymise(text=pd.ERASED_TEXT),
        related=("monitoring_meeting__contract",),
    )
    pd.register(
        CoAssessmentReport,
        "author",
        key="co_assessment_reports",
        title=_("Your reports on services"),
        columns=[
            ("contract", _("Service"), "contract.title"),
            ("kind", _("Kind"), "get_kind_display"),
            ("visited_on", _("Date of the visit or contact"), "visited_on"),
            ("ratings", _("Your ratings"), "ratings"),
            ("worked_well", _("What worked well"), "worked_well"),
            ("to_improve", _("What should improve"), "to_improve"),
        ],
        erase=pd.anonymise(worked_well=pd.ERASED_TEXT, to_improve=""),
        related=("contract",),
    )
    pd.register(
        GovernanceRating,
        "rated_by",
        key="governance_ratings_of_contracts",
        title=_("How you rated the way services are run"),
        columns=[
            ("contract", _("Service"), "contract.title"),
            ("principle", _("Principle"), "principle.name"),
            ("score", _("Score"), "score"),
            ("evidence", _("Why"), "evidence"),
        ],
        erase=pd.anonymise(evidence=""),
        related=("contract", "principle"),
    )
    pd.register(
        Score,
        "scorer",
        key="tender_scores",
        title=_("Scores you gave to bids"),
        columns=[
            ("provider", _("Bidder"), "bid.provider.name"),
            ("criterion", _("Criterion"), "criterion.name"),
            ("score", _("Score (of 10)"), "score"),
            ("comment", _("Comment"), "comment"),
        ],
        # The score still counts in the evaluation, without the person's words.
        erase=pd.anonymise(comment=""),
        related=("bid__provider", "criterion"),
    )
    pd.register(
        Provider,
        "representatives",
        key="providers_represented",
        title=_("Providers you speak for"),
        owned=False,
        columns=[("provider", _("Provider"), "name")],
    )
    pd.register(
        ProviderReturn,
        ("submitted_by", "reviewed_by"),
        key="provider_returns",
        title=_("Provider returns you sent or reviewed"),
        owned=False,
        columns=[
            ("contract", _("Contract"), "contract.title"),
            ("period_end", _("End of the period"), "period_end"),
            ("sent", _("Sent"), "submitted_at"),
            ("reviewed", _("Reviewed"), "reviewed_at"),
        ],
        related=("contract",),
    )
    pd.register(
        Specification,
        "created_by",
        key="specifications_written",
        title=_("Specifications you wrote"),
        owned=False,
        columns=[
            ("contract", _("Contract"), "contract.title"),
            ("version", _("Version"), "version"),
            ("when", _("When"), "created_at"),
        ],
        related=("contract",),
    )
    pd.register(
        ContractReview,
        "created_by",
        key="contract_reviews_recorded",
        title=_("Contract reviews you recorded"),
        owned=False,
        columns=[
            ("contract", _("Contract"), "contract.title"),
            ("recommendation", _("Recommendation"), "get_recommendation_display"),
            ("when", _("When"), "created_at"),
        ],
        related=("contract",),
    )
    pd.register(
        Moderation,
        "moderated_by",
        key="scores_moderated",
        title=_("Bid scores you moderated"),
        owned=False,
        columns=[
            ("provider", _("Bidder"), "bid.provider.name"),
            ("criterion", _("Criterion"), "criterion.name"),
            ("score", _("Agreed score"), "score"),
        ],
        related=("bid__provider", "criterion"),
    )
    pd.exclude(
        Complaint,
        "recorded_by",
        # A complaint is about a service, from someone else; the team member
        # only logged it. Their name goes with their account.
        reason="someone else's complaint, logged by the team",
    )
