"""A draw runs in the background (#20: LEXIMIN at 1,000 volunteers took 23 s in
the request): the form's post queues it and leads to a page that checks again
by itself (htmx, or a refresh without JavaScript) and moves on to the draw's
record; a draw that fails gives the form back as it was filled in, with why;
one draw per panel runs at a time."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.jobs import JobStatus
from cocommission.organisations.models import Organisation
from panels.models import PanelDraw, PanelMember, Selection
from panels.services import panel_member_respond
from panels.tasks import draw_panel
from tests.panels.factories import PanelFactory, consenting_citizen, post_draw
from tests.panels.test_fair_draw import OLD, YOUNG, _panel, _url, _volunteers

pytestmark = pytest.mark.django_db


def collapsed(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _ask(client: Client, panel: Any, data: dict[str, str]) -> Any:
    """Post the form without letting the draw run yet (as while a worker is busy)."""
    with TestCase.captureOnCommitCallbacks(execute=False):
        return client.post(_url("select", panel), data)


def test_the_form_queues_the_draw_and_its_page_waits_then_leads_to_the_record(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    panel = _panel(organisation, "Gender,Woman,1,1\nGender,Man,1,1\n")
    _volunteers(organisation, panel, [("Woman", YOUNG), ("Man", OLD)] * 3)
    client.force_login(people["commissioner"])
    response = _ask(client, panel, {"size": "2", "method": "leximin"})
    assert response.status_code == 302
    job = PanelDraw.objects.get(panel=panel)
    assert response["Location"] == _url("draw", panel, job_pk=job.pk)
    assert not Selection.objects.filter(panel=panel).exists()
    page = collapsed(client.get(response["Location"]))
    assert "Drawing the panel…" in page
    # htmx checks again every 2 s; without JavaScript, a refresh and a link do.
    assert f'hx-get="{response["Location"]}" hx-trigger="every 2s"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert f'href="{response["Location"]}">Check again</a>' in page
    part = client.get(response["Location"], headers={"HX-Request": "true"})
    assert part.status_code == 200 and "<html" not in part.content.decode()
    assert 'id="draw-state"' in part.content.decode()

    assert draw_panel.delay(job.pk).get() == JobStatus.DONE
    selection = Selection.objects.get(panel=panel)
    done = client.get(response["Location"], headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == response["Location"]
    done = client.get(response["Location"])
    assert done.status_code == 302
    record = collapsed(client.get(done["Location"]))
    assert done["Location"] == _url("selection", panel, selection_pk=selection.pk)
    assert "2 people selected" in record
    assert "The smallest chance of selection was 33.3%" in record
    assert selection.members.count() == 2


def test_a_second_draw_of_the_panel_is_refused_while_one_runs(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    panel = _panel(organisation, "", seats=4)
    _volunteers(organisation, panel, [("Woman", YOUNG)] * 6)
    client.force_login(people["commissioner"])
    assert _ask(client, panel, {"size": "2"}).status_code == 302
    response = _ask(client, panel, {"size": "1", "seed": "7"})
    assert response.status_code == 400
    page = collapsed(response)
    assert "A draw of this panel is already running" in page
    assert "See how it is going" in page
    assert 'value="7"' in page  # what was typed stays
    assert PanelDraw.objects.filter(panel=panel).count() == 1
    # Once it is done, another may start.
    draw_panel.delay(PanelDraw.objects.get(panel=panel).pk)
    assert post_draw(client, _url("select", panel), {"size": "1"}).status_code == 302
    assert Selection.objects.filter(panel=panel).count() == 2


def test_quotas_found_impossible_give_the_form_back_as_it_was_filled_in(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """Two women wanted, one volunteered: the draw's page gives the form back
    with the method and seed chosen, and says why beside the seats."""
    panel = _panel(organisation, "Gender,Woman,2,2\n")
    _volunteers(organisation, panel, [("Woman", YOUNG)] + [("Man", OLD)] * 3)
    client.force_login(people["commissioner"])
    response = post_draw(
        client,
        _url("select", panel),
        {"size": "3", "method": "stratified", "seed": "4242"},
    )
    assert response.status_code == 400
    page = collapsed(response)
    assert "Woman needs at least 2, but only 1 volunteers gave that answer" in page
    assert re.search(r'value="stratified" checked', page)
    assert 'value="4242"' in page and 'value="3"' in page
    assert f'action="{_url("select", panel)}"' in page
    assert "See the record of this draw" in page
    assert not PanelMember.objects.filter(panel=panel).exists()


def test_a_draw_the_seats_no_longer_allow_fails_with_the_reason(
    client: Client, organisation: Organisation, people: dict[str, User]
) -> None:
    """Seats taken while the draw waited: it records nothing, fails with the
    reason, and the form comes back with the seats asked for."""
    panel = _panel(organisation, "", seats=3)
    _volunteers(organisation, panel, [("Woman", YOUNG)] * 5)
    client.force_login(people["commissioner"])
    response = _ask(client, panel, {"size": "3"})
    for _i in range(2):
        member = PanelMember.objects.create(
            panel=panel, user=consenting_citizen(organisation)
        )
        panel_member_respond(member=member, accept=True)
    job = PanelDraw.objects.get(panel=panel)
    assert draw_panel.delay(job.pk).get() == JobStatus.FAILED
    page = client.get(response["Location"])
    assert page.status_code == 400
    text = collapsed(page)
    assert "Only 1 seat is free" in text and 'value="3"' in text
    assert not Selection.objects.filter(panel=panel).exists()


def test_only_the_team_that_manages_panels_follows_a_draw(
    client: Client,
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
) -> None:
    panel = _panel(organisation, "")
    _volunteers(organisation, panel, [("Woman", YOUNG)] * 2)
    client.force_login(people["commissioner"])
    url = _ask(client, panel, {"size": "1"})["Location"]
    elsewhere = PanelFactory(organisation=other_organisation)
    outsider_url = reverse(
        "panels:draw",
        kwargs={
            "org_slug": other_organisation.slug,
            "pk": elsewhere.pk,
            "job_pk": PanelDraw.objects.get().pk,
        },
    )
    assert client.get(outsider_url).status_code == 404
    # Every role reaches the draw's page exactly when it reaches the form.
    seen = {}
    for role, person in people.items():
        client.force_login(person)
        form = client.get(_url("select", panel)).status_code
        seen[role] = form
        assert client.get(url).status_code == form, role
    assert seen["commissioner"] == 200 and seen["citizen"] in (403, 404)
