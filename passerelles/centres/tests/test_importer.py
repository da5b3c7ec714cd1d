import pytest

from ..models import Centre
from ..services.importer import COLUMNS, CentreImportError, import_centres, read_centres

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
        (",".join(COLUMNS) + "\n1,Centre,court\n", "Ligne 2 : le nombre de valeurs ne correspond pas"),
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


def test_control_characters_of_the_directory_file_are_removed(tmp_path, settings):
    text = settings.PASSERELLES["CENTRES_FILE"].read_text(encoding="utf-8-sig")
    path = tmp_path / "centres.csv"
    path.write_text(text.replace("3,RésO Villes,", "3,RésO\x0bVilles\x01,", 1), encoding="utf-8")
    rows = {row.reference_id: row for row in read_centres(path)}
    assert rows[3].values["name"] == "RésO Villes"
