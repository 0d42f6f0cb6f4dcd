"""django-allauth hooks: mail goes out through Celery once the transaction commits;
the client's address, safe redirects and the sign-in code budget are ours."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django.conf import settings
from django.forms import BaseForm
from django.http import HttpRequest

from cocommission.http import client_ip, is_safe_redirect
from cocommission.mail import Mail, in_language_of

from .models import User
from .signin import code_send_refusal
from .tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(
        self, template_prefix: str, email: str, context: dict[str, Any]
    ) -> None:
        """Render now, while the request is at hand, in the language of the account
        the address belongs to (both, Welsh first, when unknown); deliver after
        commit."""

        def render() -> Mail:
            message = self.render_mail(template_prefix, email, context)
            html = next(
                (
                    content
                    for content, mimetype in getattr(message, "alternatives", [])
                    if mimetype == "text/html"
                ),
                None,
            )
            return Mail(str(message.subject), str(message.body), html)

        person = User.objects.filter(email__iexact=email).first()
        mail = in_language_of(person, render)
        # celery-types does not know delay_on_commit (Celery 5.4+) yet.
        send_email.delay_on_commit(  # type: ignore[attr-defined]
            subject=mail.subject, body=mail.body, to=[email], html=mail.html
        )

    def save_user(
        self, request: HttpRequest, user: Any, form: BaseForm, commit: bool = True
    ) -> Any:
        """The account made at sign-up keeps the language chosen on the form, before
        anything (the code that checks the address) is sent to it."""
        chosen = form.cleaned_data.get("preferred_language", "")
        if chosen in dict(settings.LANGUAGES):
            user.preferred_language = chosen
        return super().save_user(request, user, form, commit)

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits key on the same address as ours (never a raw
        header, never an error)."""
        return client_ip(request)

    def is_safe_url(self, url: str | None) -> bool:
        """allauth's ``next=`` goes through the same check as every other view."""
        return is_safe_redirect(context.request, url)

    def send_confirmation_mail(
        self, request: HttpRequest, emailconfirmation: Any, signup: bool
    ) -> None:
        """A code to check an address draws on the one sign-in code budget too."""
        address = emailconfirmation.email_address
        owner = address.user if address.user_id else None
        refusal = code_send_refusal(request, email=address.email, user=owner)
        if refusal:
            # allauth's own answer when a verification code cannot be sent.
            raise ImmediateHttpResponse(respond_429(request))
        super().send_confirmation_mail(request, emailconfirmation, signup)
