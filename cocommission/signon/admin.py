"""Platform staff set up each organisation's sign-on in Django's admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import SignOn, SignOnDomain
from .secrets import seal


class SignOnForm(forms.ModelForm):
    """The client secret is typed, never shown: left empty, the stored one stays."""

    issuer = forms.URLField(
        label=_("issuer address"),
        assume_scheme="https",
        help_text=SignOn._meta.get_field("issuer").help_text,
    )
    secret = forms.CharField(
        label=_("client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted. Leave empty to keep the one already stored."),
    )

    class Meta:
        model = SignOn
        fields = [
            "organisation",
            "name",
            "issuer",
            "client_id",
            "secret",
            "roles_from_claim",
            "role_claim",
            "role_map",
        ]

    def clean_secret(self) -> str:
        secret: str = self.cleaned_data.get("secret", "")
        if not secret and not self.instance.secret_sealed:
            raise forms.ValidationError(_("Type the client secret."), code="required")
        return secret

    def save(self, commit: bool = True) -> SignOn:
        secret = self.cleaned_data.get("secret")
        if secret:
            self.instance.secret_sealed = seal(secret)
        sign_on: SignOn = super().save(commit=commit)
        return sign_on


class SignOnDomainInline(admin.TabularInline):
    model = SignOnDomain
    extra = 1
    min_num = 1


@admin.register(SignOn)
class SignOnAdmin(admin.ModelAdmin):
    form = SignOnForm
    list_display = ("organisation", "name", "issuer", "roles_from_claim")
    search_fields = ("organisation__name", "name", "domains__domain")
    autocomplete_fields = ["organisation"]
    inlines = [SignOnDomainInline]
