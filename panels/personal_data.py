"""What panels hold about a person, for their copy of their data and for
erasure (registered with the core from ``PanelsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import (
    Attendance,
    CalendarFeed,
    ConsentRecord,
    Contribution,
    PanelDraw,
    PanelMember,
    PoolMember,
    Profile,
    ProfileAnswer,
    Residence,
    Selection,
    TopicInterest,
    Volunteer,
)


def register() -> None:
    pd.register(
        CalendarFeed,
        "user",
        key="calendar_feed",
        title=_("Your secret calendar address"),
        columns=[("made", _("Made on"), "created_at")],
    )
    pd.register(
        ConsentRecord,
        "user",
        key="consents",
        title=_("What you agreed to"),
        columns=[
            ("organisation", _("Organisation"), "organisation.name"),
            ("purpose", _("For"), "get_purpose_display"),
            ("given", _("Agreed"), "given"),
            ("wording", _("The words you agreed to"), "wording"),
            ("wording_version", _("Version of the words"), "version"),
            ("when", _("When"), "recorded_at"),
        ],
        related=("organisation",),
        order_by=("recorded_at", "pk"),
    )
    pd.register(
        ProfileAnswer,
        "user",
        key="profile_answers",
        title=_("About you"),
        columns=[
            ("organisation", _("Organisation"), "category.organisation.name"),
            ("question", _("Question"), "category.name"),
            (
                "answer",
                _("Your answer"),
                lambda a: a.value.label if a.value else _("Prefer not to say"),
            ),
        ],
        related=("category__organisation", "value"),
    )
    pd.register(
        Profile,
        "user",
        key="profile",
        title=_("How you like to take part"),
        columns=[
            ("languages", _("Languages you speak"), "languages"),
            ("availability", _("When you can take part"), "get_availability_display"),
            ("access_needs", _("What helps you take part"), "get_access_needs_display"),
        ],
        parts=[
            pd.Part(
                "lived_experience",
                "lived_experience_of",
                _("Services you know from experience"),
                lambda area: area.name,
            )
        ],
    )
    pd.register(
        TopicInterest,
        "user",
        key="topic_interest",
        title=_("How much you know and care about a piece of work"),
        columns=[
            ("cycle", _("Work"), "cycle.title"),
            ("knowledge", _("How much you know (of 5)"), "knowledge"),
            ("care", _("How much you care (of 5)"), "care"),
        ],
        related=("cycle",),
    )
    pd.register(
        Residence,
        "user",
        key="checked_residence",
        title=_("Where you live, as checked by an organisation"),
        columns=[
            ("organisation", _("Organisation"), "organisation.name"),
            ("area", _("Area"), "area.label"),
            ("how_checked", _("How it was checked"), "get_method_display"),
            ("when", _("When"), "checked_at"),
        ],
        related=("organisation", "area"),
    )
    pd.exclude(
        Residence,
        "checked_by",
        # Whose address a team member checked is that resident's data (in their
        # copy), not the checker's; the checker's name goes with the account.
        reason="another person's address, in that person's copy",
    )
    pd.register(
        PanelMember,
        "user",
        key="panel_seats",
        title=_("Your seats on panels"),
        columns=[
            ("panel", _("Panel"), "panel.name"),
            ("organisation", _("Organisation"), "panel.organisation.name"),
            ("status", _("Status"), "get_status_display"),
            ("term_starts", _("Term starts"), "term_starts"),
            ("term_ends", _("Term ends"), "term_ends"),
        ],
        # Erasure keeps the seat, unlinked, so a panel's history still adds up.
        related=("panel__organisation",),
    )
    pd.register(
        Volunteer,
        "user",
        key="volunteered_for",
        title=_("Panels you volunteered for"),
        columns=[
            ("panel", _("Panel"), "panel.name"),
            ("since", _("Since"), "created_at"),
        ],
        related=("panel",),
    )
    pd.register(
        PanelDraw,
        "requested_by",
        key="panel_draws_asked",
        title=_("Random draws for panels you asked for"),
        owned=False,
        columns=[
            ("panel", _("Panel"), "panel.name"),
            ("when", _("When"), "created_at"),
            ("state", _("State"), "get_status_display"),
        ],
        related=("panel",),
    )
    pd.register(
        PoolMember,
        "user",
        key="organisation_pools",
        title=_("Organisations whose panels may consider you"),
        columns=[
            ("organisation", _("Organisation"), "organisation.name"),
            ("consented_at", _("You agreed on"), "consented_at"),
        ],
        related=("organisation",),
    )
    pd.register(
        Attendance,
        "user",
        key="meetings",
        title=_("Meetings you were part of"),
        columns=[
            ("meeting", _("Meeting"), "meeting.title"),
            ("panel", _("Panel"), "meeting.panel.name"),
            ("when", _("When"), "meeting.starts_at"),
            ("attended", _("You came"), "attended"),
            (
                "access_needs_met",
                _("Were your access needs met?"),
                "get_access_needs_met_display",
            ),
        ],
        # Erasure keeps the row, unlinked, so attendance counts stay right.
        related=("meeting__panel",),
        order_by=("meeting__starts_at", "pk"),
    )
    pd.register(
        Contribution,
        "user",
        key="hours_given",
        title=_("Time you gave"),
        columns=[
            ("organisation", _("Organisation"), "organisation.name"),
            ("kind", _("What you did"), "get_kind_display"),
            ("hours", _("Hours"), "hours"),
            ("when", _("Date"), "given_on"),
            ("note", _("Note"), "note"),
        ],
        erase=pd.anonymise(note=""),
        related=("organisation",),
    )
    pd.register(
        Selection,
        "run_by",
        key="panel_draws",
        title=_("Random draws for panels you ran"),
        owned=False,
        columns=[
            ("panel", _("Panel"), "panel.name"),
            ("when", _("When"), "created_at"),
            ("seats", _("Seats to fill"), "size"),
        ],
        related=("panel",),
    )
