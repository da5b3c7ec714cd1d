"""A small territory of its own (codes no real territory uses), for tests that need few rows."""

import factory

from ..enums import Kind, Zone
from ..models import Territory
from ..text import fold


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("kind", "code")

    kind = Kind.COMMUNE
    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Commune test {n}")
    search_name = factory.LazyAttribute(lambda o: fold(o.name))
    zone = Zone.METRO
    population = 1000


def small_territory():
    """One région, two départements, three communes, one EPCI, one QPV, with their ancestry."""
    region = TerritoryFactory(kind=Kind.REGION, code="R99", name="Région test")
    dep_a = TerritoryFactory(kind=Kind.DEPARTEMENT, code="D98", name="Département A", parent=region)
    dep_b = TerritoryFactory(kind=Kind.DEPARTEMENT, code="D99", name="Département B", parent=region)
    epci = TerritoryFactory(kind=Kind.EPCI, code="299999999", name="Agglo test", population=60000)
    communes = [
        TerritoryFactory(code="T9801", name="Ville-Centre", parent=dep_a, population=50000),
        TerritoryFactory(code="T9802", name="Bourg-Voisin", parent=dep_a, population=9000),
        TerritoryFactory(code="T9901", name="Village-Loin", parent=dep_b, population=800),
    ]
    for dep in (dep_a, dep_b):
        dep.ancestors.add(region)
    epci.ancestors.add(dep_a, region)
    for commune in communes:
        commune.ancestors.add(commune.parent, region)
    for commune in communes[:2]:
        commune.ancestors.add(epci)
    qpv = TerritoryFactory(kind=Kind.QPV, code="QN99901", name="Quartier test", parent=None)
    qpv.ancestors.add(communes[0], dep_a, region, epci)
    return {"region": region, "departements": [dep_a, dep_b], "epci": epci, "communes": communes, "qpv": qpv}
