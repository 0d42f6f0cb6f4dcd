"""Risk register workflows: saving risks, the heat-map counts, review reminders."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.accounts.tasks import send_email
from cocommission.mail import Mail, in_language_of

from .models import Risk
from .models.risk import HIGH_RATING, scale_labels


@transaction.atomic
def risk_save(*, risk: Risk, by: User) -> Risk:
    risk.full_clean()
    risk.save()
    return risk


@dataclass(frozen=True)
class MatrixCell:
    likelihood: int
    impact: int
    count: int

    @property
    def band(self) -> str:
        rating = self.likelihood * self.impact
        if rating >= HIGH_RATING:
            return "high"
        return "medium" if rating >= 6 else "low"


def risk_matrix(
    risks: list[Risk], organisation: object = None
) -> list[tuple[str, list[MatrixCell]]]:
    """Rows from the highest impact down, columns from least to most likely."""
    impact_labels = scale_labels(organisation, "impact")
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        key = (risk.likelihood, risk.impact)
        counts[key] = counts.get(key, 0) + 1
    return [
        (
            impact_labels[impact],
            [
                MatrixCell(lik, impact, counts.get((lik, impact), 0))
                for lik in range(1, 6)
            ],
        )
        for impact in range(5, 0, -1)
    ]


def likelihood_headings(organisation: object) -> list[str]:
    labels = scale_labels(organisation, "likelihood")
    return [labels[n] for n in range(1, 6)]


def _risk_mail(risk: Risk, link: str) -> Mail:
    """In the language active when called: the owner's (in_language_of)."""
    body = _("The risk “%(risk)s” in “%(cycle)s” was due for review on %(date)s.") % {
        "risk": risk.description,
        "cycle": risk.cycle.title,
        "date": date_format(risk.review_date, "j F Y") if risk.review_date else "",
    }
    return Mail(
        subject=_("Risk review due: %(risk)s")
        % {"risk": Truncator(risk.description).chars(60)},
        body=f"{body}\n\n{_('Review it here:')} {link}",
    )


def risk_send_review_reminders(*, today: datetime.date) -> int:
    """E-mail each owner whose open risk is past its review date, once per date."""
    sent = 0
    overdue = (
        Risk.objects.overdue(today)
        .filter(owner__isnull=False)
        .select_related("owner", "cycle__organisation")
    )
    for risk in overdue.iterator():
        with transaction.atomic():
            locked = (
                Risk.objects.select_for_update(skip_locked=True)
                .filter(pk=risk.pk)
                .exclude(reminded_for=risk.review_date)
                .first()
            )
            if locked is None:
                continue
            locked.reminded_for = locked.review_date
            locked.save(update_fields=["reminded_for"])
            assert risk.owner is not None  # noqa: S101 - filtered above
            link = (
                f"{settings.COCOMMISSION_BASE_URL}/o/{risk.cycle.organisation.slug}"
                f"/cycles/{risk.cycle_id}/risks/{risk.pk}/"
            )
            mail = in_language_of(risk.owner, partial(_risk_mail, risk, link))
            send_email.delay_on_commit(  # type: ignore[attr-defined]
                subject=mail.subject, body=mail.body, to=[risk.owner.email]
            )
            sent += 1
    return sent
