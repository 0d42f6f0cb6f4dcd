"""The team's results page when many responses are waiting to be counted."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.test import Client

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.counting import IN_REQUEST
from surveys.models import Survey, UncountedResponse
from surveys.submission import survey_submit_response
from tests.surveys.factories import make_survey
from tests.surveys.test_views import staff_url


def _answer(survey: Survey, times: int) -> None:
    name = survey.questions.get(text="Who are you?").field_name
    for _i in range(times):
        survey_submit_response(
            survey=survey,
            answers={name: "Carer"},
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
        )


def test_a_big_backlog_is_counted_in_the_background(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """With more than a few responses waiting, the page counts none of them
    itself: it says how many are still being added, with a link to refresh, and
    asks the worker to count them; once counted, the refreshed page shows them."""
    survey = make_survey(organisation)
    _answer(survey, IN_REQUEST + 1)
    client.force_login(people["commissioner"])
    url = staff_url("surveys:results", survey)
    with django_capture_on_commit_callbacks(execute=True) as asked:
        page = client.get(url).content.decode()
    assert f"{IN_REQUEST + 1} more responses are still being added" in page
    assert f'<a class="govuk-link" href="{url}">Refresh the page</a>' in page
    # The worker is asked, once the request is done (tests run tasks eagerly).
    assert len(asked) == 1
    with django_capture_on_commit_callbacks() as asked_again:
        page = client.get(staff_url("surveys:results", survey)).content.decode()
    assert not asked_again
    assert "still being added" not in page
    assert f"People who answered: {IN_REQUEST + 1}." in page
    assert not UncountedResponse.objects.filter(survey=survey).exists()


def test_a_few_waiting_are_counted_at_once(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Up to a small batch waiting, the page counts them before showing figures."""
    survey = make_survey(organisation)
    _answer(survey, IN_REQUEST)
    client.force_login(people["commissioner"])
    page = client.get(staff_url("surveys:results", survey)).content.decode()
    assert "still being added" not in page
    assert not UncountedResponse.objects.filter(survey=survey).exists()
    survey.refresh_from_db()
    assert survey.response_count == IN_REQUEST
