"""Our copies of the GOV.UK crispy-forms templates (``templates/gds/``) escape labels,
hints and legends: what people typed (a question, a principle's name, a
need) shows as text, and only HTML built on purpose with ``format_html`` stays HTML."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from crispy_forms_gds.layout import Fieldset, Layout
from django import forms
from django.template import engines
from django.test import Client
from django.utils.html import format_html
from hypothesis import given, settings
from hypothesis import strategies as st

from cocommission.forms import GovMixin, Markup

PAYLOAD = "\"'><svg onload=alert(1)><b>x</b>{{ 7|add:7 }}"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _tags(html: str) -> list[str]:
    return _read(html).tags


def _form(text: str, *, hint: str | None = None, legend: bool = False) -> forms.Form:
    hint = text if hint is None else hint

    class Every(GovMixin, forms.Form):
        line = forms.CharField(label=text, help_text=hint)
        one = forms.ChoiceField(
            label=text, help_text=hint, choices=[("a", "A")], widget=forms.RadioSelect
        )
        many = forms.MultipleChoiceField(
            label=text,
            help_text=hint,
            choices=[("a", "A")],
            widget=forms.CheckboxSelectMultiple,
        )
        tick = forms.BooleanField(label=text, help_text=hint)
        when = forms.SplitDateTimeField(label=text, help_text=hint)

        def __init__(self) -> None:
            super().__init__()
            self._gov()
            if legend:
                self.helper.layout = Layout(
                    Fieldset("line", "one", "many", "tick", "when", legend=text)
                )

    return Every()


def _render(form: forms.Form) -> str:
    template = engines["django"].from_string(
        "{% load crispy_forms_tags %}{% crispy form %}"
    )
    return template.render({"form": form})


def _bare() -> list[str]:
    return _tags(_render(_form("Name", hint="Hint", legend=True)))


@settings(max_examples=25, deadline=None)
@given(text=st.text(alphabet="<>&\"'/=abc {}%|", min_size=1, max_size=40))
def test_labels_hints_and_legends_are_text(text: str) -> None:
    """Whatever a label, hint or legend says, it adds no element to the form
    and comes back as the same text once the HTML is read."""
    html = _render(_form(text, legend=True))
    read = _read(html)
    assert read.tags == _bare()
    assert "".join(read.text).count(text) >= 11


@pytest.mark.parametrize("legend", [False, True])
def test_a_typed_payload_shows_escaped(legend: bool) -> None:
    """The classic payload shows escaped in every place a form shows text."""
    html = _render(_form(PAYLOAD, legend=legend))
    assert "<svg" not in html and "<b>x</b>" not in html
    assert "&lt;svg onload=alert(1)&gt;&lt;b&gt;x&lt;/b&gt;{{ 7|add:7 }}" in html
    assert "svg" not in _tags(html) and "b" not in _tags(html)


def test_html_built_on_purpose_stays_html() -> None:
    """A hint built with format_html keeps its markup, with what it carries escaped;
    Markup() puts such HTML in a layout without compiling it."""
    hint = format_html("<strong>{}</strong>", "<i>typed</i>")
    html = _render(_form("Name", hint=hint))
    assert "<strong>&lt;i&gt;typed&lt;/i&gt;</strong>" in html
    markup = Markup(format_html("<p>{}</p>", "{{ 7|add:7 }}<br>")).render(None, {})
    assert markup == "<p>{{ 7|add:7 }}&lt;br&gt;</p>"
    assert Markup("<b>plain</b>").render(None, {}) == "&lt;b&gt;plain&lt;/b&gt;"


# The one deliberate change beyond escaping: a DateField drawn as the GOV.UK date
# input (cocommission.forms.DateInput) takes the multivalue branch's place.
ADDITIONS = {
    "field.html": [
        (
            "{% if field|is_multivalue %}\n"
            "      {% include 'gds/layout/multifield.html' %}",
            "{% if field.field.widget.govuk_date_input %}\n"
            "      {% include 'forms/govuk_date_input.html' %}\n"
            "    {% elif field|is_multivalue %}\n"
            "      {% include 'gds/layout/multifield.html' %}",
        )
    ]
}


def test_the_copies_differ_from_the_package_only_where_they_escape() -> None:
    """Each copied template is the package's own with ``|safe`` dropped from text
    (label, hint, legend, button; crispy's buttons compile their text as a template
    and must never carry people's text, which tests/test_no_user_templates.py
    checks), so a package upgrade that changes one shows up."""
    from pathlib import Path

    import crispy_forms_gds
    from django.conf import settings as django_settings

    package = Path(crispy_forms_gds.__file__).parent / "templates" / "gds"
    ours = Path(django_settings.BASE_DIR) / "templates" / "gds"
    copies = sorted(p.relative_to(ours) for p in ours.rglob("*.html"))
    assert copies
    for name in copies:
        mine = (ours / name).read_text().split("#}", 1)[1]
        theirs = (package / name).read_text()
        for text in ("field.label", "field.help_text", "legend", "input.value"):
            theirs = theirs.replace("{{ " + text + "|safe }}", "{{ " + text + " }}")
        for before, after in ADDITIONS.get(str(name), ()):
            assert theirs.count(before) == 1, (name, before)
            theirs = theirs.replace(before, after)
        assert mine == theirs, name


@pytest.mark.django_db
def test_allauth_s_hints_built_as_html_stay_html(client: Client) -> None:
    """The password rules on the sign-up page (a list) are HTML built on
    purpose, and stay so. The "Forgotten your password?" link on the sign-in
    page comes after the form, not between the two fields in tab order."""
    signup = client.get("/accounts/signup/").content.decode()
    assert '<div id="id_password1_hint" class="govuk-hint"><ul><li>' in signup
    login = client.get("/accounts/login/").content.decode()
    reset = login.index('href="/accounts/password/reset/"')
    assert login.index('name="login"') < login.index('name="password"') < reset
    assert "&lt;" not in signup + login


def test_the_govuk_date_input_keeps_what_was_typed() -> None:
    """A DateField drawn with DateInput: three labelled boxes in a fieldset whose
    legend is the label; a real date is read; a wrong one is refused next to the
    field with what was typed still in the boxes; an ISO value still reads."""
    from cocommission.forms import DateInput

    class When(GovMixin, forms.Form):
        held = forms.DateField(label=PAYLOAD, help_text="For example, 27 3 2026")

        def __init__(self, data: dict[str, str] | None = None) -> None:
            super().__init__(data)
            self.fields["held"].widget = DateInput()
            self._gov()

    html = _render(When())
    assert '<fieldset class="govuk-fieldset"' in html
    assert "<svg" not in html and "&lt;svg onload=alert(1)&gt;" in html
    for number, part in enumerate(("Day", "Month", "Year")):
        assert f'for="id_held_{number}">{part}</label>' in html
        assert f'name="held_{number}"' in html
    good = When({"held_0": "7", "held_1": "3", "held_2": "2026"})
    assert good.is_valid() and str(good.cleaned_data["held"]) == "2026-03-07"
    bad = When({"held_0": "31", "held_1": "2", "held_2": "2026"})
    assert not bad.is_valid() and "held" in bad.errors
    again = _render(bad)
    assert 'value="31"' in again and 'value="2026"' in again
    assert "govuk-error-message" in again
    iso = When({"held": "2026-04-01"})
    assert iso.is_valid() and str(iso.cleaned_data["held"]) == "2026-04-01"
