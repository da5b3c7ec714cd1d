"""Public pages of the agenda: the sessions to come, a session, a cycle, and the registration form
(the person's own page, reached by the personal link sent to them, is in `personal`)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from passerelles.accounts.permissions import Action, can, public_or_404
from passerelles.core import honeypot, throttle
from passerelles.core.fragments import cached_page
from passerelles.core.personal_links import PersonalLinkRefused

from . import jsonld
from .enums import RegistrationStatus, SessionStatus
from .forms import AgendaFilterForm, RegistrationForm
from .models import Cycle, Session
from .services import agenda as agenda_service
from .services import registrations
from .services.freshness import agenda_version
from .services.registrations import AlreadyRegistered, RegistrationRefused, for_invited, is_invited, refusal, seats_left

PAGE_SIZE = 20
HARVESTED_SHOWN = 20  # events of the centres' websites listed under the sessions


def visible(request, queryset, slug, key=None):
    """A published session or cycle; one kept out of the agenda only for its centre's staff (a
    preview) and for the people invited to it (its invitation link's key)."""
    try:
        return public_or_404(
            request.user, queryset, lambda found: found.is_published or is_invited(found, key), slug=slug
        )
    except Http404:
        if not key:
            raise
        # An invitation link that opens nothing: its own page, naming the centre that invited.
        found = queryset.filter(slug=slug).first()
        raise PersonalLinkRefused("invitation", centre=found.centre if found else None) from None


def sessions_for_page():
    return Session.objects.select_related("centre", "cycle__centre", "commune__parent").prefetch_related(
        "co_organisers", "speakers", "functions", "themes", "territories__parent"
    )


def cycles_for_page():
    return Cycle.objects.select_related("centre").prefetch_related("functions", "themes", "territories__parent")


@require_safe
def agenda(request):
    def build():
        form = AgendaFilterForm(request.GET or None)
        filters = form.filters()
        page = Paginator(agenda_service.filtered(filters), PAGE_SIZE).get_page(request.GET.get("page"))
        centre = form.cleaned_data.get("centre") if form.is_bound else None
        harvested = list(agenda_service.harvested(filters)[: HARVESTED_SHOWN + 1])
        return {
            "harvested": harvested[:HARVESTED_SHOWN],
            "more_harvested": len(harvested) > HARVESTED_SHOWN,
            "form": form,
            "page": page,
            "bad_filters": form.bad_filters() if form.is_bound else [],
            "centre": centre,
        }

    return cached_page(request, "agenda", agenda_version(), "events/agenda.html", build)


@require_safe
def session(request, slug):
    key = request.GET.get("invitation")

    def build():
        session = visible(request, sessions_for_page(), slug, key)
        return session_context(request, session, RegistrationForm(target=session), invitation=key)

    return cached_page(request, f"session:{slug}", agenda_version(), "events/session.html", build)


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
        "ics_url": for_invited(target, target.get_calendar_url()),
    }


def session_page(request, session, form, refused="", status=200, invitation=None):
    context = session_context(request, session, form, refused, invitation)
    return render(request, "events/session.html", context, status=status)


def session_context(request, session, form, refused="", invitation=None):
    seats = None if session.has_taken_place else seats_left(session)  # no « places restantes » once over
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
    return context


@require_safe
def cycle(request, slug):
    key = request.GET.get("invitation")

    def build():
        cycle = visible(request, cycles_for_page(), slug, key)
        return cycle_context(request, cycle, RegistrationForm(target=cycle), invitation=key)

    return cached_page(request, f"cycle:{slug}", agenda_version(), "events/cycle.html", build)


def cycle_page(request, cycle, form, refused="", status=200, invitation=None):
    context = cycle_context(request, cycle, form, refused, invitation)
    return render(request, "events/cycle.html", context, status=status)


def cycle_context(request, cycle, form, refused="", invitation=None):
    shown = invited_context(request, cycle, invitation)
    sessions = cycle.sessions.for_list().with_registrations(seats_held=RegistrationStatus.CONFIRMED)
    if cycle.is_published or not (shown["invited"] or shown["preview"]):
        sessions = sessions.public()  # an invitation cycle shows its invited people all its sessions
    sessions = with_pages(sessions)
    over = bool(sessions) and all(session.is_over for session in sessions)  # no « places restantes » then
    seats = None if over else seats_left(cycle)
    context = {
        "cycle": cycle,
        "sessions": sessions,
        "over": over,
        "seats": seats,
        "full": seats == 0,
        "form": form,
        "refused": refused,
        "jsonld": jsonld.script(
            jsonld.cycle_series(cycle, sessions, request.build_absolute_uri, seats, registering=shown["registering"])
        ),
        **shown,
    }
    return context


REGISTRATION_CLIENT_LIMIT = (
    "Trop de demandes d'inscription ont été envoyées depuis votre connexion : réessayez dans {wait}. "
    "Rien n'a été enregistré ni envoyé."
)
REGISTRATION_RECIPIENT_LIMIT = (
    "Trop de demandes d'inscription ont été faites pour cette adresse électronique : réessayez dans {wait}. "
    "Rien n'a été enregistré ni envoyé."
)


def register(request, slug, kind):
    """Take the form of a session or cycle page; the seat waits for the confirmation by e-mail.
    Anyone may send it, so it cannot be turned against anyone: limited per client and per address
    written to (before any other work), a trap for robots, and the same answer whether the address
    is new or already registered (what it is registered to goes to the address itself)."""
    is_cycle = kind == "cycle"
    key = request.POST.get("invitation")
    target = visible(request, cycles_for_page() if is_cycle else sessions_for_page(), slug, key)
    if request.method != "POST":
        return redirect(target.get_absolute_url() + "#inscription")
    page = cycle_page if is_cycle else session_page
    form = RegistrationForm(request.POST, target=target)
    try:
        throttle.check_client(request, "REGISTRATION_CLIENT", REGISTRATION_CLIENT_LIMIT)
        if not form.is_valid():
            form.set_autofocus_on_first_error()
            return page(request, target, form, status=400, invitation=key)
        if honeypot.caught(request):
            return registration_sent(request, target, form)  # a robot: nothing stored, nothing sent
        throttle.check("REGISTRATION_RECIPIENT", form.cleaned_data["email"], REGISTRATION_RECIPIENT_LIMIT)
        registrations.register(
            target, form.person(), base_url=request.build_absolute_uri("/"), invited=is_invited(target, key)
        )
    except throttle.Throttled as limited:
        return page(request, target, form, refused=limited.message, status=429, invitation=key)
    except RegistrationRefused as error:
        return page(request, target, form, refused=str(error), status=400, invitation=key)
    except AlreadyRegistered:
        pass  # answered like a new registration; the address is told by e-mail
    return registration_sent(request, target, form)


def registration_sent(request, target, form):
    return render(request, "events/register_done.html", {"target": target, "email": form.cleaned_data["email"]})


def with_pages(sessions):
    """The sessions, each with the address of its page for whoever is shown it (registered or invited)."""
    sessions = list(sessions)
    for session in sessions:
        session.page_url = for_invited(session, session.get_absolute_url())
    return sessions
