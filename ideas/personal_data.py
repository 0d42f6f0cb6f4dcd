"""What people raised, supported, commented on and reported, for their copy of
their data and for erasure (registered with the core from ``IdeasConfig.ready``).

Erasure keeps what others replied to or supported, without the person: the item or
comment stays, its words replaced, so a thread still reads and a recorded need
keeps the link back to where it came from. Supports and reports go with the
account."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocommission.accounts import personal_data as pd

from .models import Comment, CommentReport, Idea, Support


def register() -> None:
    # Rows under a person's own items that are other people's, and stay with the
    # anonymised item when the person is erased.
    pd.exclude(
        Support,
        "idea",
        reason="other people's supports of the item; the item stays, anonymised",
    )
    pd.exclude(
        Comment,
        "idea",
        reason="other people's comments on the item; the item stays, anonymised",
    )
    pd.exclude(
        CommentReport,
        "comment",
        reason="other people's reports of the comment, which the team needs",
    )
    pd.register(
        Idea,
        "author",
        key="ideas_raised",
        title=_("Needs and ideas you raised"),
        columns=[
            ("work", _("Work"), "cycle.title"),
            ("kind", _("Need or idea"), "get_kind_display"),
            ("title", _("Title"), "title"),
            ("body", _("What you said"), "body"),
            ("groups", _("Groups it concerns"), "groups"),
            ("anonymous", _("Posted anonymously"), "anonymous"),
            ("status", _("Status"), "get_status_display"),
            ("reason", _("The team's reason"), "reason"),
            ("when", _("When"), "created_at"),
        ],
        erase=pd.anonymise(
            title=pd.ERASED_TEXT, body=pd.ERASED_TEXT, groups="", anonymous=True
        ),
        related=("cycle",),
    )
    pd.register(
        Idea,
        "moderated_by",
        key="ideas_moderated",
        title=_("Needs and ideas you moderated"),
        owned=False,
        columns=[
            ("work", _("Work"), "cycle.title"),
            ("title", _("Title"), "title"),
            ("status", _("Status"), "get_status_display"),
            ("when", _("When"), "moderated_at"),
        ],
        related=("cycle",),
    )
    pd.register(
        Support,
        "user",
        key="ideas_supported",
        title=_("Needs and ideas you support"),
        columns=[
            ("title", _("Title"), "idea.title"),
            ("when", _("When"), "created_at"),
        ],
        related=("idea",),
    )
    pd.register(
        Comment,
        "author",
        key="idea_comments",
        title=_("Your comments on needs and ideas"),
        columns=[
            ("title", _("On"), "idea.title"),
            ("comment", _("Your comment"), "body"),
            ("status", _("Status"), "get_status_display"),
            ("when", _("When"), "created_at"),
        ],
        erase=pd.anonymise(body=pd.ERASED_TEXT),
        related=("idea",),
    )
    pd.register(
        CommentReport,
        "reporter",
        key="comment_reports",
        title=_("Comments you reported"),
        columns=[
            ("comment", _("Comment"), "comment.body"),
            ("reason", _("Your reason"), "reason"),
            ("when", _("When"), "created_at"),
        ],
        related=("comment",),
    )
