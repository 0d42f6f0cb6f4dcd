"""Account forms: allauth's, adjusted to our accessibility and security rules."""

from __future__ import annotations

from typing import Any

from allauth.account import app_settings
from allauth.account.forms import (
    ConfirmEmailVerificationCodeForm as AllauthConfirmEmailVerificationCodeForm,
)
from allauth.account.forms import ConfirmLoginCodeForm as AllauthConfirmLoginCodeForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cocommission.forms import GovForm
from cocommission.http import next_url
from cocommission.signon.flow import continue_page, sign_on_for

from .models import User
from .signin import (
    GUESSES_PAUSED_HOUR,
    TOO_MANY_CODES,
    account_for_address,
    guess_take,
    guesses_paused,
    note_refusal,
)

#: The language question, asked at sign-up and on the person's own pages: each
#: language named in itself, so whoever reads either can choose.
LANGUAGE_LABEL = _("Which language should we use for your pages and e-mails?")
LANGUAGE_CHOICES = [
    ("cy", format_html('<span lang="cy">{}</span>', "Cymraeg")),
    ("en-gb", format_html('<span lang="en">{}</span>', "English")),
]
LANGUAGE_REQUIRED = _("Choose a language")


def page_language_choice() -> str:
    """The choice that matches the page's language: a Welsh page proposes Cymraeg."""
    return "cy" if (get_language() or "").startswith("cy") else "en-gb"


def language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=LANGUAGE_LABEL,
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": LANGUAGE_REQUIRED},
    )


class SignupForm(AllauthSignupForm):
    """Sign-up that asks the person's language once, and whose spam trap has a
    label and no inline style.

    allauth positions its honeypot with a ``style`` attribute, which our Content
    Security Policy blocks; ours is hidden by the stylesheet (``.app-honeypot``) and
    labelled so assistive technology that does reach it knows to leave it empty.
    The language is kept on the account as it is made (``AccountAdapter.save_user``),
    so the code that checks the address is already in it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = language_field()
        field.initial = page_language_choice()
        # A browser always sends the preselected choice; a post without one
        # (a script, an old page) makes an account whose language is still to be
        # asked, on the person's own page, and is written to in both meanwhile.
        field.required = False
        self.fields["preferred_language"] = field
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


def _send_to_sign_on(email: str | None) -> None:
    """Answer with the organisation's sign-on page, instead of this form, when the
    address's domain belongs to an organisation with single sign-on."""
    sign_on = sign_on_for(email)
    if sign_on is not None:
        request = context.request
        raise ImmediateHttpResponse(
            continue_page(
                request,
                sign_on,
                email=str(email),
                next_url=next_url(request, default=""),
            )
        )


class LoginForm(AllauthLoginForm):
    """allauth's sign-in; an address of an organisation with single sign-on goes
    to its provider whatever is typed as password (so the password may be left
    empty, and then only for those addresses)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].required = False
        _relabel(
            self,
            {
                "login": _("E-mail address"),
                "remember": _("Keep me signed in on this device"),
            },
        )
        # allauth puts "Forgot your password?" in the password's hint, between
        # the two fields in tab order; the page links to it after the form.
        self.fields["password"].help_text = ""

    def clean(self) -> dict[str, Any]:
        _send_to_sign_on(self.cleaned_data.get("login"))
        if not self.cleaned_data.get("password") and "password" not in self.errors:
            self.add_error(
                "password",
                ValidationError(_("Enter your password."), code="required"),
            )
            return self.cleaned_data
        return dict(super().clean())


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """allauth's "get a sign-in code", drawing on the one code budget with a plain
    message when it is spent, and sending nothing while wrong codes have paused
    code sign-in for the address."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": _("E-mail address")})

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        _send_to_sign_on(email)
        if email:
            paused = guesses_paused(
                context.request, email=email, user=account_for_address(email)
            )
            if paused:
                note_refusal("wrong-code pause")
                raise ValidationError(paused, code="too_many_tries")
        try:
            return str(super().clean_email())
        except ValidationError as error:
            # allauth's "too many failed login attempts" is about passwords.
            if error.code == "too_many_login_attempts":
                note_refusal("sending limit")
                raise ValidationError(TOO_MANY_CODES, code="too_many_codes") from error
            raise


class CodeTriesMixin(forms.Form):
    """Counts each try at a code against the account's budget across all its codes,
    before the code is compared, and refuses every try once it is spent."""

    code_email: str
    code_user: User | None

    def clean_code(self) -> str:
        request = context.request
        usage = guess_take(request, email=self.code_email, user=self.code_user)
        if usage is None:
            message = guesses_paused(
                request, email=self.code_email, user=self.code_user
            )
            raise ValidationError(message or GUESSES_PAUSED_HOUR, code="too_many_tries")
        code = str(super().clean_code())  # type: ignore[misc]
        usage.rollback()
        return code


class ConfirmLoginCodeForm(CodeTriesMixin, AllauthConfirmLoginCodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.code_email = kwargs.pop("email", "")
        self.code_user = kwargs.pop("user", None)
        super().__init__(*args, **kwargs)


class ConfirmEmailVerificationCodeForm(
    CodeTriesMixin, AllauthConfirmEmailVerificationCodeForm
):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.code_email = self.email or ""
        self.code_user = self.user


class LanguageForm(GovForm):
    """The language of a person's pages and e-mails: asked once, changed any time."""

    preferred_language = language_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


def language_question(user: Any) -> LanguageForm | None:
    """The language question for a person who has not answered it (an account
    made without the sign-up form), proposing the page's language; None once
    answered, so it is never asked again."""
    if not getattr(user, "is_authenticated", False) or user.preferred_language:
        return None
    return LanguageForm(initial={"preferred_language": page_language_choice()})
