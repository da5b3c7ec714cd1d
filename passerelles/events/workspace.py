"""Where a centre's staff create their sessions and cycles, follow their registrants, mark attendance,
print the attendance sheet, send certificates, cancel a session and count their activity.
Registrants are personal data: every page and action checks MANAGE_CENTRE on the session's
organising centre first (403 otherwise), and the services check writes again."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passerelles.accounts.permissions import Action, can, centres_where
from passerelles.core import collation
from passerelles.core.changes import changes_of
from passerelles.core.csv_cells import spreadsheet_text
from passerelles.core.downloads import as_download
from passerelles.core.forms import errors_text
from passerelles.core.pdf import render_pdf
from passerelles.core.slugs import unique_slug

from .enums import Openness, RegistrationStatus
from .errors import AlreadyCancelled, AlreadyTookPlace, AttendanceRefused, ChangeRefused
from .models import RESERVED_SLUGS, Cycle, Session
from .services import registrations as registration_service
from .services import reporting, staff
from .staff_forms import AttendanceForm, CancelSessionForm, CycleForm, ReportForm, SessionForm, speaker_formset

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
CONFIRMED = RegistrationStatus.CONFIRMED


def _session(request, slug):
    session = get_object_or_404(Session.objects.select_related("centre", "commune__parent", "cycle"), slug=slug)
    staff.check(request.user, session)
    return session


def _data(request):
    """The submitted data on a POST (even empty: a form sent empty is a form with errors)."""
    return request.POST if request.method == "POST" else None


def _base_url(request):
    return request.build_absolute_uri("/")


@login_required
@require_safe
def index(request):
    staff.check_organiser(request.user)
    centres = centres_where(request.user, Action.MANAGE_CENTRE)
    upcoming, past = staff.sessions_of(centres)
    context = {
        "centres": collation.sorted_by(centres, key="name"),
        "upcoming": upcoming,
        "past": past,
        "cycles": collation.sorted_by(staff.cycles_of(centres), key="title"),
    }
    return render(request, "events/workspace/index.html", context)


@login_required
@GET_POST
def edit_session(request, slug=None):
    centres = centres_where(request.user, Action.MANAGE_CENTRE)
    session = _session(request, slug) if slug else None
    if session is None and not centres.exists():
        raise PermissionDenied
    initial = {"cycle": request.GET["cycle"]} if session is None and request.GET.get("cycle", "").isdigit() else None
    form = SessionForm(_data(request), instance=session, centres=centres, initial=initial)
    speakers = speaker_formset(_data(request), instance=form.instance)
    if request.method == "POST" and all([form.is_valid(), speakers.is_valid()]):
        if session is None:
            form.instance.slug = unique_slug(Session, form.cleaned_data["title"], RESERVED_SLUGS, "session")
        try:
            saved = staff.save_registrable(request.user, changes_of(form, speakers), _base_url(request))
        except ChangeRefused as refused:
            _show(form, refused)
        else:
            messages.success(request, "Session enregistrée.")
            return redirect("events:registrants", saved.slug)
    context = {"form": form, "speakers": speakers, "session": session}
    return render(request, "events/workspace/session_edit.html", context)


@login_required
@GET_POST
def edit_cycle(request, slug=None):
    centres = centres_where(request.user, Action.MANAGE_CENTRE)
    cycle = get_object_or_404(Cycle, slug=slug) if slug else None
    if cycle is not None:
        staff.check(request.user, cycle)
    elif not centres.exists():
        raise PermissionDenied
    form = CycleForm(_data(request), instance=cycle, centres=centres)
    if request.method == "POST" and form.is_valid():
        if cycle is None:
            form.instance.slug = unique_slug(Cycle, form.cleaned_data["title"], RESERVED_SLUGS, "cycle")
        try:
            staff.save_registrable(request.user, changes_of(form), base_url=_base_url(request))
        except ChangeRefused as refused:
            _show(form, refused)
        else:
            messages.success(request, "Cycle enregistré.")
            return redirect("events:workspace")
    sessions = cycle.sessions.order_by("starts_at") if cycle else []
    context = {"form": form, "cycle": cycle, "sessions": sessions, "invitation_url": _invitation(request, cycle)}
    return render(request, "events/workspace/cycle_edit.html", context)


def _show(form, refused):
    """The change breaks a rule (seats taken meanwhile…): the form says why, on its fields."""
    for field, message in refused.errors.items():
        form.add_error(field, message)


def _invitation(request, target):
    """The invitation link, for what the public cannot register to by itself."""
    if target is None or (target.is_published and target.openness == Openness.PUBLIC):
        return ""
    return registration_service.invitation_url(target, _base_url(request))


@login_required
@require_safe
def registrants(request, slug):
    session = _session(request, slug)
    rows = staff.registrants(session)
    context = {
        "session": session,
        "rows": rows,
        "counts": {status.value: sum(r.registration.status == status for r in rows) for status in RegistrationStatus},
        "seats_left": registration_service.seats_left(session),
        "speakers": session.speakers.all(),
        "attendance_refusal": staff.attendance_refusal(session),
        "certificates_due": staff.certificates_due(session).count(),
        "invitation_url": _invitation(request, session),
    }
    return render(request, "events/workspace/registrants.html", context)


@login_required
@require_POST
def attendance(request, slug):
    session = _session(request, slug)
    form = AttendanceForm(request.POST, registrations=staff.markable(session))
    try:
        staff.check_attendance(session)  # the session's state first, then what was ticked
        if not form.is_valid():
            messages.error(request, errors_text(form))
            return redirect("events:registrants", session.slug)
        present, absent = staff.save_attendance(request.user, session, form.cleaned_data["present"])
    except AttendanceRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"Présence enregistrée : {present} présente(s), {absent} absente(s).")
    return redirect("events:registrants", session.slug)


CSV_HEADERS = [
    "Nom",
    "Prénom",
    "Adresse électronique",
    "Fonction",
    "Structure",
    "Territoire d'intervention",
    "Inscription",
    "État",
    "Rang en liste d'attente",
    "Inscrite le",
    "Confirmée le",
    "Présence",
    "Attestation envoyée le",
]


def _when(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def _presence(attendance):
    return "" if attendance is None else ("présente" if attendance.present else "absente")


@login_required
@require_safe
def export(request, slug):
    session = _session(request, slug)
    rows = (
        (
            r.last_name,
            r.first_name,
            r.email,
            r.function or "",
            r.organisation,
            r.territory.label if r.territory else "",
            "au cycle" if row.via_cycle else "à la session",
            r.get_status_display(),
            row.rank or "",
            _when(r.created_at),
            _when(r.confirmed_at),
            _presence(row.attendance),
            _when(row.attendance and row.attendance.certificate_sent_at),
        )
        for row in staff.registrants(session)
        for r in [row.registration]
    )
    response = HttpResponse(spreadsheet_text(CSV_HEADERS, rows), content_type="text/csv; charset=utf-8")
    return as_download(response, f"inscrits-{session.slug}.csv")


@login_required
@require_safe
def attendance_sheet(request, slug):
    session = _session(request, slug)
    people = [row.registration for row in staff.registrants(session) if row.registration.status == CONFIRMED]
    people = collation.sorted_by(people, key=lambda r: (r.last_name, r.first_name))
    context = {"session": session, "people": people, "speakers": session.speakers.all(), "blank_lines": range(5)}
    response = HttpResponse(render_pdf("events/print/attendance_sheet.html", context, request), "application/pdf")
    return as_download(response, f"emargement-{session.slug}.pdf")


@login_required
@require_POST
def certificates(request, slug):
    session = _session(request, slug)
    try:
        sent = staff.send_certificates(request.user, session, request)
    except AttendanceRefused as refused:
        messages.error(request, refused.message)
        return redirect("events:registrants", session.slug)
    if sent:
        messages.success(request, f"{sent} attestation(s) de présence envoyée(s) par courriel.")
    else:
        messages.info(request, "Aucune attestation à envoyer : notez d'abord les présents, ou elles sont déjà parties.")
    return redirect("events:registrants", session.slug)


@login_required
@GET_POST
def cancel_session(request, slug):
    session = _session(request, slug)
    form = CancelSessionForm(_data(request))
    try:
        registration_service.check_cancellable(session)
        if request.method == "POST" and form.is_valid():
            registration_service.cancel_session(request.user, session, _base_url(request))
            messages.success(request, "Session annulée : chaque inscrit est prévenu par courriel.")
            return redirect("events:registrants", session.slug)
    except AlreadyCancelled as cancelled:
        messages.info(request, cancelled.message)
        return redirect("events:registrants", session.slug)
    except AlreadyTookPlace as over:
        messages.error(request, over.message)
        return redirect("events:registrants", session.slug)
    told = registration_service.registered_to(session).count()  # to the session and to its cycle
    return render(request, "events/workspace/cancel.html", {"session": session, "form": form, "told": told})


@login_required
@require_safe
def report(request):
    staff.check_organiser(request.user)
    centres = centres_where(request.user, Action.MANAGE_CENTRE)
    everyone = can(request.user, Action.MANAGE_NETWORK)  # national animators: the whole network
    start, end = reporting.current_year()
    data = request.GET if "start" in request.GET else {"start": start, "end": end - datetime.timedelta(days=1)}
    form = ReportForm(data, centres=centres, everyone=everyone)
    result = None
    if form.is_valid():
        chosen = form.cleaned_data["centre"]
        scope = [chosen] if chosen else (None if everyone else centres)
        end = form.cleaned_data["end"] + datetime.timedelta(days=1)
        result = reporting.report(scope, form.cleaned_data["start"], end)
    return render(request, "events/workspace/report.html", {"form": form, "report": result, "everyone": everyone})
