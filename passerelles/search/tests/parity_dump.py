"""Run by test_parity in a process of its own: build a site on DATABASE_URL (demo data plus a
synthetic corpus), rebuild the index and write the answers to a fixed query set as JSON to the file named first.

    python -m passerelles.search.tests.parity_dump answers.json [synthetic sheets]
"""

import json
import os
import sys

import django

QUERIES = [
    "politique de la ville",
    "quartiers prioritaires",
    "ville",
    "PRE",
    "programme de réussite éducative",
    "ASV",
    "atelier santé ville",
    "QPV",
    "l'insertion des jeunes",
    "education",
    "rénovation urbaine",
    "médiation Brest",
    "jardins partagés",
    "emploi",
    "santé mentale",
    "habitants quartier projet",
    "jardns",
    "de la",
    "",
]
FILTERS = ["", "region=53", "type=experience&theme=education", "territoire=departement:93", "annee=2020"]


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelles.config.settings.test")
    django.setup()
    from django.core.management import call_command
    from django.http import QueryDict

    from bench.corpus import create_sheets
    from passerelles.search.services.querying import search
    from passerelles.search.services.request import SearchRequest
    from passerelles.search_index.services.indexing import rebuild

    call_command("setup_site", demo=True, verbosity=0)
    create_sheets(int(sys.argv[2]) if len(sys.argv) > 2 else 400)
    rebuild()
    answers = []
    for query in QUERIES:
        for filters in FILTERS:
            data = QueryDict(filters, mutable=True)
            if query:
                data["q"] = query
            result = search(SearchRequest.from_query_dict(data))
            answers.append(
                {
                    "query": data.urlencode(),
                    "total": result.total,
                    "hits": [(hit.url, hit.score, hit.title_html, hit.extract_html) for hit in result.hits],
                    "facets": result.facets,
                    "suggestion": result.suggestion,
                }
            )
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(answers, out, ensure_ascii=False)


if __name__ == "__main__":
    main()
