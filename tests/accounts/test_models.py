from __future__ import annotations

import pytest

from cocommission.accounts.models import User

pytestmark = pytest.mark.django_db


def test_create_user_lowercases_and_normalises_the_email() -> None:
    """E-mail addresses are stored in lower case so one person gets one account."""
    user = User.objects.create_user(
        email="Jo.Mensah@Example.ORG", password="x-long-password-1"
    )
    assert user.email == "jo.mensah@example.org"
    assert user.check_password("x-long-password-1")


def test_create_user_without_password_cannot_sign_in_with_one() -> None:
    """People added by an admin have no password until they set one (or use a code)."""
    user = User.objects.create_user(email="added@example.org")
    assert not user.has_usable_password()


def test_create_user_requires_an_email() -> None:
    """An account without an e-mail address is refused."""
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user(email="")


def test_create_superuser_is_platform_staff() -> None:
    """Superusers are platform staff with access to the Django admin."""
    user = User.objects.create_superuser(
        email="root@example.org", password="x-long-password-1"
    )
    assert user.is_staff and user.is_superuser


def test_str_prefers_the_display_name() -> None:
    """People are shown by their chosen name, else by e-mail address."""
    assert str(User(email="a@example.org", display_name="Jo")) == "Jo"
    assert str(User(email="a@example.org")) == "a@example.org"
