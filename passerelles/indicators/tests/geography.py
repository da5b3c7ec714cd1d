"""A small geography of its own, whose figures are known by hand, for the indicators' tests."""

import datetime

from passerelles.territories.enums import Kind, Zone
from passerelles.territories.models import ContractList, ContractSignatory, Territory


def place(kind, code, name, parent=None, population=None, zone=Zone.METRO, **fields):
    territory = Territory.objects.create(
        kind=kind, code=code, name=name, parent=parent, population=population, zone=zone, **fields
    )
    above = [parent, *parent.ancestors.all()] if parent else []
    territory.ancestors.set([t for t in above if t])
    return territory


def qpv(code, commune, population, **dates):
    territory = Territory.objects.create(
        kind=Kind.QPV, code=code, name=code, population=population, qpv_generation="2024", **dates
    )
    territory.ancestors.set([commune, *commune.ancestors.all()])
    return territory


def small_geography():
    """Three régions (one overseas, one no centre covers), four départements, five communes, two current
    QPV and an ended one: figures known by hand."""
    north = place(Kind.REGION, "T9", "Région du test")
    sea = place(Kind.REGION, "T8", "Région d'outre-mer du test", zone=Zone.DROM)
    alone = place(Kind.REGION, "T7", "Région sans centre")
    first, second = place(Kind.DEPARTEMENT, "T91", "Premier", north), place(Kind.DEPARTEMENT, "T92", "Second", north)
    island = place(Kind.DEPARTEMENT, "T81", "Île", sea, zone=Zone.DROM)
    lost = place(Kind.DEPARTEMENT, "T71", "Oublié", alone)
    one = place(Kind.COMMUNE, "T9101", "Une", first, 1_000)
    two = place(Kind.COMMUNE, "T9102", "Deux", first, 2_000)
    place(Kind.COMMUNE, "T9201", "Trois", second, 500)
    port = place(Kind.COMMUNE, "T8101", "Port", island, 300, zone=Zone.DROM)
    place(Kind.COMMUNE, "T7101", "Loin", lost, 50)
    qpv("QT1", one, 400, valid_from=datetime.date(2024, 1, 1))
    qpv("QT2", port, 100, valid_from=datetime.date(2024, 1, 1))
    qpv("QT3", two, 700, valid_from=datetime.date(2015, 1, 1), valid_to=datetime.date(2023, 12, 31))  # ended
    return {"first": first, "north": north, "sea": sea, "lost": lost}


def epci(code, name, *communes):
    """An EPCI of `communes`, in their départements and régions (as the geography loader links them)."""
    territory = Territory.objects.create(kind=Kind.EPCI, code=code, name=name)
    territory.ancestors.set({a for c in communes for a in c.ancestors.filter(kind__in=[Kind.REGION, Kind.DEPARTEMENT])})
    for commune in communes:
        commune.ancestors.add(territory)
    return territory


def contracts(*signatories, generation="2024", is_demo=False):
    """A list of contrats de ville signed by `signatories` (communes or EPCI), replacing any other."""
    ContractList.objects.all().delete()
    signed = ContractList.objects.create(source="contrats-test.csv", is_demo=is_demo)
    for territory in signatories:
        ContractSignatory.objects.create(contract_list=signed, territory=territory, generation=generation)
    return signed


def small_contracts():
    """Two EPCI on the small geography: one in the north région, one astride the north and the
    overseas région; signatories: both EPCI, the communes Une, Port and Loin (no centre covers it),
    and Deux for the 2015 generation only."""
    one, two, three, port, far = (
        Territory.objects.get(kind=Kind.COMMUNE, code=code) for code in ("T9101", "T9102", "T9201", "T8101", "T7101")
    )
    north = epci("T90000001", "Agglo du nord", one, three)
    astride = epci("T90000002", "Agglo à cheval", two, port)
    signed = contracts(north, astride, one, port, far)
    ContractSignatory.objects.create(contract_list=signed, territory=two, generation="2015")
    return signed
