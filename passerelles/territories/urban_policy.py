"""Where the State's urban policy (quartiers prioritaires, contrats de ville) applies.

Loi n° 2014-173 du 21 février 2014 (article 5) and décret n° 2014-1575 du 22 décembre 2014: in
metropolitan France, the overseas départements, Saint-Martin and French Polynesia (their
quartiers prioritaires are listed by decree). Saint-Pierre-et-Miquelon, Saint-Barthélemy,
Wallis-et-Futuna and New Caledonia have none, nor have the uninhabited TAAF and Clipperton.
"""

from .enums import Kind, Zone

# COG codes of the overseas collectivities the urban policy reaches (décret n° 2014-1575).
COLLECTIVITIES_WITHIN = frozenset({"978", "987"})


def collectivity_of(territory):
    """The département-level territory of a commune, an arrondissement or a département."""
    if territory.kind == Kind.REGION:
        return territory
    return territory.departement


def outside_urban_policy(territory) -> bool:
    """Whether `territory` lies in an overseas collectivity where urban policy does not apply."""
    area = collectivity_of(territory)
    return area is not None and area.zone == Zone.COM and area.code not in COLLECTIVITIES_WITHIN
