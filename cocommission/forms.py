"""Form helpers shared by every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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


class DateInput(DateInputWidget):
    """The GOV.UK date input: day, month and year boxes in a fieldset, so the
    format never depends on the browser and every part has a visible focus.

    It feeds an ordinary ``DateField``: the parts are joined as ``YYYY-MM-DD``
    (anything not a real date gets the field's "invalid" message, with what was
    typed kept in the boxes). A single ISO value posted under the field's own
    name (a hidden field, an API client) is still read as it is."""

    #: templates/gds/field.html lays it out as a fieldset (crispy-forms-gds's own
    #: multi-field layout expects a MultiValueField).
    govuk_date_input = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs)
        for widget in self.widgets:
            widget.attrs.update(inputmode="numeric", spellcheck="false")

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str):
            # Redisplaying what was typed: keep the parts as they came.
            parts = value.split("-")
            if len(parts) == 3:
                year, month, day = parts
                return [day, month, year]
            return [None, None, None]
        return list(super().decompress(value))

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if name in data:
            return data.get(name)
        day, month, year = (
            (part or "").strip()
            for part in super().value_from_datadict(data, files, name)
        )
        if not (day or month or year):
            return ""
        return f"{year}-{month}-{day}"

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


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


class GovForm(GovMixin, forms.Form):
    """A form rendered by crispy-forms-gds inside the template's own <form> tag."""

    fields: dict[str, Any]  # narrowed per form: model choice fields get querysets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


class GovModelForm(GovMixin, forms.ModelForm):
    """A model form rendered the same way."""

    fields: dict[str, Any]  # narrowed per form: model choice fields get querysets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()


def wants_another(request: HttpRequest) -> bool:
    """Whether the person pressed "Save and add another" (``another`` in
    ``includes/form.html``) rather than the form's main button."""
    return request.POST.get("then") == "another"


def form_page(
    request: HttpRequest,
    *,
    form: BaseForm,
    title: str,
    organisation: Any = None,
    button: str = "",
    cancel_url: str = "",
    intro: str = "",
    caption: str = "",
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    """The one page for a form on its own (``templates/form_page.html``): a caption
    (the cycle's title, else the organisation's name), the title as its heading,
    an introduction, the error summary, the form and its button, and a back link
    and "Cancel" to ``cancel_url``. ``context`` carries what the page's header needs
    (``cycle``, ``survey``, ...)."""
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "organisation": organisation,
            "button": button,
            "cancel_url": cancel_url,
            "intro": intro,
            "caption": caption,
            **context,
        },
        status=status,
    )


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


def current_cycle_first(
    field: forms.Field,
    *,
    cycle_path: str,
    current: Any,
    label: Callable[[Any], str] = str,
) -> None:
    """Offer the items of the cycle being worked on first in a picker, and name
    the cycle of every other item, so that items of the same name in other cycles
    (a need copied into a later cycle, an indicator in two frameworks) can be
    told apart. ``cycle_path`` leads from an item to its cycle, for example
    ``"framework__cycle"`` for an outcome; ``current`` may be None (nothing is
    first, every item is named with its cycle)."""
    from django.db.models import Case, Value, When
    from django.utils.translation import gettext

    choice = field  # a ModelChoiceField or ModelMultipleChoiceField
    queryset = choice.queryset  # type: ignore[attr-defined]
    order = list(queryset.query.order_by or queryset.model._meta.ordering or ["pk"])
    here = (
        Case(When(**{f"{cycle_path}_id": current.pk}, then=Value(0)), default=Value(1))
        if current is not None
        else Value(1)
    )
    choice.queryset = (  # type: ignore[attr-defined]
        queryset.select_related(cycle_path).alias(_here=here).order_by("_here", *order)
    )

    def labelled(item: Any) -> str:
        cycle = item
        for step in cycle_path.split("__"):
            cycle = getattr(cycle, step, None)
        if current is not None and cycle is not None and cycle.pk == current.pk:
            return label(item)
        if cycle is None:
            return gettext("%(item)s (organisation-wide)") % {"item": label(item)}
        return gettext("%(item)s (cycle: %(cycle)s)") % {
            "item": label(item),
            "cycle": cycle.title,
        }

    choice.label_from_instance = labelled  # type: ignore[attr-defined]
