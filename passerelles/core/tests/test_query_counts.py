"""Each public page reads the database a fixed number of times, however many things it lists: the
ceilings are today's counts, with five published things of every kind, so a query per row listed
(an N+1) goes past them. A page that needs more for a good reason raises its own ceiling."""

import pytest

from passerelles.search_index.services import indexing
from passerelles.testing.public_pages import PUBLIC_PAGES, published_content

pytestmark = pytest.mark.django_db

QUERY_CEILINGS = {
    "/": 24,  # on a miss: the latest of each kind, the figures, the coverage and its lists (kept once computed)
    "/accessibilite/": 1,
    "/mentions-legales/": 1,
    "/donnees-personnelles/": 1,
    "/plan-du-site/": 1,
    "/contact/": 1,
    "/robots.txt": 1,
    "/sitemap.xml": 16,  # on a miss: the version, then the size and latest change of each section
    "/sitemap-fiches.xml": 4,  # the version, the count, the page of rows, the last change
    "/.well-known/security.txt": 1,
    "/centres/": 7,
    "/centres/pb/": 13,  # its identity and map, then its sessions, sheets, publications, catalogues
    "/centres/couverture/": 6,
    "/centres/quel-centre-couvre-ma-commune/?q=Brest": 7,
    "/territoires/autocompletion/?q=Bres": 1,
    "/thesaurus/": 3,  # the concepts; version
    "/thesaurus/qpv/": 7,  # the concept with its broader, related, replaced and replacing concepts; version
    "/thesaurus/thesaurus.ttl": 4,
    "/experiences/": 17,  # cached pages: + the versions of their data (read once a second outside the tests)
    "/experiences/{sheet.slug}/": 14,
    "/experiences/{sheet.slug}/imprimer/": 11,
    "/experiences/{sheet.slug}/pdf/": 18,
    "/experiences/fiches.csv": 8,
    "/experiences/fiches.json": 8,
    "/publications/": 7,
    "/publications/series/": 4,
    "/publications/flux/rss/": 6,
    "/publications/flux/atom/": 6,
    "/oai?verb=Identify": 2,
    "/oai?verb=ListRecords&metadataPrefix=oai_dc": 9,
    "/agenda/": 14,  # with the events harvested from the centres' websites (federation)
    "/agenda/agenda.ics": 5,  # the sessions' version, the ETag (kept under it), the feed (kept under the ETag)
    "/agenda/centre/pb/agenda.ics": 7,
    "/agenda/sessions/{session.slug}/": 10,
    "/agenda/sessions/{session.slug}/session.ics": 1,
    "/agenda/cycles/{cycle.slug}/": 12,
    "/agenda/cycles/{cycle.slug}/agenda.ics": 2,
    "/recherche/?q=ville": 11,  # places named in a query: communes, then départements and régions
    "/recherche/api/?q=ville": 9,
    "/recherche/suggestions/?q=ville": 2,
    "/comptes/connexion/": 1,
    "{publication_url}": 11,
    "/reseau/chiffres/": 26,  # the network's own count of people; the coverage and its lists computed once, then kept
    "/reseau/chiffres/theme.csv": 24,
    "/reseau/cadre/": 13,
    "/reseau/cadre/agrements/": 3,
    "/reseau/repartition/publiee/": 3,
}


def test_every_public_page_has_a_ceiling():
    assert sorted(QUERY_CEILINGS) == sorted(PUBLIC_PAGES)


@pytest.mark.parametrize(("path", "ceiling"), QUERY_CEILINGS.items(), ids=list(QUERY_CEILINGS))
def test_public_page_queries_do_not_grow_with_what_it_lists(client, django_assert_max_num_queries, path, ceiling):
    url = path.format(**published_content(each=5))
    indexing.rebuild()

    with django_assert_max_num_queries(ceiling):
        response = client.get(url)

    assert response.status_code == 200
