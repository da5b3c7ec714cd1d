"""A person's alerts: « Créer une alerte » from a search page, « Mes alertes » (list, edit, delete)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from passerelles.accounts.permissions import Action, can
from passerelles.core import mail, personal_links
from passerelles.core.forms import errors_text
from passerelles.core.models import Unsubscription
from passerelles.search.services.request import SearchRequest

from . import tasks
from .enums import ContentType, Frequency
from .forms import AlertForm
from .models import Alert, Digest
from .services import links, saved

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


# Without signing in: the link of each digest ---------------------------------------------------


def _manage_context(user, token):
    alerts = [
        {"alert": alert, "types": [TYPE_LABELS[value] for value in alert.types if value in TYPE_LABELS]}
        for alert in Alert.objects.filter(user=user)
    ]
    return {
        "token": token,
        "alerts": alerts,
        "frequencies": Frequency.choices,
        "type_choices": ContentType.choices,
        "unsubscribed": mail.unsubscribed(user.email, links.LIST_KEY),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """A person's alerts from the link of a digest (signed, expiring): change the frequency and the
    content types, delete, stop or resume the letter. A bad link says so and reveals nothing."""
    user = links.read_manage_token(token)
    if user is None:
        return personal_links.refusal(request, "alerts_manage", expired=links.manage_token_expired(token))
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("unsubscribe", "resubscribe"):
            if action == "unsubscribe":
                mail.unsubscribe(user.email, links.LIST_KEY, links.LIST_LABEL)
                messages.success(request, "Vous ne recevrez plus la lettre de vos alertes.")
            else:
                Unsubscription.objects.filter(email=user.email.lower(), list_key=links.LIST_KEY).delete()
                messages.success(request, "Vous recevrez de nouveau la lettre de vos alertes.")
            return redirect("alerts:manage", token=token)
        alert = Alert.objects.filter(user=user, pk=_int(request.POST.get("alert"))).first()
        if alert is None:
            messages.error(request, "Cette alerte n'existe plus.")
            return redirect("alerts:manage", token=token)
        if action == "delete":
            alert.delete()
            messages.success(request, "L'alerte est supprimée.")
            return redirect("alerts:manage", token=token)
        form = AlertForm(request.POST)
        if form.is_valid():
            alert.frequency, alert.types = form.cleaned_data["frequency"], form.cleaned_data["types"]
            alert.save(update_fields=["frequency", "types", "updated_at"])
            messages.success(request, "L'alerte est modifiée.")
            return redirect("alerts:manage", token=token)
        context = _manage_context(user, token) | {"errors": errors_text(form), "failed": alert.pk}
        return no_robots(render(request, "alerts/manage.html", context, status=400))
    return no_robots(render(request, "alerts/manage.html", _manage_context(user, token)))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# Staff: a digest run on demand --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def runs(request):
    if not can(request.user, Action.MANAGE_NETWORK):
        raise PermissionDenied
    if request.method == "POST":
        frequency = request.POST.get("frequency")
        if frequency not in Frequency.values:
            messages.error(request, "Choisissez la lettre hebdomadaire ou la lettre mensuelle.")
            return redirect("alerts:runs")
        job = tasks.start(frequency, request.user)
        return redirect("core:job", job.pk)
    context = {
        "frequencies": Frequency.choices,
        "alerts": Alert.objects.count(),
        "people": Alert.objects.values("user").distinct().count(),
        "periods": (
            Digest.objects.values("frequency", "period")
            .annotate(people=Count("pk"), sent=Count("pk", filter=Q(sent=True)))
            .order_by("-period")[:12]
        ),
    }
    return no_robots(render(request, "alerts/runs.html", context))
