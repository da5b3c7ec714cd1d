"""Publications: public pages, Dublin Core, the editorial workflow and who may change what,
the network search (text of the PDFs included)."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.editorial.workflow import Status
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.search.services.querying import search
from passerelles.search.services.request import SearchRequest
from passerelles.search_index.services.indexing import apply_pending, rebuild
from passerelles.testing.pdfs import text_pdf
from passerelles.testing.pdfua import assert_pdf_ua
from passerelles.thesaurus.models import Concept

from ..models import Contributor, DeletedPublication, Document, Publication
from ..services.dublin_core import ELEMENTS
from .factories import PublicationFactory, PublishedFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def labo():
    return Centre.objects.get(slug="labo-cites")


@pytest.fixture
def cahiers(labo):
    return SeriesFactory(centre=labo, title="Les Cahiers du DSU", slug="les-cahiers-du-dsu", frequency="three_a_year")


def member(client, centre, role):
    user = MembershipFactory(centre=centre, role=role).user
    client.force_login(user)
    return user


def find(q, **filters):
    data = QueryDict(mutable=True)
    data["q"] = q
    for name, value in filters.items():
        data[name] = value
    apply_pending()
    return search(SearchRequest.from_query_dict(data))


def upload(client, publication, name, content, title=""):
    return client.post(
        f"/publications/espace/{publication.slug}/documents/",
        {"title": title, "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        follow=True,
    )


def test_issue_page_shows_series_documents_and_dublin_core(client, labo, cahiers):
    issue = PublishedFactory(
        centre=labo,
        series=cahiers,
        issue_number="36",
        publication_date=date(2002, 12, 1),
        slug="pel",
        title="Projet éducatif local",
        thematic_file="Coéducation",
        on_paper=True,
        paper_order="Par courrier.",
    )
    issue.themes.set(Concept.objects.filter(notation="education"))
    Contributor.objects.create(publication=issue, name="Une sociologue", role="author", is_researcher=True)
    sheet = ExperienceSheetFactory(centre=labo, status=Status.PUBLISHED, slug="fiche-liee", title="Fiche liée")
    draft_sheet = ExperienceSheetFactory(centre=labo, slug="fiche-brouillon", title="Fiche en brouillon")
    issue.related_sheets.set([sheet, draft_sheet])
    reviewer = MembershipFactory(centre=labo, role=Role.REVIEWER).user
    from ..services.documents import add_document

    add_document(reviewer, issue, "Le numéro complet", SimpleUploadedFile("n36.pdf", text_pdf("Un", "Deux", "Trois")))
    page = client.get("/publications/pel/").content.decode()
    assert "Les Cahiers du DSU</bdi></a>, n° 36" in page
    assert "Dossier thématique :</strong> Coéducation" in page
    assert "PDF — 3 pages" in page
    assert "Par courrier." in page
    assert "Fiche liée" in page and "Fiche en brouillon" not in page  # only published sheets are linked
    assert "Notice bibliographique (Dublin Core)" in page and "Une sociologue" in page
    sheet_page = client.get("/experiences/fiche-liee/").content.decode()
    assert "Les Cahiers du DSU, n° 36 : Projet éducatif local" in sheet_page  # the sheet links back
    document = issue.documents.get()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    series_page = client.get("/publications/series/les-cahiers-du-dsu/").content.decode()
    assert "trois numéros par an" in series_page and "Projet éducatif local" in series_page
    assert "Les Cahiers du DSU" in client.get("/publications/series/").content.decode()


def test_dublin_core_has_the_fifteen_elements():
    from ..services.dublin_core import describe

    publication = PublishedFactory(title="Étude", licence="CC BY 4.0", event_title="Journée régionale")
    record = describe(publication, lambda path: f"https://passerelles.example{path}")
    assert list(record) == list(ELEMENTS) and len(ELEMENTS) == 15
    assert record["title"] == ["Étude"]
    assert record["publisher"] == [publication.centre.display_name]
    assert record["identifier"][0] == f"https://passerelles.example/publications/{publication.slug}/"
    assert record["rights"] == ["CC BY 4.0"] and record["language"] == ["fr"]
    assert record["relation"] == ["Actes de : Journée régionale"]


def test_drafts_are_not_public_but_their_centre_sees_them(client, labo):
    draft = PublicationFactory(centre=labo, slug="brouillon", title="Brouillon interne")
    assert client.get("/publications/brouillon/").status_code == 404
    assert "Brouillon interne" not in client.get("/publications/").content.decode()
    member(client, labo, Role.EDITOR)
    assert client.get("/publications/brouillon/").status_code == 200
    assert draft.title in client.get("/publications/espace/").content.decode()


def test_editor_writes_and_submits_reviewer_publishes(client, labo, cahiers):
    member(client, labo, Role.EDITOR)
    response = client.post(
        "/publications/espace/nouvelle/",
        {
            "centre": labo.pk,
            "series": cahiers.pk,
            "issue_number": "40",
            "title": "La ville des enfants",
            "kind": "other",
            "publication_date": "2025-05-01",
            "abstract": "Un numéro sur la ville des enfants.",
            "language": "fr",
            "licence": "Tous droits réservés",
            "territory_lines": "region:84",
            "contributors-TOTAL_FORMS": "1",
            "contributors-INITIAL_FORMS": "0",
            "contributors-0-name": "Une chercheuse",
            "contributors-0-kind": "person",
            "contributors-0-role": "author",
            "contributors-0-is_researcher": "on",
        },
        follow=True,
    )
    assert "Publication enregistrée." in response.content.decode()
    publication = Publication.objects.get(title="La ville des enfants")
    assert publication.kind == "periodical"  # the series' type applies to its issues
    assert publication.territories.get().key == "region:84" and publication.contributors.get().is_researcher
    client.post(f"/publications/espace/{publication.slug}/submit/")
    assert client.post(f"/publications/espace/{publication.slug}/publish/").status_code == 403
    publication.refresh_from_db()
    assert publication.status == Status.SUBMITTED
    member(client, labo, Role.REVIEWER)
    client.post(f"/publications/espace/{publication.slug}/publish/")
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED and publication.published_at
    assert client.get(publication.get_absolute_url()).status_code == 200


def test_bad_form_input_gets_french_messages_and_stores_nothing(client, labo, cahiers):
    member(client, labo, Role.EDITOR)
    other_series = SeriesFactory(centre=Centre.objects.get(slug="pb"))
    response = client.post(
        "/publications/espace/nouvelle/",
        {
            "centre": labo.pk,
            "series": other_series.pk,
            "title": "X",
            "kind": "study",
            "publication_date": "hier",
            "abstract": "",
            "language": "fr",
            "licence": "x",
            "on_paper": "on",
            "territory_lines": "Nullepart (99)",
            "contributors-TOTAL_FORMS": "0",
            "contributors-INITIAL_FORMS": "0",
        },
    )
    page = response.content.decode()
    assert "La publication n'est pas enregistrée" in page
    assert "territoire introuvable" in page
    assert Publication.objects.count() == 0


def test_another_centres_editor_cannot_touch_a_publication_or_its_documents(client, labo):
    publication = PublicationFactory(centre=labo, slug="a-nous")
    reviewer = MembershipFactory(centre=labo, role=Role.REVIEWER).user
    from ..services.documents import add_document

    document = add_document(reviewer, publication, "", SimpleUploadedFile("a.pdf", text_pdf("Contenu.")))
    member(client, Centre.objects.get(slug="pb"), Role.CENTRE_ADMIN)
    assert client.get("/publications/espace/a-nous/modifier/").status_code == 403
    assert client.post("/publications/espace/a-nous/modifier/", {"title": "Pris"}).status_code == 403
    assert upload(client, publication, "b.pdf", text_pdf("Intrus.")).status_code == 403
    assert client.post(f"/publications/espace/a-nous/documents/{document.pk}/retirer/").status_code == 403
    assert client.post("/publications/espace/a-nous/submit/").status_code == 403
    assert client.post("/publications/espace/a-nous/supprimer/").status_code == 403
    assert client.get("/publications/a-nous/").status_code == 404  # a draft of another centre
    publication.refresh_from_db()
    assert publication.title != "Pris" and publication.status == Status.DRAFT
    assert list(publication.documents.all()) == [document]


def test_series_belong_to_their_centre(client, labo, cahiers):
    member(client, Centre.objects.get(slug="pb"), Role.EDITOR)
    assert client.post(f"/publications/espace/series/{cahiers.slug}/", {"title": "Volée"}).status_code == 403
    response = client.post(
        "/publications/espace/series/nouvelle/", {"centre": labo.pk, "title": "Pas chez moi", "kind": "periodical"}
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    member(client, labo, Role.EDITOR)
    form = {"centre": labo.pk, "title": "Repères", "kind": "guide", "issn": "1234-5678"}
    response = client.post("/publications/espace/series/nouvelle/", form)
    assert "clé de contrôle" in response.content.decode()
    client.post("/publications/espace/series/nouvelle/", {**form, "issn": "03178471"})
    assert labo.series.filter(title="Repères", issn="0317-8471").exists()  # stored as ISSN writes it


def test_a_published_publication_is_archived_not_deleted_and_a_deletion_leaves_a_tombstone(client, labo):
    publication = PublishedFactory(centre=labo, slug="publiee")
    member(client, labo, Role.CENTRE_ADMIN)
    assert client.post("/publications/espace/publiee/supprimer/").status_code == 403
    pk = publication.pk
    publication.delete()  # e.g. by a database administrator
    assert DeletedPublication.objects.get(publication_pk=pk).centre_slug == "labo-cites"


def test_words_inside_a_pdf_find_the_publication_drafts_never(labo):
    reviewer = MembershipFactory(centre=labo, role=Role.REVIEWER).user
    from ..services.documents import add_document

    published = PublishedFactory(centre=labo, title="Numéro de printemps", slug="printemps")
    draft = PublicationFactory(centre=labo, title="Numéro en préparation", slug="preparation")
    add_document(reviewer, published, "", SimpleUploadedFile("p.pdf", text_pdf("Les ornithorynques municipaux.")))
    add_document(reviewer, draft, "", SimpleUploadedFile("d.pdf", text_pdf("Les ornithorynques secrets.")))
    result = find("ornithorynque")
    assert [hit.url for hit in result.hits] == ["/publications/printemps/"]
    assert find("ornithorynque", type="publication").total == 1
    rebuild()
    assert [hit.url for hit in find("ornithorynque").hits] == ["/publications/printemps/"]


def test_a_document_whose_text_cannot_be_read_does_not_stop_the_indexing_of_others(labo):
    good = PublishedFactory(centre=labo, title="Bon numéro", slug="bon")
    broken = PublishedFactory(centre=labo, title="Numéro abîmé", slug="abime")
    Document.objects.create(
        publication=broken,
        title="abîmé",
        size=10,
        pages=0,
        text="",
        unreadable_pages=3,
        file="publications/abime/absent.pdf",
    )
    reviewer = MembershipFactory(centre=labo, role=Role.REVIEWER).user
    from ..services.documents import add_document

    add_document(reviewer, good, "", SimpleUploadedFile("b.pdf", text_pdf("Les castors urbains.")))
    rebuild()
    assert [hit.url for hit in find("castors").hits] == ["/publications/bon/"]
    assert find("abîmé").total == 1


def test_renaming_a_series_marks_its_issues_as_changed_for_harvesters(client, labo, cahiers):
    issue = PublishedFactory(centre=labo, series=cahiers, issue_number="36")
    before = issue.updated_at
    member(client, labo, Role.EDITOR)
    client.post(
        f"/publications/espace/series/{cahiers.slug}/",
        {"title": "Les Cahiers du DSU (nouvelle série)", "kind": "periodical"},
    )
    issue.refresh_from_db()
    assert issue.series.title == "Les Cahiers du DSU (nouvelle série)" and issue.updated_at > before


def test_an_editor_cannot_publish_for_another_centre_nor_change_what_is_under_review(client, labo):
    member(client, labo, Role.EDITOR)
    form = {
        "centre": Centre.objects.get(slug="pb").pk,
        "title": "Pour un autre",
        "kind": "study",
        "publication_date": "2025-01-01",
        "abstract": "Résumé.",
        "language": "fr",
        "licence": "x",
        "contributors-TOTAL_FORMS": "0",
        "contributors-INITIAL_FORMS": "0",
    }
    assert "Sélectionnez un choix valide" in client.post("/publications/espace/nouvelle/", form).content.decode()
    submitted = PublicationFactory(centre=labo, slug="en-relecture", status=Status.SUBMITTED)
    assert client.get("/publications/espace/en-relecture/modifier/").status_code == 403
    assert upload(client, submitted, "a.pdf", text_pdf("Ajout tardif.")).status_code == 403
    assert Publication.objects.filter(title="Pour un autre").count() == 0 and submitted.documents.count() == 0


def test_related_sheets_by_address_and_withdrawn_ones_kept(client, labo):
    kept = ExperienceSheetFactory(centre=labo, status=Status.PUBLISHED, slug="fiche-archivee")
    ExperienceSheetFactory(centre=labo, status=Status.PUBLISHED, slug="fiche-ajoutee")
    publication = PublicationFactory(centre=labo, slug="etude")
    publication.related_sheets.set([kept])
    kept.status = Status.ARCHIVED
    kept.save()
    member(client, labo, Role.EDITOR)
    page = client.get("/publications/espace/etude/modifier/").content.decode()
    assert "fiche-archivee" not in page  # a withdrawn sheet's address is not shown
    form = {
        "title": publication.title,
        "kind": "study",
        "publication_date": "2025-01-01",
        "abstract": "Résumé.",
        "language": "fr",
        "licence": "x",
        "contributors-TOTAL_FORMS": "0",
        "contributors-INITIAL_FORMS": "0",
    }
    wrong = client.post("/publications/espace/etude/modifier/", {**form, "sheet_lines": "/publications/etude/"})
    assert "aucune fiche expérience publiée à cette adresse" in wrong.content.decode()
    address = "http://testserver/experiences/fiche-ajoutee/"
    client.post("/publications/espace/etude/modifier/", {**form, "sheet_lines": address})
    assert set(publication.related_sheets.values_list("slug", flat=True)) == {"fiche-archivee", "fiche-ajoutee"}


def test_changing_a_series_type_changes_its_issues(client, labo, cahiers):
    issue = PublishedFactory(centre=labo, series=cahiers, kind="periodical")
    member(client, labo, Role.EDITOR)
    client.post(f"/publications/espace/series/{cahiers.slug}/", {"title": cahiers.title, "kind": "newsletter"})
    issue.refresh_from_db()
    assert issue.kind == "newsletter"


def test_demo_publications_are_loaded_once_with_their_pdfs_and_say_they_are_demo(client):
    from passerelles.website.demo import load_demo

    load_demo()
    load_demo()  # idempotent
    issue = Publication.objects.get(series__slug="les-cahiers-du-dsu", issue_number="36")
    assert issue.is_demo and issue.publication_date == date(2002, 12, 1)
    assert issue.title.startswith("Projet éducatif local. « Remue-ménage institutionnel »")
    assert issue.documents.get().pages >= 2 and "Document de démonstration" in issue.documents.get().text
    assert_pdf_ua(Path(issue.documents.get().file.path).read_bytes(), title="Projet éducatif local")
    assert set(Publication.objects.filter(is_demo=True).values_list("series__slug", flat=True)) >= {
        "les-cahiers-du-dsu",
        "akoz-espace-public",
        "horizons-aquitains",
        "la-lettre-de-reso-villes",
        "actes-des-rencontres-de-profession-banlieue",
    }
    assert Publication.objects.filter(is_demo=True).count() == 9
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "publication de démonstration" in page and "Site de démonstration" in page


def test_proceedings_link_to_their_session(client, labo):
    from passerelles.events.tests.factories import SessionFactory

    from ..services.dublin_core import describe

    session = SessionFactory(centre=labo, title="Journée des chefs de projet", slug="journee-cdp")
    proceedings = PublishedFactory(centre=labo, kind="proceedings", session=session, slug="actes-cdp")
    record = describe(proceedings, lambda path: f"https://passerelles.example{path}")
    assert record["relation"][0].startswith("Actes de : Journée des chefs de projet")
    assert record["relation"][1] == "https://passerelles.example/agenda/sessions/journee-cdp/"
    member(client, Centre.objects.get(slug="pb"), Role.EDITOR)
    form = client.get("/publications/espace/nouvelle/").context["form"]
    assert session not in form.fields["session"].queryset  # another centre's sessions are not offered
