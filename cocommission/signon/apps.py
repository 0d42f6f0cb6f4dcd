from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignOnConfig(AppConfig):
    """Staff single sign-on: an organisation's own OpenID Connect provider signs in
    the people whose e-mail domains are the organisation's.

    allauth's ``openid_connect`` provider does the protocol; this app keeps each
    organisation's settings, sends people of its domains there, and decides what a
    signed-in identity may become here (``adapter``)."""

    name = "cocommission.signon"
    label = "signon"
    verbose_name = _("Single sign-on")
    default_auto_field = "django.db.models.BigAutoField"
