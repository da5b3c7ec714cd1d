"""A territory in schema.org terms (JSON-LD): an AdministrativeArea named by its official code, the
COG code of INSEE (a SIREN for an EPCI, the ANCT code for a QPV). Région 53 and département 53 are
not the same place: the code says which list it belongs to."""

from typing import Any

from .enums import Kind
from .models import Territory

CODES = {
    Kind.REGION: "code officiel géographique (COG) de la région",
    Kind.DEPARTEMENT: "code officiel géographique (COG) du département",
    Kind.COMMUNE: "code officiel géographique (COG) de la commune",
    Kind.ARRONDISSEMENT: "code officiel géographique (COG) de l'arrondissement municipal",
    Kind.EPCI: "numéro SIREN de l'EPCI",
    Kind.QPV: "code du quartier prioritaire de la politique de la ville",
}


def area(territory: Territory) -> dict[str, Any]:
    return {
        "@type": "AdministrativeArea",
        "name": territory.name,
        "identifier": {"@type": "PropertyValue", "propertyID": CODES[Kind(territory.kind)], "value": territory.code},
    }
