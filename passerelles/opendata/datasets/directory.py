"""The reference data of the network as open data: the centres (perimeters, facts and their sources)
and the concepts of the thesaurus."""

from django.db.models import Prefetch

from passerelles.centres.enums import Fact
from passerelles.centres.models import Centre, CentreFact
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from .fields import CHUNK, Dataset, Field, absolute, identifier, page_url

FACT_LABELS = dict(Fact.choices)


def centre_rows():
    centres = (
        Centre.objects.select_related("seat")
        .prefetch_related(
            Prefetch("perimeter", queryset=Territory.objects.only("kind", "code", "name").order_by("kind", "code")),
            Prefetch("facts", queryset=CentreFact.objects.order_by("fact")),
        )
        .order_by("pk")
    )
    for centre in centres.iterator(chunk_size=CHUNK):
        facts = list(centre.facts.all())
        perimeter = list(centre.perimeter.all())
        yield {
            "identifiant": centre.slug,
            "url": absolute(centre.get_absolute_url()),
            "nom": centre.name,
            "nom_court": centre.short_name,
            "anciens_noms": centre.former_names_list,
            "activite": centre.get_status_display(),
            "derniere_trace_activite": centre.latest_evidence_year,
            "statut_juridique": centre.get_legal_status_display(),
            "precision_statut": centre.legal_status_detail,
            "annee_creation": centre.creation_year,
            "siege_code_commune": centre.seat.code if centre.seat else "",
            "siege_commune": centre.seat.name if centre.seat else "",
            "adresse": centre.address,
            "site_internet": centre.website,
            "courriel": centre.email,
            "telephone": centre.phone,
            "niveau": centre.get_level_display(),
            "ultramarin": centre.overseas,
            "perimetre_codes": [f"{t.kind}:{t.code}" for t in perimeter],
            "perimetre_noms": [t.name for t in perimeter],
            "gouvernance": centre.governance,
            "financeurs": centre.funders,
            "sources": centre.sources_list,
            "informations_verifiees": [FACT_LABELS[f.fact] for f in facts if f.verified],
            "informations_a_confirmer": [FACT_LABELS[f.fact] for f in facts if not f.verified],
            "sources_des_informations": [
                f"{FACT_LABELS[f.fact]} : {url.strip()}" for f in facts for url in f.source.splitlines() if url.strip()
            ],
            "mis_a_jour_le": centre.updated_at,
        }


CENTRES = Dataset(
    name="centres",
    title="Centres de ressources",
    description="L'annuaire des centres de ressources de la politique de la ville : identité, siège, coordonnées "
    "de la structure, périmètre couvert (régions et départements par leur code officiel), informations vérifiées "
    "ou à confirmer et leurs sources.",
    fields=(
        identifier("Identifiant du centre, stable (celui de l'adresse de sa page)."),
        page_url("du centre"),
        Field("nom", "string", "nom", "Nom du centre.", required=True),
        Field("nom_court", "string", "nom court ou sigle", "Nom court ou sigle du centre."),
        Field("anciens_noms", "string", "anciens noms", "Noms portés auparavant par le centre.", many=True),
        Field("activite", "string", "activité", "État d'activité du centre (actif, en projet, historique…)."),
        Field(
            "derniere_trace_activite", "integer", "dernière trace d'activité", "Année de la dernière trace d'activité."
        ),
        Field("statut_juridique", "string", "statut juridique", "Statut juridique de la structure."),
        Field("precision_statut", "string", "précision sur le statut", "Précision sur le statut juridique."),
        Field("annee_creation", "integer", "année de création", "Année de création du centre."),
        Field("siege_code_commune", "string", "code de la commune du siège", "Code officiel géographique (Insee)."),
        Field("siege_commune", "string", "commune du siège", "Nom de la commune du siège."),
        Field("adresse", "string", "adresse", "Adresse postale de la structure."),
        Field("site_internet", "string", "site internet", "Adresse du site internet du centre."),
        Field("courriel", "string", "courriel", "Adresse électronique générique de la structure."),
        Field("telephone", "string", "téléphone", "Téléphone de la structure."),
        Field("niveau", "string", "niveau", "Échelle d'intervention du centre (régional, départemental…)."),
        Field("ultramarin", "boolean", "ultramarin", "Vrai pour un centre des outre-mer."),
        Field(
            "perimetre_codes",
            "string",
            "codes du périmètre",
            "Régions et départements couverts, sous la forme type:code officiel (region:53, departement:29).",
            many=True,
        ),
        Field("perimetre_noms", "string", "périmètre", "Noms des régions et départements couverts.", many=True),
        Field("gouvernance", "string", "gouvernance", "Gouvernance du centre."),
        Field("financeurs", "string", "financeurs", "Financeurs du centre."),
        Field("sources", "string", "sources", "Adresses des sources publiques des informations du centre.", many=True),
        Field("informations_verifiees", "string", "informations vérifiées", "Informations vérifiées.", many=True),
        Field("informations_a_confirmer", "string", "informations à confirmer", "Informations à confirmer.", many=True),
        Field(
            "sources_des_informations",
            "string",
            "sources des informations",
            "Source de chaque information, sous la forme « information : adresse ».",
            many=True,
        ),
        Field("mis_a_jour_le", "datetime", "mis à jour le", "Dernière mise à jour de la fiche du centre."),
    ),
    rows=centre_rows,
)


def concept_rows():
    linked = Concept.objects.only("notation").order_by("notation")
    concepts = Concept.objects.prefetch_related(
        Prefetch("broader", queryset=linked),
        Prefetch("related", queryset=linked),
        Prefetch("replaced_by", queryset=linked),
    ).order_by("pk")
    for concept in concepts.iterator(chunk_size=CHUNK):
        yield {
            "identifiant": concept.notation,
            "uri": concept.uri,
            "url": absolute(concept.get_absolute_url()),
            "vocabulaire": concept.get_scheme_display(),
            "libelle": concept.pref_label,
            "libelles_alternatifs": concept.alt_labels_list,
            "definition": concept.definition,
            "note_application": concept.scope_note,
            "note_historique": concept.history_note,
            "annee_debut": concept.start_year,
            "annee_fin": concept.end_year,
            "sources": [source.text for source in concept.sources],
            "generiques": [c.notation for c in concept.broader.all()],
            "associes": [c.notation for c in concept.related.all()],
            "remplace_par": [c.notation for c in concept.replaced_by.all()],
        }


CONCEPTS = Dataset(
    name="thesaurus",
    title="Thésaurus de la politique de la ville",
    description="Les concepts du vocabulaire du réseau (thèmes, dispositifs, publics, fonctions) : libellés, "
    "définitions, dates, sources et liens entre concepts. Aussi publié en SKOS sur la page du thésaurus.",
    fields=(
        identifier("Notation du concept, stable."),
        Field("uri", "string", "URI SKOS", "Identifiant SKOS du concept.", required=True),
        page_url("du concept"),
        Field(
            "vocabulaire",
            "string",
            "vocabulaire",
            "Vocabulaire du concept : thèmes, dispositifs, publics ou fonctions.",
        ),
        Field("libelle", "string", "libellé", "Libellé préférentiel.", required=True),
        Field("libelles_alternatifs", "string", "libellés alternatifs", "Sigles et synonymes.", many=True),
        Field("definition", "string", "définition", "Définition du concept."),
        Field("note_application", "string", "note d'application", "Note d'application."),
        Field("note_historique", "string", "note historique", "Les dates du concept racontées."),
        Field("annee_debut", "integer", "année de début", "Année de début (d'un dispositif, par exemple)."),
        Field("annee_fin", "integer", "année de fin", "Année de fin."),
        Field("sources", "string", "sources", "Loi, décret, circulaire ou adresse d'une page officielle.", many=True),
        Field("generiques", "string", "concepts génériques", "Identifiants des concepts plus larges.", many=True),
        Field("associes", "string", "concepts associés", "Identifiants des concepts associés.", many=True),
        Field("remplace_par", "string", "remplacé par", "Identifiants des concepts qui le remplacent.", many=True),
    ),
    rows=concept_rows,
)
