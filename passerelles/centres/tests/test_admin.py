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
    }
    facts = list(centre.facts.order_by("pk"))
    data.update({"facts-TOTAL_FORMS": len(facts), "facts-INITIAL_FORMS": len(facts)})
    for i, fact in enumerate(facts):
        data.update(
            {
                f"facts-{i}-id": fact.pk,
                f"facts-{i}-centre": centre.pk,
                f"facts-{i}-fact": fact.fact,
                f"facts-{i}-source": fact.source,
                f"facts-{i}-note": fact.note,
            }
        )
        if fact.verified or fact.fact == "website":  # the change confirms the website
            data[f"facts-{i}-verified"] = "on"
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
    centre = Centre.objects.get(slug="labo-cites")
    assert "website" in centre.unverified_facts
    response = change(client, centre, "Labo Cités (nom corrigé)")
    assert response.status_code == 302, response.content.decode()[:3000]
    centre = Centre.objects.get(pk=centre.pk)
    assert centre.name == "Labo Cités (nom corrigé)"
    assert "website" not in centre.unverified_facts
    assert "Labo Cités (nom corrigé)" in client.get(centre.get_absolute_url()).content.decode()


def test_staff_read_territories_but_never_change_them(client):
    from passerelles.territories.models import Territory

    client.force_login(UserFactory(is_staff=True))
    brest = Territory.objects.get(kind="commune", code="29019")
    assert client.get(f"/admin/territories/territory/{brest.pk}/change/").status_code == 200
    assert client.post(f"/admin/territories/territory/{brest.pk}/change/", {"name": "X"}).status_code == 403
