"""Workflows that change who belongs to an organisation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocommission.accounts.models import User

from .models import Membership, Organisation, Role


def _ensure_an_admin_remains(membership: Membership) -> None:
    if membership.role != Role.ADMIN:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(
            _(
                "An organisation needs at least one admin. "
                "Make someone else an admin first."
            )
        )


@transaction.atomic
def membership_add(
    *, organisation: Organisation, email: str, role: str, by: User | None = None
) -> Membership:
    """Add a person (creating a password-less account if needed) in a role."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email)
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            {
                "email": _("%(email)s is already a member of this organisation.")
                % {"email": email}
            }
        )
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: str, by: User | None = None
) -> Membership:
    """Give a member another role; the last admin cannot be demoted."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role != Role.ADMIN:
        _ensure_an_admin_remains(membership)
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User | None = None) -> None:
    """Remove a person from the organisation; the last admin cannot be removed."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _ensure_an_admin_remains(membership)
    membership.delete()
