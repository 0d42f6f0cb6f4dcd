"""What moderation hid stays hidden, and no unchecked words of a citizen ever
reach a public page: probed from the public pages, as a reader would."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Need
from ideas.models import Idea, IdeaStatus
from ideas.services import idea_close, idea_hide
from tests.ideas.factories import public_cycle, raised

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(response.content.decode().split())


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def public_pages(idea: Idea) -> list[str]:
    org, cycle = idea.cycle.organisation.slug, idea.cycle
    return [
        reverse("ideas:cycle_ideas", kwargs={"org_slug": org, "pk": cycle.pk}),
        reverse("public_decisions", kwargs={"org_slug": org, "pk": cycle.pk}),
    ]


def detail(idea: Idea) -> str:
    return reverse(
        "ideas:detail",
        kwargs={"org_slug": idea.cycle.organisation.slug, "idea_pk": idea.pk},
    )


def team(name: str, idea: Idea) -> str:
    return reverse(
        f"ideas:{name}",
        kwargs={"org_slug": idea.cycle.organisation.slug, "idea_pk": idea.pk},
    )


def test_closing_a_hidden_idea_never_makes_it_public(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Published, then hidden by moderation, then closed through the team's page:
    the words stay off every public page and its own page is not found."""
    idea = raised(
        public_cycle(organisation),
        people["citizen"],
        publish_by=people["commissioner"],
        title="Call Jo Bloggs on 07700 900123",
    )
    idea_hide(idea=idea, by=people["commissioner"], reason="A phone number")
    response = signed_in(people["commissioner"]).post(
        team("close", idea), {"reason": "Out of scope for this work"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.CLOSED
    assert Client().get(detail(idea)).status_code == 404
    for url in public_pages(idea):
        assert "07700 900123" not in text(Client().get(url))
    assert not Idea.objects.published().filter(pk=idea.pk).exists()


def test_closing_a_published_idea_keeps_it_readable_with_its_reason(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """The fix keeps what was right: a published idea, closed, stays readable."""
    idea = raised(
        public_cycle(organisation), people["citizen"], publish_by=people["commissioner"]
    )
    idea_close(idea=idea, by=people["commissioner"], reason="Done already")
    assert Client().get(detail(idea)).status_code == 200


def test_a_waiting_need_cannot_be_recorded_before_it_is_checked(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """ "Record it as a need" on a need nobody has moderated: refused with a
    clear message, and its unchecked words appear on no public page."""
    idea = raised(
        public_cycle(organisation),
        people["citizen"],
        title="Jo Bloggs at 4 Mill Lane needs help",
        body="Jo Bloggs at 4 Mill Lane needs help in the evenings.",
    )
    client = signed_in(people["commissioner"])
    moderate = text(client.get(team("moderate", idea)))
    assert "Record it as a need" not in moderate
    refused = client.get(team("record_need", idea), follow=True)
    assert "Publish it first" in text(refused)
    response = client.post(
        team("record_need", idea),
        {
            "statement": "Evening support for people living alone",
            "raised_by": "A citizen",
            "how_many": "1",
            "groups": "",
        },
    )
    assert "Publish it first" in text(response)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.WAITING and idea.need_id is None
    assert not Need.objects.filter(cycle=idea.cycle).exists()
    assert Client().get(detail(idea)).status_code == 404
    for url in public_pages(idea):
        assert "Mill Lane" not in text(Client().get(url))
