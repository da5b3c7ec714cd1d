"""A centre's groups: the list with counts, a group's members (a rule's found when the page is
shown), create, edit, delete; members added to or removed from a static group."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passerelles.accounts.permissions import Action, can
from passerelles.core.forms import errors_text

from .forms import AddMembersForm, GroupForm
from .models import Contact, Group
from .services import access, groups, listing

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
PAGE_SIZE = 50


def _group(request, pk, write=False):
    return access.row_for(request.user, Group.objects.select_related("centre"), pk, write=write)


@login_required
@require_safe
def group_list(request, slug):
    centre = access.centre_for(request.user, slug)
    context = {
        "centre": centre,
        "rows": groups.of_centre(centre),
        "may_manage": can(request.user, Action.MANAGE_CONTACTS, centre),
    }
    return render(request, "contacts/groups.html", context)


@login_required
@require_safe
def group_detail(request, pk):
    group = _group(request, pk)
    members = listing.for_list(group.members())
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "group": group,
        "centre": group.centre,
        "page": page,
        "may_manage": can(request.user, Action.MANAGE_CONTACTS, group),
        "add_form": AddMembersForm(group=group),
        "territories": group.territories.select_related("parent") if group.is_rule else [],
    }
    return render(request, "contacts/group.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_create(request, slug):
    centre = access.centre_for(request.user, slug, write=True)
    return _edit(request, centre, Group(centre=centre))


@login_required
@GET_POST
def group_edit(request, pk):
    group = _group(request, pk, write=True)
    return _edit(request, group.centre, group)


def _edit(request, centre, group):
    form = GroupForm(request.POST if request.method == "POST" else None, instance=group, centre=centre)
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        group.centre = centre
        group.save()
        form.save_m2m()
        messages.success(request, "Groupe enregistré.")
        return redirect("contacts:group", group.pk)
    return render(request, "contacts/group_edit.html", {"form": form, "group": group, "centre": centre})


@login_required
@GET_POST
def group_delete(request, pk):
    group = _group(request, pk, write=True)
    if request.method == "POST":
        group.delete()
        messages.success(request, "Groupe supprimé ; ses contacts restent.")
        return redirect("contacts:groups", group.centre.slug)
    return render(request, "contacts/group_delete.html", {"group": group, "centre": group.centre})


@login_required
@require_POST
def group_add(request, pk):
    group = _group(request, pk, write=True)
    form = AddMembersForm(request.POST, group=group)
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        try:
            added = groups.add(group, form.cleaned_data["emails"])
        except groups.GroupRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{added} contact(s) ajouté(s) au groupe.")
    return redirect("contacts:group", group.pk)


@login_required
@require_POST
def group_remove(request, pk, contact):
    group = _group(request, pk, write=True)
    member = access.row_for(request.user, Contact.objects.filter(centre=group.centre_id), contact, write=True)
    try:
        groups.remove(group, [member])
    except groups.GroupRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{member.full_name} retiré(e) du groupe.")
    return redirect("contacts:group", group.pk)
