"""What every form of the cycle screens shares: rendered inside our own <form> tag,
and the people a lead or owner is chosen from."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms

from cocommission.accounts.models import User
from cocommission.organisations.models import STAFF_ROLES, Organisation


class GovForm(forms.Form):
    """A form rendered by crispy-forms-gds inside our own <form> tag."""

    fields: dict[str, Any]  # narrowed per form: model choice fields get querysets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class GovModelForm(forms.ModelForm):
    fields: dict[str, Any]  # narrowed per form: model choice fields get querysets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _team_members(organisation: Organisation) -> Any:
    return User.objects.filter(
        memberships__organisation=organisation, memberships__role__in=STAFF_ROLES
    ).order_by("email")
