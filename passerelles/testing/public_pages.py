"""The site's public pages, each filled with published content of every kind (test_head,
test_query_counts)."""

from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.events.tests.factories import CycleFactory, SessionFactory
from passerelles.experiences.enums import Status as SheetStatus
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.indicators.models import PublishedYear
from passerelles.indicators.services import activity
from passerelles.publications.tests.factories import PublishedFactory

# Paths, to be completed with `published_content()` (str.format).
PUBLIC_PAGES = [
    "/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/plan-du-site/",
    "/contact/",
    "/robots.txt",
    "/sitemap.xml",
    "/sitemap-fiches.xml",
    "/.well-known/security.txt",
    "/centres/",
    "/centres/pb/",
    "/centres/couverture/",
    "/centres/quel-centre-couvre-ma-commune/?q=Brest",
    "/territoires/autocompletion/?q=Bres",
    "/thesaurus/",
    "/thesaurus/qpv/",
    "/thesaurus/thesaurus.ttl",
    "/experiences/",
    "/experiences/{sheet.slug}/",
    "/experiences/{sheet.slug}/imprimer/",
    "/experiences/{sheet.slug}/pdf/",
    "/experiences/fiches.csv",
    "/experiences/fiches.json",
    "/publications/",
    "/publications/series/",
    "/publications/flux/rss/",
    "/publications/flux/atom/",
    "/oai?verb=Identify",
    "/oai?verb=ListRecords&metadataPrefix=oai_dc",
    "/agenda/",
    "/agenda/agenda.ics",
    "/agenda/centre/pb/agenda.ics",
    "/agenda/sessions/{session.slug}/",
    "/agenda/sessions/{session.slug}/session.ics",
    "/agenda/cycles/{cycle.slug}/",
    "/agenda/cycles/{cycle.slug}/agenda.ics",
    "/recherche/?q=ville",
    "/recherche/api/?q=ville",
    "/recherche/suggestions/?q=ville",
    "/comptes/connexion/",
    "{publication_url}",
    "/reseau/chiffres/",
    "/reseau/chiffres/theme.csv",
    "/reseau/cadre/",
    "/reseau/cadre/agrements/",
    "/reseau/repartition/publiee/",
]


def published_content(each=1):
    """`each` published things of every kind, for the pages that show them; the first of each kind
    is the one the pages above name."""
    centre = Centre.objects.get(slug="pb")
    cycle = CycleFactory(centre=centre)
    sessions = [SessionFactory(centre=centre, cycle=cycle) for _ in range(each)]
    sheets = [ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED) for _ in range(each)]
    publications = [PublishedFactory(centre=centre) for _ in range(each)]
    year = timezone.localdate().year
    activity.refresh(year)  # the figures of this year, published
    PublishedYear.objects.get_or_create(year=year)
    return {
        "session": sessions[0],
        "cycle": cycle,
        "sheet": sheets[0],
        "publication": publications[0],
        "publication_url": publications[0].get_absolute_url(),
    }


def public_urls(content):
    return [page.format(**content) for page in PUBLIC_PAGES]
