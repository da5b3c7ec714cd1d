"""A centre in schema.org terms (JSON-LD): an Organization serving the territories of its perimeter,
for its page; and the short reference by which sheets and publications name their author."""

from typing import Any

from passerelles.core.jsonld import CONTEXT, compact
from passerelles.territories.jsonld import area

from .models import Centre


def reference(centre: Centre, absolute) -> dict[str, Any]:
    """The centre named by its page: `@id` ties every mention to the description on that page."""
    url = absolute(centre.get_absolute_url())
    return {"@type": "Organization", "@id": f"{url}#centre", "name": centre.display_name, "url": url}


def organisation(centre: Centre, absolute) -> dict[str, Any]:
    """What the page of the centre says of it: its public contact details (the centre's own, never a
    person's), its seat, its perimeter (prefetched by `for_directory`) and its website."""
    level = centre.get_level_display() + (", ultramarin" if centre.overseas else "")
    alternate = [name for name in [centre.short_name, *centre.former_names_list] if name and name != centre.name]
    data = {
        "@context": CONTEXT,
        **reference(centre, absolute),
        "name": centre.name,
        "alternateName": alternate,
        "description": f"Centre de ressources politique de la ville ({level}).",
        "email": centre.email,
        "telephone": centre.phone,
        "address": address(centre),
        "foundingDate": str(centre.creation_year) if centre.creation_year else None,
        "areaServed": [area(territory) for territory in centre.perimeter.all()],
        "sameAs": [centre.website] if centre.website else [],
    }
    return compact(data)


def address(centre: Centre) -> dict[str, Any] | None:
    if not (centre.address.strip() or centre.seat_id):
        return None
    street = ", ".join(line.strip() for line in centre.address.splitlines() if line.strip())
    data = {"@type": "PostalAddress", "streetAddress": street, "addressCountry": "FR"}
    if seat := centre.seat:
        data["addressLocality"] = seat.name
        if departement := seat.departement:
            data["addressRegion"] = departement.name
    return compact(data)
