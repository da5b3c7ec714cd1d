"""The index cannot drift from the database: every change reaches it, even after a crash."""

import pytest
import tantivy

from passerelles.accounts.tests.factories import UserFactory
from passerelles.centres.models import Centre
from passerelles.experiences.enums import Transition
from passerelles.experiences.models import Partner
from passerelles.experiences.services.workflow import apply_transition, delete_sheet
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.search_index.engine import Engine, get_engine
from passerelles.search_index.models import PendingChange
from passerelles.search_index.services import indexing
from passerelles.territories.models import Territory
from passerelles.testing.search_index import assert_in_step, index_snapshot
from passerelles.thesaurus.models import Concept

from ..services.querying import search
from ..services.request import SearchRequest

pytestmark = pytest.mark.django_db


def test_every_kind_of_change_reaches_the_index(django_capture_on_commit_callbacks):
    animator = UserFactory(is_national_animator=True)
    indexing.rebuild()
    assert_in_step()

    steps = []

    def step(name, action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        steps.append(name)
        assert_in_step()
        return result

    sheet = step("create a draft", lambda: ExperienceSheetFactory(title="Médiation de nuit", summary="Nuit."))
    assert f"experience:{sheet.pk}" not in index_snapshot()
    step("submit", lambda: apply_transition(sheet, Transition.SUBMIT, animator))
    sheet = step("publish", lambda: apply_transition(sheet, Transition.PUBLISH, animator))
    assert f"experience:{sheet.pk}" in index_snapshot()

    def edit():
        sheet.title = "Médiation sociale de nuit"
        sheet.save()

    step("edit the title", edit)
    step("add a theme", lambda: sheet.themes.add(Concept.objects.get(notation="sante")))
    step("move it", lambda: sheet.territories.set([Territory.objects.get(kind="commune", code="59350")]))
    step("clear from the other side", lambda: Territory.objects.get(kind="commune", code="59350").sheets.clear())
    step("add a partner", lambda: Partner.objects.create(sheet=sheet, name="Association Nuits tranquilles"))
    assert "Nuits tranquilles" in index_snapshot()[f"experience:{sheet.pk}"]["body"][0]
    step("unpublish", lambda: apply_transition(sheet, Transition.ARCHIVE, animator))
    assert f"experience:{sheet.pk}" not in index_snapshot()
    sheet = step("reopen", lambda: apply_transition(sheet, Transition.REOPEN, animator))
    step("delete a draft", lambda: delete_sheet(ExperienceSheetFactory(title="Brouillon"), animator))
    other = step("publish another", lambda: ExperienceSheetFactory(title="Autre fiche", status="published"))
    step("delete a published sheet (administration)", other.delete)

    centre = Centre.objects.order_by("pk").first()

    def rename():
        centre.name = "Centre renommé pour le test"
        centre.save()

    step("rename a centre", rename)
    step("change a perimeter", lambda: centre.perimeter.add(Territory.objects.get(kind="departement", code="29")))
    assert len(steps) == 15

    # A rebuild from scratch gives exactly what the changes gave.
    incremental = index_snapshot()
    indexing.rebuild()
    assert index_snapshot() == incremental


def test_a_crash_between_commit_and_index_loses_nothing(django_capture_on_commit_callbacks):
    animator = UserFactory(is_national_animator=True)
    indexing.rebuild()
    sheet = ExperienceSheetFactory(title="Médiation sociale de nuit")
    apply_transition(sheet, Transition.SUBMIT, animator)
    # The process dies after the commit, before applying its change to the index.
    with django_capture_on_commit_callbacks(execute=False):
        apply_transition(sheet, Transition.PUBLISH, animator)
    assert f"experience:{sheet.pk}" not in index_snapshot()
    assert PendingChange.objects.filter(type="experience", object_id=str(sheet.pk)).exists()
    # A restart: the first search catches up from the outbox.
    indexing.forget_catch_up()
    result = search(SearchRequest(q="médiation"))
    assert [hit.key for hit in result.hits] == [f"experience:{sheet.pk}"]
    assert_in_step()


def test_a_busy_index_keeps_the_change_for_later(django_capture_on_commit_callbacks):
    indexing.rebuild()
    engine = get_engine()
    other_writer = engine.index.writer(heap_size=15_000_000, num_threads=1)  # another process writing
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ExperienceSheetFactory(title="Une fiche", status="published")
    finally:
        other_writer.rollback()
        other_writer.wait_merging_threads()
    assert PendingChange.objects.exists()  # not lost: still in the outbox
    indexing.apply_pending()
    assert_in_step()


def test_a_search_in_another_process_sees_a_publication_at_once(django_capture_on_commit_callbacks):
    """gunicorn's workers each open the index: a search served by another worker right after a
    publication finds it (tantivy's own reload of other processes' readers comes a moment later)."""
    indexing.rebuild()
    other_worker = Engine(get_engine().path)  # the same folder, opened by another process
    assert other_worker.searcher().num_docs == get_engine().searcher().num_docs
    with django_capture_on_commit_callbacks(execute=True):
        ExperienceSheetFactory(title="Jardins partagés", status="published")
    found = other_worker.searcher().search(tantivy.Query.all_query(), 100_000)
    assert found.count == get_engine().searcher().num_docs == other_worker.searcher().num_docs
