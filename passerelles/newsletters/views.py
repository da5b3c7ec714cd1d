"""The newsletter's pages: a centre's staff compose, preview, test and send an issue (/lettres/);
anyone reads a sent issue on the web and subscribes from a centre's page (double opt-in); a
centre's admins see, export and erase its subscribers. Rules: services.rules."""

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from passerelles.accounts.permissions import Action, centres_where
from passerelles.centres.models import Centre
from passerelles.core import collation, honeypot, personal_links, throttle

from .enums import IssueStatus
from .forms import IssueForm, SendForm, SubscribeForm
from .models import Issue, Subscriber
from .services import compose, sending, subscriptions
from .services.rules import issue_or_404, may_compose, may_manage_subscribers, may_send

SUBSCRIBE_CLIENT_LIMIT = (
    "Trop de demandes d'abonnement ont été envoyées depuis votre connexion : réessayez dans {wait}. "
    "Rien n'a été enregistré ni envoyé."
)
SUBSCRIBE_RECIPIENT_LIMIT = (
    "Trop de demandes d'abonnement ont été faites pour cette adresse électronique : réessayez dans {wait}. "
    "Rien n'a été enregistré ni envoyé."
)


# A centre's staff ---------------------------------------------------------------------------------


@login_required
@require_safe
def index(request):
    centres = centres_where(request.user, Action.EDIT_CONTENT)
    if not centres.exists():
        raise PermissionDenied
    issues = Issue.objects.filter(centre__in=centres).select_related("centre")
    page = Paginator(issues, 30).get_page(request.GET.get("page"))
    managed = [
        centre for centre in collation.sorted_by(centres, key="name") if may_manage_subscribers(request.user, centre)
    ]
    return render(request, "newsletters/index.html", {"page": page, "managed": managed})


@login_required
def create(request):
    centres = centres_where(request.user, Action.EDIT_CONTENT)
    if not centres.exists():
        raise PermissionDenied
    form = IssueForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        if not may_compose(request.user, form.cleaned_data["centre"]):
            raise PermissionDenied
        form.instance.created_by = request.user
        issue = form.save()
        messages.success(request, "Lettre enregistrée : ajoutez-y des contenus, puis prévisualisez-la.")
        return redirect(issue)
    return render(request, "newsletters/edit.html", {"form": form, "issue": None}, status=400 if form.errors else 200)


@login_required
def issue(request, pk):
    issue = issue_or_404(request.user, pk)
    sending.settle(issue)
    form = IssueForm(request.POST or None, instance=issue, centres=Centre.objects.filter(pk=issue.centre_id))
    if request.method == "POST":
        if not issue.is_draft:
            messages.error(request, "Cette lettre est envoyée : elle ne peut plus changer.")
            return redirect(issue)
        if form.is_valid():
            form.save()
            messages.success(request, "Lettre enregistrée.")
            return redirect(issue)
    context = {
        "issue": issue,
        "form": form,
        "items": issue.items.all(),
        "suggestions": compose.suggestions(issue) if issue.is_draft else None,
        "may_send": may_send(request.user, issue),
        "counts": sending.progress_counts(issue) if not issue.is_draft else None,
        "editorial_html": compose.editorial_html(issue.editorial),
    }
    return render(request, "newsletters/issue.html", context, status=400 if form.errors else 200)


def _draft_or_refuse(request, issue):
    if not issue.is_draft:
        messages.error(request, "Cette lettre est envoyée : elle ne peut plus changer.")
        return False
    return True


@login_required
@require_POST
def add_items(request, pk):
    issue = issue_or_404(request.user, pk)
    if _draft_or_refuse(request, issue):
        keys = request.POST.getlist("choix")
        added = compose.add_items(issue, keys[:50])
        if added:
            messages.success(request, f"{added} contenu{'s' if added > 1 else ''} ajouté{'s' if added > 1 else ''}.")
        else:
            messages.error(request, "Cochez au moins un contenu publié à ajouter à la lettre.")
    return redirect(issue.get_absolute_url() + "#contenus")


@login_required
@require_POST
def move_item(request, pk, item, direction):
    issue = issue_or_404(request.user, pk)
    if direction not in ("monter", "descendre", "retirer"):
        raise Http404
    if _draft_or_refuse(request, issue):
        compose.move_item(issue, item, direction)
    return redirect(issue.get_absolute_url() + "#contenus")


@login_required
@require_safe
def preview(request, pk):
    issue = issue_or_404(request.user, pk)
    return render(request, "newsletters/preview.html", {**compose.context(issue, "#"), "preview": True})


@login_required
@require_safe
@csp_replace({"default-src": ["'none'"], "style-src": ["'unsafe-inline'"], "img-src": ["'self'", "data:", "https:"]})
def preview_mail(request, pk):
    """The e-mail's HTML as recipients get it (its styles inline, which the site's own pages forbid:
    this page alone may have them; it holds no script, the site's own are allowed for the checks)."""
    issue = issue_or_404(request.user, pk)
    html, _ = compose.render_mail(issue).for_recipient("#")
    if request.GET.get("format") == "texte":
        _, text = compose.render_mail(issue).for_recipient("(lien de désinscription personnel)")
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)


@login_required
@require_POST
def send_test(request, pk):
    issue = issue_or_404(request.user, pk)
    if sending.send_test(issue, request.user):
        messages.success(request, f"Un essai de la lettre part à votre adresse ({request.user.email}).")
    else:
        messages.error(request, "Vous vous êtes désinscrit de cette lettre : l'essai ne vous est pas envoyé.")
    return redirect(issue)


@login_required
def send(request, pk):
    issue = issue_or_404(request.user, pk)
    if not may_send(request.user, issue):
        raise PermissionDenied
    if not issue.is_draft:
        return redirect(issue)
    form = SendForm(request.POST if request.method == "POST" else None, centre=issue.centre)
    refused = ""
    if request.method == "POST" and form.is_valid():
        try:
            sending.start(issue, request.user, list(form.cleaned_data["groups"]), form.cleaned_data["to_subscribers"])
        except sending.SendRefused as error:
            refused = error.message
        else:
            messages.success(request, "L'envoi de la lettre a commencé ; suivez-le ci-dessous.")
            return redirect(issue)
    subscribers = Subscriber.objects.filter(centre=issue.centre).count()
    context = {"issue": issue, "form": form, "refused": refused, "subscribers": subscribers}
    return render(request, "newsletters/send.html", context, status=400 if form.errors or refused else 200)


@login_required
def delete(request, pk):
    issue = issue_or_404(request.user, pk)
    if not issue.is_draft:
        messages.error(request, "Une lettre envoyée reste dans les archives du centre.")
        return redirect(issue)
    if request.method == "POST":
        issue.delete()
        messages.success(request, "Brouillon de lettre supprimé.")
        return redirect("newsletters:index")
    return render(request, "newsletters/delete.html", {"issue": issue})


# Subscribers (a centre's admins) -----------------------------------------------------------------


def _managed_centre(request, slug):
    centre = get_object_or_404(Centre, slug=slug)
    if not may_manage_subscribers(request.user, centre):
        raise Http404
    return centre


@login_required
@require_safe
def subscribers(request, slug):
    centre = _managed_centre(request, slug)
    rows = Subscriber.objects.filter(centre=centre)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.active = subscriptions.is_active(row)
    return render(request, "newsletters/subscribers.html", {"centre": centre, "page": page})


@login_required
@require_safe
def export_subscribers(request, slug):
    centre = _managed_centre(request, slug)
    response = HttpResponse(subscriptions.export_csv(centre, request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="abonnes-{centre.slug}.csv"'
    return response


@login_required
def erase_subscriber(request, slug, pk):
    centre = _managed_centre(request, slug)
    subscriber = get_object_or_404(Subscriber, centre=centre, pk=pk)
    if request.method == "POST":
        subscriptions.erase(centre, request.user, subscriber)
        messages.success(request, "Abonné effacé ; son adresse ne recevra plus la lettre.")
        return redirect("newsletters:subscribers", slug=centre.slug)
    return render(request, "newsletters/erase.html", {"centre": centre, "subscriber": subscriber})


# Anyone ------------------------------------------------------------------------------------------


@require_safe
def web(request, pk):
    """A sent issue on the web (its archive's « consulter en ligne »)."""
    issue = get_object_or_404(Issue.objects.select_related("centre"), pk=pk, status__in=SENT_STATES)
    return render(request, "newsletters/preview.html", compose.context(issue, ""))


SENT_STATES = [IssueStatus.SENDING, IssueStatus.SENT, IssueStatus.STOPPED]


def subscribe(request, slug):
    """The subscription form: limited per client and per address, a trap for robots, and the same
    answer whether the address is new or subscribed already (the address itself is told)."""
    centre = get_object_or_404(Centre, slug=slug)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        try:
            throttle.check_client(request, "NEWSLETTER_CLIENT", SUBSCRIBE_CLIENT_LIMIT)
            if form.is_valid():
                if honeypot.caught(request):
                    return render(request, "newsletters/subscribe_sent.html", {"centre": centre})
                throttle.check("NEWSLETTER_RECIPIENT", form.cleaned_data["email"], SUBSCRIBE_RECIPIENT_LIMIT)
                subscriptions.ask(centre, form.cleaned_data["email"])
                return render(request, "newsletters/subscribe_sent.html", {"centre": centre})
        except throttle.Throttled as limited:
            return render(request, "core/throttled.html", {"message": limited.message}, status=429)
    context = {"centre": centre, "form": form}
    return render(request, "newsletters/subscribe.html", context, status=400 if form.errors else 200)


def confirm(request, token):
    """Following the link shows a button (mail scanners that open links confirm nothing); pressing it
    records the subscription. A tampered or expired link says so and reveals nothing."""
    found = subscriptions.read_token(token)
    if found is None:
        expired, centre = subscriptions.read_expired_token(token)
        return personal_links.refusal(request, "newsletter_confirmation", expired=expired, centre=centre)
    centre, email = found
    if request.method == "POST":
        subscriptions.confirm(centre, email)
        return render(request, "newsletters/confirm.html", {"centre": centre, "done": True})
    return render(request, "newsletters/confirm.html", {"centre": centre, "email": email})
