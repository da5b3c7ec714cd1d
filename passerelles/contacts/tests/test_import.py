"""CSV import: encodings, separators, duplicates, formula cells, unknown territories, missing columns,
header only, and the 100,000-line file whose last line is bad (nothing written, the line named)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from passerelles.core.models import Job

from ..enums import AuditAction, ImportState, OnDuplicate
from ..models import AuditEntry, ConsentRecord, Contact, ContactImport
from ..services import importing
from .factories import ContactFactory
from .helpers import OTHER, admin_of, centre, concept, text

pytestmark = pytest.mark.django_db

HEADER = "nom;prénom;adresse électronique;fonction;structure;territoire;thèmes;consentement"


def upload(client, content, on_duplicate=OnDuplicate.MERGE, name="contacts.csv"):
    data = {"file": SimpleUploadedFile(name, content, content_type="text/csv"), "on_duplicate": on_duplicate}
    return client.post("/contacts/centre/pb/import/", data)


def latest():
    return ContactImport.objects.latest("pk")


@pytest.fixture
def admin(client):
    user = admin_of()
    client.force_login(user)
    return user


def confirm(client, contact_import):
    return client.post(f"/contacts/imports/{contact_import.pk}/confirmer/")


def test_the_template_downloads_and_imports_back(client, admin):
    response = client.get("/contacts/centre/pb/import/modele.csv")
    assert response["Content-Disposition"] == 'attachment; filename="modele-contacts.csv"'
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf") and b"adresse \xc3\xa9lectronique" in content
    upload(client, content, name="modele.csv")
    contact_import = latest()
    assert contact_import.state == ImportState.READY, contact_import.report
    assert not Contact.objects.exists()  # the preview writes nothing
    confirm(client, contact_import)
    contact = Contact.objects.get()
    assert (contact.email, contact.function.notation, contact.territory.code) == (
        "claire.martin@example.org",
        "chef-de-projet",
        "29019",
    )
    assert {t.notation for t in contact.themes.all()} == {"education", "emploi-insertion"}
    assert sorted(contact.consents.values_list("purpose", flat=True)) == ["events", "newsletter"]
    assert latest().state == ImportState.DONE and latest().content == b""


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
)
@pytest.mark.parametrize("separator", [";", ","])
def test_encodings_and_separators(client, admin, encoding, bom, separator):
    lines = [HEADER, "Lefèvre;Zoé;zoe.lefevre@example.org;;Mairie de Quimper;Quimper;;"]
    content = bom + "\r\n".join(lines).replace(";", separator).encode(encoding)
    response = upload(client, content)
    contact_import = latest()
    assert response["Location"] == f"/contacts/imports/{contact_import.pk}/"
    page = text(client.get(response["Location"]))
    assert contact_import.state == ImportState.READY, contact_import.report
    assert "nouveau contact" in page and "zoe.lefevre@example.org" in page
    assert ("point-virgule" if separator == ";" else "virgule") in page
    confirm(client, contact_import)
    contact = Contact.objects.get()
    assert (contact.last_name, contact.first_name, contact.organisation) == ("Lefèvre", "Zoé", "Mairie de Quimper")
    assert contact.territory.code == "29232"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.count) == (AuditAction.IMPORT, admin, 1)


def test_a_file_in_no_known_encoding_is_refused_with_its_line(client, admin):
    upload(client, (HEADER + "\nA;B;a@example.org\n").encode() + b"\x81\x8d;x;y@example.org\n")
    report = latest().report
    assert latest().state == ImportState.REFUSED
    assert report["errors"][0].startswith("Ligne 3 : le fichier n'est ni en UTF-8 ni en Windows-1252")


def test_duplicates_in_the_file_are_merged_or_reported(client, admin):
    content = "\n".join(
        [
            HEADER,
            "Martin;;claire.martin@example.org;;;;education;newsletter",
            "Martin;Claire;CLAIRE.Martin@example.org;chef-de-projet;Ville de Brest;29019;emploi-insertion;events",
        ]
    ).encode()
    upload(client, content, OnDuplicate.REPORT)
    assert latest().state == ImportState.REFUSED
    assert latest().report["errors"] == ["Ligne 3 : l'adresse « claire.martin@example.org » figure déjà à la ligne 2."]
    upload(client, content, OnDuplicate.MERGE)
    contact_import = latest()
    assert contact_import.report["merged_in_file"] == 1
    assert "même adresse qu'à la ligne 2" in text(client.get(f"/contacts/imports/{contact_import.pk}/"))
    confirm(client, contact_import)
    contact = Contact.objects.get()
    assert (contact.first_name, contact.organisation, contact.territory.code) == ("Claire", "Ville de Brest", "29019")
    assert {t.notation for t in contact.themes.all()} == {"education", "emploi-insertion"}
    assert contact.consents.count() == 2


def test_duplicates_of_existing_contacts_are_completed_or_reported(client, admin):
    known = ContactFactory(centre=centre(), email="anne.duval@example.org", organisation="", themes=[concept("sport")])
    ContactFactory(centre=centre(OTHER), email="autre@example.org")  # another centre's: not a duplicate
    content = "\n".join(
        [HEADER, "Duval;Anne;Anne.DUVAL@example.org;;CCAS;;education;", "Autre;;autre@example.org;;;;;"]
    ).encode()
    upload(client, content, OnDuplicate.REPORT)
    assert latest().report["errors"] == [
        "Ligne 2 : l'adresse « anne.duval@example.org » est déjà celle d'un contact du centre."
    ]
    upload(client, content, OnDuplicate.MERGE)
    contact_import = latest()
    assert (contact_import.report["new"], contact_import.report["completed"]) == (1, 1)
    confirm(client, contact_import)
    known.refresh_from_db()
    assert known.organisation == "CCAS" and known.first_name == "Camille"  # empty filled, others kept
    assert {t.notation for t in known.themes.all()} == {"sport", "education"}
    assert Contact.objects.filter(centre=centre()).count() == 2


def test_formula_cells_are_stored_as_text_and_exported_neutralised(client, admin):
    content = "\n".join(
        [HEADER, '=HYPERLINK("http://x");+33 6;formule@example.org;;@SUM(A1);;;', "'=1+1;;apostrophe@example.org;;;;;"]
    ).encode()
    upload(client, content)
    confirm(client, latest())
    formula = Contact.objects.get(email="formule@example.org")
    assert (formula.last_name, formula.first_name, formula.organisation) == (
        '=HYPERLINK("http://x")',
        "+33 6",
        "@SUM(A1)",
    )
    # The apostrophe our exports put before a formula is taken off again.
    assert Contact.objects.get(email="apostrophe@example.org").last_name == "=1+1"


def test_every_bad_line_is_named_and_nothing_is_written(client, admin):
    content = "\n".join(
        [
            HEADER,
            "Bon;;bon@example.org;;;Brest;;",
            "Inconnu;;inconnu@example.org;;;Nullepart-sur-Mer;;",
            "Sans adresse;;;;;;;",
            ";;sans.nom@example.org;;;;;",
            "Mauvaise;;pas-une-adresse;;;;;",
            "Fonction;;f@example.org;astronaute;;;;",
            "Thème;;t@example.org;;;;cuisine;",
            "Accord;;c@example.org;;;;;publicité",
        ]
    ).encode()
    upload(client, content)
    contact_import = latest()
    errors = contact_import.report["errors"]
    assert contact_import.state == ImportState.REFUSED and contact_import.content == b""
    assert [error.split(" :")[0] for error in errors] == [f"Ligne {n}" for n in range(3, 10)]
    assert "Nullepart-sur-Mer" in errors[0] and "introuvable" in errors[0]
    assert "le nom manque" in errors[2] and "invalide" in errors[3]
    assert "fonction « astronaute » inconnue" in errors[4] and "thème « cuisine » inconnu" in errors[5]
    page = text(client.get(f"/contacts/imports/{contact_import.pk}/"))
    assert "Fichier refusé : rien n'a été écrit" in page and "Confirmer" not in page
    assert confirm(client, contact_import).status_code == 302
    assert not Contact.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide"),
        (b"nom;adresse \xc3\xa9lectronique\r\n", "ne contient que la ligne d'en-t\u00eate"),
        (b"nom;prenom\nMartin;Claire\n", "colonne obligatoire « adresse électronique » absente"),
        (b"nom;courriel;age\nMartin;m@example.org;40\n", "colonne « age » inconnue"),
    ],
)
def test_header_problems(client, admin, content, message):
    response = upload(client, content)
    if not content:  # an empty upload is refused by the form itself
        assert response.status_code == 200 and "vide" in text(response)
        assert not ContactImport.objects.exists()
        return
    assert latest().state == ImportState.REFUSED
    assert message in " ".join(latest().report["errors"])


def test_a_second_confirmation_writes_nothing_more(client, admin):
    upload(client, f"{HEADER}\nUn;;un@example.org;;;;;\n".encode())
    contact_import = latest()
    confirm(client, contact_import)
    confirm(client, contact_import)
    assert Contact.objects.count() == 1 and AuditEntry.objects.count() == 1


def test_cancel_drops_the_file(client, admin):
    upload(client, f"{HEADER}\nUn;;un@example.org;;;;;\n".encode())
    contact_import = latest()
    client.post(f"/contacts/imports/{contact_import.pk}/abandonner/")
    contact_import.refresh_from_db()
    assert contact_import.state == ImportState.CANCELLED and contact_import.content == b""
    confirm(client, contact_import)
    assert not Contact.objects.exists()


def test_an_import_of_another_centre_is_not_found(client):
    theirs = ContactImport.objects.create(centre=centre(OTHER), filename="x.csv", content=b"x")
    client.force_login(admin_of())
    assert client.get(f"/contacts/imports/{theirs.pk}/").status_code == 404
    assert client.post(f"/contacts/imports/{theirs.pk}/confirmer/").status_code == 404


def big_file(lines, last_line):
    rows = [
        f"Nom{n};Prénom;personne{n}@example.org;chef-de-projet;Structure {n % 50};29019;education;newsletter"
        for n in range(lines - 1)
    ]
    return "\n".join([HEADER, *rows, last_line]).encode("utf-8")


def test_100000_lines_with_a_bad_last_line_write_nothing_and_name_the_line(
    client, admin, django_capture_on_commit_callbacks
):
    content = big_file(100_000, "Dernier;;pas-une-adresse;;;;;")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, content)
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/" or response["Location"].endswith(f"{job.pk}/")
    job.refresh_from_db()
    contact_import = latest()
    assert job.state == Job.State.DONE and job.result_url == f"/contacts/imports/{contact_import.pk}/"
    assert job.total == 100_000 and job.done == 100_000
    assert contact_import.state == ImportState.REFUSED
    assert contact_import.report["errors"] == ["Ligne 100001 : adresse électronique « pas-une-adresse » invalide."]
    assert contact_import.report["lines"] == 100_000
    assert not Contact.objects.exists() and not ConsentRecord.objects.exists()


def test_a_large_file_is_checked_and_written_by_jobs_all_at_once(client, admin, django_capture_on_commit_callbacks):
    content = big_file(5_000, "Dernier;;dernier@example.org;;;;;")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, content)
    contact_import = latest()
    assert contact_import.state == ImportState.READY and contact_import.report["new"] == 5_000
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, contact_import)
    job = Job.objects.latest("created_at")
    assert response["Location"].endswith(f"{job.pk}/")
    contact_import.refresh_from_db()
    assert contact_import.state == ImportState.DONE, contact_import.report
    assert Contact.objects.filter(centre=centre()).count() == 5_000
    assert ConsentRecord.objects.count() == 4_999
    assert Contact.objects.get(email="personne42@example.org").sort_name == "nom42 prenom"


def test_a_write_that_no_longer_fits_writes_nothing(admin):
    contact_import = ContactImport.objects.create(
        centre=centre(),
        filename="x.csv",
        content=f"{HEADER}\nA;;a@example.org;;;;;\nB;;b@example.org;;;;;\n".encode(),
        on_duplicate=OnDuplicate.REPORT,
        state=ImportState.IMPORTING,
    )
    ContactFactory(centre=centre(), email="b@example.org")  # arrived between the preview and the confirmation
    assert not importing.confirm(contact_import, admin)
    contact_import.refresh_from_db()
    assert contact_import.state == ImportState.REFUSED
    assert Contact.objects.count() == 1
