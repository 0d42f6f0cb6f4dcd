"""A draw runs in the background (``PanelDraw``, on the shared job machinery of
``cocommission.jobs``): LEXIMIN for a thousand volunteers takes about 23 s, too
close to the web server's 30 s for a request.

The form's post checks what it can at once (the seats are free, no other draw
of the panel is running) and queues the job after its transaction commits; the
worker runs ``panel_select_members`` and marks the job done in one transaction,
so a worker that dies mid-draw records nothing and invites nobody, and a rerun
never draws twice. One draw per panel runs at a time: the panel's row is locked
while the job is made, and the database refuses a second unfinished job.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocommission.accounts.models import User
from cocommission.jobs import (
    JobStatus,
    enqueue_after_commit,
    job_claim,
    job_heartbeat,
    job_in_progress,
)

from ..models import Panel, PanelDraw, SelectionMethod
from .quota import panel_free_seats, panel_select_members

logger = logging.getLogger(__name__)


def _running_refusal() -> ValidationError:
    return ValidationError(
        _(
            "A draw of this panel is already running. Wait for it to finish "
            "before you start another."
        ),
        code="draw_running",
    )


def panel_draw_running(panel: Panel) -> PanelDraw | None:
    """The panel's draw still on its way, or None (a stuck one fails here)."""
    return job_in_progress(PanelDraw.objects.filter(panel=panel))


@transaction.atomic
def panel_draw_ask(
    *,
    panel: Panel,
    size: int,
    by: User,
    seed: int | None = None,
    method: str = SelectionMethod.LEXIMIN,
) -> PanelDraw:
    """Queue a draw of ``size`` seats, to run once this transaction commits.
    Refused when the seats are not free or another draw of the panel runs."""
    if method not in SelectionMethod.values:
        raise ValidationError({"method": _("Choose how to draw the panel")})
    locked = Panel.objects.select_for_update().get(pk=panel.pk)
    if panel_draw_running(locked) is not None:
        raise _running_refusal()
    free = panel_free_seats(locked)
    refusal = free.refusal(size) if free is not None else None
    if refusal:
        raise ValidationError({"size": refusal})
    try:
        with transaction.atomic():
            job = PanelDraw.objects.create(
                panel=locked, requested_by=by, size=size, seed=seed, method=method
            )
    except IntegrityError:  # pragma: no cover - the row lock above comes first
        raise _running_refusal() from None
    enqueue_after_commit(job)
    return job


def panel_draw_run(job_pk: int, *, run_id: str = "") -> str:
    """Run the job's draw: the draw, its invitations and the job's "done" are
    saved together. A draw the seats no longer allow (or that fails for a reason
    nobody foresaw) fails the job with a message and records nothing."""
    claimed = job_claim(PanelDraw, job_pk, run_id=run_id)
    if claimed is None:
        return "nothing to do"
    mine = PanelDraw.objects.filter(
        pk=claimed.pk, status=JobStatus.RUNNING, run_id=claimed.run_id
    )
    finished = {"finished_at": timezone.now(), "heartbeat_at": None}
    with job_heartbeat(claimed):
        try:
            with transaction.atomic():
                selection = panel_select_members(
                    panel=claimed.panel,
                    size=claimed.size,
                    seed=claimed.seed,
                    method=claimed.method,
                    by=claimed.requested_by,
                )
                if selection.succeeded:
                    from ..notifications import notify_invited

                    # E-mails leave once this transaction commits.
                    notify_invited(
                        members=list(selection.members.select_related("panel"))
                    )
                if not mine.update(
                    status=JobStatus.DONE,
                    selection=selection,
                    progress=100,
                    **finished,
                ):
                    # Another run holds the job now: keep nothing of this one.
                    transaction.set_rollback(True)
                    return "taken over"
        except ValidationError as error:
            mine.update(
                status=JobStatus.FAILED, error=" ".join(error.messages), **finished
            )
            return JobStatus.FAILED
        except Exception:  # the worker's time limit, a solver that gave up
            logger.exception("draw %s of panel %s failed", claimed.pk, claimed.panel_id)
            mine.update(
                status=JobStatus.FAILED,
                error=_(
                    "The draw could not be finished, so nobody was chosen or "
                    "invited. Try again, or ask for help if it happens again."
                ),
                **finished,
            )
            return JobStatus.FAILED
    return JobStatus.DONE
