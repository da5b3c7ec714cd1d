"""The list of a centre's contacts as the filters ask, and the counts the national animation sees."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, QuerySet

from passerelles.centres.models import Centre
from passerelles.core import collation
from passerelles.territories.models import Territory

from ..models import Contact, ContactWord, Group
from ..querysets import search_words


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
        # one indexed IN on (centre, territory) whose size the planner sees, rather than a subquery.
        inside = Territory.ancestors.through.objects.filter(to_territory=territory)
        contacts = contacts.filter(territory__in=[territory.pk, *inside.values_list("from_territory_id", flat=True)])
    if group := filters.get("groupe"):
        contacts = contacts.filter(groups=group) if not group.is_rule else contacts.filter(pk__in=group.members())
    if filters.get("consentement"):
        contacts = contacts.consenting(filters["consentement"])
    return contacts


# What a list of contacts shows besides the contact's own row.
SHOWN = ("function", "territory__parent")


def for_list(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    return contacts.select_related(*SHOWN).order_by("sort_name", "pk")


def keys(centre: Centre, filters: dict[str, Any]) -> QuerySet[Any]:
    """The keys of the contacts the filters ask for, in the list's order. With a search, from the
    index of the contacts' words: a name's matches sit together in that order, far from its
    beginning, where no plan over the contacts' own indexes reaches them quickly."""
    words = search_words(filters.get("q"))
    if not words:
        return filtered(centre, filters).order_by("sort_name", "pk").values_list("pk", flat=True)
    driving, *others = sorted(words, key=len, reverse=True)
    found = ContactWord.objects.of_centre(centre).beginning(driving)
    for word in others:
        found = found.filter(contact__in=ContactWord.objects.of_centre(centre).beginning(word).values("contact"))
    if any(value for name, value in filters.items() if name != "q"):
        found = found.filter(contact__in=filtered(centre, {**filters, "q": ""}).values("pk"))
    # A contact found by two of its words once: distinct (sort_name, contact) pairs.
    return found.order_by("sort_name", "contact").values_list("contact", flat=True).distinct()


def rows(keys: Sequence[int]) -> dict[int, Contact]:
    """The contacts of a page, by key, with what the list shows of them."""
    return Contact.objects.select_related(*SHOWN).in_bulk(keys)


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
        for centre in collation.sorted_by(rows, key="name")
    ]


def group_count(centre: Centre) -> int:
    return Group.objects.filter(centre=centre).count()
