"""Workflows for governance principles and the Co-production Charter."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocommission import translations as translated
from cocommission.accounts.models import User
from cocommission.languages import language_name
from cocommission.organisations.models import Organisation, roles_of

from .assessment import governance_assess
from .models import Charter, CharterSignature, GovernancePrinciple
from .principles_data import DEFAULT_PRINCIPLES
from .translations import charter_missing, charter_pieces


@transaction.atomic
def principles_ensure_defaults(
    *, organisation: Organisation
) -> list[GovernancePrinciple]:
    """Give an organisation the six default principles if it has none yet."""
    existing = list(GovernancePrinciple.objects.filter(organisation=organisation))
    if existing:
        return existing
    return GovernancePrinciple.objects.bulk_create(
        GovernancePrinciple(
            organisation=organisation, name=str(name), description=str(text), order=i
        )
        for i, (name, text) in enumerate(DEFAULT_PRINCIPLES)
    )


@transaction.atomic
def principle_move(*, principle: GovernancePrinciple, by: User, up: bool) -> None:
    """Swap a principle with its neighbour above or below, renumbering the list."""
    siblings = list(
        GovernancePrinciple.objects.select_for_update()
        .filter(organisation_id=principle.organisation_id)
        .order_by("order", "name")
    )
    index = next(i for i, p in enumerate(siblings) if p.pk == principle.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, item in enumerate(siblings):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])


@transaction.atomic
def principle_set_retired(
    *, principle: GovernancePrinciple, by: User, retired: bool
) -> GovernancePrinciple:
    """Retire a principle (kept for history and existing gate checks) or restore it."""
    principle.is_retired = retired
    principle.save(update_fields=["is_retired"])
    return principle


@transaction.atomic
def charter_publish(
    *,
    organisation: Organisation,
    by: User,
    text: str,
    translations: dict[str, str] | None = None,
) -> Charter:
    """Publish a new version of the charter, in English and in the organisation's
    other languages (``translations``, by language) at once; earlier versions and
    signatures stay. A version missing a required language is refused: it is
    complete when it is published."""
    if not text.strip():
        raise ValidationError({"text": _("Write the charter text")})
    translations = {
        lang: value
        for lang, value in (translations or {}).items()
        if lang in organisation.languages[1:]
    }
    missing = charter_missing(organisation, translations)
    if missing:
        raise ValidationError(
            {
                f"text_{lang}": _("Write the charter in %(language)s")
                % {"language": language_name(lang)}
                for lang in missing
            }
        )
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    latest = Charter.objects.latest_for(organisation)
    if latest is not None and latest.text.strip() == text.strip():
        raise ValidationError(
            {"text": _("The text is the same as the current version")}
        )
    charter = Charter.objects.create(
        organisation=organisation,
        version=(latest.version + 1) if latest else 1,
        text=text,
        published_by=by,
    )
    pieces = charter_pieces(charter)
    for lang, value in translations.items():
        translated.save(pieces, lang, {pieces[0].name: value})
    problem = translated.publish_problem(organisation, pieces)
    if problem:
        raise ValidationError(problem)
    return charter


@transaction.atomic
def charter_sign(*, charter: Charter, by: User) -> CharterSignature:
    """Sign a charter version as a member of its organisation (once per version)."""
    role = roles_of(by).get(charter.organisation_id)
    if role is None:
        raise ValidationError(
            _("Only members of the organisation can sign its charter.")
        )
    signature, _created = CharterSignature.objects.get_or_create(
        charter=charter, user=by, defaults={"role": role}
    )
    return signature


@transaction.atomic
def governance_assess_all(
    *,
    cycle: Any,
    by: User,
    assessments: Iterable[tuple[GovernancePrinciple, dict[str, str], str]],
) -> None:
    """Record one person's assessment of a cycle against every principle at once
    (``assessments``: principle, answers, evidence): one refused, none saved."""
    for principle, answers, evidence in assessments:
        governance_assess(
            cycle=cycle, principle=principle, by=by, answers=answers, evidence=evidence
        )
