"""What citizens and the public see: raising a need or idea, the published ones
of a public cycle, supporting and commenting, reporting abuse, and a person's
own list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cocommission.disclosure import shown
from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.models import Membership
from cocommission.pages.views import rate_limited
from cocommission.parsing import id_param
from cycles.models import Cycle, Status, Visibility

from ..access import over_limit, public_cycle, public_idea
from ..forms import CommentForm, RaiseForm, ReasonForm
from ..models import Comment, Idea, Support
from ..services import comment_add, comment_report, idea_raise, support_set


def _detail_url(idea: Idea) -> str:
    return reverse(
        "ideas:detail",
        kwargs={"org_slug": idea.cycle.organisation.slug, "idea_pk": idea.pk},
    )


@require_safe
def cycle_ideas(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The needs and ideas people raised on a public cycle, as published."""
    cycle = public_cycle(org_slug, pk)
    ideas = list(
        Idea.objects.published()
        .filter(cycle=cycle)
        .with_support_count()
        .select_related("author")
        .order_by("-created_at", "-pk")[:200]
    )
    for idea in ideas:
        idea.support_shown = shown(idea.support_count)  # type: ignore[attr-defined]
    return render(
        request,
        "ideas/cycle_ideas.html",
        {
            "cycle": cycle,
            "ideas": ideas,
            "can_raise": cycle.status != Status.CLOSED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def raise_idea(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """A signed-in person raises a need or idea on a public cycle."""
    cycle = public_cycle(org_slug, pk, open_only=True)
    form = RaiseForm(request.POST or None, organisation=cycle.organisation)
    if request.method == "POST":
        if over_limit(request):
            return rate_limited(request)
        if form.is_valid():
            try:
                idea_raise(
                    cycle=cycle,
                    author=request.user,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    groups=form.groups_text(),
                    anonymous=form.cleaned_data["anonymous"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. The team will read it and publish it soon. "
                        "You can see it here in the meantime."
                    ),
                )
                return redirect("ideas:mine")
    return form_page(
        request,
        form=form,
        title=_("Raise a need or an idea"),
        caption=cycle.title,
        intro=_(
            "Tell us in your own words. The team reads everything before it is "
            "published, and may take out personal details."
        ),
        button=_("Send it to the team"),
        cancel_url=reverse(
            "ideas:cycle_ideas", kwargs={"org_slug": org_slug, "pk": pk}
        ),
        status=400 if form.errors else 200,
    )


def _detail(
    request: HttpRequest,
    idea: Idea,
    comment_form: CommentForm | None = None,
    reply_to: int | None = None,
    status: int = 200,
) -> HttpResponse:
    count = Support.objects.filter(idea=idea).count()
    user = request.user
    supports = (
        user.is_authenticated
        and Support.objects.filter(idea=idea, user_id=user.pk).exists()
    )
    comments = (
        idea.comments.shown()
        .filter(parent=None)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Comment.objects.shown().select_related("author"),
                to_attr="reply_list",
            )
        )
    )
    return render(
        request,
        "ideas/idea_detail.html",
        {
            "idea": idea,
            "cycle": idea.cycle,
            "support_shown": shown(count),
            "supports": supports,
            "comments": comments,
            # A failed reply shows beside its comment; the main form stays blank.
            "comment_form": (comment_form if reply_to is None else None)
            or CommentForm(),
            "reply_form": comment_form if reply_to is not None else None,
            "error_form": comment_form,
            "reply_to": reply_to,
            "open": idea.status == "published",
        },
        status=status,
    )


@require_safe
def idea_detail(request: HttpRequest, org_slug: str, idea_pk: int) -> HttpResponse:
    """One published need or idea, its supports and comments."""
    return _detail(request, public_idea(org_slug, idea_pk))


@login_required
@require_POST
def support(request: AuthedHttpRequest, org_slug: str, idea_pk: int) -> HttpResponse:
    """Support an item, or take the support back (``supports`` is 1 or 0)."""
    idea = public_idea(org_slug, idea_pk)
    if over_limit(request):
        return rate_limited(request)
    wanted = request.POST.get("supports") == "1"
    try:
        support_set(idea=idea, user=request.user, supports=wanted)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You support this.") if wanted else _("You no longer support this."),
        )
    return redirect(_detail_url(idea))


@login_required
@require_POST
def comment(request: AuthedHttpRequest, org_slug: str, idea_pk: int) -> HttpResponse:
    """Comment on an item, or reply to a comment (``parent``)."""
    idea = public_idea(org_slug, idea_pk)
    if over_limit(request):
        return rate_limited(request)
    parent_pk = id_param(request.POST, "parent")
    parent = (
        Comment.objects.shown().filter(idea=idea, pk=parent_pk).first()
        if parent_pk
        else None
    )
    form = CommentForm(request.POST, prefix=f"reply-{parent_pk}" if parent else None)
    if form.is_valid():
        try:
            added = comment_add(
                idea=idea,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=parent,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect(f"{_detail_url(idea)}#comment-{added.pk}")
    return _detail(
        request,
        idea,
        comment_form=form,
        reply_to=parent.pk if parent else None,
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request: AuthedHttpRequest, org_slug: str, comment_pk: int) -> HttpResponse:
    """Report a comment as abusive, with a reason; it goes to the team."""
    found = get_object_or_404(
        Comment.objects.shown()
        .filter(idea__in=Idea.objects.published())
        .filter(idea__cycle__organisation__slug=org_slug)
        .select_related("idea__cycle__organisation"),
        pk=comment_pk,
    )
    form = ReasonForm(request.POST or None, label=_("What is wrong with this comment?"))
    if request.method == "POST":
        if over_limit(request):
            return rate_limited(request)
        if form.is_valid():
            comment_report(
                comment=found,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request, _("Thank you. The team will look at this comment.")
            )
            return redirect(_detail_url(found.idea))
    return form_page(
        request,
        form=form,
        title=_("Report a comment"),
        caption=found.idea.title,
        intro=_("You are reporting this comment: “%(body)s”") % {"body": found.body},
        button=_("Report it"),
        cancel_url=_detail_url(found.idea),
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def mine(request: AuthedHttpRequest) -> HttpResponse:
    """What the person raised, with where each stands, and where they can raise
    something new."""
    orgs = Membership.objects.filter(user=request.user).values("organisation_id")
    return render(
        request,
        "ideas/mine.html",
        {
            "ideas": Idea.objects.filter(author=request.user)
            .select_related("cycle__organisation", "need")
            .order_by("-created_at", "-pk"),
            "cycles": Cycle.objects.filter(
                visibility=Visibility.PUBLIC, organisation_id__in=orgs
            )
            .exclude(status=Status.CLOSED)
            .select_related("organisation")
            .order_by("organisation__name", "title"),
        },
    )
