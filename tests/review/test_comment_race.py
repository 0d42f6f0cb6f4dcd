"""A double press posts one comment: parallel posts of the same words by the
same person, sent as real concurrent requests against PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from ideas.models import Comment
from tests.ideas.factories import public_cycle, raised

PARALLEL = 8


def _race(url: str, posts: list[tuple[User, dict[str, str]]]) -> list[int]:
    start = Barrier(len(posts))

    def post(job: tuple[User, dict[str, str]]) -> int:
        user, data = job
        try:
            client = Client()
            client.force_login(user)
            start.wait()
            return client.post(url, data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(posts)) as pool:
        return list(pool.map(post, posts))


@pytest.mark.django_db(transaction=True)
def test_parallel_identical_comments_from_one_person_store_one(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Eight racing posts of one comment, then eight of one reply to it: one of
    each, every request answered with the page it was going to."""
    idea = raised(
        public_cycle(organisation), people["citizen"], publish_by=people["commissioner"]
    )
    url = reverse(
        "ideas:comment", kwargs={"org_slug": organisation.slug, "idea_pk": idea.pk}
    )
    person = people["provider"]
    words = {"body": "The bus stops at six, so evenings matter."}
    assert _race(url, [(person, words)] * PARALLEL) == [302] * PARALLEL
    (comment,) = Comment.objects.filter(idea=idea)
    reply = {f"reply-{comment.pk}-body": "Agreed.", "parent": str(comment.pk)}
    assert _race(url, [(person, reply)] * PARALLEL) == [302] * PARALLEL
    assert Comment.objects.filter(idea=idea, parent=comment).count() == 1
    # The same words from two different people are two comments.
    assert _race(url, [(people["citizen"], words), (people["commissioner"], words)])
    assert Comment.objects.filter(idea=idea, parent=None).count() == 3
