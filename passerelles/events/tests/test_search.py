"""Sessions in the network search: published ones only, found by their words and territories, and the
index follows every change (speakers, themes, co-organisers, the cycle, cancellation, unpublishing)."""

import pytest
from django.http import QueryDict

from passerelles.centres.tests.factories import CentreFactory
from passerelles.search.services.querying import search
from passerelles.search.services.request import SearchRequest
from passerelles.search_index.services import indexing
from passerelles.territories.models import Territory
from passerelles.testing.search_index import assert_in_step, index_snapshot
from passerelles.thesaurus.models import Concept

from ..enums import SessionStatus, SpeakerKind
from ..models import Speaker
from .factories import CycleFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def find(q="", **filters):
    data = QueryDict(mutable=True)
    if q:
        data["q"] = q
    for name, value in filters.items():
        data[name] = value
    return search(SearchRequest.from_query_dict(data))


def test_published_sessions_are_found_by_their_words_and_territories():
    session = SessionFactory(
        title="Piloter le contrat de ville",
        venue="Maison des associations",
        address="15 rue Catulienne",
        commune=Territory.objects.get(kind="commune", code="93066"),
        accessibility="Boucle magnétique",
    )
    Speaker.objects.create(session=session, name="Alex Zébulon", kind=SpeakerKind.EXPERT)
    RegistrationFactory(session=session, last_name="Inscritequelconque")
    SessionFactory(title="Contrat de ville en brouillon", is_published=False)
    indexing.rebuild()

    for query in ("Catulienne", "Zébulon", "magnétique"):
        assert [hit.key for hit in find(query).hits] == [f"session:{session.pk}"], query
    # A label's words still count one by one (the centres say « ville »), below the label itself.
    assert [hit.key for hit in find("contrat de ville").hits][:1] == [f"session:{session.pk}"]
    assert find("Inscritequelconque").total == 0  # registrations never enter the index
    assert find("contrat", region="11").total == 1
    assert find("contrat", territoire="departement:93").total == 1
    assert find("contrat", region="53").total == 0
    assert find("contrat", type="session").total == 1
    hit = find("contrat").hits[0]
    assert hit.type == "session" and hit.url == session.get_absolute_url()


def test_the_index_follows_every_change_to_a_session(django_capture_on_commit_callbacks):
    indexing.rebuild()

    def step(action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        assert_in_step()
        return result

    cycle = step(lambda: CycleFactory(title="Cycle des chefs de projet"))
    session = step(lambda: SessionFactory(title="Journée d'échanges", cycle=cycle, centre=cycle.centre))
    key = f"session:{session.pk}"
    assert "Cycle des chefs de projet" in index_snapshot()[key]["body"][0]
    step(lambda: Speaker.objects.create(session=session, name="Dominique Intervenante"))
    assert "Dominique Intervenante" in index_snapshot()[key]["body"][0]
    step(lambda: session.themes.add(Concept.objects.get(notation="sante")))
    assert index_snapshot()[key]["theme"] == ["sante"]
    step(lambda: session.functions.add(Concept.objects.get(notation="elu")))
    step(lambda: session.territories.set([Territory.objects.get(kind="departement", code="29")]))
    assert index_snapshot()[key]["region"] == ["53"]
    partner = CentreFactory()
    step(lambda: session.co_organisers.add(partner))
    assert partner.slug in index_snapshot()[key]["centre"]

    def rename_cycle():
        cycle.title = "Cycle renommé"
        cycle.save()

    step(rename_cycle)
    assert "Cycle renommé" in index_snapshot()[key]["body"][0]

    def cancel():
        session.status = SessionStatus.CANCELLED
        session.save()

    step(cancel)
    assert index_snapshot()[key]["title"] == ["Journée d'échanges (annulée)"]

    def unpublish():
        session.is_published = False
        session.save()

    step(unpublish)
    assert key not in index_snapshot()
    step(lambda: Speaker.objects.filter(session=session).delete())
    step(session.delete)

    incremental = index_snapshot()
    indexing.rebuild()
    assert index_snapshot() == incremental
