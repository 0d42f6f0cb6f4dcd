"""Workflows of taking part: consent, profiles, volunteering, seats and selection.

One module per topic; the workflows are re-exported here."""

from __future__ import annotations

from .draw import (
    ChanceRow,
    ChanceTable,
    RepeatCheck,
    chance_table,
    draw_from_snapshot,
    selection_repeat,
)
from .draw_job import panel_draw_ask, panel_draw_run, panel_draw_running
from .panel import (
    organisation_pool_leave,
    panel_invite,
    panel_join,
    panel_join_with_consent,
    panel_member_respond,
    panel_member_step_down,
    panel_save,
    panel_seat_next_reserve,
    panels_carry_over,
)
from .profile import (
    categories_ensure_defaults,
    category_save,
    consent_record,
    consent_required,
    next_position,
    profile_answers_save,
    profile_save,
)
from .quota import (
    QUOTA_CSV_HEADER,
    FreeSeats,
    PoolSources,
    panel_free_seats,
    panel_pool,
    panel_pool_sources,
    panel_quota_rules,
    panel_seated_answers,
    panel_select_members,
    quotas_export_csv,
    quotas_import_csv,
)

__all__ = [
    "QUOTA_CSV_HEADER",
    "ChanceRow",
    "ChanceTable",
    "RepeatCheck",
    "chance_table",
    "draw_from_snapshot",
    "panel_draw_ask",
    "panel_draw_run",
    "panel_draw_running",
    "selection_repeat",
    "FreeSeats",
    "categories_ensure_defaults",
    "category_save",
    "consent_record",
    "consent_required",
    "next_position",
    "panel_invite",
    "panel_join",
    "panel_join_with_consent",
    "panel_member_respond",
    "panel_member_step_down",
    "panel_free_seats",
    "panel_pool",
    "panel_pool_sources",
    "panel_quota_rules",
    "organisation_pool_leave",
    "PoolSources",
    "panel_save",
    "panel_seat_next_reserve",
    "panel_seated_answers",
    "panel_select_members",
    "panels_carry_over",
    "profile_answers_save",
    "profile_save",
    "quotas_export_csv",
    "quotas_import_csv",
]
