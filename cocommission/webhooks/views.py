"""An organisation's webhook endpoints: add, change, see the delivery log,
regenerate the secret, resume, remove and replay. Admins only; others in the
organisation get 403, outsiders 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocommission.forms import add_service_errors, form_page
from cocommission.http import AuthedHttpRequest
from cocommission.organisations.access import organisation_for

from .forms import EndpointForm
from .models import Delivery, Endpoint
from .services import (
    delivery_replay,
    endpoint_regenerate_secret,
    endpoint_resume,
    endpoint_save,
)
from .signing import TOLERANCE

PERM = "webhooks.manage_webhooks"
#: Deliveries shown on an endpoint's page, newest first.
LOG_SIZE = 50
ONCE = "webhook_shown_once"  # the session key of a secret to show once


def _endpoint(request: AuthedHttpRequest, org_slug: str, pk: int) -> Endpoint:
    organisation = organisation_for(request, org_slug, PERM)
    return get_object_or_404(
        Endpoint.objects.filter(organisation=organisation).select_related(
            "organisation"
        ),
        pk=pk,
    )


def _show_secret_once(request: AuthedHttpRequest, endpoint: Endpoint) -> None:
    request.session[ONCE] = {"pk": endpoint.pk, "secret": endpoint.secret}


@login_required
@require_http_methods(["GET", "HEAD"])
def endpoint_list(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, PERM)
    endpoints = Endpoint.objects.filter(organisation=organisation)
    return render(
        request,
        "webhooks/endpoint_list.html",
        {"organisation": organisation, "endpoints": endpoints},
    )


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_edit(
    request: AuthedHttpRequest, org_slug: str, pk: int | None = None
) -> HttpResponse:
    if pk is None:
        organisation = organisation_for(request, org_slug, PERM)
        endpoint = Endpoint(organisation=organisation)
    else:
        endpoint = _endpoint(request, org_slug, pk)
        organisation = endpoint.organisation
    form = EndpointForm(request.POST or None, instance=endpoint)
    if request.method == "POST" and form.is_valid():
        new = endpoint.pk is None
        try:
            endpoint = endpoint_save(endpoint=form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if new:
                _show_secret_once(request, endpoint)
            messages.success(request, _("Webhook saved."))
            return redirect(
                "webhooks:detail", org_slug=organisation.slug, pk=endpoint.pk
            )
    return form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Add a webhook") if pk is None else _("Change the webhook"),
        intro=_(
            "We send a signed JSON message to this address when the events you "
            "choose happen."
        ),
        button=_("Save"),
        cancel_url=reverse("webhooks:list", kwargs={"org_slug": organisation.slug}),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def endpoint_detail(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, org_slug, pk)
    shown = request.session.get(ONCE)
    secret = None
    if isinstance(shown, dict) and shown.get("pk") == endpoint.pk:
        secret = shown.get("secret")
        del request.session[ONCE]
    deliveries = (
        Delivery.objects.filter(endpoint=endpoint)
        .prefetch_related("attempts")
        .order_by("-created_at", "-pk")[:LOG_SIZE]
    )
    return render(
        request,
        "webhooks/endpoint_detail.html",
        {
            "organisation": endpoint.organisation,
            "endpoint": endpoint,
            "secret": secret,
            "deliveries": deliveries,
            "tolerance_minutes": TOLERANCE // 60,
        },
    )


@login_required
@require_POST
def endpoint_secret(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, org_slug, pk)
    endpoint_regenerate_secret(endpoint=endpoint)
    _show_secret_once(request, endpoint)
    messages.success(request, _("New secret made: the old one no longer works."))
    return redirect("webhooks:detail", org_slug=org_slug, pk=pk)


@login_required
@require_POST
def endpoint_resume_view(
    request: AuthedHttpRequest, org_slug: str, pk: int
) -> HttpResponse:
    endpoint_resume(endpoint=_endpoint(request, org_slug, pk))
    messages.success(request, _("Sending again."))
    return redirect("webhooks:detail", org_slug=org_slug, pk=pk)


@login_required
@require_POST
def endpoint_delete(request: AuthedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    _endpoint(request, org_slug, pk).delete()
    messages.success(request, _("Webhook removed."))
    return redirect("webhooks:list", org_slug=org_slug)


@login_required
@require_POST
def delivery_replay_view(
    request: AuthedHttpRequest, org_slug: str, pk: int, delivery_pk: int
) -> HttpResponse:
    endpoint = _endpoint(request, org_slug, pk)
    delivery = get_object_or_404(
        Delivery.objects.filter(endpoint=endpoint).select_related("endpoint"),
        pk=delivery_pk,
    )
    delivery_replay(delivery=delivery)
    messages.success(request, _("Sending it again."))
    return redirect("webhooks:detail", org_slug=org_slug, pk=pk)
