import pytest

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory

from ..models import Centre

pytestmark = pytest.mark.django_db


def change(client, centre, name):
    url = f"/admin/centres/centre/{centre.pk}/change/"
    data = {
        "slug": centre.slug,
        "name": name,
        "short_name": centre.short_name,
        "status": centre.status,
        "legal_status": centre.legal_status,
        "level": centre.level,
        "perimeter": [t.pk for t in centre.perimeter.all()],
        "facts-TOTAL_FORMS": 0,
        "facts-INITIAL_FORMS": 0,
    }
    return client.post(url, data)


def test_a_centre_admin_may_read_but_not_change_the_directory(client):
    centre = Centre.objects.get(slug="reso-villes")
    staff = MembershipFactory(centre=centre, role=Role.CENTRE_ADMIN, user__is_staff=True).user
    client.force_login(staff)
    assert client.get(f"/admin/centres/centre/{centre.pk}/change/").status_code == 200
    assert change(client, centre, "Nom piraté").status_code == 403
    assert client.post(f"/admin/centres/centre/{centre.pk}/delete/", {"post": "yes"}).status_code == 403
    centre.refresh_from_db()
    assert centre.name == "RésO Villes"


def test_a_national_animator_changes_the_directory(client):
    centre = Centre.objects.get(slug="reso-villes")
    client.force_login(UserFactory(is_staff=True, is_national_animator=True))
    response = change(client, centre, "RésO Villes (nom corrigé)")
    assert response.status_code == 302, response.content.decode()[:2000]
    centre.refresh_from_db()
    assert centre.name == "RésO Villes (nom corrigé)"
