"""The vocabulary of the commissioning cycle."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    ANALYSE = "analyse", _("Analyse")
    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    REVIEW = "review", _("Review")


PHASE_ORDER: list[str] = [Phase.ANALYSE, Phase.PLAN, Phase.DO, Phase.REVIEW]


class Mode(models.TextChoices):
    """How citizens take part: one of the Four Co's, or not at all (a
    traditional task the team does alone, such as awarding a contract, recorded
    so the cycle is complete but counted apart from the Four Co's)."""

    CO_COMMISSIONING = "co_commissioning", _("Co-commissioning")
    CO_DESIGN = "co_design", _("Co-design")
    CO_DELIVERY = "co_delivery", _("Co-delivery")
    CO_ASSESSMENT = "co_assessment", _("Co-assessment")
    TRADITIONAL = "traditional", _("Traditional: the team alone, without citizens")


#: The Four Co's, in the order the coverage tables show them.
FOUR_COS: list[str] = [
    Mode.CO_COMMISSIONING,
    Mode.CO_DESIGN,
    Mode.CO_DELIVERY,
    Mode.CO_ASSESSMENT,
]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private to the organisation")
    PUBLIC = "public", _("Has a public page")


class Level(models.TextChoices):
    MACRO = "macro", _("Macro: a strategy or vision")
    MICRO = "micro", _("Micro: a tender, contract or single service")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class CatalogueKind(models.TextChoices):
    IPC_TASK = "ipc_task", _("Traditional commissioning task")
    CO_PRODUCED = "co_produced", _("Co-produced activity")
    APPROACH = "approach", _("Approach")


class DecisionKind(models.TextChoices):
    PHASE_CHANGE = "phase_change", _("Phase change")
    GATE_OVERRIDE = "gate_override", _("Gate check overridden")
    PRIORITY = "priority", _("Priority needs or outcomes")
    BUDGET = "budget", _("Budget")
    CONTRACT_AWARD = "contract_award", _("Contract award")
    RECOMMISSIONING = "recommissioning", _("Recommissioning")
    OTHER = "other", _("Other")


class GateKind(models.TextChoices):
    AUTOMATIC = "automatic", _("Checked automatically")
    ATTESTED = "attested", _("Confirmed by a person, with evidence")


class GateRule(models.TextChoices):
    """What an automatic gate check looks for in the phase being left."""

    CO_PRODUCED_ACTIVITY_DONE = (
        "co_produced_activity_done",
        _("At least one co-produced activity is done in this phase"),
    )
    CITIZEN_ACTION_DONE = (
        "citizen_action_done",
        _("At least one co-delivery (citizen action) activity is done in this phase"),
    )
    CO_ASSESSMENT_DONE = (
        "co_assessment_done",
        _("At least one co-assessment activity is done in this phase"),
    )
    DECISION_MAKER_DECIDED = (
        "decision_maker_decided",
        _("A decision maker recorded a decision in this phase"),
    )
    DECISION_PUBLISHED = (
        "decision_published",
        _("A decision from this phase is published"),
    )
    PANEL_MET = (
        "panel_met",
        _("A panel of this cycle met, with citizens present, in this phase"),
    )
