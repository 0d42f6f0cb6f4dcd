"""Account forms: allauth's, adjusted to our accessibility and security rules."""

from __future__ import annotations

from typing import Any

from allauth.account import app_settings
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """Sign-up whose spam trap has a label and no inline style.

    allauth positions its honeypot with a ``style`` attribute, which our Content
    Security Policy blocks; ours is hidden by the stylesheet (``.app-honeypot``) and
    labelled so assistive technology that does reach it knows to leave it empty.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name = app_settings.SIGNUP_FORM_HONEYPOT_FIELD
        if name:
            self.fields[name] = forms.CharField(
                required=False,
                label=_("Leave this field empty"),
                widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
            )
        _relabel(
            self,
            {"email": _("E-mail address"), "password2": _("Type the password again")},
        )


def _relabel(form: forms.Form, labels: dict[str, Any]) -> None:
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].widget.attrs.pop("placeholder", None)


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {
                "login": _("E-mail address"),
                "remember": _("Keep me signed in on this device"),
            },
        )


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": _("E-mail address")})
