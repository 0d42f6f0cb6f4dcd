"""Background work for accounts."""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from cocommission.mail import one_line


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_kwargs={"max_retries": 5},
)
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> int:
    """Deliver one rendered e-mail; retried with backoff when the mail server is away.

    The message is rendered before queueing because it may carry a one-time sign-in
    code that must not be stored anywhere else.
    """
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers or {},
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@shared_task(acks_late=True)
def erase_inactive_citizens() -> int:
    """Nightly: erase citizens inactive for longer than their organisations keep
    personal data. Safe to run twice: an erased account is simply gone."""
    from .personal_data import account_erase, inactive_citizens

    erased = 0
    for user in inactive_citizens():
        account_erase(user=user)
        erased += 1
    return erased
