"""The provider's answers, as the test running it says (``state.json``)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


def state() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((settings.SCRATCH / "state.json").read_text())
    return data


class Validator(OAuth2Validator):
    # Every claim the test sets goes in the id token, whatever the scope.
    oidc_claim_scope = None

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        """The test user's claims; a "nonce" here replaces the one sent (to test
        that a tampered nonce is refused)."""
        claims: dict[str, Any] = state()["claims"]
        return claims

    def validate_redirect_uri(
        self, client_id: str, redirect_uri: str, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        """Callbacks of the app under test: its test client's and its live
        server's (whose port is known only once it runs)."""
        return any(
            redirect_uri.startswith(prefix) for prefix in state()["redirect_prefixes"]
        )
