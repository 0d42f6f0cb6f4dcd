"""Contracts as Open Contracting Data Standard 1.1 releases and release packages.

Each contract is one contracting process (one OCID): the buyer (the commissioning
organisation), the providers as suppliers, the tender (how they were chosen), the
award and the contract with its value and period. Published in GBP.

Only procurement is published: grants and in-house agreements are not contracting
processes in the OCDS sense (the standard covers public procurement), so
``Contract.objects.procurement()`` leaves them out rather than dressing them up
with a procurement method they did not have.

A release's id is the OCID and a digest of the release's content: each different
state of the contract gets its own id, even two edits in the same second, and the
same state always gets the same one, so tools that compile records (ocdskit) keep
every change."""

from __future__ import annotations

import datetime
import hashlib
import json
import zoneinfo
from decimal import Decimal
from typing import Any

from django.conf import settings
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


def _when(
    value: datetime.datetime | datetime.date | None, *, end_of_day: bool = False
) -> str | None:
    """An ISO date-time: instants in UTC; a calendar date as the start (or, for
    the last day of a period, the end) of that day where the service is, so a
    contract ending on 31 March runs to 23:59:59 that day, not to its first
    second."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    moment = datetime.time(23, 59, 59) if end_of_day else datetime.time(0, 0)
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(value, moment, tzinfo=local).isoformat()


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


def _party(provider: Provider, roles: list[str]) -> dict[str, Any]:
    party: dict[str, Any] = {
        "id": _party_id(provider),
        "name": provider.name,
        "roles": roles,
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


def _release_id(ocid: str, release: dict[str, Any]) -> str:
    content = json.dumps(release, sort_keys=True, separators=(",", ":"))
    return f"{ocid}-{hashlib.sha256(content.encode()).hexdigest()[:20]}"


def _tag(release: dict[str, Any], contract: Contract) -> list[str]:
    """The release tags of the sections present (OCDS releaseTag codelist)."""
    tag = ["tender"]
    if "awards" in release:
        tag.append("award")
    if "contracts" in release:
        tag.append("contract")
        if contract.status == ContractStatus.TERMINATED:
            tag.append("contractTermination")
    return tag


def _parties(
    contract: Contract, providers: list[Provider], bidders: list[Provider]
) -> list[dict[str, Any]]:
    """The buyer, the bidders as tenderers and, once awarded, the providers as
    suppliers (who bid too, so they are tenderers as well). Before the award no
    provider is called a supplier."""
    buyer = _buyer(contract.cycle.organisation)
    parties: list[dict[str, Any]] = [{**buyer, "roles": ["buyer", "procuringEntity"]}]
    listed: set[int] = set()
    if _awarded(contract):
        for provider in providers:
            parties.append(_party(provider, ["tenderer", "supplier", "payee"]))
            listed.add(provider.pk)
    for bidder in bidders:
        if bidder.pk not in listed:
            parties.append(_party(bidder, ["tenderer"]))
            listed.add(bidder.pk)
    return parties


def _awarded(contract: Contract) -> bool:
    return contract.status not in {ContractStatus.PLANNED, ContractStatus.TENDERING}


def _tender(contract: Contract, bidders: list[Provider]) -> dict[str, Any]:
    ocid = contract.ocid
    tender_status = STATUSES[ContractStatus(contract.status)][0]
    tender: dict[str, Any] = {
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
        "procuringEntity": _buyer(contract.cycle.organisation),
    }
    if bidders:
        tender["numberOfTenderers"] = len(bidders)
        tender["tenderers"] = [{"id": _party_id(b), "name": b.name} for b in bidders]
    tender_record = getattr(contract, "tender", None)
    criteria = list(tender_record.criteria.all()) if tender_record else []
    if criteria:
        tender["awardCriteria"] = "ratedCriteria"
        tender["awardCriteriaDetails"] = "; ".join(
            f"{c.name} {c.weight}%" for c in criteria
        )
    return tender


def _bidders(contract: Contract, providers: list[Provider]) -> list[Provider]:
    """Who bid: the tender's bids, and the providers it was awarded to (a winner
    bid, even where no tender was recorded here)."""
    tender = getattr(contract, "tender", None)
    bidders = [b.provider for b in tender.bids.all()] if tender is not None else []
    if _awarded(contract):
        known = {b.pk for b in bidders}
        bidders += [p for p in providers if p.pk not in known]
    return bidders


def contract_release(contract: Contract) -> dict[str, Any]:
    """The latest release for one contract. Expects ``providers`` and
    ``specifications`` prefetched and ``cycle__organisation`` selected."""
    ocid = contract.ocid
    providers = list(contract.providers.all())
    bidders = _bidders(contract, providers)
    _, award_status, contract_status = STATUSES[ContractStatus(contract.status)]
    specifications = list(contract.specifications.all())
    period = {
        "startDate": _when(contract.starts_on),
        "endDate": _when(contract.ends_on, end_of_day=True),
    }
    release: dict[str, Any] = {
        "ocid": ocid,
        "date": _when(contract.updated_at),
        "initiationType": "tender",
        "language": "en",
        "buyer": _buyer(contract.cycle.organisation),
        "parties": _parties(contract, providers, bidders),
        "tender": _tender(contract, bidders),
    }
    if _awarded(contract):
        release["awards"] = [
            {
                "id": f"{ocid}-award",
                "title": contract.title,
                "status": award_status,
                "date": _when(contract.awarded_on),
                "value": _money(contract.value),
                "suppliers": [{"id": _party_id(p), "name": p.name} for p in providers],
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
                "dateSigned": _when(contract.signed_on),
            }
        ]
    release["tag"] = _tag(release, contract)
    release = _drop_empty(release)
    return {"id": _release_id(ocid, release), **release}


def for_releases(contracts: Any) -> Any:
    """The procurement contracts among ``contracts``, with what
    ``contract_release`` reads fetched alongside."""
    return (
        contracts.procurement()
        .select_related("cycle__organisation", "tender")
        .prefetch_related(
            "providers",
            "specifications",
            "tender__bids__provider",
            "tender__criteria",
        )
    )


def releases_for(contracts: Any) -> list[dict[str, Any]]:
    """The releases of the procurement contracts among ``contracts``."""
    return [contract_release(c) for c in for_releases(contracts)]


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
