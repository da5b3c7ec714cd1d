"""The directory's centres in the network search (internal notes never enter the index)."""

from django.utils import timezone

from passerelles.search_index.engine import IndexDocument, day_number
from passerelles.search_index.registry import SearchMapping, register, stable_number

from .models import Centre


@register
class CentreSearch(SearchMapping):
    type = "centre"
    label = "Centre de ressources"
    label_plural = "Centres de ressources"
    model = Centre

    def public_queryset(self):
        return Centre.objects.all()

    def watched_m2m(self):
        return [Centre.perimeter]

    def documents(self, queryset):
        centres = queryset.select_related("seat").prefetch_related("perimeter")
        for centre in centres:
            summary = " ".join(
                part
                for part in (
                    f"Centre de ressources politique de la ville, niveau {centre.get_level_display()}",
                    f"({centre.get_status_display()}).",
                    f"Siège : {centre.seat.name}." if centre.seat else "",
                    f"Anciens noms : {', '.join(centre.former_names_list)}." if centre.former_names_list else "",
                )
                if part
            )
            perimeter = sorted(centre.perimeter.all(), key=lambda territory: territory.key)
            body = "\n".join(
                [f"Territoire couvert : {', '.join(t.name for t in perimeter)}", centre.governance, centre.funders]
            )
            yield IndexDocument(
                key=self.key(centre.pk),
                type=self.type,
                url=centre.get_absolute_url(),
                title=centre.display_name,
                summary=summary,
                body=body,
                day=day_number(timezone.localdate(centre.updated_at)),
                stable=stable_number(centre.slug),
                keywords={"centre": [centre.slug]},
                territories=[territory.key for territory in perimeter],
            )
