from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from cocommission.forms import NumberInput
from cocommission.languages import (
    CONTENT_LANGUAGE,
    CONTENT_LANGUAGES,
    LangText,
    direction,
    fill,
    language_name,
    quoted,
)

from . import fixed_words
from .embedding import MAX_ORIGINS, origin_check
from .models import Organisation, Role


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("If they have no account yet, we create one and e-mail them."),
        error_messages={
            "required": _("Enter the e-mail address of the person to add"),
            "invalid": _(
                "Enter an e-mail address in the right format, like name@example.org"
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the role this person will have")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class OrganisationDetailsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "description", "volunteer_hourly_rate", "retention_months"]
        widgets = {
            "volunteer_hourly_rate": NumberInput(),
            "retention_months": NumberInput(attrs={"inputmode": "numeric"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {"required": _("Enter the organisation's name")},
            "volunteer_hourly_rate": {
                "invalid": _("Enter an amount in pounds, like 12.50")
            },
            "retention_months": {
                "invalid": _("Enter a whole number of months, like 24")
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_retention_months(self) -> int:
        months = self.cleaned_data["retention_months"]
        if not 6 <= months <= 120:
            raise forms.ValidationError(
                _("Keep personal data for between 6 and 120 months")
            )
        return int(months)


class EmbedOriginsForm(forms.ModelForm):
    """The sites allowed to show the organisation's surveys and ballots in a frame:
    each line checked, and every wrong line named in one message by the field."""

    class Meta:
        model = Organisation
        fields = ["embed_origins"]
        widgets = {
            "embed_origins": forms.Textarea(
                attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_embed_origins(self) -> str:
        origins: list[str] = []
        problems: list[str] = []
        lines = self.cleaned_data["embed_origins"].splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                origin = origin_check(line)
            except forms.ValidationError as error:
                problems.append(
                    _("Line %(number)s: %(problem)s")
                    % {"number": number, "problem": " ".join(error.messages)}
                )
                continue
            if origin not in origins:
                origins.append(origin)
        if problems:
            raise forms.ValidationError(problems)
        if len(origins) > MAX_ORIGINS:
            raise forms.ValidationError(
                _("List at most %(most)s sites") % {"most": MAX_ORIGINS}
            )
        return "\n".join(origins)


def _other_languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, _local, name in CONTENT_LANGUAGES[1:]]


class ContentLanguagesForm(forms.Form):
    """The languages the organisation writes for citizens in besides English, and
    which of them everything must have before it is published."""

    languages = forms.MultipleChoiceField(
        label=_("Languages you write in besides English"),
        help_text=_(
            "Surveys, votes, panels, public cycle pages, decisions and the charter "
            "can be written in each of these. People choose their language."
        ),
        choices=_other_languages,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    required = forms.MultipleChoiceField(
        label=_("Languages everything must have before it is published"),
        help_text=_(
            "Nothing can be opened or published until everything in it is written "
            "in each of these, as well as English and up to date with it. Welsh "
            "public bodies usually need Welsh."
        ),
        choices=_other_languages,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = set(data.get("languages") or [])
        missing = [c for c in data.get("required") or [] if c not in chosen]
        if missing:
            self.add_error(
                "required",
                _("Also tick the languages you need under the languages you write in"),
            )
        return data


class FixedWordsForm(forms.Form):
    """The fixed words of surveys in each of the organisation's languages besides
    English: one box a word, grouped by language, each box marked with its
    language. Welsh may be left blank (the site's own Welsh is used)."""

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = organisation.languages[1:]
        groups = []
        for lang in self.languages:
            have = fixed_words.written(organisation, lang)
            names = []
            for index, english in enumerate(fixed_words.FIXED_WORDS):
                name = self.field_name(lang, index)
                attrs = {"lang": lang, "spellcheck": "false"}
                if direction(lang) == "rtl":
                    attrs["dir"] = "rtl"
                self.fields[name] = forms.CharField(
                    label=quoted(LangText(english, CONTENT_LANGUAGE)),
                    help_text=_welsh_hint(english)
                    if lang in fixed_words.CATALOGUE
                    else "",
                    required=False,
                    max_length=fixed_words.MAX_LENGTH,
                    initial=have.get(english, ""),
                    widget=forms.TextInput(attrs=attrs),
                )
                names.append(name)
            groups.append(Fieldset(*names, legend=language_name(lang), legend_size="m"))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*groups)

    @staticmethod
    def field_name(lang: str, index: int) -> str:
        return f"{lang}_{index}"

    def words(self, lang: str) -> dict[str, str]:
        """What was written in ``lang``, by each word's English."""
        return {
            english: self.cleaned_data.get(self.field_name(lang, index), "")
            for index, english in enumerate(fixed_words.FIXED_WORDS)
        }


def _welsh_hint(english: str) -> Any:
    return fill(
        _("Leave blank to use the site’s own: %(word)s"),
        word=quoted(LangText(fixed_words.from_catalogue(english, "cy"), "cy")),
    )
