"""Finding what was raised, for a request: 404 to anyone who may not see it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django_ratelimit.core import is_ratelimited

from cocommission.organisations.models import Organisation
from cycles.models import Cycle, Status, Visibility

from .models import Comment, Idea


def public_cycle(org_slug: str, pk: int, *, open_only: bool = False) -> Cycle:
    """A public cycle of the organisation (open for new items, if asked)."""
    cycles = Cycle.objects.filter(
        visibility=Visibility.PUBLIC, organisation__slug=org_slug
    )
    if open_only:
        cycles = cycles.exclude(status=Status.CLOSED)
    return get_object_or_404(cycles.select_related("organisation"), pk=pk)


def public_idea(org_slug: str, idea_pk: int) -> Idea:
    """An item anyone may read."""
    return get_object_or_404(
        Idea.objects.published()
        .filter(cycle__organisation__slug=org_slug)
        .select_related("cycle__organisation", "author", "need"),
        pk=idea_pk,
    )


def team_organisation(request: HttpRequest, org_slug: str) -> Organisation:
    """The organisation whose queue this is: 404 outside its team, 403 to a team
    member who does not moderate."""
    if not request.user.is_authenticated:
        raise Http404
    organisation = get_object_or_404(
        Organisation.objects.filter(memberships__user_id=request.user.pk),
        slug=org_slug,
    )
    if not request.user.has_perm("ideas.view_queue", organisation):
        if not request.user.has_perm("organisations.view_dashboard", organisation):
            raise Http404
        raise PermissionDenied
    return organisation


def team_idea(request: HttpRequest, org_slug: str, idea_pk: int) -> Idea:
    """An item for its moderators: 404 outside the team, 403 to the wrong role."""
    idea = get_object_or_404(
        Idea.objects.for_team(request.user)
        .filter(cycle__organisation__slug=org_slug)
        .select_related("cycle__organisation", "author", "moderated_by", "need"),
        pk=idea_pk,
    )
    if not request.user.has_perm("ideas.moderate", idea):
        raise PermissionDenied
    return idea


def team_comment(request: HttpRequest, org_slug: str, comment_pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.filter(
            idea__in=Idea.objects.for_team(request.user).filter(
                cycle__organisation__slug=org_slug
            )
        ).select_related("idea__cycle__organisation", "author"),
        pk=comment_pk,
    )
    if not request.user.has_perm("ideas.moderate", comment.idea):
        raise PermissionDenied
    return comment


def over_limit(request: HttpRequest) -> bool:
    """Whether the signed-in person has posted too much about needs and ideas."""
    return is_ratelimited(
        request,
        group="ideas-post",
        key="user",
        rate=settings.RATELIMIT_IDEAS_POST_RATE,
        increment=True,
    )
