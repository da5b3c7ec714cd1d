"""Importing contacts from a CSV: the template, the upload, the preview with its line-by-line report,
the confirmation that writes everything or nothing, the cancellation. A small file is checked and
written while the person waits; a larger one by a background job whose page shows the progress."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passerelles.core import jobs
from passerelles.core.downloads import as_download
from passerelles.core.uploads import FileRefused, check_size

from . import tasks
from .enums import ImportState
from .forms import ImportForm
from .models import ContactImport
from .services import access, importing

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


@login_required
@require_safe
def template(request, slug):
    access.centre_for(request.user, slug, write=True)
    response = HttpResponse(importing.template(), content_type="text/csv; charset=utf-8")
    return as_download(response, "modele-contacts.csv")


@login_required
@GET_POST
def upload(request, slug):
    centre = access.centre_for(request.user, slug, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size, settings.PASSERELLES["CONTACT_IMPORT_MAX_MB"])
        except FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            contact_import = ContactImport.objects.create(
                centre=centre,
                created_by=request.user,
                filename=upload.name[:255],
                content=upload.read(),
                on_duplicate=form.cleaned_data["on_duplicate"],
            )
            if upload.size <= importing.INLINE_BYTES:
                importing.run_check(contact_import)
                return redirect(contact_import)
            job = jobs.start(
                f"Vérification de « {upload.name[:200]} »",
                request.user,
                tasks.check_import,
                import_id=contact_import.pk,
            )
            ContactImport.objects.filter(pk=contact_import.pk).update(report={"job": str(job.pk)})
            return redirect("core:job", job.pk)
    recent = ContactImport.objects.filter(centre=centre).select_related("created_by")[:10]
    return render(request, "contacts/import_upload.html", {"form": form, "centre": centre, "recent": recent})


@login_required
@require_safe
def detail(request, pk):
    contact_import = access.row_for(request.user, ContactImport.objects.select_related("centre"), pk, write=True)
    context = {"import": contact_import, "centre": contact_import.centre, "report": contact_import.report}
    return render(request, "contacts/import.html", context)


@login_required
@require_POST
def confirm(request, pk):
    contact_import = access.row_for(request.user, ContactImport.objects.select_related("centre"), pk, write=True)
    with transaction.atomic():
        taken = ContactImport.objects.filter(pk=pk, state=ImportState.READY).update(state=ImportState.IMPORTING)
        if not taken:
            messages.error(request, "Cet import n'attend plus de confirmation.")
            return redirect(contact_import)
        if len(contact_import.content) > importing.INLINE_BYTES:
            job = jobs.start(
                f"Import de « {contact_import.filename[:200]} »", request.user, tasks.confirm_import, import_id=pk
            )
            report = {**contact_import.report, "job": str(job.pk)}
            ContactImport.objects.filter(pk=pk).update(report=report)
            return redirect("core:job", job.pk)
    contact_import.refresh_from_db()
    if importing.confirm(contact_import, request.user):
        messages.success(request, "Import terminé.")
    else:
        messages.error(request, "L'import est refusé : rien n'a été écrit.")
    return redirect(contact_import)


@login_required
@require_POST
def cancel(request, pk):
    contact_import = access.row_for(request.user, ContactImport.objects.select_related("centre"), pk, write=True)
    cancelled = ContactImport.objects.filter(pk=pk, state__in=[ImportState.READY, ImportState.REFUSED]).update(
        state=ImportState.CANCELLED, content=b""
    )
    if cancelled:
        messages.success(request, "Import abandonné : rien n'a été écrit et le fichier est effacé.")
    else:
        messages.error(request, "Cet import ne peut plus être abandonné.")
    return redirect("contacts:upload", contact_import.centre.slug)
