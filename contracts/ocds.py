"""Contracts as Open Contracting Data Standard 1.1 releases and release packages.

Each contract is one contracting process (one OCID): the buyer (the commissioning
organisation), the providers as suppliers, the tender (how they were chosen), the
award and the contract with its value and period. Published in GBP."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cocommission.organisations.models import Organisation

from .models import OCDS_METHOD, Contract, ContractStatus, Provider

#: Our contract status -> (OCDS tender status, award status, contract status).
STATUSES = {
    ContractStatus.PLANNED: ("planning", "pending", "pending"),
    ContractStatus.TENDERING: ("active", "pending", "pending"),
    ContractStatus.ACTIVE: ("complete", "active", "active"),
    ContractStatus.ENDED: ("complete", "active", "terminated"),
    ContractStatus.TERMINATED: ("complete", "active", "terminated"),
}


def _when(value: datetime.datetime | datetime.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    return f"{value.isoformat()}T00:00:00Z"


def _money(amount: Decimal | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    return {"amount": float(amount), "currency": "GBP"}


def _party_id(provider: Provider) -> str:
    if provider.register_scheme and provider.register_id:
        return f"{provider.register_scheme}-{provider.register_id}"
    return f"provider-{provider.pk}"


def _buyer(organisation: Organisation) -> dict[str, str]:
    return {"id": f"buyer-{organisation.slug}", "name": organisation.name}


def _party(provider: Provider) -> dict[str, Any]:
    party: dict[str, Any] = {
        "id": _party_id(provider),
        "name": provider.name,
        "roles": ["supplier", "payee"],
    }
    if provider.register_scheme and provider.register_id:
        party["identifier"] = {
            "scheme": provider.register_scheme,
            "id": provider.register_id,
            "legalName": provider.name,
        }
    contact = {
        key: value
        for key, value in [
            ("name", provider.contact_name),
            ("email", provider.contact_email),
            ("telephone", provider.contact_phone),
        ]
        if value
    }
    if contact:
        party["contactPoint"] = contact
    return party


def _drop_empty(value: Any) -> Any:
    """OCDS wants absent fields left out rather than null or empty."""
    if isinstance(value, dict):
        cleaned = {k: _drop_empty(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


def contract_release(contract: Contract) -> dict[str, Any]:
    """The latest release for one contract. Expects ``providers`` and
    ``specifications`` prefetched and ``cycle__organisation`` selected."""
    organisation = contract.cycle.organisation
    ocid = contract.ocid
    providers = list(contract.providers.all())
    tender_status, award_status, contract_status = STATUSES[
        ContractStatus(contract.status)
    ]
    specifications = list(contract.specifications.all())
    period = {
        "startDate": _when(contract.starts_on),
        "endDate": _when(contract.ends_on),
    }
    suppliers = [{"id": _party_id(p), "name": p.name} for p in providers]
    awarded = contract.status not in {ContractStatus.PLANNED, ContractStatus.TENDERING}
    buyer = _buyer(organisation)
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-{contract.updated_at:%Y%m%dT%H%M%S}",
        "date": _when(contract.updated_at),
        "tag": ["contract"] if awarded else ["tender"],
        "initiationType": "tender",
        "language": "en",
        "buyer": buyer,
        "parties": [
            {**buyer, "roles": ["buyer", "procuringEntity"]},
            *[_party(p) for p in providers],
        ],
        "tender": {
            "id": f"{ocid}-tender",
            "title": contract.title,
            "status": tender_status,
            # Left out when not known (OCDS has no code for it).
            **(
                {"procurementMethod": OCDS_METHOD[contract.route]}
                if contract.route in OCDS_METHOD
                else {}
            ),
            "procurementMethodDetails": contract.get_route_display(),
            "mainProcurementCategory": "services",
            "value": _money(contract.value),
            "procuringEntity": buyer,
        },
    }
    tender = getattr(contract, "tender", None)
    if tender is not None:
        bids = list(tender.bids.all())
        criteria = list(tender.criteria.all())
        release["tender"]["numberOfTenderers"] = len(bids)
        release["tender"]["tenderers"] = [
            {"id": _party_id(b.provider), "name": b.provider.name} for b in bids
        ]
        if criteria:
            release["tender"]["awardCriteria"] = "ratedCriteria"
            release["tender"]["awardCriteriaDetails"] = "; ".join(
                f"{c.name} {c.weight}%" for c in criteria
            )
        known = {p.pk for p in providers}
        release["parties"] += [
            {
                **_party(b.provider),
                "roles": ["tenderer"],
            }
            for b in bids
            if b.provider_id not in known
        ]
    if awarded:
        release["awards"] = [
            {
                "id": f"{ocid}-award",
                "title": contract.title,
                "status": award_status,
                "value": _money(contract.value),
                "suppliers": suppliers,
                "contractPeriod": period,
            }
        ]
        release["contracts"] = [
            {
                "id": f"{ocid}-contract",
                "awardID": f"{ocid}-award",
                "title": contract.title,
                "description": specifications[0].text if specifications else "",
                "status": contract_status,
                "period": period,
                "value": _money(contract.value),
            }
        ]
    return _drop_empty(release)


def releases_for(contracts: Any) -> list[dict[str, Any]]:
    return [
        contract_release(c)
        for c in contracts.select_related(
            "cycle__organisation", "tender"
        ).prefetch_related(
            "providers",
            "specifications",
            "tender__bids__provider",
            "tender__criteria",
        )
    ]


def release_package(
    organisation: Organisation, contracts: Any, uri: str
) -> dict[str, Any]:
    """A release package of the given contracts, as published by the buyer."""
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": _when(timezone.now()),
        "publisher": {"name": organisation.name},
        "license": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "releases": releases_for(contracts),
    }
