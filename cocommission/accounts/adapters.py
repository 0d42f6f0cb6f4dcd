"""django-allauth hooks: mail goes out through Celery once the transaction commits."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter

from .tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(
        self, template_prefix: str, email: str, context: dict[str, Any]
    ) -> None:
        """Render now, while the request is at hand; deliver after commit."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        # celery-types does not know delay_on_commit (Celery 5.4+) yet.
        send_email.delay_on_commit(  # type: ignore[attr-defined]
            subject=str(message.subject),
            body=str(message.body),
            to=list(message.to),
            html=html,
        )
