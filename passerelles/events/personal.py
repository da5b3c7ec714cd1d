"""The person's own registration page, reached only by the personal link sent to them, and what it
lets them do: confirm, cancel, add it to their calendar, download a copy of their data, have it
erased. The online link of a session is given here, once the seat is confirmed."""

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from passerelles.core.downloads import as_download
from passerelles.core.personal_links import PersonalLinkRefused

from . import calendars
from .enums import RegistrationStatus
from .models import Registration
from .services import personal_data, registrations
from .services.registrations import RegistrationRefused, connection_link, waiting_rank
from .views import with_pages


def registration_by_token(token):
    queryset = Registration.objects.select_related(
        "session__centre", "session__commune__parent", "cycle__centre", "function", "territory__parent"
    )
    found = queryset.filter(token=token).first()
    if found is None:  # never issued, or erased with its registration: the link's own 404 page
        raise PersonalLinkRefused("registration")
    return found


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
    sessions = with_pages(target.sessions.all()) if registration.cycle_id else []
    for session in sessions:
        session.connection_url = connection_link(registration, session)
    context = {
        "registration": registration,
        "target": target,
        "is_cycle": registration.target.is_cycle,
        "sessions": sessions,
        "online_url": "" if registration.cycle_id else connection_link(registration, target),
        "ics_url": reverse("events:registration_ics", args=[registration.token]),
        "rank": waiting_rank(registration) if registration.status == RegistrationStatus.WAITING else None,
        "may_confirm": registration.is_pending and not registrations.closed(target),
        "may_cancel": registration.status != RegistrationStatus.CANCELLED
        and (registration.status != RegistrationStatus.CONFIRMED or not registrations.begun(target)),
        "retention_months": settings.PASSERELLES["REGISTRATION_RETENTION_MONTHS"],
    }
    return personal(render(request, "events/registration.html", context))


@never_cache
@require_safe
def calendar_file(request, token):
    """The person's own calendar file: their session, or the sessions of their cycle, with the online
    link of each once their seat is confirmed (the public files never carry it)."""
    registration = registration_by_token(token)
    target = registration.target
    sessions = list(target.sessions.select_related("centre", "commune__parent")) if registration.cycle_id else [target]
    links = {session.pk: connection_link(registration, session) for session in sessions}
    feed = calendars.calendar(
        target.title, f"inscription-{registration.pk}", sessions, request.build_absolute_uri, links=links
    )
    return personal(calendars.response(feed, filename=target.slug))


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
            messages.info(
                request,
                "Votre inscription est confirmée, mais toutes les places sont prises : vous êtes "
                f"sur la liste d'attente, au rang {waiting_rank(registration)}. Si une place se "
                "libère, elle vous sera attribuée et vous recevrez un courriel.",
            )
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


@never_cache
@require_safe
def data_copy(request, token):
    """Everything kept about the registration, as a JSON file to keep."""
    registration = registration_by_token(token)
    data = personal_data.copy(registration, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    return personal(as_download(response, f"inscription-{registration.target.slug}.json"))


@never_cache
def erase(request, token):
    """A page that says what erasing does, and its button; the erasure itself is the POST."""
    registration = registration_by_token(token)
    target = registration.target
    if request.method == "POST":
        try:
            personal_data.erase(token, base_url=request.build_absolute_uri("/"))
        except RegistrationRefused as error:
            messages.error(request, str(error))
            return redirect(registration)
        messages.success(
            request,
            f"Votre inscription à « {target.title} » et les données qui s'y rapportent sont effacées. "
            "Le lien personnel ne fonctionne plus.",
        )
        return redirect("events:agenda")
    context = {
        "registration": registration,
        "target": target,
        "is_cycle": registration.target.is_cycle,
        "frees_a_seat": registration.status == RegistrationStatus.CONFIRMED and not registrations.begun(target),
        "counted": personal_data.counted(registration, target),
    }
    return personal(render(request, "events/registration_erase.html", context))
