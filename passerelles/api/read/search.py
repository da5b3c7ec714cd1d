"""The network search with its facets: the search page's parameters, query and presentation
(search.services), answered as the page's own JSON (/recherche/api/), whose keys are French."""

import logging
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from passerelles.search.services import presentation
from passerelles.search.services.querying import search
from passerelles.search.services.request import MAX_OFFSET, PAGE_SIZE, SearchRequest
from passerelles.search.views import RETRY_AFTER, UNAVAILABLE, index_version
from passerelles.search_index.engine import SearchUnavailable

from .. import caching
from ..problems import Problem, ProblemDetails

logger = logging.getLogger(__name__)
router = Router()

LAST_PAGE = MAX_OFFSET // PAGE_SIZE + 1


class SearchCorrection(Schema):
    saisi: str = Field(description="Le mot tel que saisi.", examples=["emploie"])
    cherche: str = Field(description="Le mot cherché à sa place.", examples=["emploi"])


class SearchHomonym(Schema):
    libelle: str = Field(description="Le nom d'un lieu qui porte ce nom.", examples=["Saint-Denis (974)"])
    territoire: str = Field(description="Sa clé, à donner au filtre « territoire ».", examples=["commune:97411"])


class SearchWidening(Schema):
    saisi: str = Field(description="Un mot de tous les jours, tel que saisi.", examples=["vieux"])
    ajoutes: list[str] = Field(
        description="Les mots du métier cherchés aussi, avec un poids moindre.",
        examples=[["personnes âgées", "seniors"]],
    )


class SearchHit(Schema):
    type: str = Field(description="Le type de contenu (fiche, publication, session, notice…).", examples=["fiche"])
    titre_html: str = Field(
        description="Le titre, les mots trouvés entre <mark> et </mark> (HTML échappé).",
        examples=["Les <mark>jardins</mark> partagés"],
    )
    extrait_html: str = Field(
        description="Un extrait, les mots trouvés entre <mark> et </mark> (HTML échappé).",
        examples=["… des <mark>jardins</mark> au pied des tours …"],
    )
    url: str = Field(
        description="L'adresse de la page du contenu.",
        examples=["https://passerelles.example/experiences/jardins-partages-brest/"],
    )
    centre: str = Field(description="Le nom du centre auquel il appartient.", examples=["Pôle Bretagne (PB)"])
    date: str = Field(description="Sa date (AAAA-MM-JJ).", examples=["2026-03-14"])
    score: float = Field(
        description="Sa pertinence pour cette recherche (plus grand : plus pertinent).", examples=[12.5]
    )


class SearchFacetValue(Schema):
    valeur: str = Field(description="La valeur, à donner au paramètre de la facette.", examples=["emploi"])
    libelle: str = Field(description="Son libellé.", examples=["Emploi"])
    nombre: int = Field(description="Le nombre de résultats qui l'ont.", examples=[12])
    choisie: bool = Field(description="Vraie si ce filtre est déjà appliqué.", examples=[False])


class SearchResults(Schema):
    """Une page de résultats de la recherche dans tout le réseau, avec ses facettes."""

    requete: str = Field(description="Les mots cherchés.", examples=["emploi des jeunes"])
    filtres: dict[str, list[str]] = Field(description="Les filtres appliqués, par paramètre.")
    page: int = Field(description="Le numéro de la page.", examples=[1])
    taille_page: int = Field(description="Le nombre de résultats par page.", examples=[PAGE_SIZE])
    total: int = Field(description="Le nombre total de résultats.", examples=[42])
    messages: list[str] = Field(
        description="Ce qui a été écarté de la demande, et pourquoi (en français).", examples=[[]]
    )
    suggestion: str | None = Field(description="Une autre recherche suggérée, s'il y en a une.")
    corrections: list[SearchCorrection] = Field(description="Les mots corrigés par le correcteur orthographique.")
    homonymes: list[SearchHomonym] = Field(description="Les lieux homonymes du territoire cherché, pour préciser.")
    elargissements: list[SearchWidening] = Field(
        description="Les mots de tous les jours élargis aux mots du métier (« vieux » : « personnes âgées »…)."
    )
    resultats: list[SearchHit] = Field(description="Les résultats de la page, les plus pertinents d'abord.")
    facettes: dict[str, list[SearchFacetValue]] = Field(
        description="Pour chaque facette (type, theme, dispositif, public, centre, region, departement, annee), "
        "ses valeurs et leur nombre de résultats."
    )


def many(description: str, example: str) -> list[str]:
    return Field([], max_length=10, description=description + " Répétable.", examples=[[example]])


class SearchParameters(Schema):
    q: str | None = Field(None, max_length=200, description="Les mots cherchés.", examples=["emploi des jeunes"])
    type: list[str] = many("Un type de contenu.", "fiche")
    theme: list[str] = many("La notation d'un thème.", "emploi")
    dispositif: list[str] = many("La notation d'un dispositif.", "cites-educatives")
    public: list[str] = many("La notation d'un public.", "jeunes")
    centre: list[str] = many("L'identifiant d'un centre.", "pb")
    region: list[str] = many("Le code COG d'une région.", "53")
    departement: list[str] = many("Le code COG d'un département.", "29")
    annee: list[str] = many("Une année.", "2025")
    territoire: list[str] = many("Un territoire, par sa clé « type:code » ou son nom.", "commune:29019")
    page: int = Field(1, ge=1, le=LAST_PAGE, description=f"Le numéro de la page ({LAST_PAGE} au plus).", examples=[1])
    tel_quel: Literal["1"] | None = Field(None, description="« 1 » : chercher les mots tels quels, sans correction.")


@router.get(
    "",
    response={200: SearchResults, 503: ProblemDetails},
    summary="Chercher dans tout le réseau",
    description="La recherche du site (fiches, publications et leurs documents, sessions, notices des catalogues, "
    "centres…), avec les mêmes paramètres que sa page : mots, filtres répétables, page. Chaque réponse porte les "
    "facettes pour affiner.",
)
def search_network(request: HttpRequest, response: HttpResponse, parameters: Query[SearchParameters]):
    search_request = SearchRequest.from_query_dict(request.GET)
    try:
        caching.check(request, response, index_version())
        return presentation.as_json(search(search_request), request)
    except SearchUnavailable as error:
        logger.error("Network search unavailable (run rebuild_search_index): %s", error, exc_info=error)
        raise Problem(503, "Recherche indisponible", UNAVAILABLE, headers={"Retry-After": RETRY_AFTER}) from error
