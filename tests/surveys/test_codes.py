"""Single-use invitation codes."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.codes import code_check, code_hash, codes_generate
from surveys.models import Audience, InvitationCode, Kind, Response
from surveys.services import AlreadyAnswered
from surveys.submission import survey_submit_response
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

ONE = [{"kind": Kind.SINGLE, "text": "Pick", "options": ["A", "B"], "required": True}]


def test_codes_are_stored_only_as_hashes(organisation: Organisation) -> None:
    """The readable codes exist only in what the function returns."""
    survey = make_survey(organisation, questions=ONE, audience=Audience.CODES)
    codes = codes_generate(owner=survey, count=50)
    assert len(set(codes)) == 50
    stored = set(InvitationCode.objects.values_list("code_hash", flat=True))
    assert stored == {code_hash(c) for c in codes}
    assert not any(c.replace("-", "") in h.upper() for c in codes for h in stored)
    # Typed in lower case, without the dash: still the same code.
    assert code_check(survey=survey, code=codes[0].lower().replace("-", " "))


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_submissions_with_one_code_store_one(
    organisation: Organisation,
) -> None:
    """Twenty racing submissions, each with its own form but the same code."""
    survey = make_survey(organisation, questions=ONE, audience=Audience.CODES)
    digest = code_hash(codes_generate(owner=survey, count=1)[0])
    field = survey.questions.get().field_name

    def send(_i: int) -> str:
        try:
            survey_submit_response(
                survey=survey,
                answers={field: "A"},
                user=AnonymousUser(),
                submission_key=uuid.uuid4(),
                code_digest=digest,
            )
            return "stored"
        except AlreadyAnswered:
            return "already"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(send, range(20)))
    assert outcomes.count("stored") == 1
    assert Response.objects.count() == 1
    assert InvitationCode.objects.get().used


def test_answering_with_a_code_on_screen(
    client: Client, organisation: Organisation
) -> None:
    """A wrong code is explained; a right one opens the form once."""
    survey = make_survey(organisation, questions=ONE, audience=Audience.CODES)
    code = codes_generate(owner=survey, count=1)[0]
    url = survey.get_answer_url()
    response = client.post(url, {"form": "code", "code": "ZZZZ-ZZZZ"})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    response = client.post(url, {"form": "code", "code": code})
    assert response.status_code == 302
    page = client.get(url)
    key = page.context["form"].initial["submission_key"]
    field = survey.questions.get().field_name
    assert client.post(url, {"submission_key": key, field: "B"}).status_code == 302
    other = Client()
    response = other.post(url, {"form": "code", "code": code})
    assert "already been used" in response.content.decode()


def test_staff_make_a_printable_batch(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    survey = make_survey(organisation, questions=ONE, audience=Audience.CODES)
    client.force_login(people["commissioner"])
    url = reverse(
        "surveys:codes", kwargs={"org_slug": organisation.slug, "pk": survey.pk}
    )
    assert client.post(url, {"count": "0"}).status_code == 400
    page = client.post(url, {"count": "3"}).content.decode()
    assert page.count('class="app-code"') == 3
    assert InvitationCode.objects.count() == 3
    client.force_login(people["decision_maker"])
    assert client.get(url).status_code == 403
