"""A panel's draw is made by a real Celery worker, through Redis."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.jobs import JobStatus
from cocommission.organisations.models import Organisation
from panels.models import PanelDraw, Recruitment
from panels.services import categories_ensure_defaults, panel_join, quotas_import_csv
from tests.integration.conftest import WorkerProcess
from tests.panels.factories import PanelFactory, consenting_citizen

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_the_form_hands_the_draw_to_the_worker_and_the_page_follows_it(
    real_queue: WorkerProcess, organisation: Organisation, people: dict[str, User]
) -> None:
    """The post commits the job and leaves; the worker draws the panel; the
    draw's page, asked again, leads to the record of the draw."""
    categories_ensure_defaults(organisation=organisation)
    panel = PanelFactory(organisation=organisation, recruitment=Recruitment.SELECTION)
    quotas_import_csv(
        panel=panel, data="category,value,min,max\nGender,Woman,1,1\nGender,Man,1,1\n"
    )
    for gender in ["Woman", "Man"] * 3:
        panel_join(
            panel=panel, user=consenting_citizen(organisation, {"Gender": gender})
        )
    team = Client()
    team.force_login(people["commissioner"])
    kwargs = {"org_slug": organisation.slug, "pk": panel.pk}
    response = team.post(reverse("panels:select", kwargs=kwargs), {"size": "2"})
    assert response.status_code == 302
    progress = response["Location"]
    deadline = time.monotonic() + 60
    job = PanelDraw.objects.get(panel=panel)
    while job.status != JobStatus.DONE and time.monotonic() < deadline:
        assert job.status != JobStatus.FAILED, job.error
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == JobStatus.DONE, real_queue.log_text()
    assert "panels.tasks.draw_panel" in real_queue.log_text()
    done = team.get(progress)
    assert done.status_code == 302
    assert job.selection is not None and job.selection.succeeded
    page = " ".join(team.get(done["Location"]).content.decode().split())
    assert "2 people selected" in page
