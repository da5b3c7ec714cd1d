"""The framework is edited in the admin by the national animation only: staff of a centre read it,
nobody signed out reaches it."""

import pytest

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre

from ..models import Accreditation, Commitment, Document
from ..services.loader import load_framework

pytestmark = pytest.mark.django_db
ADD_DOCUMENT = "/admin/framework/document/add/"


def new_document(client):
    return client.post(
        ADD_DOCUMENT,
        {
            "kind": "annex",
            "title": "Annexe avec la Banque des territoires",
            "slug": "annexe-banque-des-territoires",
            "partner": "Banque des territoires",
            "summary": "",
            "ordering": 4,
            "versions-TOTAL_FORMS": 1,
            "versions-INITIAL_FORMS": 0,
            "versions-0-label": "2025",
            "versions-0-in_force_from": "01/01/2025",
        },
    )


def test_nobody_signed_out_reaches_the_admin_pages(client):
    load_framework()
    document = Document.objects.first()
    for url in (
        ADD_DOCUMENT,
        f"/admin/framework/document/{document.pk}/change/",
        f"/admin/framework/version/{document.versions.get().pk}/change/",
        "/admin/framework/accreditation/add/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/comptes/connexion/" in response.url or "/admin/login/" in response.url


def test_a_centre_admin_reads_but_cannot_add_a_document(client):
    load_framework()
    centre = Centre.objects.get(slug="pb")
    client.force_login(MembershipFactory(centre=centre, role=Role.CENTRE_ADMIN, user__is_staff=True).user)
    document = Document.objects.get(slug="charte-partenariale")
    assert client.get(f"/admin/framework/document/{document.pk}/change/").status_code == 200
    assert client.get(ADD_DOCUMENT).status_code == 403
    assert new_document(client).status_code == 403
    assert client.post("/admin/framework/accreditation/add/", {"centre": centre.pk}).status_code == 403
    assert not Document.objects.filter(slug="annexe-banque-des-territoires").exists()
    assert not Accreditation.objects.exists()


def test_a_national_animator_adds_a_document_and_ticks_a_commitments_indicators(client):
    load_framework()
    client.force_login(UserFactory(is_staff=True, is_national_animator=True))
    response = new_document(client)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Document.objects.get(slug="annexe-banque-des-territoires").versions.get().label == "2025"

    commitment = Commitment.objects.get(text__startswith="Qualifier les professionnels")
    version = commitment.version
    url = f"/admin/framework/version/{version.pk}/change/"
    page = client.get(url).content.decode()
    assert 'type="checkbox" name="commitments-0-indicators" value="half_days"' in page
    data = {
        "document": version.document_id,
        "label": version.label,
        "in_force_from": "16/03/2017",
        "changes": version.changes,
        "source": version.source,
        "signatories-TOTAL_FORMS": 0,
        "signatories-INITIAL_FORMS": 0,
    }
    commitments = list(version.commitments.order_by("ordering", "pk"))
    data.update({"commitments-TOTAL_FORMS": len(commitments), "commitments-INITIAL_FORMS": len(commitments)})
    for i, row in enumerate(commitments):
        data.update(
            {
                f"commitments-{i}-id": row.pk,
                f"commitments-{i}-version": version.pk,
                f"commitments-{i}-section": row.section,
                f"commitments-{i}-text": row.text,
                f"commitments-{i}-ordering": row.ordering,
                f"commitments-{i}-indicators": ["sessions", "people"] if row == commitment else row.indicators,
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    commitment.refresh_from_db()
    assert commitment.indicators == ["sessions", "people"]


def test_the_animators_admin_pages_answer(client):
    load_framework()
    client.force_login(UserFactory(is_staff=True, is_national_animator=True))
    technical = Document.objects.get(slug="cadre-de-reference-technique")
    version = technical.versions.get()
    charter_version = Document.objects.get(slug="charte-partenariale").versions.get()
    for url in (
        "/admin/framework/",
        "/admin/framework/document/",
        f"/admin/framework/document/{technical.pk}/change/",
        "/admin/framework/version/",
        "/admin/framework/version/add/",
        f"/admin/framework/version/{charter_version.pk}/change/",
        "/admin/framework/accreditation/",
        "/admin/framework/accreditation/add/",
    ):
        assert client.get(url).status_code == 200, url
    # Commitments belong to the technical framework's versions only.
    assert "commitments-TOTAL_FORMS" in client.get(f"/admin/framework/version/{version.pk}/change/").content.decode()
    charter_page = client.get(f"/admin/framework/version/{charter_version.pk}/change/").content.decode()
    assert "commitments-TOTAL_FORMS" not in charter_page and "signatories-TOTAL_FORMS" in charter_page


def test_an_animator_gets_a_french_message_for_an_accreditation_ending_before_it_starts(client):
    client.force_login(UserFactory(is_staff=True, is_national_animator=True))
    data = {
        "centre": Centre.objects.get(slug="pb").pk,
        "granted_on": "01/06/2024",
        "valid_until": "01/01/2024",
        "decision": "Décision du 1er juin 2024",
    }
    response = client.post("/admin/framework/accreditation/add/", data)
    assert response.status_code == 200
    assert "Un agrément ne peut pas prendre fin avant d&#x27;avoir été accordé." in response.content.decode()
    assert not Accreditation.objects.exists()
