"""The answer form shows what the team typed as text: nothing in a question runs."""

from __future__ import annotations

import pytest
from django.test import Client

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.models import Kind, Question
from surveys.services import question_save, survey_publish
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

#: Template code that would print 14, the year, and a member's e-mail if compiled.
HINT = (
    'Hint:{{ 7|add:7 }} {% now "Y" %} {{ organisation.memberships.all.0.user.email }}'
)
ANSWER = "Answer:{{ 7|add:7 }} <b>yes</b>"
EARLIER = 'Earlier:{% now "Y" %} {{ request.user.email }}?'


def _survey(organisation: Organisation) -> tuple[str, str]:
    survey = make_survey(organisation, publish=False, questions=[])
    earlier = question_save(
        question=Question(
            survey=survey, kind=Kind.SINGLE, text=EARLIER, options=[ANSWER, "No"]
        )
    )
    question_save(
        question=Question(
            survey=survey,
            kind=Kind.RANKING,
            text="Put {{ 7|add:7 }} in order",
            help_text=HINT,
            options=["Meals", "Transport"],
            show_if_question=earlier,
            show_if_answer=ANSWER,
        )
    )
    survey_publish(survey=survey)
    survey.refresh_from_db()
    return (
        f"/o/{organisation.slug}/surveys/{survey.pk}/preview/",
        survey.get_answer_url(),
    )


def test_a_ranking_question_s_hint_and_condition_never_run_as_a_template(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A ranking question's hint, its "only if" answer and the earlier question's
    text show as typed, on the team's preview and on the public page: template
    code in them is shown, never run (no 14, no year, no member's e-mail)."""
    preview_url, answer_url = _survey(organisation)
    team = Client()
    team.force_login(people["commissioner"])
    for page in (team.get(preview_url), Client().get(answer_url)):
        assert page.status_code == 200
        html = page.content.decode()
        assert (
            "Hint:{{ 7|add:7 }} {% now &quot;Y&quot; %} "
            "{{ organisation.memberships.all.0.user.email }}"
        ) in html
        assert "Answer:{{ 7|add:7 }} &lt;b&gt;yes&lt;/b&gt;" in html
        assert "Earlier:{% now &quot;Y&quot; %} {{ request.user.email }}?" in html
        assert "Hint:14" not in html and "Answer:14" not in html
        assert people["admin"].email not in html
        assert people["commissioner"].email not in html
        assert "<b>yes</b>" not in html
