"""Citizens raise needs and ideas; the team moderates them; others support and
comment. Driven through the pages, as the people involved would."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from cycles.models import Need, Status
from ideas.models import Comment, CommentStatus, Idea, IdeaStatus, Support
from panels.models import Purpose
from panels.services import categories_ensure_defaults, consent_record
from tests.cycles.factories import CycleFactory
from tests.ideas.factories import public_cycle, raised

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(response.content.decode().split())


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def raise_url(cycle) -> str:
    return reverse(
        "ideas:raise", kwargs={"org_slug": cycle.organisation.slug, "pk": cycle.pk}
    )


def list_url(cycle) -> str:
    return reverse(
        "ideas:cycle_ideas",
        kwargs={"org_slug": cycle.organisation.slug, "pk": cycle.pk},
    )


def detail_url(idea: Idea) -> str:
    return reverse(
        "ideas:detail",
        kwargs={"org_slug": idea.cycle.organisation.slug, "idea_pk": idea.pk},
    )


def team_url(name: str, idea: Idea) -> str:
    return reverse(
        f"ideas:{name}",
        kwargs={"org_slug": idea.cycle.organisation.slug, "idea_pk": idea.pk},
    )


FORM = {
    "kind": "need",
    "title": "Evening drop-in",
    "body": "Somewhere calm to go after 5pm, before it becomes a crisis.",
    "groups": "people living alone",
    "anonymous": "no",
}


# --- Raising ----------------------------------------------------------------


def test_a_citizen_raises_a_need_that_waits_for_the_team(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """The form on a public cycle stores the need as waiting: nothing is public."""
    cycle = public_cycle(organisation)
    client = signed_in(people["citizen"])
    page = client.get(raise_url(cycle))
    assert page.status_code == 200
    response = client.post(raise_url(cycle), FORM)
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.status, idea.author, idea.kind) == (
        IdeaStatus.WAITING,
        people["citizen"],
        "need",
    )
    assert idea.groups == "people living alone"
    assert "Evening drop-in" not in text(Client().get(list_url(cycle)))
    assert Client().get(detail_url(idea)).status_code == 404
    # The person sees it in their own list, waiting.
    mine = text(client.get(reverse("ideas:mine")))
    assert "Evening drop-in" in mine and "Waiting for the team" in mine


def test_errors_show_beside_the_fields_and_keep_what_was_typed(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A form sent with gaps names each problem at its field and keeps the text."""
    cycle = public_cycle(organisation)
    response = signed_in(people["citizen"]).post(
        raise_url(cycle),
        {**FORM, "title": "", "kind": ""},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Give it a short title" in page
    assert "Choose whether it is a need or an idea" in page
    # The title's error sits in the title's own form group.
    assert 'id="div_id_title" class="govuk-form-group govuk-form-group--error' in page
    assert FORM["body"] in page
    assert Idea.objects.count() == 0


def test_groups_are_picked_from_the_organisations_categories_when_it_has_some(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """With categories of people, the groups are ticked from them, not typed."""
    cycle = public_cycle(organisation)
    categories_ensure_defaults(organisation=organisation)
    category = organisation.demographic_categories.first()
    value = category.values.first()
    choice = f"{category.name}: {value.label}"
    client = signed_in(people["citizen"])
    assert choice in text(client.get(raise_url(cycle)))
    client.post(raise_url(cycle), {**FORM, "groups": [choice]})
    assert Idea.objects.get().groups == choice


def test_only_signed_in_people_raise_and_only_on_open_public_cycles(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Signed out: to sign in. A private or closed cycle: 404, nothing stored."""
    cycle = public_cycle(organisation)
    private = CycleFactory(organisation=organisation)
    closed = public_cycle(organisation, status=Status.CLOSED)
    assert Client().get(raise_url(cycle)).status_code == 302
    client = signed_in(people["citizen"])
    assert client.post(raise_url(private), FORM).status_code == 404
    assert client.post(raise_url(closed), FORM).status_code == 404
    assert Idea.objects.count() == 0


def test_anonymous_posts_hide_the_name_from_the_public_but_not_the_team(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Posted anonymously: the public sees no name; the team sees who it was."""
    cycle = public_cycle(organisation)
    citizen = people["citizen"]
    citizen.display_name = "Jo Mensah"
    citizen.save()
    signed_in(citizen).post(raise_url(cycle), {**FORM, "anonymous": "yes"})
    idea = Idea.objects.get()
    assert idea.anonymous
    commissioner = signed_in(people["commissioner"])
    assert "Jo Mensah" in text(commissioner.get(team_url("moderate", idea)))
    commissioner.post(
        team_url("publish", idea), {"title": idea.title, "body": idea.body}
    )
    public = text(Client().get(detail_url(idea)))
    assert "Evening drop-in" in public
    assert "Jo Mensah" not in public and "Anonymous" in public


@override_settings(RATELIMIT_IDEAS_POST_RATE="2/m")
def test_raising_is_rate_limited_per_person(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Past the limit a person gets 429 and nothing more is stored."""
    cycle = public_cycle(organisation)
    client = signed_in(people["citizen"])
    codes = [client.post(raise_url(cycle), FORM).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Idea.objects.count() == 2


# --- Moderating -------------------------------------------------------------


def test_the_team_edits_personal_data_out_and_the_original_stays_for_the_team_only(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Edited words go public; the original stays in the history the team sees."""
    cycle = public_cycle(organisation)
    idea = raised(cycle, people["citizen"], body="My neighbour Ann Smith at 4 Elm Rd.")
    client = signed_in(people["commissioner"])
    # Changing the words without saying what changed is refused, beside the field.
    refused = client.post(
        team_url("publish", idea),
        {"title": idea.title, "body": "My neighbour needs help."},
    )
    assert refused.status_code == 400
    assert "Say what you edited out" in text(refused)
    assert "My neighbour needs help." in text(refused)
    client.post(
        team_url("publish", idea),
        {
            "title": idea.title,
            "body": "My neighbour needs help.",
            "reason": "Took out a name and address",
        },
    )
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PUBLISHED and idea.redacted
    public = text(Client().get(detail_url(idea)))
    assert "My neighbour needs help." in public and "Ann Smith" not in public
    team = text(client.get(team_url("moderate", idea)))
    assert "Ann Smith" in team and "Took out a name and address" in team


def test_the_queue_filters_by_state_and_searches(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """The queue narrows by state and by words in the title or text."""
    cycle = public_cycle(organisation)
    raised(cycle, people["citizen"], title="Waiting one about buses")
    raised(
        cycle,
        people["citizen"],
        title="Published one",
        publish_by=people["commissioner"],
    )
    client = signed_in(people["commissioner"])
    url = reverse("ideas:queue", kwargs={"org_slug": organisation.slug})
    waiting = text(client.get(url))
    assert "Waiting one about buses" in waiting and "Published one" not in waiting
    published = text(client.get(url, {"status": "published"}))
    assert "Published one" in published and "Waiting one" not in published
    found = text(client.get(url, {"status": "all", "q": "buses"}))
    assert "Waiting one about buses" in found and "Published one" not in found


def test_the_queue_shows_a_fixed_number_of_queries(
    organisation: Organisation,
    people: dict[str, User],
    django_assert_max_num_queries,
) -> None:
    """The queue costs the same queries with 1 item or 11."""
    cycle = public_cycle(organisation)
    client = signed_in(people["commissioner"])
    url = reverse("ideas:queue", kwargs={"org_slug": organisation.slug})
    raised(cycle, people["citizen"])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        raised(cycle, people["citizen"])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_hiding_takes_an_item_out_of_public_view_with_a_reason(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Hiding needs a reason, and the item leaves the public pages."""
    cycle = public_cycle(organisation)
    idea = raised(cycle, people["citizen"], publish_by=people["commissioner"])
    client = signed_in(people["commissioner"])
    assert client.post(team_url("hide", idea), {"reason": ""}).status_code == 400
    client.post(team_url("hide", idea), {"reason": "Advertising"})
    idea.refresh_from_db()
    assert (idea.status, idea.reason) == (IdeaStatus.HIDDEN, "Advertising")
    assert Client().get(detail_url(idea)).status_code == 404
    assert "Evening drop-in" not in text(Client().get(list_url(cycle)))


def test_closing_tells_the_person_why_by_email_if_they_agreed(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks,
) -> None:
    """Closing e-mails the reason to a person who agreed to be contacted."""
    cycle = public_cycle(organisation)
    citizen = people["citizen"]
    consent_record(
        user=citizen, organisation=organisation, purpose=Purpose.CONTACT, given=True
    )
    idea = raised(cycle, citizen, kind="idea", publish_by=people["commissioner"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(people["commissioner"]).post(
            team_url("close", idea), {"reason": "The hospital trust runs parking."}
        )
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.CLOSED
    assert [m.to for m in mail.outbox] == [[citizen.email]]
    assert "The hospital trust runs parking." in mail.outbox[0].body
    # Still readable, with the reason.
    assert "The hospital trust runs parking." in text(Client().get(detail_url(idea)))


def test_closing_does_not_email_someone_who_turned_decision_emails_off(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks,
) -> None:
    """A person who turned off e-mails about decisions is not e-mailed."""
    from cocommission.notifications.services import unsubscribe

    cycle = public_cycle(organisation)
    citizen = people["citizen"]
    consent_record(
        user=citizen, organisation=organisation, purpose=Purpose.CONTACT, given=True
    )
    unsubscribe(user=citizen, kind="decisions")
    idea = raised(cycle, citizen, kind="idea")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(people["commissioner"]).post(
            team_url("close", idea), {"reason": "Not for this work."}
        )
    assert mail.outbox == []


def test_a_raised_need_becomes_a_recorded_need_shown_in_you_said_we_did(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks,
) -> None:
    """The need links back, the person is told, and the cycle's page shows it."""
    cycle = public_cycle(organisation)
    citizen = people["citizen"]
    consent_record(
        user=citizen, organisation=organisation, purpose=Purpose.CONTACT, given=True
    )
    idea = raised(cycle, citizen, publish_by=people["commissioner"])
    client = signed_in(people["commissioner"])
    form = text(client.get(team_url("record_need", idea)))
    assert "Somewhere to go after 5pm." in form  # prefilled from what was raised
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            team_url("record_need", idea),
            {
                "statement": "A calm place to go in the evening",
                "raised_by": "A citizen",
            },
        )
    assert response.status_code == 302
    idea.refresh_from_db()
    need = Need.objects.get(cycle=cycle)
    assert idea.need == need and need.raised_by_citizen == idea
    assert idea.status == IdeaStatus.PUBLISHED
    assert [m.to for m in mail.outbox] == [[citizen.email]]
    said = text(
        Client().get(
            reverse(
                "public_decisions",
                kwargs={"org_slug": organisation.slug, "pk": cycle.pk},
            )
        )
    )
    assert "A need people raised became a recorded need" in said
    assert "Evening drop-in" in said and "Recorded it as a need for this work" in said
    # The needs register is the team's: its wording stays off the public page, and
    # so does the name of whoever raised it (the idea's own page follows their choice).
    assert "A calm place to go in the evening" not in said
    # Only once.
    again = client.post(team_url("record_need", idea), {"statement": "Again"})
    assert again.status_code == 400
    assert Need.objects.count() == 1


@pytest.mark.parametrize("who", ["outsider", "citizen", "provider", "other_team"])
def test_moderation_pages_are_404_to_anyone_outside_the_team(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
    make_member,
    who: str,
) -> None:
    """Outsiders, citizens, providers and other organisations' teams get 404."""
    cycle = public_cycle(organisation)
    idea = raised(cycle, people["citizen"])
    user = (
        make_member("commissioner", other_organisation)
        if who == "other_team"
        else people[who]
    )
    client = signed_in(user)
    urls = [
        reverse("ideas:queue", kwargs={"org_slug": organisation.slug}),
        *(team_url(n, idea) for n in ("moderate", "publish", "hide", "close")),
        team_url("record_need", idea),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(team_url("hide", idea), {"reason": "x"}).status_code == 404
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.WAITING


def test_a_decision_maker_sees_the_queue_is_not_theirs(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A decision maker of the organisation is refused (403), not misled by a 404."""
    idea = raised(public_cycle(organisation), people["citizen"])
    client = signed_in(people["decision_maker"])
    assert client.get(team_url("moderate", idea)).status_code == 403


# --- Supporting and commenting ----------------------------------------------


def support_url(idea: Idea) -> str:
    return reverse(
        "ideas:support",
        kwargs={"org_slug": idea.cycle.organisation.slug, "idea_pk": idea.pk},
    )


def comment_url(idea: Idea) -> str:
    return reverse(
        "ideas:comment",
        kwargs={"org_slug": idea.cycle.organisation.slug, "idea_pk": idea.pk},
    )


def test_support_once_and_take_it_back_with_small_counts_never_exact(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """One support per person, withdrawable; 1 to 4 show as "fewer than 5"."""
    idea = raised(
        public_cycle(organisation), people["citizen"], publish_by=people["commissioner"]
    )
    client = signed_in(people["provider"])
    client.post(support_url(idea), {"supports": "1"})
    client.post(support_url(idea), {"supports": "1"})
    assert Support.objects.filter(idea=idea).count() == 1
    page = text(client.get(detail_url(idea)))
    assert "Supporters: fewer than 5" in page
    assert "Supporters: 1" not in page
    assert "Take back my support" in page
    client.post(support_url(idea), {"supports": "0"})
    assert Support.objects.filter(idea=idea).count() == 0
    assert "Supporters: 0" in text(client.get(detail_url(idea)))


def test_nobody_supports_or_comments_on_what_is_not_published(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A waiting item takes no support or comment (404)."""
    idea = raised(public_cycle(organisation), people["citizen"])
    client = signed_in(people["provider"])
    assert client.post(support_url(idea), {"supports": "1"}).status_code == 404
    assert client.post(comment_url(idea), {"body": "Hi"}).status_code == 404
    assert not Support.objects.exists() and not Comment.objects.exists()
    assert Client().post(support_url(idea), {"supports": "1"}).status_code == 302


def test_comments_thread_one_level_and_keep_what_was_typed(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Replies to comments are allowed; replies to replies are refused."""
    idea = raised(
        public_cycle(organisation), people["citizen"], publish_by=people["commissioner"]
    )
    client = signed_in(people["provider"])
    empty = client.post(comment_url(idea), {"body": ""})
    assert empty.status_code == 400 and "Write your comment" in text(empty)
    client.post(comment_url(idea), {"body": "Weekends too."})
    top = Comment.objects.get()
    second = signed_in(people["citizen"])
    second.post(
        comment_url(idea), {"parent": top.pk, f"reply-{top.pk}-body": "Good point."}
    )
    reply = Comment.objects.get(parent=top)
    refused = second.post(
        comment_url(idea),
        {"parent": reply.pk, f"reply-{reply.pk}-body": "A reply to a reply"},
    )
    assert refused.status_code == 400
    assert "You can only reply to a comment" in text(refused)
    assert Comment.objects.count() == 2
    page = text(Client().get(detail_url(idea)))
    assert "Weekends too." in page and "Good point." in page


def test_a_reported_comment_goes_to_the_queue_and_the_team_hides_it(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A report puts the comment in the queue; hiding it needs a reason."""
    idea = raised(
        public_cycle(organisation), people["citizen"], publish_by=people["commissioner"]
    )
    signed_in(people["provider"]).post(comment_url(idea), {"body": "Rude words"})
    comment = Comment.objects.get()
    report_url = reverse(
        "ideas:report", kwargs={"org_slug": organisation.slug, "comment_pk": comment.pk}
    )
    reporter = signed_in(people["citizen"])
    assert reporter.post(report_url, {"reason": ""}).status_code == 400
    reporter.post(report_url, {"reason": "It is rude"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REPORTED
    team = signed_in(people["commissioner"])
    queue = text(
        team.get(reverse("ideas:queue", kwargs={"org_slug": organisation.slug}))
    )
    assert "Rude words" in queue and "It is rude" in queue
    hide_url = reverse(
        "ideas:comment_hide",
        kwargs={"org_slug": organisation.slug, "comment_pk": comment.pk},
    )
    assert (
        signed_in(people["outsider"]).post(hide_url, {"reason": "x"}).status_code == 404
    )
    team.post(hide_url, {"reason": "Abusive"})
    comment.refresh_from_db()
    assert (comment.status, comment.reason) == (CommentStatus.HIDDEN, "Abusive")
    assert "Rude words" not in text(Client().get(detail_url(idea)))


@override_settings(RATELIMIT_IDEAS_POST_RATE="3/m")
def test_supports_and_comments_are_rate_limited(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Supports and comments share the per-person limit: 429 past it."""
    idea = raised(
        public_cycle(organisation), people["citizen"], publish_by=people["commissioner"]
    )
    client = signed_in(people["provider"])
    codes = [
        client.post(support_url(idea), {"supports": "1"}).status_code,
        client.post(comment_url(idea), {"body": "One"}).status_code,
        client.post(comment_url(idea), {"body": "Two"}).status_code,
        client.post(comment_url(idea), {"body": "Three"}).status_code,
    ]
    assert codes == [302, 302, 302, 429]
    assert Comment.objects.count() == 2


# --- Personal data ----------------------------------------------------------


def test_what_a_person_raised_supported_and_said_is_in_their_data_and_erased(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """All of it is in the person's copy; erasure removes or replaces it."""
    cycle = public_cycle(organisation)
    other = raised(cycle, people["provider"], publish_by=people["commissioner"])
    citizen = people["citizen"]
    client = signed_in(citizen)
    client.post(raise_url(cycle), {**FORM, "title": "My own need"})
    client.post(support_url(other), {"supports": "1"})
    client.post(comment_url(other), {"body": "My comment here"})
    data = text(client.get(reverse("participation:my_data")))
    for words in ("My own need", "Evening drop-in", "My comment here"):
        assert words in data
    mine = Idea.objects.get(title="My own need")
    response = client.post(reverse("participation:erase"), {"confirm": "erase"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.author is None and "My own need" not in mine.title
    assert not Support.objects.exists()
    assert Comment.objects.get().body != "My comment here"
    assert not mine.history.filter(title="My own need").exists()
    assert re.search("My comment here", text(Client().get(detail_url(other)))) is None
