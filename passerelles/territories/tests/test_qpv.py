from datetime import date

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ..enums import Kind
from ..models import Territory
from ..services.qpv import QpvImportError, import_qpv

pytestmark = pytest.mark.django_db


def sample():
    return settings.PASSERELLES["QPV_SAMPLE_FILE"].read_bytes()


def qpv_state():
    return sorted(
        Territory.objects.filter(kind=Kind.QPV).values_list("code", "name")
    ), Territory.ancestors.through.objects.filter(from_territory__kind=Kind.QPV).count()


def test_the_sample_imports():
    report = import_qpv(sample(), is_demo=True)
    assert report.created == 12
    qpv = Territory.objects.get(kind=Kind.QPV, code="QN044902")
    communes = set(qpv.ancestors.filter(kind=Kind.COMMUNE).values_list("name", flat=True))
    assert communes == {"Nantes", "Saint-Herblain"}
    assert qpv.ancestors.filter(kind=Kind.REGION, code="52").exists()
    assert qpv.is_demo
    # "Everything in Pays de la Loire" includes the QPV.
    pays_de_la_loire = Territory.objects.get(kind=Kind.REGION, code="52")
    assert Territory.objects.inside(pays_de_la_loire).filter(kind=Kind.QPV).count() == 3


def test_a_qpv_in_a_municipal_arrondissement_belongs_to_its_commune():
    import_qpv(sample())
    marseille = Territory.objects.get(kind=Kind.COMMUNE, code="13055")
    assert Territory.objects.inside(marseille).filter(kind=Kind.QPV, code="QN013901").exists()


def test_generations_are_kept_apart_by_validity_dates():
    import_qpv(sample())
    in_2020 = set(Territory.objects.current_qpv(date(2020, 6, 1)).values_list("code", flat=True))
    in_2025 = set(Territory.objects.current_qpv(date(2025, 6, 1)).values_list("code", flat=True))
    assert in_2020 == {"QP029901", "QP044901"}
    assert "QN029901" in in_2025 and not in_2025 & in_2020
    assert Territory.objects.get(code="QP029901").valid_to == date(2023, 12, 31)


def test_a_second_import_changes_nothing():
    import_qpv(sample())
    before = qpv_state()
    report = import_qpv(sample())
    assert report.created == 0 and report.updated == 12
    assert qpv_state() == before


def test_one_qpv_spread_over_several_rows():
    import_qpv(b"code_qp,lib_qp,insee_com\nQN999999,Deux villes,44109\nQN999999,Deux villes,44162\n")
    qpv = Territory.objects.get(kind=Kind.QPV, code="QN999999")
    assert set(qpv.ancestors.filter(kind=Kind.COMMUNE).values_list("code", flat=True)) == {"44109", "44162"}


def test_windows_1252_file():
    import_qpv("code_qp;lib_qp;insee_com\nQN999998;Quartier élevé;29019\n".encode("cp1252"))
    assert Territory.objects.get(code="QN999998").name == "Quartier élevé"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"code;nom\nQN1;X\n", "Colonne(s) obligatoire(s) absente(s) : code_qp, lib_qp, insee_com"),
        (b"code_qp;lib_qp;insee_com\nQN999997;Nulle part;99999\n", "Ligne 2 : commune inconnue « 99999 »"),
        (b"code_qp;lib_qp;insee_com\n;Sans code;29019\n", "Ligne 2 : code du quartier (code_qp) manquant"),
        (b"code_qp;lib_qp;insee_com\nQN999994;Q;29019;en trop\n", "Ligne 2 : 4 valeur(s) au lieu de 3"),
        (b"code_qp;lib_qp;insee_com;lib_com\nQN999994;Q;29019\n", "Ligne 2 : 3 valeur(s) au lieu de 4"),
        (b'code_qp;lib_qp;insee_com\nQN999994;"Q\nsur deux;29019\n', "ligne illisible"),
        (b"code_qp;lib_qp;insee_com\nQN999996;;29019\n", "Ligne 2 : nom du quartier (lib_qp) manquant"),
        (b"code_qp;lib_qp;insee_com\nQN999995;A;29019\nQN999995;B;29019\n", "porte deux noms différents"),
        (b"code_qp;lib_qp;insee_com\nXX1;Quartier;29019\n", "code du quartier « XX1 » mal formé"),
        (b"code_qp;lib_qp;insee_com;generation\nQN999994;Q;29019;2020\n", "génération « 2020 » inconnue"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "contenu binaire"),
        (b"code_qp;lib_qp;insee_com;date_debut\nQN999994;Q;29019;demain\n", "date « demain » illisible"),
    ],
)
def test_a_malformed_file_is_refused_in_french_and_nothing_is_written(content, message):
    import_qpv(sample())
    before = qpv_state()
    with pytest.raises(QpvImportError) as error:
        import_qpv(content)
    assert message in str(error.value)
    assert qpv_state() == before


def test_a_file_with_one_bad_line_writes_none_of_its_lines():
    content = b"code_qp;lib_qp;insee_com\nQN999990;Bon quartier;29019\nQN999991;Mauvais;00000\n"
    with pytest.raises(QpvImportError):
        import_qpv(content)
    assert not Territory.objects.filter(code__in=["QN999990", "QN999991"]).exists()


def test_the_command_reports_in_french(tmp_path):
    bad = tmp_path / "qpv.csv"
    bad.write_text("code_qp;lib_qp;insee_com\nQN999993;Quartier;12345678\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Import refusé, aucune donnée n'a été modifiée"):
        call_command("import_qpv", str(bad))
    with pytest.raises(CommandError, match="Impossible de lire le fichier"):
        call_command("import_qpv", str(tmp_path / "absent.csv"))
    assert not Territory.objects.filter(kind=Kind.QPV).exists()


@pytest.mark.parametrize("code", ["QN0930001", "QN97101x", "QN09301M", "QP093001", "QP02A001", "QN2B01M", "QN974901"])
def test_official_code_shapes_are_accepted(code):
    import_qpv(f"code_qp;lib_qp;insee_com\n{code};Quartier officiel;29019\n".encode())
    assert Territory.objects.filter(kind=Kind.QPV, code=code.upper()).exists()


@pytest.mark.parametrize("code", ["QN", "QX093001", "QN93", "93QN001", "QN0930001MM", "QN093-001", "Q N093001"])
def test_badly_shaped_codes_are_refused(code):
    with pytest.raises(QpvImportError, match="mal formé"):
        import_qpv(f"code_qp;lib_qp;insee_com\n{code};Quartier;29019\n".encode())
    assert not Territory.objects.filter(kind=Kind.QPV, name="Quartier").exists()


def test_the_report_of_a_wholly_bad_file_lists_100_problems_and_counts_the_rest(tmp_path):
    lines = "".join(f"QX{n:06d};Quartier {n};29019\n" for n in range(500))
    path = tmp_path / "qpv.csv"
    path.write_text("code_qp;lib_qp;insee_com\n" + lines, encoding="utf-8")
    with pytest.raises(QpvImportError) as error:
        import_qpv(path.read_bytes())
    assert error.value.count == 500 and len(error.value.errors) == 101
    assert error.value.errors[0].startswith("Ligne 2 : code du quartier « QX000000 » mal formé")
    assert error.value.errors[99].startswith("Ligne 101 :")
    assert error.value.errors[100] == "… et 400 autres problèmes (500 en tout), non détaillés ici."
    with pytest.raises(CommandError) as command_error:
        call_command("import_qpv", str(path))
    assert str(command_error.value).count("\n- ") == 101
    assert not Territory.objects.filter(kind=Kind.QPV, name__startswith="Quartier ").exists()


def test_names_are_cleaned_of_control_characters():
    import_qpv(b'code_qp;lib_qp;insee_com\nQN999989;"Les\x0bTilleuls\x01\r\nNord";29019\n')
    assert Territory.objects.get(code="QN999989").name == "Les Tilleuls Nord"
