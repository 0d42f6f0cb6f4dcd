"""Fixtures shared by every test: organisations, people in every role."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation, Role
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# tests around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ALL_ROLES = [role.value for role in Role]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium_path() -> str | None:
    """The system Chromium when there is one; else Playwright's own browser."""
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole run: Playwright's sync API cannot start a second
    while the first is open, so every test that draws or reads a page shares it."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def organisation(db: None) -> Organisation:
    return OrganisationFactory(name="Northshire Council", slug="northshire")


@pytest.fixture
def other_organisation(db: None) -> Organisation:
    return OrganisationFactory(name="Southvale Health Partnership", slug="southvale")


@pytest.fixture
def make_member(db: None) -> Callable[..., User]:
    """Make a person holding ``role`` in ``organisation``."""

    def make(role: str, organisation: Organisation, **user_fields: object) -> User:
        user = UserFactory(**user_fields)
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def people(
    organisation: Organisation, make_member: Callable[..., User]
) -> dict[str, User]:
    """One person per role in ``organisation``, plus an outsider with no membership."""
    members = {
        role: make_member(role, organisation, email=f"{role}@northshire.example")
        for role in ALL_ROLES
    }
    members["outsider"] = UserFactory(email="outsider@example.org")
    return members


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Rate-limit counters live in the cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in Welsh leaves Welsh active in the thread (LocaleMiddleware
    activates and never resets): every test starts and ends in the default."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def catalogue(db: None) -> None:
    """The activity catalogue and service areas. The data migration loads them, but
    transactional tests flush every table, so tests that need them ask for them."""
    from django.apps import apps

    from cycles.catalogue_data import load

    load(apps)


@pytest.fixture(autouse=True, scope="session")
def _compiled_catalogues() -> None:
    """The Welsh pages need the compiled catalogue: `make test` builds it; a bare
    `pytest` builds it here when it is missing or older than its .po."""
    from pathlib import Path

    from django.core.management import call_command

    for po in Path("locale").glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            call_command(
                "compilemessages",
                verbosity=0,
                ignore_patterns=[".venv", "node_modules"],
            )
            return
