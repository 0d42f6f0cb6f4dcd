"""Run the test identity provider: ``python -m tests.idp.server`` with IDP_PORT and
IDP_DIR set (and DJANGO_SETTINGS_MODULE=tests.idp.settings)."""

from __future__ import annotations

import django
from django.core.management import call_command

#: The one person who signs in at the provider; their claims are the test's.
USERNAME = "staff-member"
PASSWORD = "provider-password"  # noqa: S105 - test provider only
#: One client for each of the two organisations the tests set up.
CLIENTS = {"northshire": "northshire-secret", "southvale": "southvale-secret"}


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    user = User.objects.create_user(USERNAME, password=PASSWORD)
    for client_id, secret in CLIENTS.items():
        Application.objects.create(
            name=client_id,
            client_id=client_id,
            client_secret=secret,
            user=user,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            algorithm=Application.RS256_ALGORITHM,
            redirect_uris="http://testserver/",
            skip_authorization=True,
        )
    call_command(
        "runserver",
        f"127.0.0.1:{settings.PORT}",
        use_reloader=False,
        skip_checks=True,
    )


if __name__ == "__main__":
    main()
