"""The decision log: who decided what, why, and on which citizen input.

A decision is published in a person's name only when that person confirms it: the
person who decided or, for a board, its chair. Whoever records it is kept too. The
database itself refuses a published decision that its decider has not confirmed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField

from cocommission.organisations.models import Role

from .activity import Activity
from .choices import DecisionKind, Phase
from .cycle import Cycle, EnglishHistory, translation_names

#: What people read of a published decision that the team writes.
TRANSLATED_FIELDS = ("title", "decided", "rationale")
#: Roles a person needs to be named as the one who decided.
DECIDER_ROLES = frozenset({Role.DECISION_MAKER, Role.ADMIN, Role.COMMISSIONER})
#: The role the chair of a deciding board needs.
CHAIR_ROLES = frozenset({Role.DECISION_MAKER})


class DecisionQuerySet(models.QuerySet["Decision"]):
    def published(self) -> DecisionQuerySet:
        """Published decisions; the database guarantees each is confirmed."""
        return self.filter(is_published=True, confirmed_at__isnull=False)

    def current(self) -> DecisionQuerySet:
        """Decisions not superseded by a later published one."""
        return self.exclude(superseded_by__is_published=True)

    def awaiting(self) -> DecisionQuerySet:
        """Recorded, not yet confirmed, and not declined."""
        return self.filter(is_published=False, declined_at__isnull=True)

    def awaiting_confirmation_by(self, user: Any) -> DecisionQuerySet:
        """Decisions waiting for ``user`` to confirm (or decline) them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.awaiting().filter(
            models.Q(decided_by=user) | models.Q(board_chair=user)
        )


class Decision(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="decisions")
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    kind = models.CharField(
        _("kind of decision"),
        max_length=20,
        choices=DecisionKind.choices,
        default=DecisionKind.OTHER,
    )
    title = models.CharField(_("title"), max_length=200)
    decided = models.TextField(_("what was decided"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions_made",
    )
    decided_by_body = models.CharField(
        _("decided by (board or panel)"),
        max_length=200,
        blank=True,
        help_text=_("For example: the Health and Wellbeing Board."),
    )
    board_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair of the board or panel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions_chaired",
        help_text=_(
            "The decision maker who chairs it. They confirm the decision before it "
            "is published."
        ),
    )
    decided_on = models.DateField(_("date decided"))
    rationale = models.TextField(_("why"), blank=True)
    citizen_input = models.ManyToManyField(
        Activity,
        verbose_name=_("citizen input it drew on"),
        blank=True,
        related_name="decisions",
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions_recorded",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="decisions_confirmed",
    )
    confirmed_at = models.DateTimeField(
        _("confirmed"), null=True, blank=True, editable=False
    )
    declined_at = models.DateTimeField(
        _("declined"), null=True, blank=True, editable=False
    )
    declined_reason = models.TextField(
        _("why it was declined"), blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: The title, what was decided and why, in the organisation's other
    #: languages (``title_cy`` …), one JSON field (django-modeltrans).
    i18n = TranslationField(fields=TRANSLATED_FIELDS, virtual_fields=False)

    history = EnglishHistory(
        m2m_fields=[citizen_input],
        excluded_fields=translation_names(TRANSLATED_FIELDS),
    )
    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [
            # A person decided, or a board did (its chair is checked on recording:
            # decisions from before chairs were named may lack one).
            models.CheckConstraint(
                condition=models.Q(
                    decided_by__isnull=False,
                    decided_by_body="",
                    board_chair__isnull=True,
                )
                | (models.Q(decided_by__isnull=True) & ~models.Q(decided_by_body="")),
                name="decision_has_one_decider",
            ),
            # Only the person who decided, or the board's chair, can confirm.
            # (Each comparison is guarded: a check on NULL would pass.)
            models.CheckConstraint(
                condition=models.Q(confirmed_by__isnull=True)
                | models.Q(
                    decided_by__isnull=False, confirmed_by=models.F("decided_by")
                )
                | models.Q(
                    board_chair__isnull=False, confirmed_by=models.F("board_chair")
                ),
                name="decision_confirmed_by_its_decider",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_by__isnull=True, confirmed_at__isnull=True)
                | models.Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                name="decision_confirmation_says_who_and_when",
            ),
            # Nothing is published in a person's name without their confirmation.
            models.CheckConstraint(
                condition=models.Q(is_published=False)
                | models.Q(confirmed_at__isnull=False, published_at__isnull=False),
                name="published_decision_is_confirmed",
            ),
            models.CheckConstraint(
                condition=models.Q(declined_at__isnull=True)
                | models.Q(confirmed_at__isnull=True),
                name="decision_not_both_confirmed_and_declined",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # Decisions are often recorded after the fact, never before they happen.
        day = self.decided_on
        if isinstance(day, datetime.date) and day > timezone.localdate():
            raise ValidationError(
                {"decided_on": _("The date decided must be today or in the past")}
            )

    @property
    def confirmer_id(self) -> int | None:
        """Who must confirm it: the person who decided, or the board's chair."""
        return self.decided_by_id or self.board_chair_id

    @property
    def confirmer(self) -> Any:
        return self.decided_by if self.decided_by_id else self.board_chair

    @property
    def is_awaiting(self) -> bool:
        return not self.is_published and self.declined_at is None

    @property
    def overrides_a_gate(self) -> bool:
        """The cycle moved on with checks not passed: its "decided" text lists
        the checks that were not met, so pages must not present it as done."""
        return self.kind == DecisionKind.GATE_OVERRIDE

    @property
    def public_decider(self) -> str:
        """Who decided, for public pages: a name or a body, never an e-mail address."""
        if self.decided_by_body:
            chair = self.board_chair.display_name if self.board_chair else ""
            if chair:
                return str(_("%(body)s, chaired by %(chair)s")) % {
                    "body": self.decided_by_body,
                    "chair": chair,
                }
            return self.decided_by_body
        name = self.decided_by.display_name if self.decided_by is not None else ""
        return name or str(_("a decision maker"))

    @property
    def public_recorder(self) -> str:
        """Who recorded it, for public pages: a name, never an e-mail address."""
        name = self.recorded_by.display_name if self.recorded_by is not None else ""
        return name or str(_("a member of the commissioning team"))

    @property
    def decider(self) -> str:
        if self.decided_by_body:
            if self.board_chair_id:
                return str(_("%(body)s, chaired by %(chair)s")) % {
                    "body": self.decided_by_body,
                    "chair": self.board_chair,
                }
            return self.decided_by_body
        return str(self.decided_by) if self.decided_by_id else ""

    def fingerprint(self) -> str:
        """A digest of what the decision says, so a confirmation applies to the
        words the confirmer read and not to a later edit."""
        inputs = sorted(self.citizen_input.values_list("pk", flat=True))
        parts: list[object] = [
            self.title,
            self.phase,
            self.kind,
            self.decided,
            self.decided_by_id,
            self.decided_by_body,
            self.board_chair_id,
            self.decided_on,
            self.rationale,
            self.supersedes_id,
            inputs,
            # The decision in the organisation's other languages is published
            # in the confirmer's name too.
            sorted(
                (key, value)
                for key, value in (self.i18n or {}).items()
                if not key.startswith("_")
            ),
        ]
        # Choices, dates and ids as plain text, the same from memory or database.
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()
