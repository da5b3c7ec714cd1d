"""A missing or damaged index is said, never shown as « Aucun résultat »; the rest of the site and every
save keep working, and `rebuild_search_index` heals it over the damaged folder (a fresh folder
swapped in), while searches served meanwhile keep answering from the old one."""

import logging
import shutil

import pytest
import tantivy
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from passerelles.accounts.enums import Role
from passerelles.experiences.models import ExperienceSheet
from passerelles.search_index import engine
from passerelles.search_index.engine import Engine, get_engine
from passerelles.search_index.models import PendingChange
from passerelles.search_index.services import indexing
from passerelles.testing.search_index import assert_in_step
from passerelles.testing.sheets import member, sheet_data

from ..services.querying import search
from ..services.request import SearchRequest
from .test_search import published

pytestmark = pytest.mark.django_db

UNAVAILABLE = "La recherche est momentanément indisponible"


def garbage_meta():
    (get_engine().path / "meta.json").write_text("garbage")


def segment_files_gone():
    for path in get_engine().path.iterdir():
        if path.suffix in (".store", ".idx", ".term"):
            path.unlink()
    # Seen by a worker started after the damage: one already running keeps its files open.
    engine.forget_engines()


def folder_gone():
    shutil.rmtree(settings.PASSERELLES["SEARCH_INDEX_DIR"])


def found_keys(q):
    return [hit.key for hit in search(SearchRequest(q=q)).hits]


@pytest.mark.parametrize("damage", [garbage_meta, segment_files_gone, folder_gone])
def test_a_damaged_index_is_said_the_site_keeps_working_and_a_rebuild_heals_it(
    client, caplog, django_capture_on_commit_callbacks, damage
):
    sheet = published("Jardins partagés au pied des tours", slug="jardins")
    indexing.rebuild()
    assert client.get("/recherche/", {"q": "jardins"}).status_code == 200
    damage()

    with caplog.at_level(logging.ERROR, logger="passerelles.search"):
        page = client.get("/recherche/", {"q": "jardins"})
    assert page.status_code == 503 and page["Retry-After"]
    html = page.content.decode()
    assert UNAVAILABLE in html and "Aucun résultat" not in html
    assert "n'a pas pu être faite" in html
    assert any("unavailable" in record.getMessage() for record in caplog.records)  # the operator is told
    api = client.get("/recherche/api/", {"q": "jardins"})
    assert api.status_code == 503 and UNAVAILABLE in api.json()["erreur"]
    assert client.get("/recherche/suggestions/", {"q": "jard"}).status_code == 503
    for url in ("/", f"/experiences/{sheet.slug}/", "/agenda/"):
        assert client.get(url).status_code == 200, url  # the header's search field is on each

    # Saves go on: the changes wait in the outbox, the index is not recreated empty behind the scenes.
    editor, reviewer = member(Role.EDITOR), member(Role.REVIEWER)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/experiences/espace/nouvelle/", sheet_data(title="Médiation sociale de nuit"))
        assert created.status_code == 302
        new = ExperienceSheet.objects.get(title="Médiation sociale de nuit")
        assert client.post(f"/experiences/espace/{new.slug}/submit/").status_code == 302
        client.force_login(reviewer)
        assert client.post(f"/experiences/espace/{new.slug}/publish/").status_code == 302
    new.refresh_from_db()
    assert new.status == "published"
    assert PendingChange.objects.filter(type="experience", object_id=str(new.pk)).exists()
    assert client.get("/recherche/", {"q": "médiation"}).status_code == 503

    call_command("rebuild_search_index", verbosity=0)
    page = client.get("/recherche/", {"q": "médiation"})
    assert page.status_code == 200 and UNAVAILABLE not in page.content.decode()
    assert found_keys("médiation") == [f"experience:{new.pk}"]
    assert found_keys("jardins") == [f"experience:{sheet.pk}"]
    assert client.get("/recherche/api/", {"q": "jardins"}).json()["total"] == 1
    assert_in_step()


def test_searches_served_during_a_rebuild_answer_from_the_old_index_until_the_swap(
    django_capture_on_commit_callbacks,
):
    sheet = published("Jardins partagés au pied des tours", slug="jardins")
    indexing.rebuild()
    other_worker = Engine(get_engine().path)  # another process, its index already open
    before = other_worker.searcher().num_docs  # the sheet and the directory's centres
    old_folder = get_engine().path.resolve()
    sheet.title = "Vergers partagés au pied des tours"
    sheet.save()  # its change is not applied (no commit here): only the rebuild brings it
    during = []

    def midway(count):
        if during:
            return
        # The new folder is half written: every search still reads the old one, whole.
        during.append((found_keys("jardins"), found_keys("vergers"), other_worker.searcher().num_docs))
        # A change committed now waits in the outbox (the writer is the rebuild's) and is not lost.
        with django_capture_on_commit_callbacks(execute=True):
            during.append(published("Médiation sociale de nuit", slug="mediation").pk)

    indexing.rebuild(progress=midway)
    assert during[0] == ([f"experience:{sheet.pk}"], [], before)
    assert found_keys("vergers") == [f"experience:{sheet.pk}"] and found_keys("jardins") == []
    assert found_keys("médiation") == [f"experience:{during[1]}"]
    assert not old_folder.exists()  # swapped, then removed
    # The other worker follows the swap at its next search.
    assert other_worker.searcher().doc_freq("exact", "vergers") == 1
    assert other_worker.searcher().num_docs == get_engine().searcher().num_docs > before
    assert_in_step()


def test_an_index_from_before_the_swaps_is_replaced_and_a_failed_rebuild_keeps_the_served_one():
    sheet = published("Jardins partagés", slug="jardins")
    path = get_engine().path
    shutil.rmtree(settings.PASSERELLES["SEARCH_INDEX_DIR"])
    path.mkdir(parents=True)  # a plain folder, as indexes were built before
    tantivy.Index(engine.build_schema(), path=str(path))
    engine.forget_engines()
    assert found_keys("jardins") == [f"experience:{sheet.pk}"]  # served, and the outbox reached it
    indexing.rebuild()
    assert path.is_symlink() and found_keys("jardins") == [f"experience:{sheet.pk}"]
    assert [p.name for p in path.parent.iterdir() if p.is_dir() and not p.is_symlink()] == [path.resolve().name]

    served = path.resolve()

    def fail(count):
        raise RuntimeError("base perdue en cours de route")

    with pytest.raises(RuntimeError):
        indexing.rebuild(progress=fail)
    assert path.resolve() == served and found_keys("jardins")
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, served.name, f"{path.name}.lock"])


def test_the_commands_say_what_to_do_and_setup_rebuilds_a_damaged_index():
    published("Jardins partagés", slug="jardins")
    indexing.rebuild()
    garbage_meta()
    with pytest.raises(CommandError, match="absent ou endommagé"):
        call_command("rebuild_search_index", pending=True)
    call_command("rebuild_search_index", if_missing=True, verbosity=0)  # what setup_site runs
    assert len(found_keys("jardins")) == 1
