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
from cocommission.disclosure import Figures, State, narrowed
from cocommission.organisations.models import Organisation
from surveys.crosstab import (
    K,
    crosstab_by_category,
    crosstab_by_question,
    protect_table,
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


@settings(max_examples=60, deadline=None)
@given(cells=grids)
def test_no_hidden_cell_can_be_worked_out(cells: list[list[int]]) -> None:
    """Every cell under k is hidden; and no small cell can be narrowed below 1..4
    from the cells, row, column and grand totals shown."""
    states, rows, columns, grand = protect_table(cells)
    for r, row in enumerate(cells):
        for c, n in enumerate(row):
            if 0 < n < K:
                assert states[r][c] is not State.SHOWN
    figures = Figures()
    ids = [[figures.add(n) for n in row] for row in cells]
    row_ids = [figures.add(sum(row)) for row in cells]
    col_ids = [figures.add(sum(col)) for col in zip(*cells, strict=True)]
    total = figures.add(sum(map(sum, cells)))
    for r, row in enumerate(ids):
        figures.tie(row_ids[r], row)
    for c, col_id in enumerate(col_ids):
        figures.tie(col_id, [row[c] for row in ids])
    figures.tie(total, row_ids)
    every = [s for row in states for s in row] + rows + columns + [grand]
    assert not narrowed(figures, every)


def test_a_lone_small_cell_takes_a_neighbour_with_it() -> None:
    """A 2 beside a 10 under a shown row total of 12 would be 2 exactly: another
    cell of its row is hidden with it."""
    states, _rows, _columns, _grand = protect_table([[10, 2], [8, 9]])
    assert states[0][1] is not State.SHOWN
    assert states[0][0] is not State.SHOWN


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
    # The results page already shows each rating's count (row totals) and each
    # ward's (column totals), so the lone 1 (rating 5 in South) takes the 6 beside
    # it with it, and then whatever else it takes (zeros next to hidden cells
    # would pin them) for no subtraction to find either.
    assert by_label["4"][1] == "5"
    five_values, _total = by_label["5"]
    assert five_values[0] == "hidden"
    assert five_values[1] in ("hidden", "fewer than 5")


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
