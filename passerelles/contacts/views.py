"""The contacts pages of a centre's staff: which centre, the list with its filters, a contact with its
consent records, its deletion; and the counts the national animation sees instead of the people.
Access rules: services.access (a contact of another centre is a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passerelles.accounts.permissions import Action, can, centres_where
from passerelles.core import collation
from passerelles.core.forms import errors_text
from passerelles.core.pagination import KeysFirstPaginator
from passerelles.core.redirects import local_path

from .forms import BulkAddForm, ContactForm, FilterForm, MergeForm, PickContactForm, consent_formset
from .models import Contact
from .services import access, groups, listing, merging

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
PAGE_SIZE = 50


def _data(request):
    return request.POST if request.method == "POST" else None


@login_required
@require_safe
def index(request):
    """The centre whose contacts to show: the only one, or a choice; the national animation is sent
    to the counts."""
    centres = collation.sorted_by(access.readable_centres(request.user), key="name")
    if len(centres) == 1:
        return redirect("contacts:list", centres[0].slug)
    if not centres and centres_where(request.user, Action.COUNT_CONTACTS).exists():
        return redirect("contacts:counts")
    return render(request, "contacts/index.html", {"centres": centres})


@login_required
@require_safe
def counts(request):
    """How many contacts and groups each centre holds: what the national animation sees, never who."""
    centres = centres_where(request.user, Action.COUNT_CONTACTS)
    if not centres.exists():
        raise PermissionDenied
    return render(request, "contacts/counts.html", {"rows": listing.counts(centres)})


@login_required
@require_safe
def contact_list(request, slug):
    centre = access.centre_for(request.user, slug)
    form = FilterForm(request.GET or None, centre=centre)
    keys = listing.keys(centre, form.filters())
    page = KeysFirstPaginator(keys, PAGE_SIZE, rows=listing.rows).get_page(request.GET.get("page"))
    context = {
        "centre": centre,
        "form": form,
        "bad_filters": form.bad_filters() if form.is_bound else [],
        "page": page,
        "may_manage": can(request.user, Action.MANAGE_CONTACTS, centre),
        "filtered": bool(form.is_bound and any(form.filters().values())),
        "static_groups": groups.static_groups(centre),
    }
    return render(request, "contacts/list.html", context)


@login_required
@GET_POST
def create(request, slug):
    centre = access.centre_for(request.user, slug, write=True)
    return _edit(request, centre, Contact(centre=centre))


@login_required
@GET_POST
def edit(request, pk):
    contact = access.row_for(request.user, Contact.objects.select_related("centre", "territory__parent"), pk)
    if not can(request.user, Action.MANAGE_CONTACTS, contact):
        if request.method == "POST":
            raise PermissionDenied
        context = {"contact": contact, "centre": contact.centre, "consents": contact.consents.all()}
        return render(request, "contacts/contact.html", context)
    return _edit(request, contact.centre, contact)


def _edit(request, centre, contact):
    form = ContactForm(_data(request), instance=contact, centre=centre)
    consents = consent_formset(_data(request), instance=contact)
    if request.method == "POST" and all([form.is_valid(), consents.is_valid()]):
        with transaction.atomic():
            contact = form.save(commit=False)
            contact.centre = centre
            contact.last_activity_at = timezone.now()
            contact.save()
            form.save_m2m()
            consents.instance = contact
            consents.save()
        messages.success(request, "Contact enregistré.")
        return redirect("contacts:edit", contact.pk)
    context = {"form": form, "consents": consents, "contact": contact, "centre": centre}
    return render(request, "contacts/edit.html", context)


@login_required
@GET_POST
def delete(request, pk):
    contact = access.row_for(request.user, Contact.objects.select_related("centre"), pk, write=True)
    if request.method == "POST":
        centre = contact.centre
        contact.delete()
        messages.success(request, "Contact supprimé.")
        return redirect("contacts:list", centre.slug)
    return render(request, "contacts/delete.html", {"contact": contact, "centre": contact.centre})


@login_required
@GET_POST
def merge_pick(request, pk):
    """Which contact is the duplicate of this one (typed by its address)."""
    contact = access.row_for(request.user, Contact.objects.select_related("centre"), pk, write=True)
    form = PickContactForm(_data(request), contact=contact)
    if request.method == "POST" and form.is_valid():
        return redirect("contacts:merge", contact.pk, form.cleaned_data["other"].pk)
    return render(request, "contacts/merge_pick.html", {"form": form, "contact": contact, "centre": contact.centre})


@login_required
@GET_POST
def merge(request, pk, other):
    queryset = Contact.objects.select_related("centre", "function", "territory__parent")
    first = access.row_for(request.user, queryset, pk, write=True)
    second = access.row_for(request.user, queryset, other, write=True)
    if first.pk == second.pk or first.centre_id != second.centre_id:
        raise Http404
    form = MergeForm(_data(request), first=first, second=second)
    if request.method == "POST" and form.is_valid():
        try:
            kept = merging.merge(request.user, first, second, form.kept_values())
        except merging.MergeRefused as refused:
            messages.error(request, str(refused))
            return redirect("contacts:list", first.centre.slug)
        messages.success(request, "Les deux contacts n'en font plus qu'un.")
        return redirect("contacts:edit", kept.pk)
    context = {"form": form, "first": first, "second": second, "centre": first.centre, "contact": first}
    return render(request, "contacts/merge.html", context)


@login_required
@require_POST
def bulk_add(request, slug):
    """The contacts ticked in the list, added to a static group of the centre."""
    centre = access.centre_for(request.user, slug, write=True)
    form = BulkAddForm(request.POST, centre=centre)
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        group = form.cleaned_data["group"]
        added = groups.add(group, form.cleaned_data["selected"])
        messages.success(request, f"{added} contact(s) ajouté(s) au groupe « {group.name} ».")
    return redirect(local_path(request, request.POST.get("next")) or reverse("contacts:list", args=[slug]))
