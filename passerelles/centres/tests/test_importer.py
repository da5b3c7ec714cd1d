import pytest

from ..models import Centre
from ..services.importer import CentreImportError, import_centres, read_centres

pytestmark = pytest.mark.django_db


def test_former_names_keep_names_only():
    rows = {row.reference_id: row for row in read_centres()}
    assert rows[13].values["former_names"] == ""  # "possibly renamed …" is a guess, not a name
    assert rows[10].values["former_names"] == "PQA - Pays et Quartiers d'Aquitaine"
    assert "publisher" in rows[10].notes


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,name\n1,X\n", "obligatoire"),
        (b"id,name,short_name" + "é".encode("latin-1"), "UTF-8"),
    ],
)
def test_a_malformed_directory_file_is_refused_in_french(tmp_path, content, message):
    path = tmp_path / "centres.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = list(Centre.objects.values_list("pk", "name"))
    with pytest.raises(CentreImportError, match=message):
        import_centres(path, update=True)
    assert list(Centre.objects.values_list("pk", "name")) == before
