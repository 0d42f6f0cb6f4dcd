"""The team's side: the moderation queue, publishing (with personal data edited
out), hiding, closing with a reason, turning a raised need into a recorded need,
and hiding reported comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from cycles.forms.need import NeedForm
from cycles.models import Need

from ..access import team_comment, team_idea, team_organisation
from ..forms import PublishForm, ReasonForm
from ..models import Comment, CommentStatus, Idea, IdeaStatus, Kind
from ..services import (
    comment_hide,
    comment_keep,
    idea_close,
    idea_hide,
    idea_publish,
    idea_record_need,
    publish_first,
)

#: Items on one page of the queue.
PER_PAGE = 50


@login_required
@require_safe
def queue(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """Everything raised on the organisation's cycles, waiting items first by
    default; filter by state, search the words, and the reported comments."""
    organisation = team_organisation(request, org_slug)
    status = request.GET.get("status", IdeaStatus.WAITING)
    if status not in IdeaStatus.values and status != "all":
        status = IdeaStatus.WAITING
    query = request.GET.get("q", "").strip()[:100]
    items = Idea.objects.filter(cycle__organisation=organisation)
    counts = dict(items.order_by().values_list("status").annotate(n=Count("pk")))
    if status != "all":
        items = items.filter(status=status)
    if query:
        items = items.filter(Q(title__icontains=query) | Q(body__icontains=query))
    page = Paginator(
        items.select_related("cycle", "author").order_by("-created_at", "-pk"),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "ideas/queue.html",
        {
            "organisation": organisation,
            "page": page,
            "status": status,
            "query": query,
            "filters": [
                (value, label, counts.get(value, 0))
                for value, label in IdeaStatus.choices
            ],
            "reported": Comment.objects.filter(
                idea__cycle__organisation=organisation,
                status=CommentStatus.REPORTED,
            )
            .select_related("idea", "author")
            .prefetch_related("reports")
            .order_by("created_at", "pk")[:50],
        },
    )


def _moderate_url(idea: Idea) -> str:
    return reverse(
        "ideas:moderate",
        kwargs={"org_slug": idea.cycle.organisation.slug, "idea_pk": idea.pk},
    )


@login_required
@require_safe
def moderate(request: AuthedHttpRequest, org_slug: str, idea_pk: int) -> HttpResponse:
    """One item for the team: who raised it, its words as first written, what
    was done with it and why."""
    idea = team_idea(request, org_slug, idea_pk)
    return render(
        request,
        "ideas/moderate.html",
        {
            "organisation": idea.cycle.organisation,
            "idea": idea,
            "history": idea.history.select_related("history_user").order_by(
                "history_date", "history_id"
            ),
            "can_record_need": idea.kind == Kind.NEED
            and idea.need_id is None
            and idea.status == IdeaStatus.PUBLISHED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthedHttpRequest, org_slug: str, idea_pk: int) -> HttpResponse:
    """Publish an item, editing personal data out of it first if need be."""
    idea = team_idea(request, org_slug, idea_pk)
    form = PublishForm(
        request.POST or None, initial={"title": idea.title, "body": idea.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            idea_publish(
                idea=idea,
                by=request.user,
                reason=form.cleaned_data["reason"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Published."))
            return redirect(_moderate_url(idea))
    return form_page(
        request,
        organisation=idea.cycle.organisation,
        form=form,
        title=_("Publish"),
        caption=idea.title,
        intro=_(
            "Check it for personal details before it goes on the public page. If "
            "you change the words, say what you changed."
        ),
        button=_("Publish"),
        cancel_url=_moderate_url(idea),
        status=400 if form.errors else 200,
    )


def _with_reason(
    request: AuthedHttpRequest,
    idea: Idea,
    *,
    action: Callable[..., Any],
    title: str,
    intro: str,
    label: str,
    done: str,
) -> HttpResponse:
    form = ReasonForm(request.POST or None, label=label)
    if request.method == "POST" and form.is_valid():
        try:
            action(idea=idea, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_moderate_url(idea))
    return form_page(
        request,
        organisation=idea.cycle.organisation,
        form=form,
        title=title,
        caption=idea.title,
        intro=intro,
        button=title,
        cancel_url=_moderate_url(idea),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def hide(request: AuthedHttpRequest, org_slug: str, idea_pk: int) -> HttpResponse:
    """Take an item out of public view, with a reason for the record."""
    return _with_reason(
        request,
        team_idea(request, org_slug, idea_pk),
        action=idea_hide,
        title=_("Hide it"),
        intro=_("It will not be shown to the public. The reason stays on record."),
        label=_("Why are you hiding it?"),
        done=_("Hidden."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: AuthedHttpRequest, org_slug: str, idea_pk: int) -> HttpResponse:
    """Close an item with a reason the person is told by e-mail."""
    return _with_reason(
        request,
        team_idea(request, org_slug, idea_pk),
        action=idea_close,
        title=_("Close it"),
        intro=_(
            "We will e-mail the person who raised it with your reason, if they "
            "get e-mails about decisions. Write it for them, in plain words."
        ),
        label=_("Why is it closed?"),
        done=_("Closed. The person has been told why."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_need(
    request: AuthedHttpRequest, org_slug: str, idea_pk: int
) -> HttpResponse:
    """Turn a raised need into a need the cycle records, from a prefilled form."""
    idea = team_idea(request, org_slug, idea_pk)
    if request.method == "GET" and idea.status != IdeaStatus.PUBLISHED:
        messages.error(request, publish_first())
        return redirect(_moderate_url(idea))
    cycle = idea.cycle
    form = NeedForm(
        request.POST or None,
        instance=Need(cycle=cycle),
        cycle=cycle,
        initial={
            "statement": idea.title if len(idea.body) > 300 else idea.body,
            "raised_by": _("A citizen, on the public page"),
            "how_many": 1,
            "groups": idea.groups,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            idea_record_need(
                idea=idea,
                need=form.save(commit=False),
                by=request.user,
                outcomes=form.cleaned_data["outcomes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Recorded as a need. The person who raised it is told.")
            )
            return redirect(_moderate_url(idea))
    return form_page(
        request,
        organisation=cycle.organisation,
        cycle=cycle,
        form=form,
        title=_("Record it as a need"),
        caption=idea.title,
        intro=_(
            "The need links back to what the person raised, and “you said, we "
            "did” shows it. Edit out any personal details."
        ),
        button=_("Record the need"),
        cancel_url=_moderate_url(idea),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_hide_view(
    request: AuthedHttpRequest, org_slug: str, comment_pk: int
) -> HttpResponse:
    """Hide a comment, with a reason for the record."""
    found = team_comment(request, org_slug, comment_pk)
    form = ReasonForm(request.POST or None, label=_("Why are you hiding it?"))
    queue_url = reverse("ideas:queue", kwargs={"org_slug": org_slug})
    if request.method == "POST" and form.is_valid():
        comment_hide(comment=found, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Comment hidden."))
        return redirect(queue_url)
    return form_page(
        request,
        organisation=found.idea.cycle.organisation,
        form=form,
        title=_("Hide a comment"),
        caption=found.idea.title,
        intro=_("The comment: “%(body)s”") % {"body": found.body},
        button=_("Hide it"),
        cancel_url=queue_url,
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def comment_keep_view(
    request: AuthedHttpRequest, org_slug: str, comment_pk: int
) -> HttpResponse:
    """A reported comment is fine: it stays up and leaves the queue."""
    found = team_comment(request, org_slug, comment_pk)
    comment_keep(comment=found, by=request.user)
    messages.success(request, _("The comment stays up."))
    return redirect("ideas:queue", org_slug=org_slug)
