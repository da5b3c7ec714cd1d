"""A synthetic French-like corpus of experience sheets, and the query set run against it.

Sizes follow the demo sheets: a title of 6–12 words, a summary of 30–50, a body of 90–130
(about 150 words in all). Words are drawn from the vocabulary of urban policy with a Zipf-like
law, and "politique de la ville" appears in nearly every sheet, as it does in the field.
"""

import random
from datetime import UTC

DOMAIN = """quartier quartiers habitants habitant politique ville prioritaire prioritaires contrat
insertion emploi jeunes jeunesse éducation éducative réussite santé atelier accompagnement
projet projets territoire territoires acteurs associations association partenaires partenariat
collectivité commune communes agglomération métropole département région État préfecture
délégué préfet rénovation urbaine renouvellement logement logements bailleur bailleurs social
sociale sociaux cohésion mixité gestion proximité tranquillité sécurité prévention délinquance
médiation médiateurs parentalité familles parents enfants adolescents collège collèges école
écoles enseignants décrochage scolaire soutien formation qualification professionnels chefs
chargés mission développement économique commerce commerces entreprises création activité
numérique inclusion culture culturelle sport sportive loisirs participation citoyenne conseils
citoyens démocratie diagnostic évaluation observation données indicateurs diagnostic partagé
programme programmes dispositif dispositifs financement financements crédits subvention appel
appels projets accès droits précarité pauvreté solidarité égalité chances discriminations lutte
femmes mobilité transport transports espace espaces publics équipement équipements centre
social maison services réseau réseaux échanges pratiques capitalisation expérience expériences
ressources animation coordination pilotage gouvernance comité technique instance réunion
séminaire journée rencontres outil outils guide méthode démarche action actions public publics
cible bénéficiaires parcours individualisé référent référents équipe pluridisciplinaire santé
mentale addictions alimentation environnement transition écologique cadre vie jardins partagés
habitat copropriétés dégradées mémoire histoire patrimoine culture langue français illocutrisme
alphabétisation apprentissage vacances été animation périscolaire petite enfance crèche garde
emploi chômage demandeurs mission locale pôle insertion économique chantier clauses marchés
entrepreneuriat microcrédit""".split()  # noqa: SIM905

GENERIC = """le la les un une des de du et en au aux pour par avec sur dans sans sous entre vers est sont a
ont été être fait faire mis mise place depuis chaque année années plus moins très aussi ainsi
afin dont leur leurs ce cette ces qui que quoi comme lors tout tous toutes nouvelle nouveau
premier première dernier deux trois plusieurs ensemble travail travaux mois temps local locale
locaux national nationale départemental régional communal intercommunal""".split()  # noqa: SIM905

PHRASES = [
    "politique de la ville",
    "quartier prioritaire",
    "quartiers prioritaires",
    "contrat de ville",
    "programme de réussite éducative",
    "atelier santé ville",
    "rénovation urbaine",
    "gestion urbaine de proximité",
    "conseil citoyen",
    "cité éducative",
    "emploi des jeunes",
]

TITLE_STARTS = [
    "Accompagner",
    "Mobiliser",
    "Former",
    "Soutenir",
    "Prévenir",
    "Développer",
    "Créer",
    "Animer",
    "Observer",
    "Évaluer",
    "Réussir",
    "Favoriser",
    "Renforcer",
    "Ouvrir",
    "Coordonner",
]


def _zipf_weights(count, exponent=1.0):
    return [1 / (rank + 1) ** exponent for rank in range(count)]


class CorpusGenerator:
    def __init__(self, seed=20261122):
        self.random = random.Random(seed)
        self.words = DOMAIN + GENERIC
        self.random.shuffle(self.words)
        self.weights = _zipf_weights(len(self.words), 0.9)

    def _text(self, count):
        words = self.random.choices(self.words, weights=self.weights, k=count)
        if self.random.random() < 0.5:
            position = self.random.randrange(len(words))
            words[position:position] = self.random.choice(PHRASES).split()
        return " ".join(words)

    def sheet(self, number):
        rnd = self.random
        title_words = rnd.choices(DOMAIN, k=rnd.randint(5, 11))
        title = f"{rnd.choice(TITLE_STARTS)} {' '.join(title_words)}"
        summary = self._text(rnd.randint(30, 50)).capitalize() + "."
        body_parts = [self._text(rnd.randint(25, 35)) for _ in range(4)]
        if rnd.random() < 0.92:  # the phrase of the field, in nearly every sheet
            body_parts.insert(rnd.randrange(4), "dans le cadre de la politique de la ville")
        return {
            "number": number,
            "title": title[:190],
            "summary": summary,
            "body": ". ".join(part.capitalize() for part in body_parts) + ".",
            "year": rnd.choices(range(2003, 2027), weights=range(1, 25))[0],
        }


def typo(word, rnd):
    """The word with two neighbouring letters swapped or one letter dropped, as typed in a hurry."""
    position = rnd.randrange(1, len(word) - 1)
    if rnd.random() < 0.5:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word[:position] + word[position + 1 :]


# Everyday words of the lexicon (data/thesaurus/everyday-words.csv), each widened to several phrases.
EVERYDAY = ["vieux", "boulot", "bouffe", "moto", "papiers", "gamin", "flic", "appart", "ordi", "devoirs"]


def query_set(count=240, seed=7):
    """Two-word queries, frequent-word queries (a third), acronyms and phrases, some with filters;
    one two-word query in six has a typo in a word (matched approximately); one three-word query in
    two has an everyday word (« vieux », widened to « personnes âgées »…, search.services.everyday)."""
    rnd = random.Random(seed)
    frequent = [
        "politique de la ville",
        "quartiers prioritaires",
        "politique ville habitants",
        "ville",
        "quartier",
        "projet habitants",
        "les actions des habitants du quartier",
    ]
    acronyms = ["PRE", "ASV", "QPV", "NPNRU", "GUP", "CLAS"]
    queries = []
    for index in range(count):
        kind = index % 6
        if kind in (0, 1):
            query = frequent[rnd.randrange(len(frequent))]
        elif kind == 2:
            query = acronyms[rnd.randrange(len(acronyms))]
        elif kind == 3:
            words = rnd.sample(DOMAIN, 3)
            if index % 12 == 3:
                words[0] = EVERYDAY[(index // 12) % len(EVERYDAY)]
            query = " ".join(words)
        elif kind == 4:
            query = " ".join(rnd.sample(DOMAIN, 2))
        else:
            first, second = rnd.sample(DOMAIN, 2)
            query = f"{first} {typo(second, rnd) if len(second) > 5 else second}"
        queries.append(query)
    return queries


def create_sheets(count, seed=20261122, batch=5000, progress=None, start=0):
    """Store `count` published synthetic sheets (marked as demo), tied to communes and concepts.

    Used by the search benchmark and by the parity test; needs the geography, the directory and
    the thesaurus loaded. Deterministic for a given seed, whatever the database."""
    from datetime import date, datetime

    from passerelles.centres.models import Centre
    from passerelles.experiences.enums import Status
    from passerelles.experiences.models import ExperienceSheet
    from passerelles.territories.models import Territory
    from passerelles.thesaurus.enums import Scheme
    from passerelles.thesaurus.models import Concept

    generator = CorpusGenerator(seed)
    rnd = random.Random(seed + 1)
    centres = list(Centre.objects.order_by("slug").values_list("pk", flat=True))
    communes = list(
        Territory.objects.filter(kind="commune", population__gte=10000).order_by("code").values_list("pk", flat=True)
    )
    concepts = {
        scheme: list(Concept.objects.filter(scheme=scheme).order_by("notation").values_list("pk", flat=True))
        for scheme in (Scheme.THEMES, Scheme.SCHEMES, Scheme.PUBLICS)
    }
    through = {name: getattr(ExperienceSheet, name).through for name in ("themes", "schemes", "publics", "territories")}
    done = 0
    while done < count:
        size = min(batch, count - done)
        rows = [generator.sheet(start + done + index) for index in range(size)]
        sheets = ExperienceSheet.objects.bulk_create(
            ExperienceSheet(
                centre_id=rnd.choice(centres),
                title=row["title"],
                slug=f"synthetique-{row['number']}",
                summary=row["summary"],
                actions=row["body"],
                status=Status.PUBLISHED,
                start_date=date(row["year"], 1 + row["number"] % 12, 1),
                published_at=datetime(row["year"], 1 + row["number"] % 12, 1 + row["number"] % 28, tzinfo=UTC),
                is_demo=True,
            )
            for row in rows
        )
        if sheets[0].pk is None:  # a database that does not return keys from bulk inserts
            slugs = [sheet.slug for sheet in sheets]
            ids = dict(ExperienceSheet.objects.filter(slug__in=slugs).values_list("slug", "pk"))
            for sheet in sheets:
                sheet.pk = ids[sheet.slug]
        links = {name: [] for name in through}
        for sheet in sheets:
            for name, scheme, how_many in (
                ("themes", Scheme.THEMES, 2),
                ("schemes", Scheme.SCHEMES, 1),
                ("publics", Scheme.PUBLICS, 1),
            ):
                for concept in rnd.sample(concepts[scheme], how_many):
                    links[name].append(through[name](experiencesheet_id=sheet.pk, concept_id=concept))
            for territory in rnd.sample(communes, rnd.randint(1, 2)):
                links["territories"].append(through["territories"](experiencesheet_id=sheet.pk, territory_id=territory))
        for name, objects in links.items():
            through[name].objects.bulk_create(objects, batch_size=10000)
        done += size
        if progress:
            progress(size)
    return done


def create_records(count, seed=20261207, batch=5000, start=0):
    """Store `count` harvested catalogue records (Dublin Core, as an OAI-PMH harvest leaves them),
    one catalogue per centre: the other half of what the network search holds beside the sheets."""
    from datetime import datetime

    from passerelles.centres.models import Centre
    from passerelles.publications.models import CatalogueRecord, HarvestSource

    generator = CorpusGenerator(seed)
    rnd = random.Random(seed + 1)
    sources = [
        HarvestSource.objects.get_or_create(centre=centre, base_url=f"https://catalogue.example/{centre.slug}/oai")[0]
        for centre in Centre.objects.order_by("slug")
    ]
    done = 0
    while done < count:
        size = min(batch, count - done)
        rows = [generator.sheet(start + done + index) for index in range(size)]
        records = []
        for row in rows:
            source = rnd.choice(sources)
            words = row["body"].split()
            records.append(
                CatalogueRecord(
                    source=source,
                    centre_id=source.centre_id,
                    oai_identifier=f"oai:catalogue.example:{row['number']}",
                    datestamp=datetime(row["year"], 1 + row["number"] % 12, 1, tzinfo=UTC),
                    title=row["title"],
                    dublin_core={
                        "description": [row["summary"]],
                        "subject": rnd.sample(words, min(4, len(words))),
                        "creator": [f"Centre de ressources {source.centre_id}"],
                        "date": [str(row["year"])],
                    },
                )
            )
        CatalogueRecord.objects.bulk_create(records, batch_size=2000)
        done += size
    return done
