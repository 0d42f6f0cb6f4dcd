"""Demo needs and ideas citizens raised on the Living Well cycle, in every state,
with supports, comments, a reply and a reported comment, so every page of the
``ideas`` app has something to show."""

from __future__ import annotations

from cocommission.accounts.models import User
from cycles.models import Cycle, Need
from ideas.models import Idea, Kind
from ideas.services import (
    comment_add,
    comment_report,
    idea_close,
    idea_hide,
    idea_publish,
    idea_raise,
    idea_record_need,
    support_set,
)

from .cycles_data import LIVING_WELL


def _volunteers(count: int) -> list[User]:
    return list(
        User.objects.filter(
            email__startswith="volunteer", email__endswith=".example"
        ).order_by("email")[:count]
    )


def seed_ideas(commissioner: User) -> None:
    cycle = Cycle.objects.filter(title=LIVING_WELL).first()
    if cycle is None or Idea.objects.filter(cycle=cycle).exists():
        return
    citizen = User.objects.get(email="citizen@lambeth.example")
    people = _volunteers(8)

    crisis = idea_raise(
        cycle=cycle,
        author=citizen,
        kind=Kind.NEED,
        title="Somewhere to go in the evening when things get hard",
        body="The crisis line is the only thing open after 5pm. A calm place to "
        "sit and talk, before it becomes a crisis, would help a lot of us.",
        groups="People living alone; carers",
    )
    idea_publish(idea=crisis, by=commissioner)
    for person in people[:7]:
        support_set(idea=crisis, user=person, supports=True)
    first = comment_add(
        idea=crisis,
        author=people[0],
        body="Yes. Weekends are the same.",
    )
    comment_add(
        idea=crisis,
        author=citizen,
        body="Thank you, I had not thought of weekends.",
        parent=first,
    )
    rude = comment_add(
        idea=crisis,
        author=people[1],
        body="Nobody listens anyway, this is pointless.",
    )
    comment_report(
        comment=rude, reporter=people[2], reason="It puts people off taking part."
    )
    idea_record_need(
        idea=crisis,
        need=Need(
            statement="A calm place to go in the evening, before things become a "
            "crisis",
            raised_by="A citizen, on the public page",
            how_many=1,
            groups="People living alone; carers",
        ),
        by=commissioner,
    )

    gardening = idea_raise(
        cycle=cycle,
        author=people[3],
        kind=Kind.IDEA,
        title="A gardening group at the recovery college",
        body="Growing food together got me out of the house. The college has a "
        "yard doing nothing.",
        anonymous=True,
    )
    idea_publish(idea=gardening, by=commissioner)
    for person in people[:2]:
        support_set(idea=gardening, user=person, supports=True)

    idea_raise(
        cycle=cycle,
        author=people[4],
        kind=Kind.NEED,
        title="Help with forms for benefits",
        body="My support worker at the Brixton hub helped me, but she has left. "
        "Who do I ask now?",
    )
    hidden = idea_raise(
        cycle=cycle,
        author=people[5],
        kind=Kind.IDEA,
        title="Sell advertising on the hospital walls",
        body="Buy my product at this website.",
    )
    idea_hide(idea=hidden, by=commissioner, reason="Advertising, not an idea.")
    parking = idea_raise(
        cycle=cycle,
        author=citizen,
        kind=Kind.IDEA,
        title="Free parking at the clinic",
        body="Parking costs more than the bus for a short appointment.",
    )
    idea_publish(idea=parking, by=commissioner)
    idea_close(
        idea=parking,
        by=commissioner,
        reason="Parking is run by the hospital trust, not this work. We have "
        "passed your idea to them.",
    )
