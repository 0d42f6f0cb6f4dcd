"""Two organisations with sign-on at the test identity provider."""

from __future__ import annotations

import pytest

from cocommission.organisations.models import Organisation
from cocommission.signon.models import SignOn, SignOnDomain
from cocommission.signon.secrets import seal
from tests.idp.fixtures import IdentityProvider, identity_provider  # noqa: F401


def add_sign_on(
    organisation: Organisation,
    provider: IdentityProvider,
    *,
    domain: str,
    **fields: object,
) -> SignOn:
    client_id = organisation.slug
    sign_on = SignOn.objects.create(
        organisation=organisation,
        name=f"{organisation.name} staff account",
        issuer=provider.issuer,
        client_id=client_id,
        secret_sealed=seal(provider.clients[client_id]),
        **fields,
    )
    SignOnDomain.objects.create(sign_on=sign_on, domain=domain)
    return sign_on


@pytest.fixture
def northshire_sign_on(
    organisation: Organisation,
    identity_provider: IdentityProvider,  # noqa: F811
) -> SignOn:
    return add_sign_on(organisation, identity_provider, domain="northshire.gov.uk")


@pytest.fixture
def southvale_sign_on(
    other_organisation: Organisation,
    identity_provider: IdentityProvider,  # noqa: F811
) -> SignOn:
    return add_sign_on(other_organisation, identity_provider, domain="southvale.nhs.uk")
