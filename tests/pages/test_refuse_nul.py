"""A NUL byte in a web address gets a plain 400 page, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/s/%00/",  # a survey link: the token is looked up in PostgreSQL
        "/b/%00/",
        "/join/%00/",
        "/unsubscribe/%00/",
        "/s/abc%00def/thanks/",
    ],
)
def test_nul_in_the_path_is_a_bad_request(client: Client, path: str) -> None:
    """Links people follow with a NUL in them get the 400 page."""
    response = client.get(path)
    assert response.status_code == 400
    assert "There is a problem with the web address" in response.content.decode()


@settings(max_examples=25, deadline=None)
@given(
    before=st.text(max_size=10),
    after=st.text(max_size=10),
    key=st.sampled_from(["q", "page", "cycle", "next", "\x00"]),
)
def test_nul_anywhere_in_the_query_string_is_a_bad_request(
    before: str, after: str, key: str
) -> None:
    """A search or filter with NUL in a key or value gets the 400 page, on our
    pages and on Django's admin alike."""
    client = Client()
    for path in ("/accounts/login/", "/o/nowhere/cycles/", "/admin/login/"):
        response = client.get(path, {key: before + "\x00" + after})
        assert response.status_code == 400


def test_members_search_with_nul_for_a_signed_in_admin(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The list searches that PostgreSQL refused (members, here) answer 400 with
    the service's own page, whose home link is the signed-in one."""
    client.force_login(people["admin"])
    response = client.get(f"/o/{organisation.slug}/members/", {"q": "a\x00"})
    assert response.status_code == 400
    assert 'href="/home/"' in response.content.decode()


def test_ordinary_addresses_pass(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Searches without NUL, including other control characters, still work."""
    client.force_login(people["admin"])
    response = client.get(f"/o/{organisation.slug}/members/", {"q": "a\x01b\u202e"})
    assert response.status_code == 200
