"""Where a centre's staff register the agendas (iCalendar) and news feeds (RSS, Atom) of their
website and read the result of each harvest. Every page checks MANAGE_CENTRE first (403 otherwise);
a feed of another centre answers 403, and the services check writes again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passerelles.accounts.permissions import Action, can, centres_where
from passerelles.core import collation
from passerelles.core.changes import changes_of

from .forms import FeedSourceForm
from .models import FeedSource, HarvestedEvent, HarvestedNews
from .services import sources

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _centres(request):
    centres = centres_where(request.user, Action.MANAGE_CENTRE)
    if not centres.exists():
        raise PermissionDenied(sources.REFUSED)
    return centres


def _source(request, pk):
    source = get_object_or_404(FeedSource.objects.select_related("centre"), pk=pk)
    if not can(request.user, Action.MANAGE_CENTRE, source):
        raise PermissionDenied(sources.REFUSED)
    return source


@login_required
@require_safe
def index(request):
    centres = _centres(request)
    feeds = list(FeedSource.objects.filter(centre__in=centres).select_related("centre"))
    counts = {}
    for model in (HarvestedEvent, HarvestedNews):
        rows = model.objects.filter(source__in=[feed.pk for feed in feeds]).values("source").annotate(n=Count("pk"))
        counts.update({row["source"]: row["n"] for row in rows})
    for feed in feeds:
        feed.entry_count = counts.get(feed.pk, 0)
    context = {"centres": collation.sorted_by(centres, key="name"), "feeds": feeds}
    return render(request, "federation/workspace/index.html", context)


@login_required
@GET_POST
def edit(request, pk=None):
    centres = _centres(request)
    source = _source(request, pk) if pk else None
    form = FeedSourceForm(request.POST or None, instance=source, centres=centres)
    if request.method == "POST" and form.is_valid():
        saved = sources.save_source(request.user, changes_of(form))
        messages.success(
            request, f"Flux « {saved.label} » enregistré. Utilisez « Actualiser maintenant » pour le moissonner."
        )
        return redirect("federation:workspace")
    status = 400 if form.is_bound else 200
    return render(request, "federation/workspace/edit.html", {"form": form, "source": source}, status=status)


@login_required
@GET_POST
def delete(request, pk):
    source = _source(request, pk)
    if request.method == "POST":
        sources.delete_source(request.user, source)
        messages.success(request, f"Flux « {source.label} » supprimé, avec ce qui en avait été moissonné.")
        return redirect("federation:workspace")
    return render(request, "federation/workspace/delete.html", {"source": source})


@login_required
@require_POST
def refresh(request, pk):
    source = _source(request, pk)
    messages.info(request, sources.request_harvest(request.user, source))
    return redirect("federation:workspace")
