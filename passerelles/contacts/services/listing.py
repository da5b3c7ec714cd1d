"""The list of a centre's contacts as the filters ask, and the counts the national animation sees."""

from typing import Any

from django.db.models import Count, QuerySet

from passerelles.centres.models import Centre
from passerelles.territories.models import Territory

from ..models import Contact, Group


def filtered(centre: Centre, filters: dict[str, Any]) -> QuerySet[Contact]:
    """The centre's contacts matching every filter given (an empty one matches everyone)."""
    contacts = Contact.objects.of_centre(centre)
    if filters.get("q"):
        contacts = contacts.searched(filters["q"], centre)
    if filters.get("fonction"):
        contacts = contacts.with_function([filters["fonction"]])
    if filters.get("theme"):
        contacts = contacts.with_theme([filters["theme"]])
    if territory := filters.get("territoire"):
        # The territory and all it contains, read first (a few thousand keys at most, for a région):
        # one indexed IN on (centre, territory) instead of a subquery per contact.
        inside = Territory.ancestors.through.objects.filter(to_territory=territory)
        contacts = contacts.filter(territory__in=[territory.pk, *inside.values_list("from_territory_id", flat=True)])
    if group := filters.get("groupe"):
        contacts = contacts.filter(groups=group) if not group.is_rule else contacts.filter(pk__in=group.members())
    if filters.get("consentement"):
        contacts = contacts.consenting(filters["consentement"])
    return contacts


def for_list(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    return contacts.select_related("function", "territory__parent").order_by("sort_name", "pk")


def counts(centres: QuerySet[Centre]) -> list[dict[str, Any]]:
    """Per centre: how many contacts and groups, and how many agreed to its newsletter; no person."""
    rows = centres.order_by("name").annotate(
        contact_count=Count("contacts", distinct=True),
        group_count=Count("contact_groups", distinct=True),
    )
    consenting = {
        row["centre"]: row["n"]
        for row in Contact.objects.filter(centre__in=centres)
        .consenting("newsletter")
        .values("centre")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        {
            "centre": centre,
            "contacts": centre.contact_count,
            "groups": centre.group_count,
            "newsletter": consenting.get(centre.pk, 0),
        }
        for centre in rows
    ]


def group_count(centre: Centre) -> int:
    return Group.objects.filter(centre=centre).count()
