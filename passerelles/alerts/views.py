"""A person's alerts: « Créer une alerte » from a search page, « Mes alertes » (list, edit, delete)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from passerelles.search.services.request import SearchRequest

from .enums import ContentType, Frequency
from .forms import AlertForm
from .models import Alert
from .services import saved

TYPE_LABELS = dict(ContentType.choices)


def no_robots(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def new(request):
    """The search of the URL (the search page's own parameters), to be kept as an alert. Anyone
    not signed in is asked to sign in or open an account, and comes back here after."""
    search = SearchRequest.from_query_dict(request.GET)
    here = request.get_full_path()
    context = {"search": search, "title": saved.describe(search), "here": here}
    if not request.user.is_authenticated:
        context["next_query"] = urlencode({"next": here})
        return no_robots(render(request, "alerts/sign_in_first.html", context))
    status = 200
    if request.method == "POST":
        form = AlertForm(request.POST)
        count = Alert.objects.filter(user=request.user).count()
        if count >= saved.MAX_ALERTS:
            form.add_error(None, f"Vous avez déjà {count} alertes : supprimez-en une avant d'en créer une autre.")
        if form.is_valid() and not form.errors:
            Alert.objects.create(
                user=request.user,
                title=saved.describe(search),
                params=saved.saved_params(search),
                frequency=form.cleaned_data["frequency"],
                types=form.cleaned_data["types"],
            )
            messages.success(request, "Votre alerte est créée.")
            return redirect("alerts:mine")
        status = 400
    else:
        form = AlertForm(initial={"frequency": Frequency.WEEKLY, "types": saved.initial_types(search)})
    context["form"] = form
    return no_robots(render(request, "alerts/new.html", context, status=status))


@login_required
def mine(request):
    alerts = [
        {
            "alert": alert,
            "types": [TYPE_LABELS[value] for value in alert.types if value in TYPE_LABELS],
            "results_url": saved.results_url(alert),
        }
        for alert in Alert.objects.filter(user=request.user)
    ]
    return no_robots(render(request, "alerts/mine.html", {"alerts": alerts}))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, pk):
    alert = get_object_or_404(Alert, pk=pk, user=request.user)  # another person's alert: 404
    if request.method == "POST":
        form = AlertForm(request.POST)
        if form.is_valid():
            alert.frequency, alert.types = form.cleaned_data["frequency"], form.cleaned_data["types"]
            alert.save(update_fields=["frequency", "types", "updated_at"])
            messages.success(request, "L'alerte est modifiée.")
            return redirect("alerts:mine")
        status = 400
    else:
        form, status = AlertForm(initial={"frequency": alert.frequency, "types": alert.types}), 200
    context = {"alert": alert, "form": form, "results_url": saved.results_url(alert)}
    return no_robots(render(request, "alerts/edit.html", context, status=status))


@login_required
@require_POST
def delete(request, pk):
    with transaction.atomic():
        deleted, _ = Alert.objects.filter(pk=pk, user=request.user).delete()
    if deleted:
        messages.success(request, "L'alerte est supprimée.")
    return redirect("alerts:mine")
