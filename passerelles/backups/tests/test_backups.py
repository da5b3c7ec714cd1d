"""Backups: one dated archive holds the whole site; a restore checks every checksum before it changes
anything, and the restored site serves the same pages, files and search results (run on SQLite and
on PostgreSQL, as the whole suite is)."""

import hashlib
import io
import json
import re
import shutil
import tarfile
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from passerelles.centres.models import Centre
from passerelles.events.models import Session
from passerelles.events.tests.factories import SessionFactory
from passerelles.experiences.models import Attachment, ExperienceSheet
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.models import Document, Publication
from passerelles.publications.tests.factories import PublishedFactory
from passerelles.search_index.engine import get_engine
from passerelles.search_index.services import indexing
from passerelles.testing.pdfs import text_pdf

from ..services import archive

pytestmark = pytest.mark.django_db  # the round trip commits (its class says so)

PDF = text_pdf("Bilan des ateliers de médiation nocturne.")
LOGO = b"\x89PNG\r\n\x1a\n public media bytes"


def make_content():
    centre = Centre.objects.get(slug="reso-villes")
    sheet = ExperienceSheetFactory(
        centre=centre,
        title="Médiation nocturne à Bellevue",
        slug="mediation-nocturne",
        status="published",
        published_at=datetime(2025, 3, 1, 12, tzinfo=UTC),
    )
    attachment = Attachment.objects.create(
        sheet=sheet, title="Bilan", file=ContentFile(PDF, name="bilan.pdf"), kind="pdf", size=len(PDF), pages=1
    )
    publication = PublishedFactory(centre=centre, title="Les cahiers de la tranquillité", slug="cahiers-tranquillite")
    document = Document.objects.create(
        publication=publication,
        title="Rapport",
        file=ContentFile(PDF + b"%rapport", name="rapport.pdf"),
        size=len(PDF) + 8,
        pages=1,
        text="Un rapport sur les correspondants de nuit.",
    )
    session = SessionFactory(centre=centre, title="Rencontre des médiateurs de nuit", slug="rencontre-mediateurs")
    logo = settings.MEDIA_ROOT / "logos" / "reso.png"
    logo.parent.mkdir(parents=True)
    logo.write_bytes(LOGO)
    return {
        "sheet": sheet,
        "attachment": attachment,
        "publication": publication,
        "document": document,
        "session": session,
        "logo": logo,
    }


def normalised(response):
    """The page as a visitor reads it, less what changes on every request (CSRF token, nonces)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    text = response.content.decode()
    text = re.sub(r'(<input[^>]*type="hidden"[^>]*value=")[^"]*"', r'\1"', text)
    return re.sub(r'nonce="[^"]*"', 'nonce=""', text)


def snapshot(client, content):
    sheet, publication = content["sheet"], content["publication"]
    urls = [
        "/",
        f"/experiences/{sheet.slug}/",
        f"/experiences/{sheet.slug}/pieces-jointes/{content['attachment'].pk}/",
        f"/publications/{publication.slug}/",
        f"/publications/{publication.slug}/documents/{content['document'].pk}/",
        f"/agenda/sessions/{content['session'].slug}/",
        "/agenda/",
        "/recherche/?q=nocturne",
        "/recherche/api/?q=correspondants",  # words found only in the PDF's text
        "/recherche/api/?q=médiateurs",
        "/recherche/api/?q=tranquillité",
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        pages[url] = (response.status_code, normalised(response))
    pages["logo"] = content["logo"].read_bytes() if content["logo"].exists() else None
    return pages


def wipe(content):
    """What a bad day does: rows deleted or changed, files gone, the index damaged."""
    ExperienceSheet.objects.filter(pk=content["sheet"].pk).delete()
    Publication.objects.filter(pk=content["publication"].pk).update(title="Titre écrasé")
    Session.objects.filter(pk=content["session"].pk).delete()
    shutil.rmtree(settings.MEDIA_ROOT)
    shutil.rmtree(settings.PASSERELLES["PRIVATE_MEDIA_ROOT"])
    (get_engine().path / "meta.json").write_text("garbage")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_data_put_back")
class TestRoundTrip:
    def test_the_restored_site_serves_the_same_pages_files_and_search_results(self, client, tmp_path):
        content = make_content()
        indexing.rebuild()
        before = snapshot(client, content)
        assert before["/recherche/api/?q=correspondants"][0] == 200
        assert json.loads(before["/recherche/api/?q=correspondants"][1])["total"] == 1
        assert before[f"/experiences/{content['sheet'].slug}/pieces-jointes/{content['attachment'].pk}/"][1] == PDF

        path = archive.create(tmp_path / "backups")
        wipe(content)
        sheet_page, session_page = (
            f"/experiences/{content['sheet'].slug}/",
            f"/agenda/sessions/{content['session'].slug}/",
        )
        assert [client.get(url).status_code for url in (sheet_page, session_page, "/recherche/?q=nocturne")] == [
            404,
            404,
            503,
        ]
        assert not content["logo"].exists()
        with connection.cursor() as cursor:  # a table of a later version: the archive's schema wins
            cursor.execute("CREATE TABLE backups_from_a_later_version (id integer)")

        call_command("restore", str(path), interactive=False, stdout=io.StringIO())
        after = snapshot(client, content)
        for url, page in before.items():
            assert after[url] == page, url
        assert not indexing.PendingChange.objects.exists()
        assert "backups_from_a_later_version" not in connection.introspection.table_names()


# ---- the archive and its checks --------------------------------------------------------------


def members(path):
    with tarfile.open(path, "r:gz") as tar:
        return {member.name: tar.extractfile(member).read() for member in tar}


def rewritten(path, target, manifest=None, files=None, sums=True):
    """A copy of the archive with a changed manifest or files; `sums` keeps SHA256SUMS consistent
    (an archive made elsewhere), else the original one is kept (a damaged archive)."""
    content = members(path)
    content.update(files or {})
    if manifest:
        data = json.loads(content["manifest.json"])
        manifest(data)
        content["manifest.json"] = json.dumps(data).encode()
    if sums:
        entries = json.loads(content["manifest.json"])["files"]
        lines = [f"{hashlib.sha256(content['manifest.json']).hexdigest()}  manifest.json"]
        lines += [f"{entry['sha256']}  {entry['path']}" for entry in entries]
        content["SHA256SUMS"] = ("\n".join(lines) + "\n").encode()
    with tarfile.open(target, "w:gz") as tar:
        for name, data in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


@pytest.fixture
def backup(tmp_path):
    document = settings.PASSERELLES["PRIVATE_MEDIA_ROOT"] / "publications" / "1" / "rapport.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(PDF)
    return archive.create(tmp_path / "backups"), document


def test_the_archive_holds_the_database_the_media_a_manifest_and_checksums(backup):
    path, document = backup
    assert re.fullmatch(r"passerelles-\d{8}-\d{6}\.tar\.gz", path.name)
    content = members(path)
    manifest = json.loads(content["manifest.json"])
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["database"]["file"] in content
    graph = MigrationLoader(connection).graph
    assert manifest["schema"]["experiences"] == graph.leaf_nodes("experiences")[0][1]
    assert manifest["schema"]["search"] == graph.leaf_nodes("search")[0][1]
    entries = {entry["path"]: entry for entry in manifest["files"]}
    assert entries["private-media/publications/1/rapport.pdf"] == {
        "path": "private-media/publications/1/rapport.pdf",
        "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }
    sums = {name: digest for digest, name in (line.split("  ") for line in content["SHA256SUMS"].decode().splitlines())}
    assert sums["manifest.json"] == hashlib.sha256(content["manifest.json"]).hexdigest()
    assert all(sums[name] == hashlib.sha256(data).hexdigest() for name, data in content.items() if name in sums)
    sidecar = path.with_name(path.name + ".sha256").read_text().split()
    assert sidecar == [hashlib.sha256(path.read_bytes()).hexdigest(), path.name]  # `sha256sum -c` reads it


def assert_refused(path, message, document):
    """Refused with a clear message, and nothing changed: rows, files."""
    centres = Centre.objects.count()
    document.write_bytes(b"changed since the backup")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), interactive=False, stdout=io.StringIO())
    assert Centre.objects.count() == centres
    assert document.read_bytes() == b"changed since the backup"


def test_a_damaged_archive_is_refused_and_nothing_changes(backup, tmp_path):
    path, document = backup
    original = path.read_bytes()
    copy = tmp_path / "copied-without-its-checksum.tar.gz"
    for fraction in (0.2, 0.5, 0.8):  # wherever the damage falls: a member, a header, the gzip stream
        data = bytearray(original)
        data[int(len(data) * fraction)] ^= 0xFF
        path.write_bytes(bytes(data))
        assert_refused(path, "endommagée.*sha256", document)  # its checksum file, next to it
        copy.write_bytes(bytes(data))
        assert_refused(copy, "illisible|tronquée|endommagée", document)
    copy.write_bytes(original[: len(original) // 3])
    assert_refused(copy, "illisible ou tronquée", document)


def test_a_changed_file_inside_the_archive_is_refused_and_nothing_changes(backup, tmp_path):
    path, document = backup
    forged = rewritten(
        path, tmp_path / "forged.tar.gz", files={"private-media/publications/1/rapport.pdf": b"x"}, sums=False
    )
    assert_refused(forged, "endommagée.*rapport.pdf", document)


def test_a_dump_of_another_engine_or_a_newer_version_is_refused(backup, tmp_path):
    path, document = backup
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def other_engine(manifest):
        manifest["database"]["engine"] = other

    assert_refused(rewritten(path, tmp_path / "other.tar.gz", manifest=other_engine), "même moteur", document)

    def newer(manifest):
        manifest["schema"]["experiences"] = "9999_from_the_future"

    assert_refused(rewritten(path, tmp_path / "newer.tar.gz", manifest=newer), "plus récente", document)


def test_only_the_newest_archives_are_kept(tmp_path):
    output = tmp_path / "backups"
    output.mkdir()
    (output / "notes.txt").write_text("not an archive")
    made = [archive.create(output, keep=2) for _ in range(3)]
    assert sorted(p.name for p in output.iterdir()) == sorted(
        ["notes.txt", made[1].name, f"{made[1].name}.sha256", made[2].name, f"{made[2].name}.sha256"]
    )
    call_command("backup", output=str(output), keep=1, stdout=io.StringIO())
    assert len(list(output.glob("*.tar.gz"))) == 1
