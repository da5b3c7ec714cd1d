"""Static groups take and lose chosen contacts of their own centre; rules are read when used."""

from collections.abc import Iterable

from django.db.models import Count, QuerySet

from passerelles.centres.models import Centre
from passerelles.core import collation

from ..enums import GroupKind
from ..models import Contact, Group


class GroupRefused(Exception):
    pass


def add(group: Group, contacts: Iterable[Contact]) -> int:
    """Add the contacts (of the group's centre only) to a static group; returns how many were new."""
    if group.is_rule:
        raise GroupRefused("Un groupe défini par une règle choisit ses membres lui-même : modifiez la règle.")
    wanted = {c.pk for c in contacts if c.centre_id == group.centre_id}
    present = set(group.contacts.filter(pk__in=wanted).values_list("pk", flat=True))
    group.contacts.add(*(wanted - present))
    return len(wanted - present)


def remove(group: Group, contacts: Iterable[Contact]) -> int:
    if group.is_rule:
        raise GroupRefused("Un groupe défini par une règle choisit ses membres lui-même : modifiez la règle.")
    pks = [c.pk for c in contacts]
    removed = group.contacts.filter(pk__in=pks).count()
    group.contacts.remove(*pks)
    return removed


def of_centre(centre: Centre) -> list[tuple[Group, int]]:
    """The centre's groups with their member counts (a rule counted now)."""
    groups: QuerySet[Group] = Group.objects.filter(centre=centre).annotate(static_count=Count("contacts"))
    return [
        (g, g.members().count() if g.is_rule else g.static_count)  # type: ignore[attr-defined]
        for g in collation.sorted_by(groups, key="name")
    ]


def static_groups(centre: Centre) -> QuerySet[Group]:
    return Group.objects.filter(centre=centre, kind=GroupKind.STATIC)
