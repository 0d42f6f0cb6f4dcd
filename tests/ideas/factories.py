"""Raised needs and ideas, made through the services."""

from __future__ import annotations

from typing import Any

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Cycle, Visibility
from ideas.models import Idea, Kind
from ideas.services import idea_publish, idea_raise
from tests.cycles.factories import CycleFactory


def public_cycle(organisation: Organisation, **fields: Any) -> Cycle:
    return CycleFactory(
        organisation=organisation, visibility=Visibility.PUBLIC, **fields
    )


def raised(
    cycle: Cycle,
    author: User,
    *,
    publish_by: User | None = None,
    kind: str = Kind.NEED,
    **fields: Any,
) -> Idea:
    idea = idea_raise(
        cycle=cycle,
        author=author,
        kind=kind,
        title=fields.pop("title", "Evening drop-in"),
        body=fields.pop("body", "Somewhere to go after 5pm."),
        **fields,
    )
    if publish_by is not None:
        idea_publish(idea=idea, by=publish_by)
    return idea
