"""The list of the communes and EPCI that signed a contrat de ville: imported whole or not at all."""

import datetime

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ..enums import ContractGeneration, Kind
from ..models import ContractList, ContractSignatory
from ..services.contracts import ContractImportError, describe_contract_list, import_contracts

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def sample():
    return settings.PASSERELLES["CONTRACTS_SAMPLE_FILE"].read_bytes()


def contracts_state():
    return list(ContractList.objects.values_list("pk", "source", "is_demo")), sorted(
        ContractSignatory.objects.values_list("territory__code", "generation", "label")
    )


def test_the_sample_imports_the_communes_of_the_qpv_sample_and_their_epci():
    report = import_contracts(sample(), is_demo=True)
    assert (report.communes, report.epci) == (10, 8)
    in_force = ContractSignatory.objects.in_force(TODAY).select_related("territory")
    communes = {s.territory.code for s in in_force if s.territory.kind == Kind.COMMUNE}
    # Every commune holding a quartier of the QPV sample (Marseille for its 15th arrondissement).
    assert communes == {"29019", "44109", "44162", "35238", "93066", "93072", "13055", "97411"}
    nantes = ContractSignatory.objects.get(territory__kind=Kind.EPCI, territory__code="244400404", generation="2024")
    assert nantes.territory.name == "Nantes Métropole" and "échantillon" in nantes.label
    assert set(ContractSignatory.objects.in_force(datetime.date(2020, 1, 1)).values_list("generation", flat=True)) == {
        ContractGeneration.CV_2015
    }
    assert describe_contract_list(TODAY) == (
        "Contrats de ville en vigueur le 01/06/2026 (échantillon de démonstration) : "
        "8 commune(s) et 6 EPCI signataires."
    )


def test_no_list_loaded_is_said_by_an_empty_description():
    assert describe_contract_list(TODAY) == ""


def test_a_new_import_replaces_the_list_and_says_its_file():
    import_contracts(sample(), is_demo=True)
    report = import_contracts("code;nom\n29019;Brest\n242900314;Brest Métropole\n".encode(), source="cv-2024.csv")
    assert (report.communes, report.epci) == (1, 1)
    assert ContractSignatory.objects.count() == 2
    assert ContractList.objects.get().source == "cv-2024.csv"
    assert "(fichier « cv-2024.csv » importé le " in describe_contract_list(TODAY)
    assert ": 1 commune(s) et 1 EPCI signataires." in describe_contract_list(TODAY)


def test_codes_are_read_whatever_the_column_name_the_spacing_and_the_encoding():
    import_contracts("siren,contrat\n242 900 314,Contrat de ville de Brest Métropole\n".encode("cp1252"))
    signatory = ContractSignatory.objects.get()
    assert signatory.territory.kind == Kind.EPCI and signatory.label == "Contrat de ville de Brest Métropole"
    assert signatory.generation == ContractGeneration.CV_2024
    import_contracts(b"code_insee\n2a004\n")
    assert ContractSignatory.objects.get().territory.name == "Ajaccio"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"code\n\n", "Le fichier ne contient aucun signataire."),
        (b"\xff\xfe\x00c\x00o", "contenu binaire"),
        (b"code;nom\n29019;Br\x81st\n", "L'encodage du fichier n'est pas reconnu"),
        (b"commune;nom\n29019;Brest\n", "Colonne obligatoire absente : code"),
        (b"code;nom\n99999;Nulle part\n", "Ligne 2 : commune inconnue « 99999 »"),
        (b"code;nom\n999999999;Nulle part\n", "Ligne 2 : EPCI inconnu « 999999999 »"),
        (b"code;nom\n13215;Marseille 15e\n", "Ligne 2 : « 13215 » est un arrondissement municipal"),
        (b"code;nom\n2901;Brest\n", "Ligne 2 : code « 2901 » mal formé"),
        (b"code;nom\n;Brest\n", "Ligne 2 : code du signataire manquant"),
        (b"code;nom\n29019;Brest;en trop\n", "Ligne 2 : 3 valeur(s) au lieu de 2"),
        (b"code;nom;contrat\n29019;Brest\n", "Ligne 2 : 2 valeur(s) au lieu de 3"),
        (b'code;nom\n29019;"Brest\n', "ligne illisible"),
        (b"code;generation\n29019;2020\n", "Ligne 2 : génération « 2020 » inconnue"),
        (b"code;nom\n29019;Brest\n29019;Brest encore\n", "Ligne 3 : « 29019 » figure déjà ligne 2"),
        (b"code;nom\n29019;" + b"x" * 201 + b"\n", "de plus de 200 caractères"),
    ],
)
def test_a_malformed_file_is_refused_in_french_and_nothing_is_written(content, message):
    import_contracts(sample(), is_demo=True)
    before = contracts_state()
    with pytest.raises(ContractImportError) as error:
        import_contracts(content)
    assert message in str(error.value)
    assert contracts_state() == before


def test_every_bad_line_is_listed_and_none_of_the_good_ones_written():
    content = b"code;nom\n29019;Brest\n00000;Inconnue\n1234;Court\n29019;Doublon\n"
    with pytest.raises(ContractImportError) as error:
        import_contracts(content)
    assert [line.split(" :")[0] for line in error.value.errors] == ["Ligne 4", "Ligne 5"]
    assert not ContractSignatory.objects.exists()
    with pytest.raises(ContractImportError) as error:
        import_contracts(b"code;nom\n29019;Brest\n00000;Inconnue\n")
    assert error.value.errors == ["Ligne 3 : commune inconnue « 00000 » (code INSEE du COG attendu)."]
    assert not ContractList.objects.exists()


def test_the_command_imports_and_reports_in_french(tmp_path):
    good = tmp_path / "contrats.csv"
    good.write_text("code;nom\n29019;Brest\n", encoding="utf-8")
    call_command("import_contrats_de_ville", str(good))
    assert ContractList.objects.get().source == "contrats.csv"
    bad = tmp_path / "mauvais.csv"
    bad.write_text("code;nom\n12345678;Quoi\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Import refusé, aucune donnée n'a été modifiée"):
        call_command("import_contrats_de_ville", str(bad))
    with pytest.raises(CommandError, match="Impossible de lire le fichier"):
        call_command("import_contrats_de_ville", str(tmp_path / "absent.csv"))
    assert ContractList.objects.get().source == "contrats.csv"


def test_the_admin_shows_the_list_read_only(admin_client):
    import_contracts(sample(), is_demo=True)
    assert admin_client.get("/admin/territories/contractsignatory/").status_code == 200
    assert admin_client.get("/admin/territories/contractlist/").status_code == 200
    assert admin_client.get("/admin/territories/contractsignatory/add/").status_code == 403
