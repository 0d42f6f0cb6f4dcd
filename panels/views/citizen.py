"""Taking part, for citizens: get involved, join, consent, profile and seats."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cocommission.accounts.signin import (
    account_for_address,
    code_send_refusal,
    code_sign_in_start,
)
from cocommission.forms import form_page
from cocommission.http import AuthedHttpRequest, HtmxHttpRequest
from cocommission.languages import direction, fill, local_name, quoted
from cocommission.notifications.models import NotificationSettings
from cocommission.organisations.models import STAFF_ROLES, Membership, Organisation
from cocommission.parsing import id_param
from cocommission.translations import chosen
from cycles.models import Cycle, Visibility

from ..forms import (
    InterestForm,
    JoinEmailForm,
    NotificationSettingsForm,
    ProfileForm,
)
from ..models import (
    WORDING,
    ConsentRecord,
    MemberStatus,
    Panel,
    PanelMember,
    PoolMember,
    Profile,
    Purpose,
    Recruitment,
    Volunteer,
)
from ..services import (
    categories_ensure_defaults,
    consent_record,
    organisation_pool_leave,
    panel_join_with_consent,
    panel_member_respond,
    panel_member_step_down,
    profile_save,
)
from ..translations import chosen_language, offered, panel_in


@require_safe
def get_involved(request: HtmxHttpRequest, org_slug: str) -> HttpResponse:
    """An organisation's open invitations to take part: no sign-in needed."""
    organisation = get_object_or_404(Organisation, slug=org_slug)
    panels = (
        Panel.objects.filter(organisation=organisation)
        .open_for_volunteers()
        .select_related("cycle")
        .order_by("cycle__title", "name")
    )
    cycle: Cycle | None = None
    if request.GET.get("cycle"):
        cycle_pk = id_param(request.GET, "cycle")
        if cycle_pk is None:
            raise Http404
        cycle = get_object_or_404(
            Cycle.objects.filter(
                organisation=organisation, visibility=Visibility.PUBLIC
            ),
            pk=cycle_pk,
        )
        panels = panels.filter(cycle=cycle)
    requested = request.GET.get("lang", "")
    # Each panel in the language chosen, and that language for its join link.
    shown = []
    for panel in panels:
        lang = chosen_language(requested, get_language() or "", panel)
        shown.append((panel_in(panel, lang), lang))
    languages = sorted(
        {code for panel in panels for code in offered(panel)},
        key=lambda code: (code != "en", code),
    )
    return render(
        request,
        "panels/get_involved.html",
        {
            "organisation": organisation,
            "panels": shown,
            "cycle": cycle,
            "content_languages": _language_links(
                request, languages, chosen(requested, get_language() or "", languages)
            ),
        },
    )


def _language_links(
    request: HtmxHttpRequest, languages: list[str], current: str
) -> list[dict[str, object]]:
    """Links to the page with its panels in each language they are written
    in (none when only English is)."""
    if len(languages) < 2:
        return []
    query = request.GET.copy()
    links = []
    for code in languages:
        query["lang"] = code
        links.append(
            {
                "code": code,
                "name": local_name(code),
                "dir": direction(code),
                "url": f"?{query.urlencode()}",
                "current": code == current,
            }
        )
    return links


def _in_language(
    request: HtmxHttpRequest, panel: Panel
) -> tuple[Panel, dict[str, object]]:
    """The panel in the language chosen (``?lang=``, else the page's
    language, else English), and the page's links to its other languages."""
    lang = chosen_language(request.GET.get("lang", ""), get_language() or "", panel)
    return panel_in(panel, lang), {
        "content_language": lang,
        "content_languages": _language_links(request, offered(panel), lang),
    }


def _join_by_email(
    request: HtmxHttpRequest, panel: Panel, shown: Panel, languages: dict[str, object]
) -> HttpResponse:
    """Someone not signed in gives their address and is sent a sign-in code."""
    form = JoinEmailForm(request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        refusal = code_send_refusal(
            request, email=email, user=account_for_address(email)
        )
        if refusal is None:
            code_sign_in_start(request, email=email)
            back = request.path
            lang = str(languages["content_language"])
            if request.GET.get("lang") == lang:
                # They come back to the panel in the language they chose.
                back += "?" + urlencode({"lang": lang})
            return redirect(
                reverse("account_confirm_login_code") + "?" + urlencode({"next": back})
            )
        form.add_error("email", refusal)
    return render(
        request,
        "panels/join.html",
        {
            "panel": shown,
            "organisation": panel.organisation,
            "email_form": form,
            **languages,
        },
        status=429 if refusal else 400 if form.errors else 200,
    )


def _join_refusal(
    request: HtmxHttpRequest,
    consents: dict[str, bool],
    interest_form: InterestForm | None,
) -> str:
    """What stops the join form going through ("" when nothing does)."""
    if request.POST.get("consent_panel") != "yes" and not consents[Purpose.PANEL]:
        return _("Tick the box to agree to taking part in panels")
    if interest_form is not None and not interest_form.is_valid():
        return _("Check your answers about the topic")
    return ""


def _consents_given(request: HtmxHttpRequest, consents: dict[str, bool]) -> list[str]:
    """The purposes the join form ticks that the person had not yet agreed to."""
    ticked = {
        Purpose.PANEL: request.POST.get("consent_panel") == "yes",
        Purpose.CONTACT: request.POST.get("consent_contact") == "yes",
    }
    return [purpose for purpose, yes in ticked.items() if yes and not consents[purpose]]


def _interest(interest_form: InterestForm | None) -> tuple[int, int] | None:
    if interest_form is None or interest_form.cleaned_data.get("knowledge") is None:
        return None
    return interest_form.cleaned_data["knowledge"], interest_form.cleaned_data["care"]


def _on_reserve(panel: Panel) -> str:
    return fill(
        _(
            "Thank you. Every seat on %(panel)s is taken, so you are on its reserve "
            "list: staff can give you a seat when one frees."
        ),
        panel=quoted(panel.name),
    )


def _joined(
    request: HtmxHttpRequest, panel: Panel, result: PanelMember | Volunteer
) -> HttpResponse:
    """Thank the person and take them to their profile."""
    if isinstance(result, Volunteer):
        messages.success(
            request,
            fill(
                _(
                    "Thank you. You are now one of the volunteers for %(panel)s. "
                    "Members are chosen at random so the panel reflects the area; "
                    "we will e-mail you either way."
                ),
                panel=quoted(panel.name),
            ),
        )
    elif result.status == MemberStatus.RESERVE:
        messages.success(request, _on_reserve(panel))
    else:
        messages.success(
            request, fill(_("Welcome to %(panel)s."), panel=quoted(panel.name))
        )
    return redirect(
        reverse("taking_part:profile", kwargs={"org_slug": panel.organisation.slug})
        + "?welcome=1"
    )


@require_http_methods(["GET", "POST"])
def join(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Joining a panel from its invitation link or the 'get involved' page.

    Someone not signed in gives their address and gets a code, from the same budget
    as every other sign-in code; a newcomer's account is made only when they type
    it, and they come back here signed in to say what they agree to.
    """
    panel: Panel = get_object_or_404(
        Panel.objects.select_related("organisation", "cycle"), invitation_token=token
    )
    shown, languages = _in_language(request, panel)
    if not request.user.is_authenticated:
        return _join_by_email(request, panel, shown, languages)
    user = request.user
    consents = ConsentRecord.objects.current(user=user, organisation=panel.organisation)
    interest_form = InterestForm(request.POST or None) if panel.cycle_id else None
    seat = PanelMember.objects.filter(panel=panel, user=user).first()
    in_pool = Volunteer.objects.filter(panel=panel, user=user).exists()
    error = ""
    if request.method == "POST":
        error = _join_refusal(request, consents, interest_form)
        if not error:
            result = panel_join_with_consent(
                panel=panel,
                user=user,
                consent_to=_consents_given(request, consents),
                interest=_interest(interest_form),
                organisation_pool=request.POST.get("consent_org_pool") == "yes",
            )
            return _joined(request, shown, result)
    return render(
        request,
        "panels/join.html",
        {
            **languages,
            "panel": shown,
            "organisation": panel.organisation,
            "consents": consents,
            "wording": {p: WORDING[p][1] for p in Purpose.values},
            "interest_form": interest_form,
            "seat": seat,
            "in_pool": in_pool,
            "is_selection": panel.recruitment == Recruitment.SELECTION,
            "in_organisation_pool": PoolMember.objects.filter(
                organisation=panel.organisation, user=user
            ).exists(),
            "error": error,
        },
        status=400 if error else 200,
    )


def _citizen_organisation(request: HtmxHttpRequest, org_slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.for_user(request.user), slug=org_slug)


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """Each purpose on its own, with its words; one click to give or withdraw."""
    organisation = _citizen_organisation(request, org_slug)
    user = request.user
    if request.method == "POST":
        purpose = request.POST.get("purpose", "")
        if purpose in Purpose.values:
            given = request.POST.get("given") == "yes"
            consent_record(
                user=user, organisation=organisation, purpose=purpose, given=given
            )
            label = Purpose(purpose).label
            messages.success(
                request,
                (
                    _("Thank you: “%(purpose)s” is on.")
                    if given
                    else _("Done: “%(purpose)s” is off from now on.")
                )
                % {"purpose": label},
            )
        return redirect("taking_part:consent", org_slug=org_slug)
    current = ConsentRecord.objects.current(user=user, organisation=organisation)
    return render(
        request,
        "panels/consent.html",
        {
            "organisation": organisation,
            "purposes": [
                (p, label, WORDING[p][1], current[p]) for p, label in Purpose.choices
            ],
            "history": ConsentRecord.objects.filter(
                user=user, organisation=organisation
            )[:20],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """An optional profile; equalities questions only with consent."""
    organisation = _citizen_organisation(request, org_slug)
    user = request.user
    consents = ConsentRecord.objects.current(user=user, organisation=organisation)
    categories = [
        c
        for c in categories_ensure_defaults(organisation=organisation)
        if consents[Purpose.EQUALITIES] or not c.is_equalities
    ]
    current = {
        a.category_id: (str(a.value_id) if a.value_id else "declined")
        for a in user.profile_answers.filter(category__organisation=organisation)
    }
    instance = Profile.objects.filter(user=user).first() or Profile(user=user)
    form = ProfileForm(
        request.POST or None, instance=instance, categories=categories, current=current
    )
    if request.method == "POST" and form.is_valid():
        try:
            profile_save(
                profile=form.save(commit=False),
                lived_experience=form.cleaned_data["lived_experience"],
                organisation=organisation,
                answers=form.category_answers(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answers are saved."))
            return redirect("participation:participation")
    return render(
        request,
        "panels/profile.html",
        {
            "organisation": organisation,
            "form": form,
            "asks_equalities": consents[Purpose.EQUALITIES],
            "welcome": request.GET.get("welcome"),
        },
        status=400 if form.errors else 200,
    )


def _own_seat(request: HtmxHttpRequest, pk: int) -> PanelMember:
    return get_object_or_404(
        PanelMember.objects.select_related("panel", "panel__organisation"),
        pk=pk,
        user=request.user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """An invited person accepts or declines; a member can step down."""
    member = _own_seat(request, pk)
    panel, languages = _in_language(request, member.panel)
    user = request.user
    consents = ConsentRecord.objects.current(user=user, organisation=panel.organisation)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                if (
                    request.POST.get("consent_panel") == "yes"
                    and not consents[Purpose.PANEL]
                ):
                    consent_record(
                        user=user,
                        organisation=panel.organisation,
                        purpose=Purpose.PANEL,
                        given=True,
                    )
                member = panel_member_respond(member=member, accept=True)
                if member.status == MemberStatus.RESERVE:
                    messages.success(request, _on_reserve(panel))
                else:
                    messages.success(
                        request,
                        fill(_("Welcome to %(panel)s."), panel=quoted(panel.name)),
                    )
            elif action == "decline":
                panel_member_respond(member=member, accept=False)
                messages.success(
                    request, _("You have said no. Thank you for telling us.")
                )
            elif action == "step_down":
                panel_member_step_down(member=member)
                messages.success(
                    request,
                    fill(
                        _("You have stepped down from %(panel)s."),
                        panel=quoted(panel.name),
                    ),
                )
            return redirect("participation:participation")
        except ValidationError as problem:
            error = " ".join(problem.messages)
    return render(
        request,
        "panels/seat.html",
        {
            **languages,
            "organisation": panel.organisation,
            "panel": panel,
            "member": member,
            "needs_consent": not consents[Purpose.PANEL],
            "wording": WORDING[Purpose.PANEL][1],
            "is_invited": member.status == MemberStatus.INVITED,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def leave_pool(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    Volunteer.objects.filter(panel_id=pk, user=request.user).delete()
    messages.success(request, _("You are no longer a volunteer for that panel."))
    return redirect("participation:participation")


@login_required
@require_POST
def leave_organisation_pool(request: AuthedHttpRequest, org_slug: str) -> HttpResponse:
    """Withdraw consent to the organisation's pool, with one button."""
    organisation = get_object_or_404(Organisation, slug=org_slug)
    if organisation_pool_leave(user=request.user, organisation=organisation):
        messages.success(
            request,
            _(
                "You have left the pool of %(organisation)s: its other panels will "
                "not draw you. You are still a volunteer for the panels you chose."
            )
            % {"organisation": organisation.name},
        )
    return redirect("participation:participation")


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request: AuthedHttpRequest) -> HttpResponse:
    """Which e-mails the person wants (they also need to agree to be contacted)."""
    user = request.user
    instance = NotificationSettings.objects.filter(user=user).first()
    form = NotificationSettingsForm(
        request.POST or None,
        instance=instance or NotificationSettings(user=user),
        team=Membership.objects.filter(user=user, role__in=STAFF_ROLES).exists(),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("participation:participation")
    return form_page(
        request,
        form=form,
        caption=user.email,
        title=_("E-mails you get"),
        intro=_(
            "Untick what you do not want. Organisations only e-mail you if you "
            "agreed to be contacted; sign-in codes always come."
        ),
        button=_("Save"),
        cancel_url=reverse("participation:participation"),
    )
