"""Personal data going out or away: CSV and vCard exports of the filtered list, one person's data as
JSON, erasure on request, the review and purge of idle contacts, and the centre's log of all that.
Every page here is for the centre's admins (Action.MANAGE_CONTACTS)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passerelles.core.downloads import as_download

from .enums import AuditAction
from .forms import FilterForm
from .models import AuditEntry, Contact
from .services import access, listing, personal_data

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
PAGE_SIZE = 50


def _filtered(request, centre):
    form = FilterForm(request.GET or None, centre=centre)
    filters = form.filters()
    # The log names the filters, not the words searched (they may be a person's name).
    shown = [
        f"{form.fields[name].label.lower()} = {'…' if name == 'q' else value}"
        for name, value in filters.items()
        if value
    ]
    return listing.filtered(centre, filters), (f" (filtres : {', '.join(shown)})" if shown else "")


def _stamp():
    return timezone.localtime().strftime("%Y%m%d-%H%M")


@login_required
@require_safe
def export_csv(request, slug):
    return _export(request, slug, personal_data.csv_export, AuditAction.EXPORT_CSV, "text/csv", "csv")


@login_required
@require_safe
def export_vcard(request, slug):
    return _export(request, slug, personal_data.vcard_export, AuditAction.EXPORT_VCARD, "text/vcard", "vcf")


def _export(request, slug, exporter, action, content_type, extension):
    """The filtered contacts as a file, the export recorded (who, when, how many, which filters)."""
    centre = access.centre_for(request.user, slug, write=True)
    contacts, described = _filtered(request, centre)
    content, count = exporter(contacts)
    personal_data.record_export(centre, request.user, action, count, described)
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    return as_download(response, f"contacts-{centre.slug}-{_stamp()}.{extension}")


@login_required
@require_safe
def person_json(request, pk):
    contact = access.row_for(request.user, Contact.objects.select_related("centre", "function", "territory"), pk, True)
    response = HttpResponse(personal_data.person_json(request.user, contact), content_type="application/json")
    return as_download(response, f"contact-{contact.pk}.json")


@login_required
@GET_POST
def erase(request, pk):
    contact = access.row_for(request.user, Contact.objects.select_related("centre"), pk, write=True)
    if request.method == "POST":
        personal_data.erase(request.user, contact)
        messages.success(request, "Les données de la personne sont effacées ; le journal du centre garde la trace.")
        return redirect("contacts:list", contact.centre.slug)
    return render(request, "contacts/erase.html", {"contact": contact, "centre": contact.centre})


@login_required
@GET_POST
def idle(request, slug):
    centre = access.centre_for(request.user, slug, write=True)
    before = personal_data.idle_before()
    if request.method == "POST":
        count = personal_data.purge(centre, request.user, before)
        messages.success(request, f"{count} contact(s) inactif(s) effacé(s).")
        return redirect("contacts:idle", centre.slug)
    contacts = listing.for_list(personal_data.idle(centre, before)).order_by("last_activity_at", "pk")
    context = {
        "centre": centre,
        "page": Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page")),
        "before": before,
        "idle_days": settings.PASSERELLES["CONTACT_IDLE_DAYS"],
        "review_days": settings.PASSERELLES["CONTACT_REVIEW_DAYS"],
    }
    return render(request, "contacts/idle.html", context)


@login_required
@require_POST
def keep(request, pk):
    contact = access.row_for(request.user, Contact.objects.select_related("centre"), pk, write=True)
    personal_data.keep(contact)
    messages.success(request, f"{contact.full_name} est gardé(e) : son activité repart d'aujourd'hui.")
    return redirect("contacts:idle", contact.centre.slug)


@login_required
@require_safe
def audit_log(request, slug):
    centre = access.centre_for(request.user, slug, write=True)
    entries = AuditEntry.objects.filter(centre=centre)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contacts/audit.html", {"centre": centre, "page": page})
