"""Surveys and ballots inside a frame on the organisation's own site: framed only
by the sites it lists, the whole flow without any cookie, and the team's page."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocommission.organisations.models import Organisation
from surveys.ballots import ballot_publish, ballot_save, option_save
from surveys.codes import codes_generate
from surveys.models import (
    Audience,
    Ballot,
    BallotOption,
    Eligibility,
    Kind,
    Layout,
    Response,
    Vote,
)
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

SITE = "https://www.northshire.example"


class CookielessClient(Client):
    """A browser in a third-party frame: our cookies are never sent back."""

    def request(self, **request: Any) -> Any:  # type: ignore[override]
        self.cookies.clear()
        return super().request(**request)


def _csp(response: Any) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in policy.split(";"))
        if part
    }


def _frame_ancestors(response: Any) -> list[str]:
    return _csp(response)["frame-ancestors"]


def _flat(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _embed_url(survey: Any) -> str:
    return reverse("embed:survey_answer", kwargs={"token": survey.token})


@pytest.fixture
def listed(organisation: Organisation) -> Organisation:
    organisation.embed_origins = f"{SITE}\nhttps://consult.northshire.example:8443"
    organisation.save()
    return organisation


def test_embed_page_is_framed_only_by_the_listed_sites(listed: Organisation) -> None:
    """The embed page names exactly the organisation's sites and drops
    X-Frame-Options; the same survey on the site itself stays unframeable."""
    survey = make_survey(listed)
    framed = Client().get(_embed_url(survey))
    assert framed.status_code == 200
    assert _frame_ancestors(framed) == [SITE, "https://consult.northshire.example:8443"]
    assert "X-Frame-Options" not in framed
    own = Client().get(survey.get_answer_url())
    assert _frame_ancestors(own) == ["'none'"]
    assert own["X-Frame-Options"] == "DENY"


def test_an_organisation_without_sites_cannot_be_embedded(
    organisation: Organisation,
) -> None:
    survey = make_survey(organisation)
    response = Client().get(_embed_url(survey))
    assert _frame_ancestors(response) == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_another_organisations_sites_never_frame_this_one(
    listed: Organisation, other_organisation: Organisation
) -> None:
    other_organisation.embed_origins = "https://www.southvale.example"
    other_organisation.save()
    survey = make_survey(listed)
    response = Client().get(_embed_url(survey))
    assert "southvale" not in response["Content-Security-Policy"]


def test_a_stored_value_that_is_not_an_origin_never_reaches_the_header(
    organisation: Organisation,
) -> None:
    """Text that reached the database without the form (an import, the admin)
    is checked again when read: only real origins reach the header."""
    organisation.embed_origins = (
        "https://ok.example\nhttps://evil.example; script-src *\n'unsafe-inline'\n*"
    )
    organisation.save()
    response = Client().get(_embed_url(make_survey(organisation)))
    assert _frame_ancestors(response) == ["https://ok.example"]
    assert _csp(response)["script-src"] == ["'self'"]


def test_the_embed_layout_has_no_site_header_but_keeps_headings_and_labels(
    listed: Organisation,
) -> None:
    survey = make_survey(listed)
    page = _flat(Client().get(_embed_url(survey)))
    assert "govuk-header" not in page and "govuk-footer" not in page
    assert "service-navigation" not in page
    assert '<main class="govuk-main-wrapper' in page
    assert "<label" in page and "<h1" in page or "<legend" in page


def test_a_whole_form_survey_is_answered_without_cookies_and_errors_stay_inside(
    listed: Organisation,
) -> None:
    """In a third-party frame no cookie comes back; the CSRF check is not what
    keeps this form safe (it carries no one's authority), so it still posts."""
    survey = make_survey(
        listed,
        questions=[
            {
                "kind": Kind.SINGLE,
                "text": "Who?",
                "options": ["A", "B"],
                "required": True,
            }
        ],
    )
    browser = CookielessClient(enforce_csrf_checks=True)
    url = _embed_url(survey)
    page = browser.get(url)
    key = re.search(r'name="submission_key" value="([^"]+)"', page.content.decode())
    assert key is not None
    wrong = browser.post(url, {"submission_key": key.group(1)})
    assert wrong.status_code == 400
    assert "There is a problem" in _flat(wrong) and "govuk-header" not in _flat(wrong)
    field = survey.questions.get().field_name
    sent = browser.post(url, {"submission_key": key.group(1), field: "B"})
    assert sent.status_code == 302
    assert sent.url == reverse("embed:survey_thanks", kwargs={"token": survey.token})
    thanks = browser.get(sent.url)
    assert "Thank you" in _flat(thanks) and "govuk-footer" not in _flat(thanks)
    assert _frame_ancestors(thanks)[0] == SITE
    assert Response.objects.get(survey=survey).answers == {field: "B"}


def test_the_site_itself_still_refuses_a_post_without_csrf(
    listed: Organisation,
) -> None:
    survey = make_survey(listed)
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(survey.get_answer_url(), {}).status_code == 403


def test_a_paged_survey_keeps_its_state_in_the_address(listed: Organisation) -> None:
    """One question a page, check your answers and thanks: every page and
    redirect inside /embed/, answers carried without a cookie."""
    survey = make_survey(
        listed,
        layout=Layout.ONE_PER_PAGE,
        questions=[
            {
                "kind": Kind.SINGLE,
                "text": "Who?",
                "options": ["A", "B"],
                "required": True,
            },
            {"kind": Kind.RATING, "text": "Rate it", "required": True},
        ],
    )
    first, second = survey.questions.order_by("position")
    browser = CookielessClient(enforce_csrf_checks=True)
    url = _embed_url(survey)
    assert "Question 1 of 2" in _flat(browser.get(url))
    refused = browser.post(url + "?step=0", {})
    assert refused.status_code == 400 and "There is a problem" in _flat(refused)
    step = browser.post(url + "?step=0", {first.field_name: "A"})
    assert step.url.startswith(url + "?step=1") and "state=" in step.url
    page = browser.get(step.url)
    assert "Question 2 of 2" in _flat(page)
    back = re.search(r'href="([^"]+)" class="govuk-back-link"', page.content.decode())
    assert back is not None and "state=" in back.group(1)
    check_url = browser.post(step.url, {second.field_name: "4"}).url
    assert check_url.startswith(url + "?step=check") and "state=" in check_url
    check = browser.get(check_url)
    assert "Check your answers" in _flat(check) and "govuk-header" not in _flat(check)
    action = re.search(r'<form method="post" action="([^"]+)"', check.content.decode())
    assert action is not None
    sent = browser.post(action.group(1).replace("&amp;", "&"))
    assert sent.url.startswith(
        reverse("embed:survey_thanks", kwargs={"token": survey.token})
    )
    assert Response.objects.get(survey=survey).answers == {
        first.field_name: "A",
        second.field_name: "4",
    }


def test_a_forged_state_is_ignored(listed: Organisation) -> None:
    survey = make_survey(listed, layout=Layout.ONE_PER_PAGE)
    page = CookielessClient().get(_embed_url(survey) + "?step=1&state=made-up:value")
    assert page.status_code == 200


def test_a_code_survey_takes_its_code_inside_the_frame(listed: Organisation) -> None:
    survey = make_survey(
        listed,
        audience=Audience.CODES,
        questions=[{"kind": Kind.SINGLE, "text": "Who?", "options": ["A", "B"]}],
    )
    (code,) = codes_generate(owner=survey, count=1)
    browser = CookielessClient(enforce_csrf_checks=True)
    url = _embed_url(survey)
    checked = browser.post(url, {"form": "code", "code": code})
    assert checked.status_code == 302 and "state=" in checked.url
    form = browser.get(checked.url).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', form)
    assert key is not None
    field = survey.questions.get().field_name
    sent = browser.post(checked.url, {"submission_key": key.group(1), field: "A"})
    assert sent.status_code == 302 and "/embed/s/" in sent.url
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_signed_in_person_is_anonymous_inside_the_frame(
    listed: Organisation, people: dict[str, Any]
) -> None:
    """A panel survey cannot be answered in a frame (no session is read there);
    the page offers the site in a new tab instead, and the session is untouched."""
    from tests.panels.factories import PanelFactory

    panel = PanelFactory(organisation=listed)
    survey = make_survey(listed, audience=Audience.PANEL, panel=panel)
    browser = Client()
    browser.force_login(people["citizen"])
    before = browser.cookies["sessionid"].value
    page = browser.get(_embed_url(survey))
    assert page.status_code == 403
    assert 'target="_blank"' in page.content.decode()
    assert survey.get_answer_url() in page.content.decode()
    assert "sessionid" not in page.cookies
    assert browser.cookies["sessionid"].value == before


def _code_ballot(organisation: Organisation) -> Ballot:
    ballot = ballot_save(
        ballot=Ballot(
            activity=ActivityFactory(cycle=CycleFactory(organisation=organisation)),
            title="Parks fund",
            budget=Decimal("100"),
            eligibility=Eligibility.CODES,
        ),
        areas=[],
    )
    for title, cost in [("Benches", 30), ("Lights", 60), ("Toilets", 70)]:
        option_save(option=BallotOption(ballot=ballot, title=title, cost=Decimal(cost)))
    return ballot_publish(ballot=ballot)


def test_a_code_ballot_is_voted_inside_the_frame(listed: Organisation) -> None:
    ballot = _code_ballot(listed)
    (code,) = codes_generate(owner=ballot, count=1)
    browser = CookielessClient(enforce_csrf_checks=True)
    url = reverse("embed:ballot_vote", kwargs={"token": ballot.token})
    first = browser.get(url)
    assert _frame_ancestors(first)[0] == SITE and "govuk-header" not in _flat(first)
    checked = browser.post(url, {"form": "code", "code": code})
    assert checked.url.startswith(url + "?state=")
    ids = list(ballot.options.values_list("pk", flat=True))
    over = browser.post(checked.url, {"options": ids})
    assert over.status_code == 400 and "There is a problem" in _flat(over)
    done = browser.post(checked.url, {"options": ids[:1]})
    thanks_url = reverse("embed:ballot_thanks", kwargs={"token": ballot.token})
    assert done.url.startswith(thanks_url)
    assert "Your vote is counted" in _flat(browser.get(done.url))
    assert Vote.objects.get(ballot=ballot).code is not None


def test_a_signed_in_ballot_sends_people_to_the_site(listed: Organisation) -> None:
    ballot = _code_ballot(listed)
    ballot.eligibility = Eligibility.CITIZENS
    ballot.save()
    page = Client().get(reverse("embed:ballot_vote", kwargs={"token": ballot.token}))
    assert page.status_code == 403 and 'target="_blank"' in page.content.decode()


# The team's page, and the admins' list of sites ---------------------------------


def test_team_page_shows_a_titled_frame_and_the_sites(
    listed: Organisation, people: dict[str, Any]
) -> None:
    survey = make_survey(listed, title='Parks "&" <b>play</b>')
    browser = Client()
    browser.force_login(people["commissioner"])
    url = reverse("surveys:embed", kwargs={"org_slug": listed.slug})
    page = browser.get(url).content.decode()
    assert SITE in page
    # The frame has a title (a fixed word: the survey's own title would need
    # escaping inside the escaped code).
    assert "title=&quot;Survey&quot;" in page
    assert "Parks &quot;&amp;&quot; &lt;b&gt;play&lt;/b&gt;" in page
    assert f"http://testserver{_embed_url(survey)}" in page
    assert "<b>play" not in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("commissioner", 200),
        ("decision_maker", 200),
        ("provider", 403),
        ("citizen", 403),
        ("outsider", 404),
    ],
)
def test_who_sees_the_team_page(
    listed: Organisation, people: dict[str, Any], role: str, status: int
) -> None:
    browser = Client()
    browser.force_login(people[role])
    url = reverse("surveys:embed", kwargs={"org_slug": listed.slug})
    assert browser.get(url).status_code == status


def _origins_url(organisation: Organisation) -> str:
    return reverse(
        "organisations:embed_origins", kwargs={"org_slug": organisation.slug}
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("http://www.northshire.example", "Use https://"),
        ("https://www.northshire.example/consult", "Give only the site"),
        ("https://*.northshire.example", "wildcards"),
        ("www.northshire.example", "Start the address with https://"),
        ("https://northshire.example:99999", "The port must be"),
        ("https://exa mple.org", "is not a web address"),
        ("https://www.northshire.example?x=1", "Give only the site"),
        ("https://user@www.northshire.example", "Give only the site"),
    ],
)
def test_admins_are_told_what_is_wrong_next_to_the_field(
    organisation: Organisation, people: dict[str, Any], typed: str, message: str
) -> None:
    browser = Client()
    browser.force_login(people["admin"])
    response = browser.post(
        _origins_url(organisation), {"embed_origins": f"{SITE}\n{typed}"}
    )
    assert response.status_code == 400
    page = _flat(response)
    assert message in page and "Line 2" in page
    assert 'id="id_embed_origins-error"' in page or "govuk-error-message" in page
    # Nothing typed is lost.
    assert typed.replace("&", "&amp;") in page
    organisation.refresh_from_db()
    assert organisation.embed_origins == ""


def test_admins_save_the_sites_in_their_plain_form(
    organisation: Organisation, people: dict[str, Any]
) -> None:
    browser = Client()
    browser.force_login(people["admin"])
    response = browser.post(
        _origins_url(organisation),
        {"embed_origins": f" HTTPS://WWW.Northshire.example/ \n\n{SITE}\n"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.embed_origins == SITE


def test_only_admins_change_the_sites(
    organisation: Organisation, people: dict[str, Any]
) -> None:
    for role, status in (("commissioner", 403), ("citizen", 403), ("outsider", 404)):
        browser = Client()
        browser.force_login(people[role])
        response = browser.post(_origins_url(organisation), {"embed_origins": SITE})
        assert response.status_code == status
    organisation.refresh_from_db()
    assert organisation.embed_origins == ""


def test_http_is_only_for_localhost_while_debugging(settings: Any) -> None:
    from cocommission.organisations.embedding import origins_parse

    text = "http://localhost:8000\nhttp://127.0.0.1:9000\nhttp://example.org"
    settings.DEBUG = False
    assert origins_parse(text) == []
    settings.DEBUG = True
    assert origins_parse(text) == ["http://localhost:8000", "http://127.0.0.1:9000"]
