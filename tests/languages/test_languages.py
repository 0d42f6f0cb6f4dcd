"""Welsh and English: the switcher, the kept choice, true ``lang`` attributes, dates
and money formatted for the language, and every e-mail in the person's language
(both, Welsh first, when it is not known)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cocommission.accounts.models import User
from cocommission.mail import BILINGUAL_RULE
from cocommission.notifications.models import NotificationSettings
from cocommission.notifications.services import deliver, send_digests
from cocommission.organisations.models import Organisation
from contracts.notifications import notify_review_dates
from panels.models import PanelMember, Purpose
from panels.notifications import notify_invited
from panels.services import consent_record
from reports.services import report_request
from surveys.notifications import notify_surveys
from tests.accounts.factories import UserFactory
from tests.contracts.factories import make_contract
from tests.cycles.factories import CycleFactory
from tests.panels.factories import PanelFactory, consenting_citizen
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

SKIP_CY = "Neidio i'r prif gynnwys"
SKIP_EN = "Skip to main content"


def _page(response: Any) -> str:
    return " ".join(response.content.decode().split())


def _html_lang(page: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', page)
    assert match
    return match.group(1)


# --- The switcher ------------------------------------------------------------------


def test_every_page_has_the_switcher_each_language_named_in_itself() -> None:
    page = _page(Client().get("/cookies/"))
    assert _html_lang(page) == "en-gb"
    assert '<span lang="en-gb" aria-current="true">English</span>' in page
    link = re.search(
        r'<a class="govuk-link" href="([^"]+)" lang="cy" hreflang="cy"', page
    )
    assert link, "Cymraeg is a link in Welsh"
    assert link.group(1) == "/language/cy/?next=%2Fcookies%2F"
    assert ">Cymraeg</a>" in page


def test_choosing_welsh_shows_the_same_page_in_welsh_then_english_again() -> None:
    client = Client()
    response = client.get("/language/cy/?next=/cookies/")
    assert response.status_code == 302 and response["Location"] == "/cookies/"
    page = _page(client.get("/cookies/"))
    assert _html_lang(page) == "cy"
    assert SKIP_CY in page and SKIP_EN not in page
    assert '<span lang="cy" aria-current="true">Cymraeg</span>' in page
    assert (
        'href="/language/en-gb/?next=%2Fcookies%2F" lang="en-gb" hreflang="en-gb"'
        in page
    )
    client.get("/language/en-gb/?next=/cookies/")
    assert SKIP_EN in _page(client.get("/cookies/"))


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_the_switcher_never_sends_people_off_site(target: str) -> None:
    response = Client().get("/language/cy/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_is_not_found() -> None:
    assert Client().get("/language/xx/?next=/").status_code == 404


def test_a_signed_in_persons_choice_is_kept_and_applied_when_they_sign_in() -> None:
    person = UserFactory()
    client = Client()
    client.force_login(person)
    client.get("/language/cy/?next=/cookies/")
    person.refresh_from_db()
    assert person.preferred_language == "cy"
    # Another browser, no cookie, an English browser: Welsh from signing in.
    other = Client(HTTP_ACCEPT_LANGUAGE="en-GB")
    other.force_login(person)
    page = _page(other.get("/cookies/"))
    assert _html_lang(page) == "cy" and SKIP_CY in page


def test_another_site_cannot_change_the_language_of_someones_emails() -> None:
    person = UserFactory(preferred_language="en-gb")
    client = Client()
    client.force_login(person)
    client.get("/language/cy/?next=/", HTTP_SEC_FETCH_SITE="cross-site")
    person.refresh_from_db()
    assert person.preferred_language == "en-gb"


def test_the_language_is_asked_on_the_account_page_and_saved() -> None:
    person = UserFactory()
    client = Client()
    client.force_login(person)
    page = _page(client.get("/me/"))
    assert "We write to you in Welsh and English until you choose one." in page
    form = _page(client.get("/me/language/"))
    assert (
        '<span lang="cy">Cymraeg</span>' in form
        and '<span lang="en">English</span>' in form
    )
    error = _page(client.post("/me/language/", {}))
    assert "Choose a language" in error
    response = client.post("/me/language/", {"preferred_language": "cy"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.preferred_language == "cy"
    page = _page(client.get("/me/"))
    assert _html_lang(page) == "cy"
    assert "Rydym yn ysgrifennu atoch yn Gymraeg" not in page


def test_the_language_is_in_the_persons_copy_of_their_data() -> None:
    person = UserFactory(preferred_language="cy")
    client = Client()
    client.force_login(person)
    data = client.get("/me/data/?format=json").content.decode()
    assert "Welsh" in data or "Cymraeg" in data


# --- lang on organisation content --------------------------------------------------


def test_a_welsh_page_marks_the_organisations_english_text(
    organisation: Organisation,
) -> None:
    survey = make_survey(organisation)
    survey.title = "Day services survey"
    survey.save()
    client = Client()
    client.get("/language/cy/?next=/")
    page = _page(client.get(survey.get_answer_url()))
    assert _html_lang(page) == "cy"
    assert '<span lang="en">Day services survey</span>' in page
    english = _page(Client().get(survey.get_answer_url()))
    assert '<span lang="en">' not in english and "Day services survey" in english


# --- Dates, numbers, money ---------------------------------------------------------


def test_dates_have_welsh_month_names_and_money_keeps_the_pound() -> None:
    template = Template('{{ day|date:"j F Y" }} £{{ cost|floatformat:"2g" }}')
    context = Context({"day": datetime.date(2026, 12, 3), "cost": 1234567.5})
    with translation.override("cy"):
        assert template.render(context) == "3 Rhagfyr 2026 £1,234,567.50"
    with translation.override("en-gb"):
        assert template.render(context) == "3 December 2026 £1,234,567.50"


def test_a_contract_review_mail_writes_its_date_in_the_persons_language(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    User.objects.filter(pk=people["admin"].pk).update(preferred_language="cy")
    today = datetime.date(2026, 11, 22)
    make_contract(organisation, title="Home care", ends_on=datetime.date(2026, 12, 3))
    with django_capture_on_commit_callbacks(execute=True):
        notify_review_dates(today=today)
    welsh = next(m for m in mail.outbox if m.to == [people["admin"].email])
    assert (
        "3 Rhagfyr 2026" in welsh.body
        and "Yn ddyledus i'w adolygu: Home care" in welsh.subject
    )
    unknown = next(m for m in mail.outbox if m.to == [people["commissioner"].email])
    assert "3 Rhagfyr 2026" in unknown.body and "3 December 2026" in unknown.body


# --- E-mails -------------------------------------------------------------------------

#: language chosen -> (what the subject holds, what it must not)
CASES = {"cy": ("cy",), "en-gb": ("en",), "": ("cy", "en")}


def _check(message: Any, language: str, welsh: str, english: str) -> None:
    """The subject and body in the chosen language; both (Welsh first) if none."""
    text = message.subject + "\n" + message.body
    if language == "cy":
        assert welsh in message.subject and english not in text
    elif language == "en-gb":
        assert english in message.subject and welsh not in text
    else:
        assert message.subject.index(welsh) < message.subject.index(english)
        assert BILINGUAL_RULE in message.body
        cy_part, en_part = message.body.split(BILINGUAL_RULE, 1)
        assert cy_part != en_part and english not in cy_part


def _contactable(organisation: Organisation, language: str) -> User:
    user = consenting_citizen(organisation, preferred_language=language)
    consent_record(
        user=user, organisation=organisation, purpose=Purpose.CONTACT, given=True
    )
    return user


@pytest.mark.parametrize("language", list(CASES))
def test_the_sign_in_code_mail(
    language: str, django_capture_on_commit_callbacks: Any
) -> None:
    email = f"code-{language or 'none'}@example.org"
    if language is not None:
        UserFactory(email=email, preferred_language=language)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("account_request_login_code"), {"email": email})
    (message,) = [m for m in mail.outbox if m.to == [email]]
    _check(message, language, "Eich cod mewngofnodi", "Your sign-in code")
    assert re.search(r"\b\d{6}\b", message.body)


@pytest.mark.parametrize("language", list(CASES))
def test_the_report_ready_mail(
    language: str,
    organisation: Organisation,
    make_member: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    person = make_member("commissioner", organisation, preferred_language=language)
    cycle = CycleFactory(organisation=organisation, title="Respite care")
    with django_capture_on_commit_callbacks(execute=True):
        report_request(
            organisation=organisation, kind="cycle", subject=cycle, by=person
        )
    (message,) = [m for m in mail.outbox if m.to == [person.email]]
    _check(message, language, "Mae eich adroddiad yn barod", "Your report is ready")


@pytest.mark.parametrize("language", list(CASES))
def test_the_survey_mail(
    language: str, organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    cycle = CycleFactory(organisation=organisation)
    panel = PanelFactory(organisation=organisation, cycle=cycle)
    member = _contactable(organisation, language)
    PanelMember.objects.create(panel=panel, user=member, status="active")
    survey = make_survey(organisation, cycle=cycle)
    survey.closes_at = timezone.now() + datetime.timedelta(days=10)
    survey.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify_surveys()
    (message,) = mail.outbox
    _check(message, language, "Dywedwch eich dweud", "Have your say")


@pytest.mark.parametrize("language", list(CASES))
def test_the_invitation_mail(
    language: str, organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    panel = PanelFactory(organisation=organisation, name="Day services panel")
    member = PanelMember.objects.create(
        panel=panel, user=_contactable(organisation, language), status="invited"
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_invited(members=[member])
    (message,) = mail.outbox
    if language == "cy":
        assert (
            "Fe'ch gwahoddir i ymuno" in message.subject
            and "You are invited" not in message.subject
        )
    elif language == "en-gb":
        assert (
            "You are invited to join" in message.subject
            and "gwahoddir" not in message.body
        )
    else:
        assert message.subject.index("gwahoddir") < message.subject.index(
            "You are invited"
        )
        assert BILINGUAL_RULE in message.body


@pytest.mark.parametrize("language", list(CASES))
def test_the_weekly_digest(
    language: str, organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    user = _contactable(organisation, language)
    NotificationSettings.objects.create(user=user, weekly_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(
            user=user,
            key="decision:1",
            kind="decisions",
            subject=lambda: (
                translation.gettext("Your report is ready: %(subject)s")
                % {"subject": "X"}
            ),
            body="Details",
            organisation=organisation,
        )
        send_digests()
    (digest,) = mail.outbox
    _check(
        digest, language, "Eich wythnos yn CoCommission", "Your week in CoCommission"
    )


@pytest.mark.parametrize("hostile", ["²", "home", "admin:index", "//evil.example", ""])
def test_the_language_link_never_fails_on_what_next_says(
    client: Client, hostile: str
) -> None:
    """Whatever ``next`` holds, the link answers a redirect on this site: a bare
    word is a page address here, never read as the name of a view (found by the
    URL fuzz: ``next=²`` was a 500)."""
    response = client.get("/language/cy/", {"next": hostile})
    assert response.status_code == 302
    assert not response["Location"].startswith(("//", "http"))
