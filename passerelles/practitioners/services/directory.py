"""The « annuaire du réseau »: practitioners who opted in, found by theme and territory, each shown
with only the fields they chose to show. A criterion matches only a field its owner shows, so a
search can never reveal a hidden theme or territory."""

from typing import Any

from django.db.models import Q, QuerySet

from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..models import DIRECTORY_FIELDS, Profile


def listed(theme: Concept | None = None, territory: Territory | None = None) -> QuerySet[Profile]:
    """Who is in the directory, working on `theme` in `territory` (a territory inside it, or one
    that contains it: a person of the région works in its départements too)."""
    profiles = Profile.objects.filter(in_directory=True, user__is_active=True, confirmed_at__isnull=False)
    if theme is not None:
        profiles = profiles.filter(show_themes=True, themes=theme)
    if territory is not None:
        around = Territory.objects.at_or_inside(territory).values("pk")
        profiles = profiles.filter(show_territory=True).filter(
            Q(territory__in=around) | Q(territory__in=territory.lineage_ids())
        )
    return (
        profiles.select_related("user", "function", "territory__parent")
        .prefetch_related("themes")
        .order_by("user__last_name", "user__first_name", "pk")
        .distinct()
    )


def card(profile: Profile) -> dict[str, Any]:
    """What the directory shows of one person: the fields they ticked, nothing else."""
    user = profile.user
    shown = {name: profile.shown(name) for name in DIRECTORY_FIELDS}
    return {
        "name": (user.get_full_name() or "") if shown["name"] else "",
        "email": user.email if shown["email"] else "",
        "function": profile.function.pref_label if shown["function"] and profile.function else "",
        "organisation": profile.organisation if shown["organisation"] else "",
        "territory": profile.territory.label if shown["territory"] and profile.territory else "",
        "themes": [theme.pref_label for theme in profile.themes.all()] if shown["themes"] else [],
    }
