"""The one page of sign-on's own: the button that starts the provider's sign-in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cocommission.http import next_url

from .flow import sign_on_for, start


@require_POST
def start_view(request: HttpRequest) -> HttpResponse:
    """Start signing in at the provider of the address's organisation (a POST, so
    no other site can start a sign-in in someone's browser)."""
    email = request.POST.get("email", "").strip()
    sign_on = sign_on_for(email)
    if sign_on is None:
        return redirect("account_login")
    return start(request, sign_on, email=email, next_url=next_url(request, default=""))
