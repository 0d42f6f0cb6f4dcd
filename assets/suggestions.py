"""Assets mapped with communities: a citizen suggests an asset they know of, the
team approves it (with edits, as a public asset) or declines it with a reason,
and the person is told either way. The forms and workflows of that journey."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cocommission.accounts.models import User
from cocommission.forms import GovMixin
from cocommission.notifications.services import absolute_url, deliver

from .models import Asset, AssetKind, AssetSuggestion, HolderType, SuggestionStatus

#: Suggestions one person may make in a day; more is refused (429).
SUGGESTIONS_A_DAY = 5


class SuggestionForm(GovMixin, forms.ModelForm):
    class Meta:
        model = AssetSuggestion
        fields = ["name", "what", "where", "holder"]
        widgets = {"what": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": _lazy("For example: the community garden on Elm Road."),
            "where": _lazy("A street, a building or an area."),
            "holder": _lazy("A group, a business, a person or the council."),
        }
        error_messages = {
            "name": {"required": _lazy("Enter the name of the asset")},
            "what": {"required": _lazy("Say what it is and how it helps")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gov()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.Meta.fields:
            if isinstance(data.get(name), str):
                data[name] = plain_text(data[name])
        return data


#: Characters left out of what a citizen types: bidirectional embeddings,
#: overrides and isolates (which turn the rest of a line backwards wherever the
#: text is shown, in a plain e-mail most of all) and control characters other
#: than tab and line breaks.
_INVISIBLE = re.compile(
    "[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)


def plain_text(text: str) -> str:
    """The text as typed, without characters that change how other text reads."""
    return _INVISIBLE.sub("", text)


class ModerationForm(GovMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_lazy("What do you decide?"),
        choices=[
            ("approve", _lazy("Add it to the asset map, as edited below")),
            ("decline", _lazy("Do not add it, and say why")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _lazy("Choose whether to add it")},
    )
    name = forms.CharField(label=_lazy("Name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_lazy("Kind"), choices=AssetKind.choices)
    holder_type = forms.ChoiceField(
        label=_lazy("Who holds it"), choices=HolderType.choices
    )
    description = forms.CharField(
        label=_lazy("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    area = forms.CharField(label=_lazy("Area or ward"), max_length=100, required=False)
    address = forms.CharField(label=_lazy("Address"), max_length=300, required=False)
    reason = forms.CharField(
        label=_lazy("Why it is not added (the person is told)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("name", "description", "area", "address", "reason"):
            if isinstance(data.get(name), str):
                data[name] = plain_text(data[name])
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why, so the person knows"))
        if data.get("decision") == "approve" and not data.get("name", "").strip():
            self.add_error("name", _("Enter the name the asset will have on the map"))
        return data


def suggestions_left(user: User) -> int:
    """How many more suggestions the person may make today."""
    since = timezone.now() - datetime.timedelta(days=1)
    made = AssetSuggestion.objects.filter(
        suggested_by=user, created_at__gte=since
    ).count()
    return max(SUGGESTIONS_A_DAY - made, 0)


@transaction.atomic
def asset_suggest(*, suggestion: AssetSuggestion, by: User) -> AssetSuggestion:
    """A person suggests an asset; it waits for the team. The person's row is
    locked so parallel posts cannot pass the daily limit."""
    User.objects.select_for_update().filter(pk=by.pk).first()
    if not suggestions_left(by):
        raise ValidationError(
            _("You have made %(n)d suggestions today. Please try again tomorrow.")
            % {"n": SUGGESTIONS_A_DAY},
            code="limit",
        )
    suggestion.suggested_by = by
    suggestion.status = SuggestionStatus.PENDING
    suggestion.full_clean()
    suggestion.save()
    return suggestion


def _tell(suggestion: AssetSuggestion, subject: str, body: str) -> None:
    deliver(
        user=suggestion.suggested_by,
        key=f"asset-suggestion-{suggestion.pk}",
        kind="decisions",
        subject=subject,
        body=body,
        organisation=suggestion.organisation,
    )


@transaction.atomic
def asset_suggestion_approve(
    *, suggestion: AssetSuggestion, by: User, fields: dict[str, Any]
) -> Asset:
    """Add the suggested asset to the map (public), as the team edited it, and
    tell the person."""
    locked = AssetSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != SuggestionStatus.PENDING:
        raise ValidationError(_("This suggestion has already been decided."))
    asset = Asset(
        organisation=locked.organisation,
        cycle=locked.cycle,
        is_public=True,
        **fields,
    )
    asset.full_clean()
    asset.save()
    locked.status = SuggestionStatus.APPROVED
    locked.asset = asset
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    url = absolute_url(
        reverse("assets:community", kwargs={"org_slug": locked.organisation.slug})
    )
    _tell(
        locked,
        _("Your suggestion is on the asset map"),
        _("Thank you. “%(name)s” is now on the asset map: %(url)s")
        % {"name": asset.name, "url": url},
    )
    return asset


@transaction.atomic
def asset_suggestion_decline(
    *, suggestion: AssetSuggestion, by: User, reason: str
) -> AssetSuggestion:
    """Decline a suggestion with a reason, and tell the person why."""
    locked = AssetSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != SuggestionStatus.PENDING:
        raise ValidationError(_("This suggestion has already been decided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the person knows")})
    locked.status = SuggestionStatus.DECLINED
    locked.reason = reason
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    _tell(
        locked,
        _("About the asset you suggested"),
        _(
            "Thank you for suggesting “%(name)s”. We have not added it to the map, "
            "because: %(reason)s"
        )
        % {"name": locked.name, "reason": reason},
    )
    return locked
