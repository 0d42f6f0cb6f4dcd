"""An idea posted anonymously never names its author to the public or to other
citizens: not on its page, the cycle's list, "you said, we did", nor in the
public API. Probed by searching every page for the author's name and address."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Need
from ideas.services import comment_add, idea_record_need
from tests.ideas.factories import public_cycle, raised

pytestmark = pytest.mark.django_db


def test_an_anonymous_authors_name_is_on_no_public_page(
    organisation: Organisation, people: dict[str, User]
) -> None:
    author = people["citizen"]
    author.display_name = "Zebedee Quill"
    author.save()
    cycle = public_cycle(organisation)
    idea = raised(cycle, author, publish_by=people["commissioner"], anonymous=True)
    idea_record_need(
        idea=idea,
        need=Need(statement="Evening support", raised_by="A citizen"),
        by=people["commissioner"],
    )
    comment_add(idea=idea, author=people["provider"], body="Yes, evenings.")
    org = organisation.slug
    urls = [
        reverse("ideas:detail", kwargs={"org_slug": org, "idea_pk": idea.pk}),
        reverse("ideas:cycle_ideas", kwargs={"org_slug": org, "pk": cycle.pk}),
        reverse("public_decisions", kwargs={"org_slug": org, "pk": cycle.pk}),
        *(
            f"/api/v1/organisations/{org}/cycles/{cycle.pk}{tail}"
            for tail in ("", "/decisions", "/outcomes", "/surveys", "/ballots")
        ),
    ]
    other = Client()
    other.force_login(people["provider"])
    for reader in (Client(), other):
        for url in urls:
            response = reader.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert "Zebedee" not in body, url
            assert author.email not in body, url
    page = Client().get(urls[0]).content.decode()
    assert "Anonymous" in page and "Evening drop-in" in page
