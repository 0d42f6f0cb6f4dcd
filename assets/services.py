"""Workflows for the asset map and pledges."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.csv_files import ImportReport, csv_import
from cocommission.organisations.models import Organisation, roles_of
from cocommission.spreadsheets import restore

from .models import Asset, AssetKind, HolderType, Pledge, PledgeStatus

CSV_COLUMNS = [
    "name",
    "kind",
    "holder_type",
    "description",
    "area",
    "address",
    "latitude",
    "longitude",
    "availability",
    "condition",
    "is_public",
]


@transaction.atomic
def asset_save(
    *,
    asset: Asset,
    by: User,
    needs: Iterable[Any] | None = None,
    outcomes: Iterable[Any] | None = None,
) -> Asset:
    """Save an asset and, when given, the needs and outcomes it helps with."""
    asset.full_clean()
    with transaction.atomic():
        asset.save()
        if needs is not None:
            asset.needs.set(needs)
        if outcomes is not None:
            asset.outcomes.set(outcomes)
    return asset


def _choice(value: str, choices: type[Any]) -> str | None:
    """Accept a choice by its code or its label, ignoring case."""
    value = value.strip().lower()
    for code, label in choices.choices:
        if value in (code, str(label).lower()):
            return str(code)
    return None


def _cell(row: dict[str, Any], key: str) -> str:
    # Our own export put a ' before text a spreadsheet could run; take it off.
    return restore(str(row.get(key) or "")).strip()


def _coordinate(row: dict[str, Any], key: str, limit: int) -> Decimal | None:
    """A latitude or longitude cell: empty, or a number within ±``limit``."""
    text = _cell(row, key)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not (number.is_finite() and abs(number) <= limit):
        raise ValidationError(_("the %(key)s is not a valid number") % {"key": key})
    return number


def _asset_problems(
    row: dict[str, Any], kind: str | None, holder: str | None
) -> list[str]:
    problems = []
    if not _cell(row, "name"):
        problems.append(_("the name is missing"))
    if kind is None:
        problems.append(
            _("the kind is not one of: %(k)s") % {"k": ", ".join(AssetKind.values)}
        )
    if holder is None:
        problems.append(
            _("the holder type is not one of: %(h)s")
            % {"h": ", ".join(HolderType.values)}
        )
    return problems


def _asset_from_row(organisation: Organisation, row: dict[str, Any]) -> Asset:
    """One row of an asset list as an unsaved asset, or every problem it has."""
    kind = _choice(_cell(row, "kind"), AssetKind)
    holder = _choice(_cell(row, "holder_type"), HolderType)
    problems = _asset_problems(row, kind, holder)
    coordinates = []
    for key, limit in (("latitude", 90), ("longitude", 180)):
        try:
            coordinates.append(_coordinate(row, key, limit))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)
    return Asset(
        organisation=organisation,
        name=_cell(row, "name")[:200],
        kind=kind or "",
        holder_type=holder or "",
        description=_cell(row, "description"),
        area=_cell(row, "area")[:100],
        address=_cell(row, "address")[:300],
        latitude=coordinates[0],
        longitude=coordinates[1],
        availability=_cell(row, "availability")[:200],
        condition=_cell(row, "condition")[:200],
        is_public=_cell(row, "is_public").lower() in {"yes", "true", "1", "y"},
    )


def assets_import_csv(
    *, organisation: Organisation, by: User, text: str
) -> ImportReport:
    """Check every row of an asset list and save them all, or none.

    Needs columns name, kind and holder_type; the others in ``CSV_COLUMNS`` are
    optional. Errors are reported by line number.
    """
    return csv_import(
        text=text,
        required=("name", "kind", "holder_type"),
        model=Asset,
        build=lambda row: _asset_from_row(organisation, row),
    )


def assets_export_rows(queryset: Any) -> Iterator[list[str]]:
    """Rows for a CSV export, header first; streamed, never all in memory."""
    yield CSV_COLUMNS
    for asset in queryset.iterator(chunk_size=2000):
        yield [
            asset.name,
            asset.kind,
            asset.holder_type,
            asset.description,
            asset.area,
            asset.address,
            "" if asset.latitude is None else str(asset.latitude),
            "" if asset.longitude is None else str(asset.longitude),
            asset.availability,
            asset.condition,
            "yes" if asset.is_public else "no",
        ]


@transaction.atomic
def pledge_make(*, organisation: Organisation, by: User, **fields: Any) -> Pledge:
    """A member offers something themselves."""
    if roles_of(by).get(organisation.pk) is None:
        raise ValidationError(
            _("Only members of the organisation can make a pledge here.")
        )
    pledge = Pledge(organisation=organisation, pledger=by, **fields)
    pledge.full_clean()
    pledge.save()
    return pledge


@transaction.atomic
def pledge_set_status(
    *, pledge: Pledge, status: str, by: User, cycle: Any = None
) -> Pledge:
    """Move a pledge along, and optionally attach it to one of the body's cycles."""
    if status not in PledgeStatus.values:
        raise ValidationError({"status": _("Choose a status from the list")})
    if cycle is not None and cycle.organisation_id != pledge.organisation_id:
        raise ValidationError(_("That cycle belongs to another organisation."))
    pledge.status = status
    pledge.cycle = cycle
    pledge.save(update_fields=["status", "cycle"])
    return pledge
