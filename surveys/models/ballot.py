"""Participatory budgeting: a pot of money, options with costs, and votes."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField
from simple_history.models import HistoricalRecords

from cocommission.jobs import FileJob


class VotingRule(models.TextChoices):
    KNAPSACK = "knapsack", _("Choose options that fit within the budget")
    APPROVAL = "approval", _("Choose up to a number of options")


class Eligibility(models.TextChoices):
    PANEL = "panel", _("Members of one panel")
    CITIZENS = "citizens", _("Citizens of the organisation (signed in)")
    CODES = "codes", _("People given a voting code (on paper or by hand; no account)")
    RESIDENTS = (
        "residents",
        _("Residents of the areas chosen below, once the team has checked"),
    )


#: What people read of a ballot and of each option, written in English first and
#: in the organisation's other languages in ``i18n``. Without django-modeltrans's
#: virtual fields (``title_i18n``): ``full_clean()`` would set each one while the
#: page is in Welsh, writing the English in as the Welsh.
BALLOT_TEXT = ("title", "description")
OPTION_TEXT = ("title", "description")


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Ballot(models.Model):
    activity = models.ForeignKey(
        "cycles.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="ballots",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it is for"), blank=True)
    budget = models.DecimalField(
        _("budget (£)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    rule = models.CharField(
        _("how people vote"),
        max_length=10,
        choices=VotingRule.choices,
        default=VotingRule.KNAPSACK,
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most options a person may choose"), null=True, blank=True
    )
    min_spend = models.DecimalField(
        _("least a ballot must spend (£)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    completion = models.CharField(
        _("what Equal Shares does with money it leaves"),
        max_length=10,
        choices=[
            (
                "add1",
                _(
                    "Raise every voter's share £1 at a time while the result fits "
                    "the budget, then fund what still fits by most votes (usual)"
                ),
            ),
            (
                "epsilon",
                _(
                    "Raise the budget 1% at a time while the result fits, then fund "
                    "what still fits by most votes"
                ),
            ),
            ("none", _("Leave it unspent")),
        ],
        default="add1",
    )
    eligibility = models.CharField(
        _("who can vote"),
        max_length=10,
        choices=Eligibility.choices,
        default=Eligibility.CITIZENS,
    )
    panel = models.ForeignKey(
        "panels.Panel",
        verbose_name=_("panel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
    )
    areas = models.ManyToManyField(
        "panels.CategoryValue",
        verbose_name=_("areas"),
        blank=True,
        related_name="+",
        help_text=_("Only for ‘residents of the areas chosen below’."),
    )
    allow_changes = models.BooleanField(
        _("people may change their vote until it closes"), default=True
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    token = models.CharField(
        max_length=40, unique=True, default=new_token, editable=False
    )
    decision = models.ForeignKey(
        "cycles.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    #: The rule the decision maker chose ("greedy" or "equal_shares"), so the
    #: Pabulib download names it and marks the funded options.
    decided_rule = models.CharField(
        max_length=20,
        blank=True,
        editable=False,
        choices=[
            ("greedy", _("Most votes first")),
            ("equal_shares", _("The Method of Equal Shares")),
        ],
    )
    #: The META section of the Pabulib file the ballot was imported from, as
    #: written; empty for votes held here.
    imported_meta = models.JSONField(default=dict, blank=True, editable=False)
    imported_from = models.CharField(max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The title and description in the organisation's other languages
    #: (``title_cy`` …), one JSON field (django-modeltrans), read and written
    #: through ``cocommission.translations`` only.
    i18n = TranslationField(fields=BALLOT_TEXT, virtual_fields=False)

    #: The history keeps the English.
    history = HistoricalRecords(excluded_fields=["i18n"])

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "surveys:ballot",
            kwargs={"org_slug": self.activity.cycle.organisation.slug, "pk": self.pk},
        )

    def get_vote_url(self) -> str:
        return reverse("ballot_vote", kwargs={"token": self.token})

    @property
    def imported(self) -> bool:
        return bool(self.imported_from)

    def is_open(self, now: Any = None) -> bool:
        return self.published_at is not None and self.closed_at is None

    @property
    def state(self) -> str:
        if self.published_at is None:
            return "draft"
        return "open" if self.closed_at is None else "closed"


class BallotOption(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="options")
    title = models.CharField(_("option"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cost = models.DecimalField(
        _("cost (£)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    position = models.PositiveSmallIntegerField(default=0)
    #: From an imported Pabulib file: the project's id there, its categories and
    #: the groups it is for, kept so the file can be written back the same.
    external_id = models.CharField(max_length=100, blank=True, editable=False)
    categories = models.JSONField(default=list, blank=True, editable=False)
    targets = models.JSONField(default=list, blank=True, editable=False)
    #: The option's title and description in the organisation's other languages.
    #: Votes keep the option's id, so every language's votes count together.
    i18n = TranslationField(fields=OPTION_TEXT, virtual_fields=False)

    class Meta:
        ordering = ["ballot", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class BallotCode(models.Model):
    """A voting code: one ballot each, without an account. Only a keyed hash is
    stored; the codes are shown once, to print."""

    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="invitation_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    batch = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["batch", "pk"]

    def __str__(self) -> str:
        return f"{self.ballot} – batch {self.batch}"


class Vote(models.Model):
    """One person's ballot. Its total and the budget are kept on the row so the
    database itself refuses a ballot that spends more than the pot."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("Empty once the person erased their account; the vote counts."),
    )
    code = models.OneToOneField(
        BallotCode,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="vote",
        help_text=_("The voting code used, for votes cast without an account."),
    )
    choices = models.ManyToManyField(BallotOption, related_name="votes")
    total_cost = models.DecimalField(max_digits=14, decimal_places=2)
    budget = models.DecimalField(max_digits=14, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)
    #: From an imported Pabulib file: what it says of the voter (age, sex,
    #: district, how they voted), as written; never a name.
    voter_data = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "voter"],
                condition=models.Q(voter__isnull=False),
                name="one_vote_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(total_cost__lte=models.F("budget")),
                name="a_vote_stays_within_the_budget",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter} – {self.ballot}"


class BallotImport(FileJob):
    """A Pabulib file being imported as a ballot, in the background: a city's file
    holds a hundred thousand votes, more than a request should wait for."""

    activity = models.ForeignKey(
        "cycles.Activity", on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    #: The file's text until it is imported (then emptied).
    text = models.TextField(blank=True)
    #: Why the file was refused, each problem with its line.
    problems = models.JSONField(default=list, blank=True)
    ballot = models.ForeignKey(
        Ballot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name
