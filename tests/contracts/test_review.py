"""Co-assessment (visit reports, governance ratings) and the review that turns
the evidence into a recommendation in the decision log."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from cocommission.accounts.models import User
from cocommission.accounts.personal_data import account_erase, personal_data
from cocommission.organisations.models import Organisation
from contracts.models import CoAssessmentReport, ContractReview, GovernanceRating
from cycles.models import Decision, DecisionKind
from governance.services import principles_ensure_defaults
from outcomes.models import MeasurementSource
from outcomes.services import measurement_record
from panels.models import Panel, PanelMember
from tests.contracts.factories import make_contract, make_indicators, make_provider
from tests.panels.factories import consenting_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(organisation: Organisation, people: dict[str, User]) -> dict[str, Any]:
    panel = Panel.objects.create(
        organisation=organisation, name="Inspectors", kind="inspectors"
    )
    inspector = consenting_citizen(organisation, email="inspector@example.org")
    PanelMember.objects.create(panel=panel, user=inspector, status="active")
    provider = make_provider(
        organisation, "Peer Pathways", representatives=[people["provider"].email]
    )
    contract = make_contract(organisation, [provider], monitoring_panel=panel)
    principles = principles_ensure_defaults(organisation=organisation)[:2]
    contract.principles.set(principles)
    return {"contract": contract, "inspector": inspector, "principles": principles}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_inspector_files_a_visit_report(
    reviewed: dict[str, Any], people: dict[str, User], make_member: Any
) -> None:
    contract, inspector = reviewed["contract"], reviewed["inspector"]
    url = f"{contract.get_absolute_url()}reports/new/"
    citizen = _client(inspector)
    assert "Dignity and respect" in citizen.get(url).content.decode()
    nothing = citizen.post(url, {"kind": "visit", "visited_on": "2026-10-01"})
    assert nothing.status_code == 400
    assert "Rate at least one part" in nothing.content.decode()
    no_kind = citizen.post(url, {"visited_on": "2026-10-01", "rate_respect": "4"})
    assert "Choose the kind of report" in no_kind.content.decode()
    done = citizen.post(
        url,
        {
            "kind": "visit",
            "visited_on": "2026-10-01",
            "rate_welcome": "4",
            "rate_respect": "5",
            "rate_access": "2",
            "to_improve": "The ramp door is heavy",
        },
    )
    assert done.status_code == 302
    report = CoAssessmentReport.objects.get()
    assert report.ratings == {"welcome": 4, "respect": 5, "access": 2}
    assert report.average == Decimal("3.7") and report.author == inspector
    page = _client(people["commissioner"]).get(report.get_absolute_url())
    assert "The ramp door is heavy" in page.content.decode()
    # Providers and citizens off the panel do not file reports.
    assert _client(people["provider"]).get(url).status_code == 403
    assert _client(people["citizen"]).get(url).status_code == 404


def test_governance_ratings_from_three_perspectives(
    reviewed: dict[str, Any], people: dict[str, User]
) -> None:
    contract, (first, second) = reviewed["contract"], reviewed["principles"]
    url = f"{contract.get_absolute_url()}governance/"
    for user, scores in [
        (reviewed["inspector"], ("2", "")),
        (people["commissioner"], ("4", "3")),
        (people["provider"], ("5", "5")),
    ]:
        answer = _client(user).post(
            url,
            {
                f"score_{first.pk}": scores[0],
                f"score_{second.pk}": scores[1],
                f"evidence_{first.pk}": "Seen at the drop-in",
            },
        )
        assert answer.status_code == 302
    perspectives = dict(
        GovernanceRating.objects.filter(principle=first).values_list(
            "perspective", "score"
        )
    )
    assert perspectives == {"citizen": 2, "team": 4, "provider": 5}
    # Changing a rating replaces it; an empty score removes it.
    _client(people["commissioner"]).post(
        url, {f"score_{first.pk}": "3", f"score_{second.pk}": ""}
    )
    mine = GovernanceRating.objects.filter(rated_by=people["commissioner"])
    assert list(mine.values_list("score", flat=True)) == [3]
    assert _client(people["citizen"]).get(url).status_code == 404


def test_the_review_weighs_the_evidence_and_records_a_decision(
    reviewed: dict[str, Any], people: dict[str, User]
) -> None:
    contract = reviewed["contract"]
    (indicator,) = make_indicators(
        contract.cycle.organisation, people["commissioner"], ["People in work"]
    )
    contract.indicators.set([indicator])
    measurement_record(
        indicator=indicator,
        by=people["commissioner"],
        period_end=datetime.date(2026, 9, 30),
        value=Decimal(60),
        source=MeasurementSource.PROVIDER_RETURN,
    )
    CoAssessmentReport.objects.create(
        contract=contract,
        kind="mystery",
        visited_on=datetime.date(2026, 9, 1),
        ratings={"welcome": 2, "respect": 2},
        author=reviewed["inspector"],
    )
    url = f"{contract.get_absolute_url()}review/"
    team = _client(people["commissioner"])
    page = team.get(url).content.decode()
    assert "1 of 1 indicators with a target and data are on track" in page
    assert "The figures look good, but citizens rate the service poorly" in page
    assert "A decision maker records the recommendation" in page
    assert (
        team.post(url, {"recommendation": "continue", "rationale": "x"}).status_code
        == 403
    )

    decider = _client(people["decision_maker"])
    missing = decider.post(
        url, {"recommendation": "change", "rationale": "Rated poorly"}
    )
    assert missing.status_code == 400
    assert "Say what should change" in missing.content.decode()
    assert "Rated poorly" in missing.content.decode()
    decider.post(
        url,
        {
            "recommendation": "change",
            "changes": "Fix the welcome at the front desk",
            "rationale": "Mystery shoppers found a poor welcome",
        },
    )
    review = ContractReview.objects.get()
    decision = Decision.objects.get(pk=review.decision_id)
    assert decision.kind == DecisionKind.RECOMMISSIONING
    assert decision.cycle == contract.cycle
    assert "Fix the welcome" in decision.decided
    assert "Continue, with changes" in team.get(url).content.decode()
    # Outside the team the review page is not shown.
    assert _client(reviewed["inspector"]).get(url).status_code == 403
    assert _client(people["provider"]).get(url).status_code == 403


def test_reports_and_ratings_go_with_the_account(
    reviewed: dict[str, Any], people: dict[str, User]
) -> None:
    contract, inspector = reviewed["contract"], reviewed["inspector"]
    CoAssessmentReport.objects.create(
        contract=contract,
        kind="visit",
        visited_on=datetime.date(2026, 9, 1),
        ratings={"welcome": 4},
        worked_well="Ada on reception was kind",
        author=inspector,
    )
    GovernanceRating.objects.create(
        contract=contract,
        principle=reviewed["principles"][0],
        perspective="citizen",
        score=4,
        evidence="I saw Ada",
        rated_by=inspector,
    )
    data = personal_data(inspector)
    reports = data["co_assessment_reports"]["rows"]
    assert reports[0]["worked_well"] == "Ada on reception was kind"
    assert data["governance_ratings_of_contracts"]["rows"][0]["score"] == 4
    account_erase(user=inspector)
    report = CoAssessmentReport.objects.get()
    assert report.author is None and "Ada" not in report.worked_well
    assert report.ratings == {"welcome": 4}
    rating = GovernanceRating.objects.get()
    assert rating.rated_by is None and rating.evidence == "" and rating.score == 4


def test_the_users_survey_counts_in_the_review(
    reviewed: dict[str, Any], people: dict[str, User]
) -> None:
    import uuid

    from django.contrib.auth.models import AnonymousUser

    from surveys.models import Kind
    from surveys.submission import survey_submit_response
    from tests.surveys.factories import make_survey

    contract = reviewed["contract"]
    survey = make_survey(
        contract.cycle.organisation,
        questions=[
            {"kind": Kind.RATING, "text": "Rate the service"},
            {"kind": Kind.AGREEMENT, "text": "Staff treat me with respect"},
        ],
    )
    rate, respect = survey.questions.all()
    # Five of each: groups under 5 would be hidden (the disclosure rule).
    for stars, agree in [
        ("4", "Agree"),
        ("5", "Strongly agree"),
        ("2", "Disagree"),
    ] * 5:
        survey_submit_response(
            survey=survey,
            answers={rate.field_name: stars, respect.field_name: agree},
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
        )
    contract.ratings_survey = survey
    contract.save()
    page = _client(people["commissioner"]).get(f"{contract.get_absolute_url()}review/")
    text = page.content.decode()
    assert "Rate the service: 3.7 out of 5 on average" in text
    assert "Staff treat me with respect: 67% agree" in text


def test_the_recommendation_shows_when_recommissioning(
    reviewed: dict[str, Any], people: dict[str, User]
) -> None:
    from contracts.review import review_record

    contract = reviewed["contract"]
    review_record(
        contract=contract,
        recommendation="decommission",
        rationale="Outcomes not met for two years",
        changes="",
        by=people["decision_maker"],
    )
    page = _client(people["commissioner"]).get(
        f"/o/{contract.cycle.organisation.slug}/cycles/{contract.cycle.pk}/recommission/"
    )
    assert (
        "The review of Community support recommends: decommission: end it or do not "
        "renew." in page.content.decode()
    )
