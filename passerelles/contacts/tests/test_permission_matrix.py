"""Every role × the contacts pages of one centre (« pb »), over HTTP: the status each gets, and
nothing changed by a refused write. Anonymous people are sent to sign in; people who may not read
a centre's contacts get 403 on its pages and 404 on its rows (a contact, a group, an import of
that centre does not exist for them); the national animation sees counts only."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ..models import AuditEntry, Contact, ContactImport, Group
from ..services import importing
from .factories import ContactFactory, GroupFactory
from .helpers import centre, person

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "plain", "editor", "reviewer", "admin", "other_admin", "animator"]
# action: (method, url, data) — built from the rows of the fixture `rows`.
ACTIONS = {
    "list": ("get", "/contacts/centre/pb/", None),
    "contact": ("get", "/contacts/fiche/{contact}/", None),
    "create": ("post", "/contacts/centre/pb/nouveau/", "contact"),
    "edit": ("post", "/contacts/fiche/{contact}/", "contact"),
    "delete": ("post", "/contacts/fiche/{contact}/supprimer/", None),
    "merge": ("post", "/contacts/fiche/{contact}/fusionner/{other}/", "merge"),
    "groups": ("get", "/contacts/centre/pb/groupes/", None),
    "group": ("get", "/contacts/groupes/{group}/", None),
    "group_create": ("post", "/contacts/centre/pb/groupes/nouveau/", "group"),
    "group_add": ("post", "/contacts/groupes/{group}/ajouter/", "members"),
    "bulk_add": ("post", "/contacts/centre/pb/ajouter-au-groupe/", "bulk"),
    "import_template": ("get", "/contacts/centre/pb/import/modele.csv", None),
    "import_upload": ("post", "/contacts/centre/pb/import/", "file"),
    "import": ("get", "/contacts/imports/{import}/", None),
    "import_confirm": ("post", "/contacts/imports/{import}/confirmer/", None),
    "export_csv": ("get", "/contacts/centre/pb/contacts.csv", None),
    "export_vcard": ("get", "/contacts/centre/pb/contacts.vcf", None),
    "person_json": ("get", "/contacts/fiche/{contact}/donnees.json", None),
    "erase": ("post", "/contacts/fiche/{contact}/effacer/", None),
    "idle": ("get", "/contacts/centre/pb/inactifs/", None),
    "purge": ("post", "/contacts/centre/pb/inactifs/", None),
    "audit": ("get", "/contacts/centre/pb/journal/", None),
    "counts": ("get", "/contacts/effectifs/", None),
}
READ_OWN = {"list": 200, "contact": 200, "groups": 200, "group": 200, "counts": 200}
ADMIN = {
    **READ_OWN,
    "create": 302,
    "edit": 302,
    "delete": 302,
    "merge": 302,
    "group_create": 302,
    "group_add": 302,
    "bulk_add": 302,
    "import_template": 200,
    "import_upload": 302,
    "import": 200,
    "import_confirm": 302,
    "export_csv": 200,
    "export_vcard": 200,
    "person_json": 200,
    "erase": 302,
    "idle": 200,
    "purge": 302,
    "audit": 200,
}
ROWS = {"contact", "edit", "delete", "merge", "group", "group_add", "import", "import_confirm", "person_json", "erase"}


def expected(role, action):
    if role == "anonymous":
        return 302  # to the sign-in page
    if role == "admin":
        return ADMIN[action]
    if role in ("editor", "reviewer"):
        return READ_OWN.get(action, 403)  # they read; every write and export is refused
    if action == "counts":  # counts of the centres one belongs to, or of all for the national animation
        return 403 if role == "plain" else 200
    return 404 if action in ROWS else 403


@pytest.fixture
def rows():
    contact = ContactFactory(centre=centre(), email="dupont@example.org")
    other = ContactFactory(centre=centre(), email="dupont2@example.org")
    group = GroupFactory(centre=centre())
    ContactFactory(centre=centre(), email="idle@example.org", last_activity_at=timezone.now() - timedelta(days=5000))
    contact_import = ContactImport.objects.create(
        centre=centre(), filename="x.csv", content=b"nom;courriel\nNeuf;neuf@example.org\n"
    )
    importing.run_check(contact_import)
    return {"contact": contact.pk, "other": other.pk, "group": group.pk, "import": contact_import.pk}


def data_for(kind, rows):
    if kind == "contact":
        return {
            "last_name": "Matrice",
            "email": "matrice@example.org",
            "consents-TOTAL_FORMS": "0",
            "consents-INITIAL_FORMS": "0",
        }
    if kind == "merge":
        return dict.fromkeys(
            ["last_name", "first_name", "email", "function", "organisation", "territory", "notes"], "1"
        )
    if kind == "group":
        return {"name": "Matrice", "kind": "static"}
    if kind == "members":
        return {"emails": "dupont2@example.org"}
    if kind == "bulk":
        return {"selected": [rows["other"]], "group": rows["group"]}
    if kind == "file":
        return {"file": SimpleUploadedFile("m.csv", b"nom;courriel\nM;m@example.org\n"), "on_duplicate": "merge"}
    return {}


def state():
    return (
        sorted(Contact.objects.values_list("pk", "last_name", "email")),
        sorted(Group.objects.values_list("pk", "name")),
        sorted(Group.contacts.through.objects.values_list("group_id", "contact_id")),
        sorted(ContactImport.objects.values_list("pk", "state")),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(client, rows, role, action):
    user = person(role)
    if user is not None:
        client.force_login(user)
    method, url, data = ACTIONS[action]
    before = state()
    response = getattr(client, method)(url.format(**rows), data_for(data, rows) if data else None)
    assert response.status_code == expected(role, action), (role, action, response.status_code)
    if role == "anonymous":
        assert response["Location"].startswith("/comptes/")
    if method == "post" and role != "admin":
        assert state() == before, (role, action)
    if role == "admin" and method == "post":
        assert state() != before, action
