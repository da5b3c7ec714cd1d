"""The public pages of the network's reference framework: its documents and commitments, and the
accreditations of the centres. The national animation edits both in the admin."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .services.pages import accreditations, overview


@require_safe
def reference(request):
    return render(request, "framework/reference.html", {"overview": overview(timezone.localdate())})


@require_safe
def accreditation_list(request):
    today = timezone.localdate()
    context = {"found": accreditations(today), "today": today}
    return render(request, "framework/accreditations.html", context)
