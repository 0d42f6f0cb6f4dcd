"""Supports are one per person, however the requests race, and their counts are
shown by the same disclosure rule as survey results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.disclosure import K
from cocommission.organisations.models import Organisation
from ideas.models import Support
from ideas.views.public import shown
from tests.ideas.factories import public_cycle, raised


@pytest.mark.django_db(transaction=True)
def test_parallel_supports_from_one_person_store_one(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Eight parallel "support" posts from one person: one support, no errors."""
    idea = raised(
        public_cycle(organisation), people["citizen"], publish_by=people["commissioner"]
    )
    url = reverse(
        "ideas:support", kwargs={"org_slug": organisation.slug, "idea_pk": idea.pk}
    )
    supporter = people["provider"]
    start = Barrier(8)

    def post(_n: int) -> int:
        try:
            client = Client()
            client.force_login(supporter)
            start.wait()
            return client.post(url, {"supports": "1"}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(post, range(8)))
    assert codes == [302] * 8
    assert Support.objects.filter(idea=idea, user=supporter).count() == 1


@given(count=st.integers(min_value=0, max_value=10_000))
@settings(max_examples=200, deadline=None)
def test_a_support_count_below_the_threshold_is_never_shown_exactly(
    count: int,
) -> None:
    """0 is 0; 1 to K-1 are "fewer than K"; from K on, the exact number."""
    label = shown(count)
    if 0 < count < K:
        assert label == f"fewer than {K}"
        assert str(count) not in label
    else:
        assert label == str(count)


@pytest.mark.django_db
@given(supporters=st.integers(min_value=0, max_value=7))
@settings(max_examples=8, deadline=None)
def test_the_page_shows_support_counts_by_the_disclosure_rule(
    supporters: int,
) -> None:
    """Whatever the number of supporters, the page shows what the rule allows."""
    from tests.accounts.factories import UserFactory
    from tests.organisations.factories import OrganisationFactory

    organisation = OrganisationFactory()
    author = UserFactory()
    from tests.organisations.factories import MembershipFactory

    commissioner = UserFactory()
    MembershipFactory(user=commissioner, organisation=organisation, role="commissioner")
    idea = raised(public_cycle(organisation), author, publish_by=commissioner)
    Support.objects.bulk_create(
        Support(idea=idea, user=UserFactory()) for _ in range(supporters)
    )
    page = " ".join(
        Client()
        .get(
            reverse(
                "ideas:detail",
                kwargs={"org_slug": organisation.slug, "idea_pk": idea.pk},
            )
        )
        .content.decode()
        .split()
    )
    expected = f"fewer than {K}" if 0 < supporters < K else str(supporters)
    assert f"Supporters: {expected}" in page
