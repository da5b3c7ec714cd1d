"""The centres' published content as open data: experience sheets, publications (with the public
addresses of their documents) and the records harvested from their catalogues. Only what the public
querysets return (`published()`, `public()`), so a draft never reaches a dump."""

from collections import defaultdict

from django.db.models import Prefetch

from passerelles.centres.models import Centre
from passerelles.core import collation
from passerelles.experiences.enums import LegalForm
from passerelles.experiences.models import BudgetLine, ExperienceSheet, Partner, TeamRole
from passerelles.experiences.services.revisions import SCALAR_FIELDS
from passerelles.publications.models import CatalogueRecord, Publication
from passerelles.publications.services.dublin_core import ELEMENTS, LABELS

from .fields import (
    CENTRE_ID,
    CENTRE_NAME,
    CHUNK,
    Dataset,
    Field,
    absolute,
    batches,
    concepts,
    identifier,
    page_url,
    territory_fields,
    territory_values,
    url_maker,
)

TAGS = (
    concepts("themes", "thèmes", "Thèmes"),
    concepts("dispositifs", "dispositifs", "Dispositifs de la politique de la ville"),
    concepts("publics", "publics visés", "Publics visés"),
)


def sheet_rows():
    """Published sheets by chunks: their columns in one query, each relation of a chunk in one more,
    read as plain values (Django's prefetch builds a queryset per sheet and relation, which is most
    of the time at 100,000 sheets)."""
    centres = {centre.pk: centre for centre in Centre.objects.all()}
    legal_forms = dict(LegalForm.choices)
    url = url_maker("experiences:detail")
    sheets = ExperienceSheet.objects.published().order_by("pk").values(*SHEET_COLUMNS)
    for chunk in batches(sheets.iterator(chunk_size=CHUNK)):
        # The chunk's range of keys (cheaper than a list of 2,000): rows of sheets between them that
        # are not published are read and never used.
        ids = (chunk[0]["pk"], chunk[-1]["pk"])
        tags = {name: _labels(name, ids) for name in ("themes", "schemes", "publics")}
        territories = _grouped(
            ExperienceSheet.territories.through.objects.filter(**_between("experiencesheet", ids)).order_by(
                "territory__kind", "territory__code"
            ),
            "experiencesheet_id",
            "territory__kind",
            "territory__code",
            "territory__name",
        )
        funders = _grouped(
            BudgetLine.objects.filter(**_between("sheet", ids)).order_by("-amount", "funder", "pk"),
            "sheet_id",
            "funder",
            "amount",
        )
        partners = _grouped(Partner.objects.filter(**_between("sheet", ids)).order_by("pk"), "sheet_id", "name", "role")
        team = _grouped(TeamRole.objects.filter(**_between("sheet", ids)).order_by("pk"), "sheet_id", "role", "fte")
        for sheet in chunk:
            pk, centre = sheet["pk"], centres[sheet["centre_id"]]
            places = territories.get(pk, [])
            amount = sheet["budget_amount"]
            yield {
                "identifiant": sheet["slug"],
                "url": url(sheet["slug"]),
                "titre": sheet["title"],
                "centre": centre.display_name,
                "centre_identifiant": centre.slug,
                "resume": sheet["summary"],
                "territoires_codes": [f"{kind}:{code}" for kind, code, _ in places],
                "territoires_noms": [name for _, _, name in places],
                "themes": tags["themes"].get(pk, []),
                "dispositifs": tags["schemes"].get(pk, []),
                "publics": tags["publics"].get(pk, []),
                "debut": sheet["start_date"],
                "fin": sheet["end_date"],
                "structure_porteuse": sheet["carrying_structure"],
                "forme_juridique": legal_forms.get(sheet["carrying_legal_form"], ""),
                "autres_dispositifs": sheet["other_schemes"],
                "budget_montant": float(amount) if amount is not None else None,
                "budget_annee": sheet["budget_year"],
                "financeurs": [f"{funder} : {value:.2f}" for funder, value in funders.get(pk, [])],
                "partenaires": [name + (f" ({role})" if role else "") for name, role in partners.get(pk, [])],
                "equipe": [role + (f" ({fte} ETP)" if fte is not None else "") for role, fte in team.get(pk, [])],
                "publics_precisions": sheet["publics_description"],
                "modalites_de_travail": sheet["working_methods"],
                "actions": sheet["actions"],
                "resultats": sheet["results"],
                "enseignements": sheet["lessons"],
                "contact_organisme": sheet["contact_organisation"],
                "contact_courriel": sheet["contact_email"],
                # As the sheets' own export: a person is named only with their consent.
                "contact_personne": sheet["contact_person"] if sheet["contact_person_consent"] else "",
                "licence": sheet["licence"],
                "publiee_le": sheet["published_at"],
                "relue_le": sheet["last_reviewed_on"],
                "demonstration": sheet["is_demo"],
            }


# A sheet's own fields (as its revisions record them), read as plain values.
SHEET_COLUMNS = ("pk", "slug", "centre_id", *SCALAR_FIELDS, "published_at", "last_reviewed_on", "is_demo")


def _between(owner, ids):
    first, last = ids
    return {f"{owner}__gte": first, f"{owner}__lte": last}


def _grouped(queryset, owner, *columns):
    """{owner id: [values of `columns`, …]} of the rows of `queryset`, in its order."""
    grouped = defaultdict(list)
    for owner_id, *values in queryset.values_list(owner, *columns):
        grouped[owner_id].append(values[0] if len(values) == 1 else tuple(values))
    return grouped


def _labels(relation, ids):
    """{sheet id: [concept labels in French order]} of one thesaurus relation of the sheets `ids`."""
    through = getattr(ExperienceSheet, relation).through.objects.filter(**_between("experiencesheet", ids))
    grouped = _grouped(through, "experiencesheet_id", "concept__pref_label")
    return {pk: collation.sorted_by(labels) for pk, labels in grouped.items()}


def text(name, title, description):
    return Field(name, "string", title, description)


SHEETS = Dataset(
    name="fiches-experience",
    title="Fiches expérience",
    description="Les fiches expérience publiées par les centres : expériences locales, territoires, thèmes, "
    "budget, partenaires, actions, résultats et enseignements. Le texte de chaque fiche est aussi sous la licence "
    "indiquée dans sa colonne « licence » (CC BY 4.0 par défaut).",
    fields=(
        identifier("Identifiant de la fiche, stable (celui de l'adresse de sa page)."),
        page_url("de la fiche"),
        Field("titre", "string", "titre", "Titre de la fiche.", required=True),
        CENTRE_NAME,
        CENTRE_ID,
        text("resume", "résumé", "Résumé de l'expérience."),
        *territory_fields("où se déroule l'expérience"),
        *TAGS,
        Field("debut", "date", "début", "Date de début de l'action."),
        Field("fin", "date", "fin", "Date de fin de l'action (vide si elle est en cours)."),
        text("structure_porteuse", "structure porteuse", "Structure qui porte l'action."),
        text("forme_juridique", "forme juridique", "Forme juridique de la structure porteuse."),
        text("autres_dispositifs", "autres dispositifs locaux", "Autres dispositifs locaux mobilisés."),
        Field("budget_montant", "number", "budget global (€)", "Budget global de l'action, en euros."),
        Field("budget_annee", "integer", "année du budget", "Année du budget."),
        Field("financeurs", "string", "financeurs", "Chaque financeur et son montant en euros.", many=True),
        Field("partenaires", "string", "partenaires", "Partenaires et leur rôle.", many=True),
        Field("equipe", "string", "équipe", "Fonctions dans l'équipe et équivalents temps plein.", many=True),
        text("publics_precisions", "publics visés (précisions)", "Précisions sur les publics visés."),
        text("modalites_de_travail", "modalités de travail", "Modalités de travail."),
        text("actions", "actions engagées", "Actions engagées."),
        text("resultats", "résultats et évaluation", "Résultats et évaluation."),
        text("enseignements", "enseignements", "Enseignements tirés."),
        text("contact_organisme", "organisme à contacter", "Organisme à contacter."),
        text("contact_courriel", "courriel de l'organisme", "Adresse électronique de l'organisme à contacter."),
        text("contact_personne", "personne à contacter", "Citée seulement avec son accord ; vide sinon."),
        text("licence", "licence du texte", "Licence du texte de la fiche."),
        Field("publiee_le", "datetime", "publiée le", "Date de publication."),
        Field("relue_le", "date", "relue le", "Date de la dernière relecture."),
        Field("demonstration", "boolean", "démonstration", "Vrai pour une fiche de démonstration."),
    ),
    rows=sheet_rows,
)


def publication_rows():
    publications = (
        Publication.objects.published()
        .select_related("centre", "series", "session")
        .prefetch_related(
            "contributors",
            "documents",
            "themes",
            "schemes",
            "publics",
            "territories",
            # Never the address of a sheet that is not public.
            Prefetch("related_sheets", queryset=ExperienceSheet.objects.published().only("slug")),
        )
        .order_by("pk")
    )
    for item in publications.iterator(chunk_size=CHUNK):
        session = item.session if item.session_id and item.session.is_published else None
        yield {
            "identifiant": item.slug,
            "url": absolute(item.get_absolute_url()),
            "identifiant_oai": item.oai_identifier,
            "titre": item.title,
            "titre_complet": item.full_title,
            "serie": item.series.title if item.series else "",
            "serie_issn": item.series.issn if item.series else "",
            "numero": item.issue_number,
            "type": item.get_kind_display(),
            "dossier_thematique": item.thematic_file,
            "date_parution": item.publication_date,
            "resume": item.abstract,
            "langue": item.language,
            "licence": item.licence,
            "centre": item.centre.display_name,
            "centre_identifiant": item.centre.slug,
            "contributeurs": [
                f"{c.name} ({c.get_role_display()}{', ' + c.affiliation if c.affiliation else ''})"
                for c in item.contributors.all()
            ],
            "themes": [c.pref_label for c in item.themes.all()],
            "dispositifs": [c.pref_label for c in item.schemes.all()],
            "publics": [c.pref_label for c in item.publics.all()],
            **territory_values(item.territories.all()),
            "documents": [absolute(d.get_absolute_url()) for d in item.documents.all()],
            "documents_titres": [d.title for d in item.documents.all()],
            "en_ligne": item.online_url,
            "sur_papier": item.on_paper,
            "commande_papier": item.paper_order,
            "actes_de": session.title if session else item.event_title,
            "actes_de_url": absolute(session.get_absolute_url()) if session else "",
            "fiches_liees": [absolute(s.get_absolute_url()) for s in item.related_sheets.all()],
            "publiee_le": item.published_at,
            "demonstration": item.is_demo,
        }


PUBLICATIONS = Dataset(
    name="publications",
    title="Publications",
    description="Les publications des centres (numéros de revues, études, guides, actes…) : description "
    "bibliographique, auteurs, thèmes, territoires et adresses publiques de leurs documents PDF. Les documents "
    "eux-mêmes restent sous la licence ou les droits indiqués dans la colonne « licence ».",
    fields=(
        identifier("Identifiant de la publication, stable (celui de l'adresse de sa page)."),
        page_url("de la publication"),
        text("identifiant_oai", "identifiant OAI-PMH", "Identifiant de la notice dans l'entrepôt OAI-PMH du site."),
        Field("titre", "string", "titre", "Titre de la publication.", required=True),
        text("titre_complet", "titre complet", "Titre précédé de la série et du numéro."),
        text("serie", "série", "Revue ou collection."),
        text("serie_issn", "ISSN", "ISSN de la série."),
        text("numero", "numéro", "Numéro dans la série."),
        text("type", "type", "Type de publication."),
        text("dossier_thematique", "dossier thématique", "Dossier thématique."),
        Field("date_parution", "date", "date de parution", "Date de parution."),
        text("resume", "résumé", "Résumé."),
        text("langue", "langue", "Langue (code ISO 639-1)."),
        text("licence", "licence ou droits", "Licence ou droits de la publication elle-même."),
        CENTRE_NAME,
        CENTRE_ID,
        Field("contributeurs", "string", "auteurs et contributeurs", "Nom (rôle, rattachement).", many=True),
        *TAGS,
        *territory_fields("dont traite la publication"),
        Field("documents", "string", "documents", "Adresses publiques des documents PDF.", many=True),
        Field("documents_titres", "string", "titres des documents", "Titres des documents, même ordre.", many=True),
        text("en_ligne", "consultation en ligne", "Adresse de consultation ailleurs que sur ce site."),
        Field("sur_papier", "boolean", "sur papier", "Vrai si elle est disponible sur papier."),
        text("commande_papier", "commande sur papier", "Comment la commander sur papier."),
        text("actes_de", "actes de", "Rencontre dont la publication rassemble les actes."),
        text("actes_de_url", "adresse de la rencontre", "Page de la session dans l'agenda du site."),
        Field("fiches_liees", "string", "fiches liées", "Adresses des fiches expérience liées.", many=True),
        Field("publiee_le", "datetime", "publiée le", "Date de mise en ligne sur le site."),
        Field("demonstration", "boolean", "démonstration", "Vrai pour une publication de démonstration."),
    ),
    rows=publication_rows,
)


def record_rows():
    records = CatalogueRecord.objects.public().select_related("centre").order_by("pk")
    for record in records.iterator(chunk_size=CHUNK):
        dublin_core = record.dublin_core or {}
        yield {
            "identifiant": str(record.pk),
            "url": absolute(record.get_absolute_url()),
            "identifiant_oai": record.oai_identifier,
            "centre": record.centre.display_name,
            "centre_identifiant": record.centre.slug,
            "titre": record.title,
            "date_notice": record.datestamp,
            "adresse_source": record.source_url,
            **{f"dc_{name}": list(dublin_core.get(name, [])) for name in ELEMENTS},
            "moissonnee_le": record.harvested_at,
        }


RECORDS = Dataset(
    name="notices-catalogues",
    title="Notices des catalogues des centres",
    description="Les notices bibliographiques moissonnées dans les catalogues documentaires des centres "
    "(OAI-PMH, Dublin Core simple), avec le lien vers la notice à sa source. Les notices retirées à la source "
    "n'y sont pas.",
    fields=(
        identifier("Numéro de la notice sur le site, stable."),
        page_url("de la notice"),
        text("identifiant_oai", "identifiant OAI", "Identifiant de la notice dans le catalogue du centre."),
        CENTRE_NAME,
        CENTRE_ID,
        text("titre", "titre", "Titre de la notice."),
        Field("date_notice", "datetime", "date de la notice", "Date de la notice à sa source."),
        text("adresse_source", "adresse à la source", "Adresse de la notice dans le catalogue du centre."),
        *(
            Field(
                f"dc_{name}", "string", f"Dublin Core : {LABELS[name]}", f"Élément « {name} » de la notice.", many=True
            )
            for name in ELEMENTS
        ),
        Field("moissonnee_le", "datetime", "moissonnée le", "Date de la dernière moisson de la notice."),
    ),
    rows=record_rows,
)
