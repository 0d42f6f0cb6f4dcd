"""What commissioning cycles hold about a person, for their copy of their data
and for erasure (registered with the core from ``CyclesConfig.ready``).

These are the organisation's records that name someone in the team: decisions
in their name are public record, so while any exist the account is not erased."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import Activity, ActivityAttachment, Cycle, Decision, GateAttestation, Risk


def _state(decision: Any) -> str:
    if decision.is_published:
        return str(_("Confirmed and published"))
    if decision.declined_at:
        return str(_("Declined"))
    return str(_("Waiting for confirmation"))


def register() -> None:
    pd.register(
        Cycle,
        "lead",
        key="cycles_led",
        title=_("Work you lead"),
        owned=False,
        columns=[
            ("cycle", _("Work"), "title"),
            ("organisation", _("Organisation"), "organisation.name"),
        ],
        related=("organisation",),
    )
    pd.register(
        Cycle,
        "team",
        key="cycle_teams",
        title=_("Teams you are in"),
        owned=False,
        columns=[
            ("cycle", _("Work"), "title"),
            ("organisation", _("Organisation"), "organisation.name"),
        ],
        related=("organisation",),
    )
    pd.register(
        Activity,
        "lead",
        key="activities_led",
        title=_("Activities you lead"),
        owned=False,
        columns=[
            ("activity", _("Activity"), "title"),
            ("cycle", _("Work"), "cycle.title"),
        ],
        related=("cycle",),
    )
    pd.register(
        ActivityAttachment,
        "uploaded_by",
        key="files_uploaded",
        title=_("Files you added"),
        owned=False,
        columns=[
            ("file", _("File"), "title"),
            ("activity", _("Activity"), "activity.title"),
            ("when", _("When"), "uploaded_at"),
        ],
        related=("activity",),
    )
    decision_columns: list[tuple[str, Any, Any]] = [
        ("decision", _("Decision"), "title"),
        ("cycle", _("Work"), "cycle.title"),
        ("decided_on", _("Date decided"), "decided_on"),
        ("state", _("State"), _state),
        ("confirmed", _("Confirmed"), "confirmed_at"),
    ]
    pd.register(
        Decision,
        # A confirmation is always by the person who decided or the board's
        # chair (the database checks), so it is listed with them.
        ("decided_by", "board_chair", "confirmed_by"),
        key="decisions_in_your_name",
        title=_("Decisions in your name"),
        owned=False,
        columns=[
            *decision_columns,
            ("board", _("As chair of"), "decided_by_body"),
        ],
        erase=pd.REFUSE,
        related=("cycle",),
        order_by=("decided_on", "pk"),
    )
    pd.register(
        Decision,
        "recorded_by",
        key="decisions_recorded",
        title=_("Decisions you recorded"),
        owned=False,
        columns=decision_columns,
        related=("cycle",),
        order_by=("decided_on", "pk"),
    )
    pd.register(
        GateAttestation,
        "attested_by",
        key="checks_confirmed",
        title=_("Checks you confirmed before work moved on"),
        owned=False,
        columns=[
            ("check", _("Check"), "gate_check.title"),
            ("cycle", _("Work"), "cycle.title"),
            ("evidence", _("Evidence"), "evidence"),
            ("when", _("When"), "attested_at"),
        ],
        erase=pd.REFUSE,
        related=("gate_check", "cycle"),
    )
    pd.register(
        Risk,
        "owner",
        key="risks_owned",
        title=_("Risks you own"),
        owned=False,
        columns=[
            ("risk", _("Risk"), "description"),
            ("cycle", _("Work"), "cycle.title"),
            ("review", _("Next review"), "review_date"),
        ],
        related=("cycle",),
    )
