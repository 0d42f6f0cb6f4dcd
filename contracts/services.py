"""Changing providers and contracts: the checks that keep them consistent."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.organisations.models import Membership, Role

from .models import Contract, ContractKind, Provider, Route, Sector, Specification


@transaction.atomic
def provider_save(
    *,
    provider: Provider,
    members: list[Provider] | None = None,
    representative_emails: list[str] | None = None,
) -> Provider:
    """Save a provider, its partners (for alliances) and the people who sign in
    for it (each must hold the provider role in the organisation)."""
    members = members or []
    if provider.sector != Sector.ALLIANCE and members:
        raise ValidationError(
            {"members": _("Only a partnership or alliance has partners.")}
        )
    if provider.pk and any(m.pk == provider.pk for m in members):
        raise ValidationError({"members": _("A provider cannot partner itself.")})
    if any(m.organisation_id != provider.organisation_id for m in members):
        raise ValidationError({"members": _("Choose providers from your register.")})
    people: list[User] = []
    for email in representative_emails or []:
        person = User.objects.filter(email__iexact=email).first()
        if (
            person is None
            or not Membership.objects.filter(
                user=person,
                organisation_id=provider.organisation_id,
                role=Role.PROVIDER,
            ).exists()
        ):
            raise ValidationError(
                {
                    "representatives": _(
                        "%(email)s is not a provider representative of your "
                        "organisation. An admin adds them to the team with that "
                        "role first."
                    )
                    % {"email": email}
                }
            )
        people.append(person)
    provider.full_clean()
    provider.save()
    provider.members.set(members)
    if representative_emails is not None:
        provider.representatives.set(people)
    return provider


def _check_parties(
    contract: Contract, providers: list[Provider], organisation_id: int
) -> None:
    """At least one provider, and the providers, monitoring panel and ratings
    survey all of the contract's organisation."""
    if not providers:
        raise ValidationError({"providers": _("Choose at least one provider.")})
    if any(p.organisation_id != organisation_id for p in providers):
        raise ValidationError({"providers": _("Choose providers from your register.")})
    panel = contract.monitoring_panel
    if panel is not None and panel.organisation_id != organisation_id:
        raise ValidationError({"monitoring_panel": _("Choose one of your panels.")})
    survey = contract.ratings_survey
    if survey is not None and survey.activity.cycle.organisation_id != organisation_id:
        raise ValidationError({"ratings_survey": _("Choose one of your surveys.")})


def _check_own(
    organisation_id: int,
    *,
    outcomes: list[Any],
    indicators: list[Any],
    principles: list[Any],
) -> None:
    """The outcomes, indicators and principles are the organisation's own."""
    for name, items, owner in [
        ("outcomes", outcomes, lambda o: o.framework.organisation_id),
        ("indicators", indicators, lambda i: i.outcome.framework.organisation_id),
        ("principles", principles, lambda p: p.organisation_id),
    ]:
        if any(owner(item) != organisation_id for item in items):
            raise ValidationError({name: _("Choose from your organisation's own.")})


@transaction.atomic
def contract_save(
    *,
    contract: Contract,
    providers: list[Provider],
    outcomes: list[Any] | None = None,
    indicators: list[Any] | None = None,
    principles: list[Any] | None = None,
) -> Contract:
    """Save a contract with its providers, and the outcomes, indicators and
    governance criteria it answers for; all must belong to its organisation."""
    organisation_id = contract.cycle.organisation_id
    _check_parties(contract, providers, organisation_id)
    if contract.kind == ContractKind.SLA and contract.route != Route.IN_HOUSE:
        raise ValidationError(
            {"route": _("An in-house agreement is not procured: choose ‘in-house’.")}
        )
    _check_own(
        organisation_id,
        outcomes=outcomes or [],
        indicators=indicators or [],
        principles=principles or [],
    )
    if (
        contract.starts_on
        and contract.ends_on
        and contract.ends_on < contract.starts_on
    ):
        raise ValidationError({"ends_on": _("The end must be on or after the start.")})
    contract.full_clean()
    contract.save()
    contract.providers.set(providers)
    contract.outcomes.set(outcomes or [])
    contract.indicators.set(indicators or [])
    contract.principles.set(principles or [])
    return contract


@transaction.atomic
def specification_add(*, specification: Specification, by: User) -> Specification:
    """Add the next version of a contract's specification."""
    contract = Contract.objects.select_for_update().get(pk=specification.contract_id)
    if specification.co_agreed_by and (
        specification.co_agreed_by.organisation_id != contract.cycle.organisation_id
    ):
        raise ValidationError({"co_agreed_by": _("Choose one of your panels.")})
    top = contract.specifications.aggregate(top=Max("version"))["top"] or 0
    specification.version = top + 1
    specification.created_by = by
    specification.full_clean()
    specification.save()
    return specification
