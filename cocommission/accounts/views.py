"""Signing in with a code. (A person's own pages are the participation app's.)"""

from __future__ import annotations

from typing import Any, cast

from allauth.account.internal.userkit import user_id_to_str
from allauth.account.views import ConfirmLoginCodeView as AllauthConfirmLoginCodeView
from django.http import HttpResponse

from .signin import NEW_ACCOUNT, account_for_confirmed_code


class ConfirmLoginCodeView(AllauthConfirmLoginCodeView):
    """allauth's page for typing a sign-in code, which also counts tries per account
    across all its codes (the form) and makes a newcomer's account only once their
    code is right. Served at allauth's own address, in front of it."""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self._action == "verify":
            kwargs["email"] = self._process.state.get("email") or ""
            kwargs["user"] = self._process.user
        return kwargs

    def _verify_form_valid(self, form: Any) -> HttpResponse:
        process = self._process
        email = process.state.get("email")
        if email and (process.user is not None or process.state.get(NEW_ACCOUNT)):
            user = account_for_confirmed_code(email=email, user=process.user)
            process.state["user_id"] = user_id_to_str(user)
        return cast(HttpResponse, super()._verify_form_valid(form))

    def form_invalid(self, form: Any) -> HttpResponse:
        response = cast(HttpResponse, super().form_invalid(form))
        if form.has_error("code", "too_many_tries") and response.status_code == 200:
            response.status_code = 429
        return response


confirm_login_code = ConfirmLoginCodeView.as_view()
