"""The shipped 2017 framework (data/framework/cadre-2017.json): its documents, the charter's
signatories and the technical framework's commitments, each shown by known indicators; loading is
idempotent, and a wrong file is refused whole, in French."""

import json

import pytest
from django.core.management import CommandError, call_command

from ..enums import DocumentKind, Indicator, Section
from ..models import Commitment, Document, Signatory, Version
from ..services.loader import FrameworkImportError, framework_file, load_framework

pytestmark = pytest.mark.django_db

CHARTER_SIGNATORIES = [
    "Ministère de la Ville, de la Jeunesse et des Sports",
    "Régions de France",
    "Assemblée des départements de France (ADF)",
    "Assemblée des communautés de France (AdCF)",
    "Association des maires de France (AMF)",
    "France urbaine (anciennement AMGVF)",
    "Ville & Banlieue",
    "Villes de France",
]


def test_the_shipped_file_cites_its_source():
    data = json.loads(framework_file().read_text(encoding="utf-8"))
    assert "cadre de référence" in data["source"]
    assert all(version["source"] for document in data["documents"] for version in document["versions"])


def test_loading_gives_the_three_documents_of_2017():
    report = load_framework()
    assert (report.documents, report.versions, report.signatories) == (3, 3, 9)
    kinds = dict(Document.objects.values_list("kind", "slug"))
    assert set(kinds) == {DocumentKind.CHARTER, DocumentKind.TECHNICAL, DocumentKind.ANNEX}
    annex = Document.objects.get(kind=DocumentKind.ANNEX)
    assert annex.partner == "ANRU"
    assert all(version.label == "2017" and version.is_current for version in Version.objects.all())


def test_the_charter_is_signed_by_the_minister_and_seven_associations_of_elected_officials():
    load_framework()
    charter = Version.objects.get(document__kind=DocumentKind.CHARTER)
    signatories = list(charter.signatories.order_by("ordering"))
    assert [s.organisation for s in signatories] == CHARTER_SIGNATORIES
    assert (signatories[0].person, signatories[0].capacity) == (
        "Patrick Kanner",
        "ministre de la Ville, de la Jeunesse et des Sports",
    )


def test_every_commitment_is_shown_by_known_indicators_and_every_section_has_some():
    load_framework()
    commitments = list(Commitment.objects.select_related("version__document"))
    assert {c.version.document.kind for c in commitments} == {DocumentKind.TECHNICAL}
    assert {c.section for c in commitments} == set(Section)
    for commitment in commitments:
        assert commitment.indicators, commitment.text
        assert set(commitment.indicators) <= set(Indicator.values), commitment.text
    qualification = Commitment.objects.get(text__startswith="Qualifier les professionnels")
    assert qualification.indicators == ["sessions", "half_days", "attendees"]
    whole_territory = Commitment.objects.get(text__contains="l'intégralité du territoire national")
    assert {"communes", "qpv", "departements"} <= set(whole_territory.indicators)


def test_the_command_is_idempotent_and_if_empty_leaves_edits_alone():
    call_command("load_framework")
    rows = {model: sorted(model.objects.values_list("pk", flat=True)) for model in (Document, Version, Signatory)}
    commitments = sorted(Commitment.objects.values_list("pk", "text", "indicators"))
    call_command("load_framework")
    assert {model: sorted(model.objects.values_list("pk", flat=True)) for model in rows} == rows
    assert sorted(Commitment.objects.values_list("pk", "text", "indicators")) == commitments

    Document.objects.filter(slug="annexe-anru").update(partner="Partenaire corrigé")
    call_command("load_framework", if_empty=True)
    assert Document.objects.get(slug="annexe-anru").partner == "Partenaire corrigé"
    call_command("load_framework")  # puts the shipped document back
    assert Document.objects.get(slug="annexe-anru").partner == "ANRU"


def test_a_file_with_a_bad_indicator_or_date_is_refused_whole(tmp_path):
    data = json.loads(framework_file().read_text(encoding="utf-8"))
    technical = data["documents"][1]["versions"][0]
    technical["commitments"][0]["indicators"] = ["sessions", "budget"]
    data["documents"][2]["versions"][0]["in_force_from"] = "16/03/2017"
    path = tmp_path / "cadre.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FrameworkImportError) as refused:
        load_framework(path)
    assert any("Indicateur inconnu : budget" in error for error in refused.value.errors)
    assert any("date « 16/03/2017 » illisible" in error for error in refused.value.errors)
    assert not Document.objects.exists()
    with pytest.raises(CommandError, match="rien n'a été modifié"):
        call_command("load_framework", path=str(path))
    assert not Document.objects.exists()
