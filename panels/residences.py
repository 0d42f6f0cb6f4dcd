"""Recording where citizens live, once the team has checked: what lets them vote
on ballots limited to residents of some areas."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Organisation, Role

from .models import CategoryValue, Residence


@transaction.atomic
def residence_record(
    *,
    organisation: Organisation,
    email: str,
    area: CategoryValue,
    method: str,
    by: User,
) -> Residence:
    """Record (or correct) where a citizen of the organisation lives."""
    citizen = User.objects.filter(email__iexact=email.strip()).first()
    if (
        citizen is None
        or not Membership.objects.filter(
            user=citizen, organisation=organisation, role=Role.CITIZEN
        ).exists()
    ):
        raise ValidationError(
            {
                "email": _(
                    "No citizen with this e-mail address has joined. Ask them to "
                    "join through the ‘get involved’ page first."
                )
            }
        )
    if area.category.organisation_id != organisation.pk:
        raise ValidationError({"area": _("Choose one of your areas.")})
    residence, _created = Residence.objects.update_or_create(
        user=citizen,
        organisation=organisation,
        defaults={"area": area, "method": method, "checked_by": by},
    )
    return residence


@transaction.atomic
def residence_remove(*, residence: Residence) -> None:
    residence.delete()
