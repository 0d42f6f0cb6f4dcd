"""Form helpers shared by every app."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString


def add_service_errors(
    form: BaseForm, error: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """Show a service's validation errors beside the right fields of ``form``;
    ``aliases`` names the form field for a model field the form edits as another."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = (aliases or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    """A native date picker in GOV.UK style; it only understands ISO dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"class": "govuk-input govuk-input--width-10", **(attrs or {})},
            format="%Y-%m-%d",
        )


class NumberInput(forms.TextInput):
    """Numbers typed as text (so "1,200" can be corrected, not silently refused),
    with the numeric keyboard on phones."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "class": "govuk-input govuk-input--width-10",
                "inputmode": "decimal",
                "spellcheck": "false",
                **(attrs or {}),
            }
        )


class GovMixin:
    """A GOV.UK crispy-forms helper for the form; the template writes the <form>
    tag. Forms call ``self._gov()`` at the end of ``__init__``."""

    helper: FormHelper

    def _gov(self) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False


class Markup:
    """A crispy-forms layout object that puts one piece of HTML in a form as it is.

    crispy's own ``HTML()`` compiles its string as a Django template with the
    page's whole context, so text a person typed inside it would run as code.
    This never compiles anything: build the HTML with ``format_html`` (which
    escapes what it is given); a plain string is escaped whole."""

    def __init__(self, html: str) -> None:
        self.html = html

    def render(self, form: Any, context: Any, **kwargs: Any) -> SafeString:
        return conditional_escape(self.html)
