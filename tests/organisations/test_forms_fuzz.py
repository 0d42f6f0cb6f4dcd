"""Any input to the member and sign-up forms gets an answer, never a server error.

Rows made by one example stay for the next; that only adds "already a member" cases,
which the property covers too.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Organisation, Role

pytestmark = pytest.mark.django_db

# Text as people (and bots) type it, control characters and long runs included.
anything = st.text(max_size=300)
roles = st.one_of(st.sampled_from([r.value for r in Role]), anything)
fuzz = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@fuzz
@given(email=anything, role=roles)
def test_add_member_never_errors(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    email: str,
    role: str,
) -> None:
    """Adding a member answers 200 (with errors) or 302 (added) for any input."""
    client.force_login(people["admin"])
    url = reverse("organisations:member_add", kwargs={"org_slug": organisation.slug})
    response = client.post(url, {"email": email, "role": role})
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert "govuk-error-summary" in response.content.decode()


@fuzz
@given(role=roles)
def test_change_role_never_errors(
    client: Client, people: dict[str, User], organisation: Organisation, role: str
) -> None:
    """Changing a role answers 200 or 302 for any input and stores only real roles."""
    client.force_login(people["admin"])
    target = Membership.objects.get(user=people["citizen"])
    url = reverse(
        "organisations:member_role",
        kwargs={"org_slug": organisation.slug, "pk": target.pk},
    )
    assert client.post(url, {"role": role}).status_code in {200, 302}
    assert Membership.objects.get(pk=target.pk).role in {r.value for r in Role}


@fuzz
@given(email=anything, password1=anything, password2=anything)
def test_sign_up_never_errors(
    client: Client, email: str, password1: str, password2: str
) -> None:
    """Sign-up answers 200 (errors shown) or 302 (account made) for any input."""
    response = client.post(
        reverse("account_signup"),
        {"email": email, "password1": password1, "password2": password2},
    )
    assert response.status_code in {200, 302}
