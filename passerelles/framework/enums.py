from django.db import models


class DocumentKind(models.TextChoices):
    CHARTER = "charter", "charte partenariale"
    TECHNICAL = "technical", "cadre de référence technique de l'État"
    ANNEX = "annex", "annexe avec un partenaire"


class Section(models.TextChoices):
    """The parts of the State's technical framework a commitment belongs to."""

    MISSIONS = "missions", "missions"
    PRINCIPLES = "principles", "principes d'intervention"
    EXPECTATIONS = "expectations", "attentes de l'État"
    OVERSEAS = "overseas", "volet ultramarin"


class Indicator(models.TextChoices):
    """The network figures that show a commitment kept: the totals of the dashboards
    (indicators.services.dashboard, `Dashboard.totals`) and the coverage of the territory
    (indicators.services.coverage, `Coverage.total` and `.departements`)."""

    SESSIONS = "sessions", "sessions"
    HALF_DAYS = "half_days", "demi-journées"
    REGISTRANTS = "registrants", "inscrits"
    ATTENDEES = "attendees", "présents"
    PEOPLE = "people", "personnes touchées"
    SHEETS = "sheets", "fiches d'expérience publiées"
    PUBLICATIONS = "publications", "publications publiées"
    RECORDS = "records", "notices moissonnées"
    COMMUNES = "communes", "communes couvertes"
    POPULATION = "population", "population couverte"
    QPV = "qpv", "quartiers prioritaires couverts"
    QPV_POPULATION = "qpv_population", "population des quartiers prioritaires couverts"
    DEPARTEMENTS = "departements", "départements couverts"


# Read from the figures of a published year / from the coverage of the territory on the day.
ACTIVITY_INDICATORS = frozenset(
    {
        Indicator.SESSIONS,
        Indicator.HALF_DAYS,
        Indicator.REGISTRANTS,
        Indicator.ATTENDEES,
        Indicator.PEOPLE,
        Indicator.SHEETS,
        Indicator.PUBLICATIONS,
        Indicator.RECORDS,
    }
)
COVERAGE_INDICATORS = frozenset(set(Indicator) - ACTIVITY_INDICATORS)


class AccreditationState(models.TextChoices):
    UPCOMING = "upcoming", "à venir"
    CURRENT = "current", "en cours"
    EXPIRING = "expiring", "expire dans moins de 6 mois"
    EXPIRED = "expired", "expiré"
