"""Cross-tabulations and their suppression."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.crosstab import (
    K,
    crosstab_by_category,
    crosstab_by_question,
    hidden_totals,
    suppress,
)
from surveys.models import Kind
from surveys.submission import survey_submit_response
from tests.panels.factories import consenting_citizen
from tests.surveys.factories import make_survey

grids = st.integers(1, 5).flatmap(
    lambda cols: st.lists(
        st.lists(st.integers(0, 12), min_size=cols, max_size=cols),
        min_size=1,
        max_size=6,
    )
)


@settings(max_examples=300, deadline=None)
@given(cells=grids)
def test_no_hidden_cell_can_be_worked_out(cells: list[list[int]]) -> None:
    """Every cell under k is hidden; and no row or column is left with exactly one
    hidden cell while its total is shown (it could be found by subtraction)."""
    hidden = suppress(cells)
    row_totals, column_totals = hidden_totals(cells, hidden)
    rows, cols = len(cells), len(cells[0])
    for r in range(rows):
        for c in range(cols):
            if 0 < cells[r][c] < K:
                assert hidden[r][c]
    lines = [([(r, c) for c in range(cols)], row_totals[r]) for r in range(rows)]
    lines += [([(r, c) for r in range(rows)], column_totals[c]) for c in range(cols)]
    for line, total_hidden in lines:
        secret = [(r, c) for r, c in line if hidden[r][c]]
        if len(secret) == 1:
            assert total_hidden, (cells, hidden, line)


def test_a_lone_small_cell_takes_a_neighbour_with_it() -> None:
    cells = [[10, 2], [8, 9]]
    assert suppress(cells) == [[True, True], [True, True]]


SATISFIED = [
    {"kind": Kind.RATING, "text": "How satisfied are you?", "required": True},
    {
        "kind": Kind.SINGLE,
        "text": "Your ward",
        "options": ["North", "South"],
        "required": True,
    },
]


@pytest.mark.django_db
def test_satisfaction_by_ward(organisation: Organisation) -> None:
    survey = make_survey(organisation, questions=SATISFIED)
    rating, ward = list(survey.questions.all())
    for score, place, times in [
        ("5", "North", 6),
        ("4", "North", 5),
        ("2", "South", 7),
        ("5", "South", 1),
    ]:
        for _i in range(times):
            survey_submit_response(
                survey=survey,
                answers={rating.field_name: score, ward.field_name: place},
                user=AnonymousUser(),
                submission_key=uuid.uuid4(),
            )
    table = crosstab_by_question(rating, ward)
    by_label = {label: (values, total) for label, values, total in table.rows}
    # 4 by North is 5, but it had to be hidden with the 6 above it, and then its
    # row total too, or subtraction would give the 1 in South away.
    assert by_label["4"] == (["hidden", "0", "0"], "hidden")
    assert by_label["2"] == (["0", "hidden", "0"], "hidden")
    five_values, _total = by_label["5"]
    assert five_values[1] == "hidden" and five_values[0] == "hidden"


@pytest.mark.django_db
def test_by_profile_only_for_identified_surveys(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    survey = make_survey(organisation, questions=SATISFIED[:1], is_anonymous=False)
    rating = survey.questions.get()
    for gender in ["Woman"] * 6:
        person = consenting_citizen(organisation, {"Gender": gender})
        survey_submit_response(
            survey=survey,
            answers={rating.field_name: "4"},
            user=person,
            submission_key=uuid.uuid4(),
        )
    gender = organisation.demographic_categories.get(name="Gender")
    table = crosstab_by_category(rating, gender)
    row = next(values for label, values, _t in table.rows if label == "4")
    assert row[table.col_labels.index("Woman")] == "6"
    client.force_login(people["commissioner"])
    url = reverse(
        "surveys:crosstab", kwargs={"org_slug": organisation.slug, "pk": survey.pk}
    )
    page = client.get(
        url, {"question": rating.pk, "by": f"c{gender.pk}"}
    ).content.decode()
    assert "Woman" in page and ">6<" in page
    anonymous = make_survey(organisation, questions=SATISFIED[:1])
    url = reverse(
        "surveys:crosstab", kwargs={"org_slug": organisation.slug, "pk": anonymous.pk}
    )
    assert "Who people are" not in client.get(url).content.decode()
