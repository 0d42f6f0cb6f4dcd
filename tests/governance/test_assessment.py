from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Cycle, Visibility
from governance.assessment import governance_assess, governance_comparison
from governance.models import GovernanceAssessment, PrincipleCriterion
from governance.services import governance_assess_all, principles_ensure_defaults
from tests.cycles.factories import CycleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_cycle(organisation: Organisation, people: dict[str, User]) -> Cycle:
    return CycleFactory(
        organisation=organisation,
        by=people["commissioner"],
        visibility=Visibility.PUBLIC,
    )


def test_score_is_the_mean_with_yes_as_5_and_no_as_1(
    organisation: Organisation, people: dict[str, User], public_cycle: Cycle
) -> None:
    """Ratings and yes/no answers average into a score out of 5."""
    principle = principles_ensure_defaults(organisation=organisation)[0]
    rating = PrincipleCriterion.objects.create(
        principle=principle, question="Were people heard?"
    )
    yes_no = PrincipleCriterion.objects.create(
        principle=principle, question="Was there a panel?", scale="yes-no"
    )
    assessment = governance_assess(
        cycle=public_cycle,
        principle=principle,
        by=people["commissioner"],
        answers={str(rating.pk): "2", str(yes_no.pk): "yes"},
    )
    assert assessment.score == Decimal("3.50")
    assert assessment.perspective == "team"
    again = governance_assess(
        cycle=public_cycle,
        principle=principle,
        by=people["commissioner"],
        answers={str(rating.pk): "4", str(yes_no.pk): "no"},
    )
    assert again.pk == assessment.pk and again.score == Decimal("2.50")


@pytest.mark.parametrize("answers", [{}, {"overall": "7"}, {"overall": "yes"}])
def test_missing_or_impossible_answers_are_refused(
    organisation: Organisation,
    people: dict[str, User],
    public_cycle: Cycle,
    answers: dict[str, str],
) -> None:
    """Every question needs an answer on its own scale."""
    principle = principles_ensure_defaults(organisation=organisation)[0]
    with pytest.raises(ValidationError):
        governance_assess(
            cycle=public_cycle,
            principle=principle,
            by=people["commissioner"],
            answers=answers,
        )
    assert not GovernanceAssessment.objects.exists()


def test_citizens_co_assess_public_cycles_only(
    organisation: Organisation, people: dict[str, User], public_cycle: Cycle
) -> None:
    """A citizen co-assesses a public cycle, not a private one; outsiders never."""
    principle = principles_ensure_defaults(organisation=organisation)[0]
    citizen_view = governance_assess(
        cycle=public_cycle,
        principle=principle,
        by=people["citizen"],
        answers={"overall": "3"},
    )
    assert citizen_view.perspective == "citizen"
    private = CycleFactory(organisation=organisation)
    with pytest.raises(ValidationError):
        governance_assess(
            cycle=private,
            principle=principle,
            by=people["citizen"],
            answers={"overall": "3"},
        )
    with pytest.raises(ValidationError):
        governance_assess(
            cycle=public_cycle,
            principle=principle,
            by=people["outsider"],
            answers={"overall": "3"},
        )
    with pytest.raises(ValidationError):
        governance_assess(
            cycle=public_cycle,
            principle=principle,
            by=people["provider"],
            answers={"overall": "3"},
        )


def test_comparison_puts_team_and_citizens_side_by_side(
    organisation: Organisation,
    people: dict[str, User],
    public_cycle: Cycle,
    make_member: object,
) -> None:
    """Means per perspective, counts, and the gap between them."""
    principle = principles_ensure_defaults(organisation=organisation)[0]
    governance_assess(
        cycle=public_cycle,
        principle=principle,
        by=people["commissioner"],
        answers={"overall": "5"},
    )
    governance_assess(
        cycle=public_cycle,
        principle=principle,
        by=people["admin"],
        answers={"overall": "4"},
    )
    governance_assess(
        cycle=public_cycle,
        principle=principle,
        by=people["citizen"],
        answers={"overall": "2"},
    )
    another = make_member("citizen", organisation)  # type: ignore[operator]
    governance_assess(
        cycle=public_cycle, principle=principle, by=another, answers={"overall": "3"}
    )
    row = next(
        r for r in governance_comparison(public_cycle) if r.principle == principle
    )
    assert (row.team_score, row.team_count) == (Decimal("4.5"), 2)
    assert (row.citizen_score, row.citizen_count) == (Decimal("2.5"), 2)
    assert row.gap == Decimal("2.0")


@pytest.mark.parametrize(
    ("role", "overview", "assess"),
    [
        ("admin", 200, 200),
        ("commissioner", 200, 200),
        ("decision_maker", 200, 200),
        ("provider", 404, 404),
        ("citizen", 302, 200),
        ("outsider", 404, 404),
    ],
)
def test_governance_pages_truth_table(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    public_cycle: Cycle,
    role: str,
    overview: int,
    assess: int,
) -> None:
    """The team sees the comparison; citizens get the questions; others nothing."""
    kwargs = {"org_slug": organisation.slug, "cycle_pk": public_cycle.pk}
    client.force_login(people[role])
    assert (
        client.get(reverse("governance:overview", kwargs=kwargs)).status_code
        == overview
    )
    assert client.get(reverse("governance:assess", kwargs=kwargs)).status_code == assess


def test_submitting_the_form_saves_every_principle_or_shows_what_is_missing(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    public_cycle: Cycle,
) -> None:
    """A partly answered form says which questions are missing and saves nothing."""
    principles = principles_ensure_defaults(organisation=organisation)
    url = reverse(
        "governance:assess",
        kwargs={"org_slug": organisation.slug, "cycle_pk": public_cycle.pk},
    )
    client.force_login(people["citizen"])
    response = client.post(url, {f"p{principles[0].pk}_overall": "4"})
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    missing = re.findall(r"Answer “([^”]+)”", content)
    assert missing, "each unanswered question is named"
    for question in missing:  # by the words of a question on the page
        assert content.count(question.rstrip("…")) >= 2
    assert 'value="4" checked' in response.content.decode()
    assert not GovernanceAssessment.objects.exists()
    data = {f"p{p.pk}_overall": "4" for p in principles}
    assert client.post(url, data).status_code == 302
    assert GovernanceAssessment.objects.filter(assessor=people["citizen"]).count() == 6


def test_assessing_every_principle_saves_all_or_none(
    organisation: Organisation, people: dict[str, User], public_cycle: Cycle
) -> None:
    """One principle answered wrongly: none of the others' answers are kept."""
    first, second = principles_ensure_defaults(organisation=organisation)[:2]
    with pytest.raises(ValidationError):
        governance_assess_all(
            cycle=public_cycle,
            by=people["commissioner"],
            assessments=[(first, {"overall": "4"}, ""), (second, {"overall": "9"}, "")],
        )
    assert not GovernanceAssessment.objects.exists()
    governance_assess_all(
        cycle=public_cycle,
        by=people["commissioner"],
        assessments=[
            (first, {"overall": "4"}, "notes"),
            (second, {"overall": "2"}, ""),
        ],
    )
    assert sorted(GovernanceAssessment.objects.values_list("score", flat=True)) == [
        Decimal("2.00"),
        Decimal("4.00"),
    ]
