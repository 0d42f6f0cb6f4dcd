"""What platform staff set up: secrets kept encrypted, domains that belong to one
organisation only, role lists checked, and which addresses are sent to a provider."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.db import IntegrityError, connection, transaction
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cocommission.signon.flow import sign_on_for
from cocommission.signon.models import SignOn, SignOnDomain, parse_role_map
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SECRET = "a client secret nobody should read twice"


def _admin_post(client: Client, organisation: Organisation, **extra: str) -> object:
    data = {
        "organisation": str(organisation.pk),
        "name": "Northshire staff account",
        "issuer": "https://login.northshire.example/realms/staff",
        "client_id": "cocommission",
        "secret": SECRET,
        "role_claim": "roles",
        "role_map": "",
        "domains-TOTAL_FORMS": "1",
        "domains-INITIAL_FORMS": "0",
        "domains-MIN_NUM_FORMS": "1",
        "domains-MAX_NUM_FORMS": "1000",
        "domains-0-domain": "Northshire.GOV.uk",
        **extra,
    }
    return client.post("/admin/signon/signon/add/", data)


@pytest.fixture
def django_settings(settings: object) -> object:
    return settings


@pytest.fixture
def staff_client(db: None) -> Client:
    staff = User.objects.create_superuser(email="root@cocommission.example")
    client = Client()
    client.force_login(staff)
    return client


def test_the_secret_is_stored_encrypted_and_never_shown(
    staff_client: Client, organisation: Organisation
) -> None:
    response = _admin_post(staff_client, organisation)
    assert response.status_code == 302  # type: ignore[attr-defined]
    sign_on = SignOn.objects.get()
    assert sign_on.secret == SECRET
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM signon_signon")
        row = cursor.fetchone()
    assert SECRET not in repr(row)
    assert list(sign_on.domains.values_list("domain", flat=True)) == [
        "northshire.gov.uk"
    ]
    page = staff_client.get(f"/admin/signon/signon/{sign_on.pk}/change/")
    assert SECRET not in page.text
    # Saved again without typing it, the secret stays.
    sealed = sign_on.secret_sealed
    data = {
        "organisation": str(organisation.pk),
        "name": "Renamed",
        "issuer": sign_on.issuer,
        "client_id": "cocommission",
        "secret": "",
        "role_claim": "roles",
        "role_map": "",
        "domains-TOTAL_FORMS": "1",
        "domains-INITIAL_FORMS": "1",
        "domains-MIN_NUM_FORMS": "1",
        "domains-MAX_NUM_FORMS": "1000",
        "domains-0-id": str(sign_on.domains.get().pk),
        "domains-0-sign_on": str(sign_on.pk),
        "domains-0-domain": "northshire.gov.uk",
    }
    response = staff_client.post(f"/admin/signon/signon/{sign_on.pk}/change/", data)
    assert response.status_code == 302
    sign_on.refresh_from_db()
    assert sign_on.name == "Renamed"
    assert sign_on.secret_sealed == sealed


def test_a_domain_belongs_to_one_organisation_only(
    staff_client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    assert _admin_post(staff_client, organisation).status_code == 302  # type: ignore[attr-defined]
    response = _admin_post(
        staff_client, other_organisation, **{"domains-0-domain": "northshire.gov.uk"}
    )
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "already exists" in response.text  # type: ignore[attr-defined]
    assert SignOn.objects.count() == 1
    other = SignOn.objects.create(
        organisation=other_organisation,
        name="x",
        issuer="https://x.example",
        client_id="x",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SignOnDomain.objects.create(sign_on=other, domain="NORTHSHIRE.gov.uk")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"issuer": "http://login.northshire.example/"}, "issuer"),
        ({"roles_from_claim": "on", "role_map": ""}, "role_map"),
        ({"role_map": "cc-admins = superuser"}, "role_map"),
        ({"role_map": "no equals sign"}, "role_map"),
        ({"domains-0-domain": "@northshire.gov.uk"}, "domain"),
    ],
)
def test_bad_settings_get_a_message_by_the_field(
    staff_client: Client,
    organisation: Organisation,
    django_settings: object,
    extra: dict[str, str],
    field: str,
) -> None:
    django_settings.SIGN_ON_ALLOW_HTTP = False  # type: ignore[attr-defined]
    response = _admin_post(staff_client, organisation, **extra)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "errorlist" in response.text  # type: ignore[attr-defined]
    assert not SignOn.objects.exists()


def test_role_lines_are_read_as_written() -> None:
    assert parse_role_map("a = admin\n\n b=c = commissioner ") == {
        "a": "admin",
        "b=c": "commissioner",
    }


def test_the_admin_knows_sign_on() -> None:
    assert SignOn in site._registry


class TestWhoIsSentToAProvider(HypothesisTestCase):
    """Only an address whose domain is exactly one listed (in any case) is sent to
    the provider; lookalikes, subdomains and addresses with the domain elsewhere
    keep the citizens' route."""

    @classmethod
    def setUpTestData(cls) -> None:
        organisation = OrganisationFactory(slug="northshire")
        cls.sign_on = SignOn.objects.create(
            organisation=organisation,
            name="Northshire",
            issuer="https://login.northshire.example",
            client_id="c",
        )
        SignOnDomain.objects.create(sign_on=cls.sign_on, domain="northshire.gov.uk")

    @settings(deadline=None, max_examples=40)
    @given(
        local=st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,20}", fullmatch=True),
        upper=st.lists(st.booleans(), min_size=17, max_size=17),
    )
    def test_the_domain_in_any_case_is_sent(
        self, local: str, upper: list[bool]
    ) -> None:
        domain = "".join(
            char.upper() if up else char
            for char, up in zip("northshire.gov.uk", upper, strict=True)
        )
        assert sign_on_for(f" {local}@{domain} ") == self.sign_on

    @settings(deadline=None, max_examples=40)
    @given(
        local=st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,20}", fullmatch=True),
        affix=st.sampled_from(
            [
                "{d}.evil.example",
                "evil{d}",
                "evil-{d}",
                "sub.{d}",
                "{d}x",
                "northshire.gov",
                "northshire-gov.uk",
            ]
        ),
    )
    def test_other_domains_are_not(self, local: str, affix: str) -> None:
        domain = affix.replace("{d}", "northshire.gov.uk")
        assert sign_on_for(f"{local}@{domain}") is None
        assert sign_on_for(f"northshire.gov.uk@{domain}") is None
        assert sign_on_for(f"{local}") is None
