"""What happens to a need or idea a citizen raised: raising it, the team's
moderation, turning it into a recorded need, supports and comments."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.notifications.services import absolute_url, deliver
from cycles.models import Cycle, Need, Status, Visibility
from cycles.services import need_save

from .models import (
    Comment,
    CommentReport,
    CommentStatus,
    Idea,
    IdeaStatus,
    Support,
)

#: The kind of e-mail (a NotificationSettings field) a person's answer from the
#: team comes under: what was decided about what they said.
EMAIL_KIND = "decisions"

#: The same words posted again by the same person within this time are taken as
#: the same comment (a double press, a resent form), not a new one.
SAME_COMMENT_WINDOW = datetime.timedelta(minutes=10)


def _open_cycle(cycle: Cycle) -> None:
    if cycle.visibility != Visibility.PUBLIC or cycle.status == Status.CLOSED:
        raise ValidationError(_("This work is not taking needs and ideas now."))


@transaction.atomic
def idea_raise(
    *,
    cycle: Cycle,
    author: User,
    kind: str,
    title: str,
    body: str,
    groups: str = "",
    anonymous: bool = False,
) -> Idea:
    """A signed-in person raises a need or idea; it waits for the team."""
    _open_cycle(cycle)
    idea = Idea(
        cycle=cycle,
        author=author,
        kind=kind,
        title=title,
        body=body,
        groups=groups,
        anonymous=anonymous,
    )
    idea.full_clean()
    idea.save()
    return idea


def _moderated(idea: Idea, by: User, status: str, reason: str) -> None:
    idea.status = status
    idea.reason = reason
    idea.moderated_by = by
    idea.moderated_at = timezone.now()
    idea._change_reason = reason  # type: ignore[attr-defined]


@transaction.atomic
def idea_publish(
    *,
    idea: Idea,
    by: User,
    reason: str = "",
    title: str | None = None,
    body: str | None = None,
) -> Idea:
    """Publish an item, with personal data edited out of its words if need be
    (the words as written stay in its history, for the team only)."""
    if (
        title is not None
        and body is not None
        and (title != idea.title or body != idea.body)
    ):
        if not reason.strip():
            raise ValidationError(
                {"reason": _("Say what you edited out, for the record")}
            )
        idea.title, idea.body = title, body
        idea.redacted = True
    _moderated(idea, by, IdeaStatus.PUBLISHED, reason)
    idea.was_published = True
    idea.full_clean()
    idea.save()
    return idea


@transaction.atomic
def idea_hide(*, idea: Idea, by: User, reason: str) -> Idea:
    """Take an item out of public view, with the reason on record."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you are hiding it")})
    _moderated(idea, by, IdeaStatus.HIDDEN, reason)
    idea.full_clean()
    idea.save()
    return idea


def _tell(idea: Idea, key: str, subject: str, body: str) -> None:
    if idea.author is None:
        return
    deliver(
        user=idea.author,
        key=key,
        kind=EMAIL_KIND,
        subject=subject,
        body=body,
        organisation=idea.cycle.organisation,
    )


def public_url(idea: Idea) -> str:
    return absolute_url(
        reverse(
            "ideas:detail",
            kwargs={"org_slug": idea.cycle.organisation.slug, "idea_pk": idea.pk},
        )
    )


@transaction.atomic
def idea_close(*, idea: Idea, by: User, reason: str) -> Idea:
    """Close an item with a reason; the person who raised it is told why.

    Closing never un-hides: a closed item is public only if it was public when
    it was closed, so one the team hid (or never published) stays out of view."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the person can be told")})
    if idea.status not in (IdeaStatus.PUBLISHED, IdeaStatus.CLOSED):
        idea.was_published = False
    _moderated(idea, by, IdeaStatus.CLOSED, reason)
    idea.full_clean()
    idea.save()
    _tell(
        idea,
        f"idea-closed-{idea.pk}",
        _("What you raised has been closed: %(title)s") % {"title": idea.title},
        _(
            "You raised “%(title)s” on “%(cycle)s”. The team has closed it, and "
            "told us why:\n\n%(reason)s\n\nThank you for taking part."
        )
        % {"title": idea.title, "cycle": idea.cycle.title, "reason": reason},
    )
    return idea


def publish_first() -> str:
    """Why an item not published yet cannot be recorded as a need."""
    return _(
        "Publish it first, after checking it for personal details: only a "
        "published item can be recorded as a need."
    )


@transaction.atomic
def idea_record_need(
    *, idea: Idea, need: Need, by: User, outcomes: Iterable[Any] | None = None
) -> Need:
    """Turn a raised need into a need the cycle records, linked back to what was
    raised; the person who raised it is told.

    Only a published item: "you said, we did" shows the citizen's words, and only
    words the team checked for personal details may be shown."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.need_id is not None:
        raise ValidationError(_("This has already been recorded as a need."))
    if idea.status != IdeaStatus.PUBLISHED:
        raise ValidationError(publish_first())
    need.cycle = idea.cycle
    need_save(need=need, by=by, outcomes=outcomes)
    idea.need = need
    idea.save()
    _tell(
        idea,
        f"idea-need-{idea.pk}",
        _("What you raised is now a recorded need: %(title)s") % {"title": idea.title},
        _(
            "You raised “%(title)s” on “%(cycle)s”. The team has recorded it as a "
            "need the work will consider:\n\n%(need)s\n\nSee it here: %(url)s"
        )
        % {
            "title": idea.title,
            "cycle": idea.cycle.title,
            "need": need.statement,
            "url": public_url(idea),
        },
    )
    return need


def _published(idea: Idea) -> None:
    if idea.status != IdeaStatus.PUBLISHED:
        raise ValidationError(_("This is not open for support or comments."))


def support_set(*, idea: Idea, user: User, supports: bool) -> None:
    """Support an item, or take the support back. The page posts what the person
    wants (not "toggle"), so a repeated or doubled request does the same thing.
    Two requests at once store one support at most: the database's unique
    constraint decides, and the loser's insert is a no-op."""
    _published(idea)
    if not supports:
        Support.objects.filter(idea=idea, user=user).delete()
        return
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=user)
    except IntegrityError:
        pass  # stored already, perhaps by a parallel request: the person supports it.


@transaction.atomic
def comment_add(
    *, idea: Idea, author: User, body: str, parent: Comment | None = None
) -> Comment:
    """Comment on a published item, or reply to a comment (not to a reply).

    A double press, or the same form sent again, posts one comment: the item is
    locked while its comments are checked, and the same words from the same
    person in the same place within a few minutes are the comment already
    posted."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    _published(idea)
    if parent is not None and (parent.idea_id != idea.pk or parent.parent_id):
        raise ValidationError({"parent": _("You can only reply to a comment")})
    posted = Comment.objects.filter(
        idea=idea,
        author=author,
        parent=parent,
        body=body,
        created_at__gte=timezone.now() - SAME_COMMENT_WINDOW,
    ).first()
    if posted is not None:
        return posted
    comment = Comment(idea=idea, author=author, body=body, parent=parent)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, reporter: User, reason: str) -> CommentReport:
    """Report a comment as abusive; it goes to the team's queue. One report per
    person: once the team has kept the comment, the same person reporting it
    again does not put it back on the queue (someone new still can)."""
    report, created = CommentReport.objects.get_or_create(
        comment=comment, reporter=reporter, defaults={"reason": reason}
    )
    if created and comment.status == CommentStatus.PUBLISHED:
        comment.status = CommentStatus.REPORTED
        comment.save(update_fields=["status"])
    return report


@transaction.atomic
def comment_hide(*, comment: Comment, by: User, reason: str) -> Comment:
    """The team hides a comment, with the reason on record."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you are hiding it")})
    comment.status = CommentStatus.HIDDEN
    comment.reason = reason
    comment._change_reason = reason  # type: ignore[attr-defined]
    comment.save()
    return comment


@transaction.atomic
def comment_keep(*, comment: Comment, by: User) -> Comment:
    """The team finds a reported comment fine: it stays up, off the queue."""
    comment.status = CommentStatus.PUBLISHED
    comment.save()
    return comment
