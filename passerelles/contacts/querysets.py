"""How contacts are found: a centre's, filtered for its list, matched by a group's rule, idle."""

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery

from passerelles.territories.models import Territory
from passerelles.territories.text import fold


class ContactQuerySet(models.QuerySet):
    def of_centre(self, centre):
        return self.filter(centre=centre)

    def with_function(self, functions):
        """Contacts whose function is one of `functions` (concepts or a queryset of them)."""
        return self.filter(function__in=functions)

    def with_theme(self, themes):
        """Contacts tagged with at least one of `themes` (each contact once)."""
        link = self.model.themes.through
        return self.filter(Exists(link.objects.filter(contact=OuterRef("pk"), concept__in=themes)))

    def in_territory(self, territories):
        """Contacts whose territory is one of `territories` or lies inside one of them (a commune of a
        département, a QPV of a commune…)."""
        inside = Territory.ancestors.through.objects.filter(
            from_territory=OuterRef("territory_id"), to_territory__in=territories
        )
        return self.filter(Q(territory__in=territories) | Exists(inside))

    def searched(self, words):
        """Contacts whose name starts with the folded words, or whose address or organisation holds them."""
        folded = fold(words or "")
        if not folded:
            return self
        by_name = Q(sort_name__gte=folded, sort_name__lt=folded + "~") | Q(sort_name__contains=f" {folded}")
        return self.filter(by_name | Q(email__icontains=words.strip()) | Q(organisation__icontains=words.strip()))

    def idle_since(self, moment):
        return self.filter(last_activity_at__lt=moment)

    def consenting(self, purpose):
        """Contacts whose latest consent record for `purpose` is an agreement."""
        from .models import ConsentRecord

        records = ConsentRecord.objects.filter(contact=OuterRef("pk"), purpose=purpose).order_by("-recorded_at", "-pk")
        return self.annotate(_consent=Subquery(records.values("given")[:1])).filter(_consent=True)
