"""Reporting abuse: once the team keeps a reported comment, the same person
cannot put it back on the queue by reporting it again; someone else can."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from ideas.models import CommentStatus
from ideas.services import comment_add
from tests.ideas.factories import public_cycle, raised

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_one_person_cannot_requeue_a_comment_the_team_kept(
    organisation: Organisation, people: dict[str, User]
) -> None:
    idea = raised(
        public_cycle(organisation), people["citizen"], publish_by=people["commissioner"]
    )
    comment = comment_add(idea=idea, author=people["provider"], body="Fair point.")
    org = organisation.slug
    report = reverse("ideas:report", kwargs={"org_slug": org, "comment_pk": comment.pk})
    keep = reverse(
        "ideas:comment_keep", kwargs={"org_slug": org, "comment_pk": comment.pk}
    )
    queue = reverse("ideas:queue", kwargs={"org_slug": org})
    reporter, team = signed_in(people["citizen"]), signed_in(people["commissioner"])
    reporter.post(report, {"reason": "I do not like it"})
    assert "Fair point." in team.get(queue).content.decode()
    assert team.post(keep).status_code == 302
    for _n in range(3):
        reporter.post(report, {"reason": "I still do not like it"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert "Fair point." not in team.get(queue).content.decode()
    # A new person's report still reaches the team.
    signed_in(people["outsider"]).post(report, {"reason": "It is abusive"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REPORTED
