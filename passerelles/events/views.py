"""Public pages of the agenda: the sessions to come, a session, a cycle, the registration form, and
the person's own registration page, reached only by the personal link sent to them."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from passerelles.accounts.permissions import Action, can

from . import jsonld
from .enums import RegistrationStatus, SessionStatus
from .forms import AgendaFilterForm, RegistrationForm
from .models import Cycle, Registration, Session
from .services import agenda as agenda_service
from .services import registrations
from .services.registrations import RegistrationRefused, for_invited, is_invited, refusal, seats_left, waiting_rank

PAGE_SIZE = 20
ICS = {Session: "events:session_ics", Cycle: "events:cycle_ics"}


def visible(request, queryset, slug, key=None):
    """A published session or cycle; one kept out of the agenda only for its centre's staff (a
    preview) and for the people invited to it (its invitation link's key)."""
    found = get_object_or_404(queryset, slug=slug)
    if not found.is_published and not is_invited(found, key) and not can(request.user, Action.VIEW_PRIVATE, found):
        raise Http404
    return found


def sessions_for_page():
    return Session.objects.select_related("centre", "cycle__centre", "commune__parent").prefetch_related(
        "co_organisers", "speakers", "functions", "themes", "territories__parent"
    )


def cycles_for_page():
    return Cycle.objects.select_related("centre").prefetch_related("functions", "themes", "territories__parent")


@require_safe
def agenda(request):
    form = AgendaFilterForm(request.GET or None)
    page = Paginator(agenda_service.filtered(form), PAGE_SIZE).get_page(request.GET.get("page"))
    centre = form.cleaned_data.get("centre") if form.is_bound else None
    context = {"form": form, "page": page, "bad_filters": form.bad_filters() if form.is_bound else [],
               "centre": centre}  # fmt: skip
    return render(request, "events/agenda.html", context)


@require_safe
def session(request, slug):
    key = request.GET.get("invitation")
    session = visible(request, sessions_for_page(), slug, key)
    return session_page(request, session, RegistrationForm(target=session), invitation=key)


def invited_context(request, target, key):
    """What a page says to whom: the registration of a person invited by the link, the preview
    notice to the centre's staff, the calendar file (with the key when kept out of the agenda)."""
    invited = is_invited(target, key)
    public_refusal = refusal(target)
    return {
        "invitation": key if invited else "",
        "invited": invited,
        "refusal": refusal(target, invited=True) if invited else public_refusal,
        "registering": public_refusal is None,  # the public may register: said in the JSON-LD
        "preview": not target.is_published and can(request.user, Action.VIEW_PRIVATE, target),
        "ics_url": for_invited(target, reverse(ICS[type(target)], args=[target.slug])),
    }


def session_page(request, session, form, refused="", status=200, invitation=None):
    seats = seats_left(session)
    shown = invited_context(request, session, invitation)
    context = {
        "session": session,
        "cycle": session.cycle if session.cycle_id and session.cycle.is_published else None,
        "seats": seats,
        "full": seats == 0 or session.status == SessionStatus.FULL,
        "form": form,
        "refused": refused,
        "jsonld": jsonld.script(
            jsonld.session_event(session, request.build_absolute_uri, seats, registering=shown["registering"])
        ),
        **shown,
    }
    return render(request, "events/session.html", context, status=status)


@require_safe
def cycle(request, slug):
    key = request.GET.get("invitation")
    cycle = visible(request, cycles_for_page(), slug, key)
    return cycle_page(request, cycle, RegistrationForm(target=cycle), invitation=key)


def cycle_page(request, cycle, form, refused="", status=200, invitation=None):
    shown = invited_context(request, cycle, invitation)
    sessions = cycle.sessions.for_list().with_registrations(seats_held=RegistrationStatus.CONFIRMED)
    if cycle.is_published or not (shown["invited"] or shown["preview"]):
        sessions = sessions.public()  # an invitation cycle shows its invited people all its sessions
    sessions = with_pages(sessions)
    seats = seats_left(cycle)
    context = {
        "cycle": cycle,
        "sessions": sessions,
        "seats": seats,
        "full": seats == 0,
        "form": form,
        "refused": refused,
        "jsonld": jsonld.script(
            jsonld.cycle_series(cycle, sessions, request.build_absolute_uri, seats, registering=shown["registering"])
        ),
        **shown,
    }
    return render(request, "events/cycle.html", context, status=status)


def register(request, slug, kind):
    """Take the form of a session or cycle page; the seat waits for the confirmation by e-mail."""
    is_cycle = kind == "cycle"
    key = request.POST.get("invitation")
    target = visible(request, cycles_for_page() if is_cycle else sessions_for_page(), slug, key)
    if request.method != "POST":
        return redirect(target.get_absolute_url() + "#inscription")
    form = RegistrationForm(request.POST, target=target)
    refused = ""
    if form.is_valid():
        try:
            registration = registrations.register(
                target, form.person(), base_url=request.build_absolute_uri("/"), invited=is_invited(target, key)
            )
        except RegistrationRefused as error:
            refused = str(error)
        else:
            return render(request, "events/register_done.html", {"target": target, "email": registration.email})
    form.set_autofocus_on_first_error()
    page = cycle_page if is_cycle else session_page
    return page(request, target, form, refused=refused, status=400, invitation=key)


def with_pages(sessions):
    """The sessions, each with the address of its page for whoever is shown it (registered or invited)."""
    sessions = list(sessions)
    for session in sessions:
        session.page_url = for_invited(session, session.get_absolute_url())
    return sessions


def registration_by_token(token):
    queryset = Registration.objects.select_related(
        "session__centre", "session__commune__parent", "cycle__centre", "function", "territory__parent"
    )
    return get_object_or_404(queryset, token=token)


def personal(response):
    """The personal page is nobody else's: not cached (never_cache), not indexed. Its address is not sent
    to other sites either (the site's Referrer-Policy is same-origin; "no-referrer" would make the browser
    send "Origin: null" with the page's forms, which the CSRF check refuses)."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_safe
def registration(request, token):
    registration = registration_by_token(token)
    target = registration.target
    context = {
        "registration": registration,
        "target": target,
        "is_cycle": registration.cycle_id is not None,
        "sessions": with_pages(target.sessions.all()) if registration.cycle_id else [],
        "ics_url": for_invited(target, reverse(ICS[type(target)], args=[target.slug])),
        "rank": waiting_rank(registration) if registration.status == RegistrationStatus.WAITING else None,
        "may_cancel": registration.status != RegistrationStatus.CANCELLED
        and (registration.status != RegistrationStatus.CONFIRMED or not registrations.begun(target)),
        "retention_months": settings.PASSERELLES["REGISTRATION_RETENTION_MONTHS"],
    }
    return personal(render(request, "events/registration.html", context))


STATUS_MESSAGES = {
    RegistrationStatus.CONFIRMED: (messages.SUCCESS, "Votre inscription est confirmée : une place vous est réservée."),
    RegistrationStatus.PENDING: (messages.INFO, "Votre inscription attend votre confirmation."),
    RegistrationStatus.CANCELLED: (messages.SUCCESS, "Votre inscription est annulée."),
}


@never_cache
def confirm(request, token):
    registration = registration_by_token(token)
    if request.method != "POST":  # the action is the page's button; an address typed in only shows the page
        return redirect(registration)
    try:
        registration = registrations.confirm(token, base_url=request.build_absolute_uri("/"))
    except RegistrationRefused as error:
        messages.error(request, str(error))
    else:
        if registration.status == RegistrationStatus.WAITING:
            messages.info(request, "Votre inscription est confirmée, mais toutes les places sont prises : vous êtes "
                                   f"sur la liste d'attente, au rang {waiting_rank(registration)}. Si une place se "
                                   "libère, elle vous sera attribuée et vous recevrez un courriel.")  # fmt: skip
        else:
            messages.add_message(request, *STATUS_MESSAGES[registration.status])
    return redirect(registration)


@never_cache
def cancel(request, token):
    registration = registration_by_token(token)
    if request.method != "POST":
        return redirect(registration)
    was_cancelled = registration.status == RegistrationStatus.CANCELLED
    try:
        registration = registrations.cancel(token, base_url=request.build_absolute_uri("/"))
    except RegistrationRefused as error:
        messages.error(request, str(error))
    else:
        if was_cancelled:
            messages.info(request, "Cette inscription était déjà annulée.")
        else:
            messages.success(request, "Votre inscription est annulée. Un courriel vous le confirme.")
    return redirect(registration)
