"""The open-data dumps: valid for the frictionless library, made of published content only, without
personal data, and never replaced by a build that fails."""

import dataclasses
import json
import zipfile

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from frictionless import Package, Resource, Schema
from frictionless import validate as frictionless_validate

from passerelles.editorial.workflow import Status
from passerelles.events.enums import Format
from passerelles.events.tests.factories import CycleFactory, RegistrationFactory, SessionFactory
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.opendata.datasets import DATASETS
from passerelles.opendata.services import dumps
from passerelles.publications.models import CatalogueRecord, HarvestSource
from passerelles.publications.tests.factories import ContributorFactory, PublicationFactory, PublishedFactory

pytestmark = pytest.mark.django_db

ONLINE_LINK = "https://visio.example.org/salle-secrete-4821"
REGISTRANT = "camille.inscrite@example.org"


@pytest.fixture
def content():
    published = ExperienceSheetFactory(
        title="Fiche publiée",
        slug="fiche-publiee",
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        contact_person="Dominique Sanspermission",
        contact_person_consent=False,
        budget_amount=1200,
    )
    draft = ExperienceSheetFactory(title="Fiche brouillon", slug="fiche-brouillon", status=Status.DRAFT)
    submitted = ExperienceSheetFactory(title="Fiche en relecture", slug="fiche-en-relecture", status=Status.SUBMITTED)
    publication = PublishedFactory(title="Étude publiée", slug="etude-publiee")
    ContributorFactory(publication=publication, name="Autrice Publique")
    publication.related_sheets.set([published, draft])
    PublicationFactory(title="Étude brouillon", slug="etude-brouillon")
    cycle = CycleFactory(slug="cycle-public")
    CycleFactory(slug="cycle-cache", is_published=False)
    session = SessionFactory(
        slug="session-publique", cycle=cycle, format=Format.MIXED, online_url=ONLINE_LINK, title="=SOMME(A1:A9)"
    )
    RegistrationFactory(session=session, email=REGISTRANT, first_name="Camille", last_name="Inscrite")
    SessionFactory(slug="session-cachee", is_published=False)
    source = HarvestSource.objects.create(centre=published.centre, base_url="https://pmb.example.org/oai")
    for number, deleted in ((1, False), (2, True)):
        CatalogueRecord.objects.create(
            source=source,
            centre=published.centre,
            oai_identifier=f"oai:pmb:{number}",
            datestamp=timezone.now(),
            deleted=deleted,
            title=f"Notice {'retirée' if deleted else 'visible'}",
            dublin_core={"creator": ["Auteur du catalogue"], "subject": ["emploi", "jeunes"]},
        )
    return {"draft": draft, "submitted": submitted}


def unpacked(name, tmp_path):
    target = tmp_path / name
    with zipfile.ZipFile(dumps.archive_path(name)) as bundle:
        bundle.extractall(target)
    return target


def json_rows(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_dump_is_a_valid_data_package(content, tmp_path, name):
    call_command("build_open_data", name, verbosity=0)
    directory = unpacked(name, tmp_path)
    assert {path.name for path in directory.iterdir()} == {
        f"{name}.csv",
        f"{name}.json",
        f"schema-{name}-csv.json",
        f"schema-{name}-json.json",
        "datapackage.json",
        "licence-ouverte-2.0.txt",
    }
    descriptor = directory / "datapackage.json"
    assert Package.validate_descriptor(str(descriptor)).valid
    package = Package(str(descriptor))
    assert package.licenses[0]["name"] == "etalab-2.0"
    # The CSV, read by frictionless from the file, against its Table Schema (types, required, unique).
    report = frictionless_validate(package.get_resource(f"{name}-csv"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # frictionless reads JSON files through ijson, which the lock does not hold: the same records,
    # loaded by the json module, are validated against the JSON file's Table Schema.
    rows = json_rows(directory / f"{name}.json")
    schema = json.loads((directory / f"schema-{name}-json.json").read_text(encoding="utf-8"))
    report = frictionless_validate(Resource(data=rows, schema=Schema.from_descriptor(schema)))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # Both files hold the same records, counted in the index.
    assert len(package.get_resource(f"{name}-csv").read_rows()) == len(rows) == dumps.read_index()[name]["records"] > 0
    # Every field is documented in French.
    assert all(field["title"] and field["description"] for field in schema["fields"])


def test_only_published_content_and_no_personal_data(content, tmp_path):
    call_command("build_open_data", verbosity=0)
    texts = {}
    for name in DATASETS:
        directory = unpacked(name, tmp_path)
        texts[name] = "".join(path.read_text(encoding="utf-8") for path in directory.glob(f"{name}.*"))
    everything = "".join(texts.values())
    for absent in (
        "fiche-brouillon",
        "fiche-en-relecture",
        "etude-brouillon",
        "session-cachee",
        "cycle-cache",
        "Notice retirée",
        ONLINE_LINK,
        REGISTRANT,
        "Inscrite",
        "Dominique Sanspermission",
    ):
        assert absent not in everything, absent
    assert "fiche-publiee" in texts["fiches-experience"]
    assert "etude-publiee" in texts["publications"]
    assert "Autrice Publique" in texts["publications"]
    assert "/publications/etude-publiee/" in texts["publications"]
    assert "session-publique" in texts["sessions"]
    assert "cycle-public" in texts["cycles"]
    assert "Notice visible" in texts["notices-catalogues"]
    # A related sheet that is not public is never named by a publication.
    assert "fiche-brouillon" not in texts["publications"]
    # The CSV never hands a formula to a spreadsheet; the JSON keeps the text as it is.
    sessions = unpacked("sessions", tmp_path)
    assert "'=SOMME(A1:A9)" in (sessions / "sessions.csv").read_text(encoding="utf-8")
    assert json_rows(sessions / "sessions.json")[0]["titre"] == "=SOMME(A1:A9)"


def test_a_failed_build_keeps_the_previous_dump(content, monkeypatch):
    call_command("build_open_data", verbosity=0)
    name = "fiches-experience"
    before = dumps.archive_path(name).read_bytes()
    line = dumps.read_index()[name]
    thesaurus_before = dumps.read_index()["thesaurus"]["built_at"]

    def failing():
        yield from DATASETS[name].rows()
        raise RuntimeError("base de données injoignable")

    monkeypatch.setitem(DATASETS, name, dataclasses.replace(DATASETS[name], rows=failing))
    ExperienceSheetFactory(slug="fiche-nouvelle", status=Status.PUBLISHED, published_at=timezone.now())
    with pytest.raises(CommandError, match="fiches-experience"):
        call_command("build_open_data", verbosity=0)
    assert dumps.archive_path(name).read_bytes() == before
    assert dumps.read_index()[name] == line
    # The others were built, and nothing half-written is left beside the dumps.
    assert dumps.read_index()["thesaurus"]["built_at"] >= thesaurus_before
    root = settings.PASSERELLES["OPENDATA_ROOT"]
    assert sorted(path.name for path in root.iterdir()) == sorted([dumps.INDEX, *(f"{n}.zip" for n in DATASETS)])


def test_if_stale_builds_once_a_day():
    assert dumps.is_stale()
    call_command("build_open_data", if_stale=True, verbosity=0)
    assert not dumps.is_stale()
    built_at = dumps.read_index()["centres"]["built_at"]
    call_command("build_open_data", if_stale=True, verbosity=0)
    assert dumps.read_index()["centres"]["built_at"] == built_at


def test_an_unknown_dataset_is_refused_in_french():
    with pytest.raises(CommandError, match="Jeu de données inconnu : inconnu"):
        call_command("build_open_data", "inconnu", verbosity=0)


def test_the_clock_builds_the_dumps_each_night():
    from passerelles.core.clock import periodic

    interval, at, _ = periodic()["passerelles.opendata.tasks.build_open_data"]
    assert at is not None and interval.days == 1


def test_a_sheet_reads_as_in_the_sheets_own_export(tmp_path):
    """The dump reads sheets as plain values (for speed): it says what `sheet_record` says."""
    from passerelles.experiences.models import BudgetLine, Partner, TeamRole
    from passerelles.experiences.services.exports import sheet_record
    from passerelles.thesaurus.models import Concept

    sheet = ExperienceSheetFactory(
        slug="fiche-complete",
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        contact_person="Claude Daccord",
        contact_person_consent=True,
        carrying_legal_form="association",
        budget_amount=5000,
        budget_year=2025,
    )
    sheet.themes.set(Concept.objects.themes()[:3])
    BudgetLine.objects.create(sheet=sheet, funder="État", amount=3000)
    BudgetLine.objects.create(sheet=sheet, funder="Ville", amount=2000)
    Partner.objects.create(sheet=sheet, name="Mission locale", role="repérage")
    TeamRole.objects.create(sheet=sheet, role="coordinatrice", fte=0.5)
    call_command("build_open_data", "fiches-experience", verbosity=0)
    row = json_rows(unpacked("fiches-experience", tmp_path) / "fiches-experience.json")[0]
    record = sheet_record(sheet, row["url"])
    assert list(row) == DATASETS["fiches-experience"].field_names
    assert row["url"].endswith(sheet.get_absolute_url())
    assert (row["titre"], row["centre"], row["resume"]) == (record["titre"], record["centre"], record["resume"])
    assert row["themes"] == record["themes"]
    assert row["territoires_noms"] == [t["nom"] for t in record["territoires"]]
    assert row["forme_juridique"] == record["forme_juridique"] == "association loi 1901"
    assert row["budget_montant"] == record["budget"]["montant"] == 5000
    assert row["financeurs"] == ["État : 3000.00", "Ville : 2000.00"]
    assert row["partenaires"] == ["Mission locale (repérage)"]
    assert row["equipe"] == ["coordinatrice (0.5 ETP)"]
    assert row["contact_personne"] == record["contact"]["personne"] == "Claude Daccord"
