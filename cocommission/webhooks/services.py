"""Endpoints and deliveries: make, regenerate the secret, send one attempt,
retry with backoff, pause after repeated failures, replay."""

from __future__ import annotations

import datetime
import time
from typing import Any

import urllib3
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.notifications.services import absolute_url, alert
from cocommission.organisations.models import Membership, Role

from .models import Attempt, Delivery, DeliveryStatus, Endpoint
from .safety import UnsafeAddress, check_url
from .signing import HEADER, new_secret, signature

#: Attempts per delivery: the first and five retries.
MAX_ATTEMPTS = 6
#: The first retry waits this long; each next one twice as long.
FIRST_BACKOFF = datetime.timedelta(seconds=30)
#: Failed attempts in a row after which an endpoint is paused.
PAUSE_AFTER = 10
TIMEOUT = urllib3.Timeout(connect=3.0, read=5.0)
EXCERPT = 500


@transaction.atomic
def endpoint_save(*, endpoint: Endpoint) -> Endpoint:
    """Save an endpoint; a new one gets its secret."""
    if not endpoint.secret:
        endpoint.secret = new_secret()
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def endpoint_regenerate_secret(*, endpoint: Endpoint) -> str:
    """A new secret; the old one stops working at once."""
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint.secret


@transaction.atomic
def endpoint_resume(*, endpoint: Endpoint) -> Endpoint:
    endpoint.paused_at = None
    endpoint.failures_in_a_row = 0
    endpoint.save(update_fields=["paused_at", "failures_in_a_row"])
    return endpoint


def backoff(attempts_made: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min, 4 min, 8 min after the 1st, 2nd... failed attempt."""
    return FIRST_BACKOFF * 2 ** (attempts_made - 1)


def _post(endpoint: Endpoint, body: bytes, headers: dict[str, str]) -> Attempt:
    """One POST to the checked address, no redirects followed, short timeouts."""
    attempt = Attempt()
    started = time.monotonic()
    try:
        target = check_url(endpoint.url)
    except UnsafeAddress as error:
        attempt.error = f"refused: {error}"[:300]
        return attempt
    kwargs: dict[str, Any] = {"timeout": TIMEOUT, "retries": False}
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            target.ip,
            target.port,
            server_hostname=target.host,
            assert_hostname=target.host,
            **kwargs,
        )
    else:
        pool = urllib3.HTTPConnectionPool(target.ip, target.port, **kwargs)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": target.host},
            redirect=False,
            preload_content=False,
        )
        attempt.status_code = response.status
        excerpt = response.read(EXCERPT, decode_content=False)
        attempt.response_excerpt = excerpt.decode("utf-8", "replace")[:EXCERPT]
        response.release_conn()
    except urllib3.exceptions.HTTPError as error:
        attempt.error = f"{type(error).__name__}: {error}"[:300]
    finally:
        pool.close()
        attempt.duration_ms = int((time.monotonic() - started) * 1000)
    return attempt


def _retryable(attempt: Attempt) -> bool:
    """Network errors, 5xx and 429 are worth another try; a refused address,
    a redirect or another 4xx is not."""
    if attempt.status_code is None:
        return not attempt.error.startswith("refused")
    return attempt.status_code >= 500 or attempt.status_code == 429


def delivery_attempt(*, delivery: Delivery) -> datetime.timedelta | None:
    """Send one attempt and log it; how long to wait before the next one, or
    None when there is nothing more to do."""
    endpoint = delivery.endpoint
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "CoCommission-Webhooks/1",
        "CoCommission-Event": delivery.event,
        "CoCommission-Delivery": str(delivery.event_id),
        HEADER: signature(endpoint.secret, int(time.time()), body),
    }
    attempt = _post(endpoint, body, headers)
    attempt.delivery = delivery
    with transaction.atomic():
        attempt.save()
        made = delivery.attempts.count()
        ok = attempt.status_code is not None and 200 <= attempt.status_code < 300
        wait = (
            None
            if ok or made >= MAX_ATTEMPTS or not _retryable(attempt)
            else (backoff(made))
        )
        delivery.status = (
            DeliveryStatus.SUCCEEDED
            if ok
            else DeliveryStatus.RETRYING
            if wait
            else DeliveryStatus.FAILED
        )
        delivery.next_attempt_at = timezone.now() + wait if wait else None
        delivery.save(update_fields=["status", "next_attempt_at"])
        if ok:
            Endpoint.objects.filter(pk=endpoint.pk).update(failures_in_a_row=0)
        else:
            _failed(endpoint)
    return wait


def _failed(endpoint: Endpoint) -> None:
    Endpoint.objects.filter(pk=endpoint.pk).update(
        failures_in_a_row=F("failures_in_a_row") + 1
    )
    endpoint.refresh_from_db(fields=["failures_in_a_row", "paused_at"])
    if endpoint.failures_in_a_row >= PAUSE_AFTER and endpoint.paused_at is None:
        endpoint.paused_at = timezone.now()
        endpoint.save(update_fields=["paused_at"])
        _tell_admins(endpoint)


def _tell_admins(endpoint: Endpoint) -> None:
    organisation = endpoint.organisation
    url = absolute_url(
        reverse(
            "webhooks:detail",
            kwargs={"org_slug": organisation.slug, "pk": endpoint.pk},
        )
    )
    for membership in Membership.objects.filter(
        organisation=organisation, role=Role.ADMIN
    ).select_related("user"):
        alert(
            user=membership.user,
            key=f"webhook-paused:{endpoint.pk}:{endpoint.paused_at:%Y%m%dT%H%M%S%f}",
            subject=_("Webhook paused: %(url)s") % {"url": endpoint.url},
            body=_(
                "Deliveries to %(url)s failed %(count)s times in a row, so we "
                "stopped sending to it. See what went wrong, fix the receiver and "
                "resume it here: %(page)s"
            )
            % {"url": endpoint.url, "count": PAUSE_AFTER, "page": url},
        )


@transaction.atomic
def delivery_replay(*, delivery: Delivery) -> Delivery:
    """Send a logged delivery again (same event id, a fresh signature)."""
    from .tasks import deliver_webhook

    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at"])
    deliver_webhook.delay_on_commit(delivery.pk)  # type: ignore[attr-defined]
    return delivery
