"""One code, one response, whichever channel gets there first: the same code
sent at once online (by the person) and on the team's paper and phone entry
screens, as real concurrent requests against PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from surveys.codes import codes_generate
from surveys.models import Audience, InvitationCode, Kind, Response
from tests.surveys.factories import make_survey

ONE = [{"kind": Kind.SINGLE, "text": "Pick", "options": ["A", "B"], "required": True}]


@pytest.mark.django_db(transaction=True)
def test_one_code_raced_across_channels_stores_one_response(
    organisation: Organisation, people: dict[str, User]
) -> None:
    survey = make_survey(organisation, questions=ONE, audience=Audience.CODES)
    (code,) = codes_generate(owner=survey, count=1)
    pick = survey.questions.get().field_name
    entry = reverse(
        "surveys:entry", kwargs={"org_slug": organisation.slug, "pk": survey.pk}
    )
    answer = survey.get_answer_url()
    senders = []
    # Three people online, each with the code already checked in their browser.
    for _n in range(3):
        browser = Client()
        assert browser.post(answer, {"form": "code", "code": code}).status_code == 302
        key = browser.get(answer).context["form"].initial["submission_key"]
        senders.append((browser, answer, {"submission_key": str(key), pick: "A"}))
    # The team types the same code from a paper form and a phone call, twice each.
    for channel in ("paper", "phone", "paper", "phone"):
        team = Client()
        team.force_login(people["commissioner"])
        key = team.get(entry).context["form"].initial["submission_key"]
        senders.append(
            (
                team,
                entry,
                {
                    "submission_key": str(key),
                    "channel": channel,
                    "code": code,
                    pick: "B",
                },
            )
        )
    start = Barrier(len(senders))

    def send(job) -> int:
        client, url, data = job
        try:
            start.wait()
            return client.post(url, data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(senders)) as pool:
        codes = list(pool.map(send, senders))
    assert codes.count(302) == 1, codes
    # The others are told the code is used (entry, 400) or that it has been
    # answered (online, 200): nobody gets an error page.
    assert all(status in (200, 302, 400) for status in codes), codes
    assert Response.objects.filter(survey=survey).count() == 1
    assert InvitationCode.objects.get().used
