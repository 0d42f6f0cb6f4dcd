"""The public part of the API: what the public pages show, no more, from the
same queries (``participation.public``, ``surveys.access.published_survey``,
``outcomes.scorecard``) and under the same disclosure rule."""

# No ``from __future__ import annotations``: django-ninja reads these annotations
# at import, through decorators whose globals are not this module's.

import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.timezone import localtime
from ninja import Router
from ninja.pagination import paginate

from cocommission.organisations.models import Organisation
from contracts.models import Contract
from contracts.ocds import contract_release, for_releases
from cycles.models import Cycle, Decision
from outcomes.scorecard import cycle_scorecard
from participation.public import (
    decided_ballots,
    public_contracts,
    public_cycle,
    public_cycles,
    published_decisions,
    published_results,
    recruiting_panels,
)
from surveys.access import published_survey
from surveys.models import Survey
from surveys.results import QuestionResult, Row, survey_results

from .http import Mapped, Paged
from .main import responses
from .schemas import (
    BallotOut,
    CycleOut,
    DecisionOut,
    Figure,
    Id,
    OrganisationOut,
    OutcomeOut,
    PanelOut,
    PublicContractOut,
    QuestionOut,
    RankedOut,
    SurveyResultsLink,
    SurveyResultsOut,
)

router = Router(tags=["public"])


def _abs(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug)


@router.get("organisations", response=responses(ok=list[OrganisationOut]))
@paginate(Paged)
def organisations(request: HttpRequest) -> Any:
    """Every organisation (each has a public page)."""
    return Mapped(
        Organisation.objects.order_by("slug"), lambda o: _organisation_out(request, o)
    )


def _organisation_out(request: HttpRequest, o: Organisation) -> dict[str, Any]:
    return {
        "slug": o.slug,
        "name": o.name,
        "description": o.description,
        "url": _abs(request, reverse("public_organisation", args=[o.slug])),
    }


@router.get("organisations/{slug}", response=responses(404, ok=OrganisationOut))
def organisation(request: HttpRequest, slug: str) -> Any:
    """One organisation, as its public page names it."""
    return _organisation_out(request, _organisation(slug))


def _cycle_out(request: HttpRequest, cycle: Cycle) -> dict[str, Any]:
    since = getattr(cycle, "current_phase_since", None)
    return {
        "id": cycle.pk,
        "title": cycle.title,
        "problem_statement": cycle.problem_statement,
        "service_area": str(cycle.service_area) if cycle.service_area else None,
        "current_phase": getattr(cycle, "current_phase", None),
        "current_phase_since": since,
        "url": _abs(
            request,
            reverse("public_decisions", args=[cycle.organisation.slug, cycle.pk]),
        ),
    }


@router.get("organisations/{slug}/cycles", response=responses(404, ok=list[CycleOut]))
@paginate(Paged)
def cycles(request: HttpRequest, slug: str, phase: str | None = None) -> Any:
    """The organisation's public cycles; ``phase`` (analyse, plan, do, review)
    keeps those now in that phase."""
    found = public_cycles(_organisation(slug))
    if phase:
        found = found.in_phase(phase)
    return Mapped(found, lambda c: _cycle_out(request, c))


@router.get(
    "organisations/{slug}/cycles/{cycle_id}", response=responses(404, ok=CycleOut)
)
def cycle(request: HttpRequest, slug: str, cycle_id: Id) -> Any:
    """One public cycle and the phase it is in."""
    return _cycle_out(request, public_cycle(slug, cycle_id))


def _said(request: HttpRequest, slug: str, survey: Survey) -> dict[str, Any]:
    return {
        "title": survey.title,
        "answers": survey.response_count_shown,
        "results_url": _abs(
            request, reverse("survey_public_results", args=[slug, survey.token])
        )
        if survey.results_published
        else None,
    }


def _decision_out(request: HttpRequest, slug: str, d: Decision) -> dict[str, Any]:
    superseded_by = getattr(d, "superseded_by", None)
    return {
        "id": d.pk,
        "title": d.title,
        "kind": d.kind,
        "overrides_checks": d.overrides_a_gate,
        "corrected_later": bool(superseded_by and superseded_by.is_published),
        "decided": d.decided,
        "rationale": d.rationale,
        "decided_by": d.public_decider,
        "decided_on": d.decided_on,
        "recorded_by": d.public_recorder,
        "confirmed_by": (d.confirmed_by.display_name if d.confirmed_by else "")
        or "the decision maker",
        "confirmed_on": d.confirmed_at.date() if d.confirmed_at else None,
        "citizen_input": [
            {
                "title": activity.title,
                # As the page: only published surveys are named.
                "surveys": [
                    _said(request, slug, s)
                    for s in activity.surveys.all()
                    if s.published_at
                ],
            }
            for activity in d.citizen_input.all()
        ],
        "panel_meetings": [
            {"panel": m.panel.name, "on": localtime(m.starts_at).date()}
            for m in d.meetings.all()
        ],
    }


@router.get(
    "organisations/{slug}/cycles/{cycle_id}/decisions",
    response=responses(404, ok=list[DecisionOut]),
)
@paginate(Paged)
def decisions(
    request: HttpRequest,
    slug: str,
    cycle_id: Id,
    decided_from: datetime.date | None = None,
    decided_to: datetime.date | None = None,
) -> Any:
    """A public cycle's published decisions ("you said, we did") and the citizen
    input each drew on; filter by the date decided."""
    found = published_decisions(public_cycle(slug, cycle_id))
    if decided_from:
        found = found.filter(decided_on__gte=decided_from)
    if decided_to:
        found = found.filter(decided_on__lte=decided_to)
    return Mapped(found, lambda d: _decision_out(request, slug, d))


@router.get(
    "organisations/{slug}/cycles/{cycle_id}/outcomes",
    response=responses(404, ok=list[OutcomeOut]),
)
def outcomes(request: HttpRequest, slug: str, cycle_id: Id) -> Any:
    """What a public cycle is trying to achieve and how each indicator is going."""
    card = cycle_scorecard(public_cycle(slug, cycle_id))
    found: dict[int, dict[str, Any]] = {}
    for line in card.indicators:
        indicator = line.indicator
        outcome = indicator.outcome
        entry = found.setdefault(
            outcome.pk,
            {
                "statement": outcome.statement,
                "who_for": outcome.who_for,
                "indicators": [],
            },
        )
        entry["indicators"].append(
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "status": line.status.code,
                "status_label": str(line.status.label),
                "latest_value": getattr(indicator, "latest_value", None),
                "latest_period": getattr(indicator, "latest_period", None),
                "target": indicator.target,
                "target_change": indicator.target_change,
                "baseline_value": indicator.baseline_value,
            }
        )
    return list(found.values())


@router.get(
    "organisations/{slug}/cycles/{cycle_id}/surveys",
    response=responses(404, ok=list[SurveyResultsLink]),
)
@paginate(Paged)
def surveys(request: HttpRequest, slug: str, cycle_id: Id) -> Any:
    """A public cycle's surveys with published results."""
    return Mapped(
        published_results(public_cycle(slug, cycle_id)),
        lambda s: {
            "title": s.title,
            "token": s.token,
            "answers": s.response_count_shown,
            "results_url": _abs(
                request, reverse("survey_public_results", args=[slug, s.token])
            ),
        },
    )


def _figure(row: Row) -> dict[str, Any]:
    return {"label": row.label, "count": row.count_shown, "percent": row.percent}


def _question_out(result: QuestionResult) -> dict[str, Any]:
    return {
        "number": result.number,
        "text": result.question.text,
        "answered": result.answered_shown,
        "mean": result.mean,
        "rows": [_figure(r) for r in result.rows],
        "matrix": {
            statement: [_figure(r) for r in rows] for statement, rows in result.matrix
        },
        "ranking": [
            {
                "label": r.label,
                "points": r.points_shown,
                "first": r.first.count_shown,
                "placed": r.placed.count_shown,
                "average_place": r.average_place,
            }
            for r in result.ranking
        ],
        "quotes": [q.text for q in result.question.quotes.all()],
    }


@router.get(
    "organisations/{slug}/surveys/{token}/results",
    response=responses(404, ok=SurveyResultsOut),
)
def survey_results_view(request: HttpRequest, slug: str, token: str) -> Any:
    """A survey's published results, small numbers withheld as on its page."""
    survey = published_survey(slug, token)
    return {
        "title": survey.title,
        "cycle_id": survey.activity.cycle_id,
        "answers": survey.response_count_shown,
        "questions": [_question_out(r) for r in survey_results(survey, public=True)],
    }


@router.get(
    "organisations/{slug}/cycles/{cycle_id}/ballots",
    response=responses(404, ok=list[BallotOut]),
)
def ballots(request: HttpRequest, slug: str, cycle_id: Id) -> Any:
    """A public cycle's votes on spending that a published decision settled."""
    return [
        {
            "title": b.title,
            "decided": b.decision.decided if b.decision else "",
            "rationale": b.decision.rationale if b.decision else "",
        }
        for b in decided_ballots(public_cycle(slug, cycle_id))
    ]


@router.get("organisations/{slug}/panels", response=responses(404, ok=list[PanelOut]))
def panels(request: HttpRequest, slug: str) -> Any:
    """Panels looking for people to join, now."""
    return [
        {
            "name": p.name,
            "kind": p.kind,
            "purpose": p.purpose,
            "commitment": p.commitment,
            "cycle_id": p.cycle_id,
            "join_url": _abs(request, p.get_join_url()),
        }
        for p in recruiting_panels(_organisation(slug))
    ]


def _contract_out(request: HttpRequest, slug: str, c: Contract) -> dict[str, Any]:
    return {
        "ocid": c.ocid,
        "cycle_id": c.cycle_id,
        "title": c.title,
        "status": c.status,
        "package_url": _abs(request, reverse("public_contracts_ocds", args=[slug])),
        "release": contract_release(c),
    }


@router.get(
    "organisations/{slug}/contracts",
    response=responses(404, ok=list[PublicContractOut]),
)
@paginate(Paged)
def contracts(
    request: HttpRequest,
    slug: str,
    cycle: Id | None = None,
    status: str | None = None,
) -> Any:
    """The contracts in the organisation's public Open Contracting package
    (procurement in public cycles, not grants or in-house agreements), each with
    its OCDS release; filter by cycle and by status (planned, tendering, active,
    ended, terminated)."""
    found = for_releases(public_contracts(_organisation(slug))).order_by("pk")
    if cycle:
        found = found.filter(cycle_id=cycle)
    if status:
        found = found.filter(status=status)
    return Mapped(found, lambda c: _contract_out(request, slug, c))


def _contract_pk(ocid: str) -> int:
    """Our number in an OCID of this site (else 404)."""
    number = ocid.removeprefix(f"{settings.OCDS_OCID_PREFIX}-")
    # Only the OCID as we write it: ASCII digits, no leading zero, a bigint.
    if not (number.isascii() and number.isdigit()) or len(number) > 19:
        raise Http404
    if number == ocid or str(int(number)) != number or not 1 <= int(number) < 2**63:
        raise Http404
    return int(number)


@router.get(
    "organisations/{slug}/contracts/{ocid}",
    response=responses(404, ok=PublicContractOut),
)
def contract(request: HttpRequest, slug: str, ocid: str) -> Any:
    """One contract of the public Open Contracting package, by its OCID."""
    found = for_releases(public_contracts(_organisation(slug)))
    return _contract_out(request, slug, get_object_or_404(found, pk=_contract_pk(ocid)))


__all__ = ["Figure", "QuestionOut", "RankedOut", "router"]
