"""Surveys and ballots shown in a frame on an organisation's own web site.

Why the embed pages have their own addresses (``/embed/s/<token>/``,
``/embed/b/<token>/``) rather than a ``?embed=1`` switch: whether a page may be
framed is then decided by which view answers, never by a parameter anyone can add
to any link, and every redirect of the flow stays under ``/embed/``.

Framing: these pages send ``frame-ancestors`` naming exactly the organisation's
listed sites and no ``X-Frame-Options`` (old browsers that ignore CSP cannot be
told "only these sites"); with no sites listed they keep the site-wide refusal.
Every other page keeps ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``.

Cookies: inside a frame on another site, the browser does not send our
``SameSite=Lax`` cookies (and many browsers block third-party cookies outright), so
the embed flow uses none. The visitor is always anonymous there, whatever session
the browser may hold, and what the flow must remember between pages (answers so
far in a one-question-a-page survey, a checked invitation or voting code) is kept
server-side in a store of its own whose key travels in the address as a signed
``state`` parameter. Since the embed views read no cookie at all, a forged
cross-site POST to them carries no authority the attacker does not already have,
so they are exempt from the CSRF check; no other view is, and the session and CSRF
cookies keep ``SameSite=Lax`` everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from importlib import import_module
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.http import HttpResponse, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt

from cocommission.http import HtmxHttpRequest
from cocommission.organisations.models import Organisation

#: The query parameter carrying the flow's signed state key.
STATE_PARAM = "state"
STATE_SALT = "surveys.embed.state"
#: The layout the answering templates extend inside a frame.
EMBED_LAYOUT = "embed/base.html"


def _store(key: str | None) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key=key)


def _state_key(signed: str) -> str | None:
    """The store key in a ``state`` parameter, or None for a missing or forged one."""
    if not signed or len(signed) > 200:
        return None
    try:
        return str(signing.loads(signed, salt=STATE_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def state_query(request: HtmxHttpRequest) -> str:
    """``&state=...`` for links inside the flow, or "" before anything is kept."""
    signed = getattr(request, "embed_state", "")
    return f"&{urlencode({STATE_PARAM: signed})}" if signed else ""


def frame_headers(
    response: HttpResponseBase, organisation: Organisation | None
) -> None:
    """Let exactly the organisation's listed sites frame this response; with none
    listed the site-wide refusal stays."""
    origins = organisation.embed_origin_list if organisation else []
    if not origins:
        return
    response._csp_replace = {"frame-ancestors": origins}  # type: ignore[attr-defined]
    response.xframe_options_exempt = True  # type: ignore[attr-defined]


def _carry_state(response: HttpResponseBase, signed: str) -> None:
    """A redirect within the embed flow keeps the state in its address."""
    location = response.get("Location", "")
    if not location or not urlsplit(location).path.startswith("/embed/"):
        return
    joiner = "&" if "?" in location else "?"
    response["Location"] = f"{location}{joiner}{urlencode({STATE_PARAM: signed})}"


def embed_view(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponseBase]:
    """An embed page: anonymous, cookie-free state, framing per organisation.
    The view sets ``request.embed_organisation`` once it knows whose page it is."""

    @csrf_exempt
    @wraps(view)
    def wrapped(
        request: HtmxHttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        signed = request.GET.get(STATE_PARAM, "")
        key = _state_key(signed)
        store = _store(key)
        original = request.session
        request.user = AnonymousUser()
        request.session = store
        request.embed_state = signed if key else ""  # type: ignore[attr-defined]
        request.embed_organisation = None  # type: ignore[attr-defined]
        try:
            response = view(request, *args, **kwargs)
        finally:
            # The real session (and its cookie) is left exactly as it came.
            request.session = original
        if store.modified:
            store.save()
            signed = signing.dumps(store.session_key, salt=STATE_SALT)
        if response.status_code in {301, 302, 303, 307, 308} and store.session_key:
            _carry_state(response, signed)
        frame_headers(response, request.embed_organisation)  # type: ignore[attr-defined]
        return response

    return wrapped
