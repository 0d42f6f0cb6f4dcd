"""The public pages (no sign-in) show what is published and nothing private:
checked against every private text in the demo."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import STAFF_ROLES, Membership, Organisation
from contracts.models import (
    CoAssessmentReport,
    Complaint,
    MonitoringIssue,
    ProviderReturn,
    Specification,
)
from cycles.models import Cycle, Decision, Need, Risk, Visibility
from panels.models import Meeting, Panel
from surveys.models import Kind, Response, Survey

pytestmark = pytest.mark.django_db


def _private_texts() -> set[str]:
    """Everything the public must never see: people, unpublished decisions,
    private cycles, raw answers, risks, needs, contracts' internals."""
    texts: set[str] = set()
    team = set(
        Membership.objects.filter(role__in=STAFF_ROLES).values_list(
            "user_id", flat=True
        )
    )
    for user in User.objects.all():
        texts.add(user.email)
        # Who decided is public record; citizens' and providers' names are not.
        if user.pk not in team:
            texts.add(user.display_name)
    texts |= set(
        Cycle.objects.exclude(visibility=Visibility.PUBLIC).values_list(
            "title", flat=True
        )
    )
    for decision in Decision.objects.filter(is_published=False):
        texts |= {decision.title, decision.decided, decision.rationale}
    texts |= set(Risk.objects.values_list("description", flat=True))
    texts |= set(Need.objects.values_list("statement", flat=True))
    texts |= set(Meeting.objects.values_list("minutes", flat=True))
    # A public panel's page and feed give titles and times only.
    texts |= set(Meeting.objects.values_list("agenda", flat=True))
    texts |= set(Meeting.objects.values_list("place", flat=True))
    texts |= set(MonitoringIssue.objects.values_list("text", flat=True))
    texts |= set(ProviderReturn.objects.values_list("note", flat=True))
    texts |= set(Specification.objects.values_list("text", flat=True))
    texts |= set(Complaint.objects.values_list("summary", flat=True))
    for report in CoAssessmentReport.objects.all():
        texts |= {report.worked_well, report.to_improve}
    for survey in Survey.objects.all():
        for question in survey.questions.filter(
            kind__in=[Kind.SHORT_TEXT, Kind.LONG_TEXT]
        ):
            texts |= {
                str(answer)
                for answer in Response.objects.filter(survey=survey).values_list(
                    f"answers__{question.field_name}", flat=True
                )
                if answer
            }
    return {t for t in texts if t and len(t) >= 8}


def _public_pages() -> list[str]:
    urls = []
    for organisation in Organisation.objects.all():
        urls.append(reverse("public_organisation", args=[organisation.slug]))
        urls.append(reverse("taking_part:get_involved", args=[organisation.slug]))
    for cycle in Cycle.objects.filter(visibility=Visibility.PUBLIC):
        slug = cycle.organisation.slug
        urls.append(reverse("public_decisions", args=[slug, cycle.pk]))
        urls.append(reverse("public_outcomes", args=[slug, cycle.pk]))
    for panel in Panel.objects.public():
        slug = panel.organisation.slug
        urls.append(reverse("public_panel", args=[slug, panel.pk]))
        urls.append(reverse("public_panel_calendar", args=[slug, panel.pk]))
    for survey in Survey.objects.filter(results_published=True):
        urls.append(
            reverse(
                "survey_public_results",
                args=[survey.activity.cycle.organisation.slug, survey.token],
            )
        )
    return urls


def test_public_pages_show_nothing_private() -> None:
    call_command("seed_demo")
    private = _private_texts()
    assert len(private) > 100  # the check has something to check
    anonymous = Client()
    pages = _public_pages()
    assert len(pages) >= 8
    assert any("/panels/" in url for url in pages)
    for url in pages:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        leaked = sorted(text for text in private if text in html)
        assert not leaked, (url, leaked[:5])


def test_the_organisation_page_lists_public_work_and_ways_to_take_part(
    organisation: Organisation, people: dict[str, Any]
) -> None:
    from tests.cycles.factories import ActivityFactory, CycleFactory
    from tests.surveys.factories import make_survey

    public = CycleFactory(
        organisation=organisation, title="Day services", visibility=Visibility.PUBLIC
    )
    CycleFactory(organisation=organisation, title="Budget options (internal)")
    survey = make_survey(organisation, cycle=public)
    page = Client().get(f"/public/{organisation.slug}/").content.decode()
    assert "Day services" in page
    assert "Budget options (internal)" not in page
    assert survey.get_answer_url() in page
    ActivityFactory(cycle=public)
    cycle_page = (
        Client()
        .get(reverse("public_decisions", args=[organisation.slug, public.pk]))
        .content.decode()
    )
    assert "Have your say now" in cycle_page and survey.get_answer_url() in cycle_page
