"""Stopping e-mails from the link in them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .models import NotificationSettings
from .services import unsubscribe, unsubscribe_read


@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """Stop a kind of e-mail from the link in it, without signing in. A POST
    (the button, or a mail program's one-click unsubscribe) does it."""
    found = unsubscribe_read(token)
    if found is None:
        return render(
            request, "notifications/unsubscribe.html", {"invalid": True}, status=404
        )
    user, kind = found
    done = request.method == "POST"
    if done:
        unsubscribe(user=user, kind=kind)
    label = (
        _("all e-mails about taking part")
        if kind == "all"
        else str(
            getattr(NotificationSettings._meta.get_field(kind), "verbose_name", kind)
        ).lower()
    )
    return render(
        request, "notifications/unsubscribe.html", {"done": done, "label": label}
    )
