"""French alphabetical order of labels (core.collation), by ICU's collation."""

import random
from types import SimpleNamespace

from django.template import Context, Template

from passerelles.core import collation

# In French alphabetical order: accents, case, spaces, hyphens and apostrophes only decide between
# labels equal letter for letter; « œ » is « oe »; numbers count as numbers.
FRENCH_ORDER = [
    "Économie",
    "Éducation",
    "Emploi",
    "Ibis",
    "Île-de-France",
    "Image",
    "Lille",
    "L'Isle-d'Abeau",
    "Lyon",
    "Oeil",
    "Œuvre",
    "Ogre",
    "Paris 2e Arrondissement",
    "Paris 10e Arrondissement",
    "Saint-Denis",
    "Sainte-Anne",
]


def test_the_key_sorts_labels_in_french_alphabetical_order():
    shuffled = FRENCH_ORDER[::-1]
    random.Random(17).shuffle(shuffled)
    assert sorted(shuffled, key=collation.key) == FRENCH_ORDER
    assert sorted(shuffled) != FRENCH_ORDER  # what Python's (and SQLite's) code-point order gives


def test_accents_case_and_punctuation_only_break_ties():
    assert collation.key("education") < collation.key("éducation") < collation.key("Éducation")
    assert collation.key("Éducation") < collation.key("emploi")
    assert collation.key("Saint Denis") < collation.key("Saint-Denis") < collation.key("saintes")
    assert collation.key("l'Isle") < collation.key("lisles")
    assert collation.key("Oe") < collation.key("Œ") < collation.key("Of")
    assert collation.key(None) == collation.key("") < collation.key("A")


def test_sorted_by_reads_a_key_or_an_attribute():
    items = [SimpleNamespace(label=label) for label in ("Emploi", "Éducation", "Économie")]
    expected = ["Économie", "Éducation", "Emploi"]
    assert [item.label for item in collation.sorted_by(items, key="label")] == expected
    assert [item.label for item in collation.sorted_by(items, key=lambda item: item.label)] == expected
    assert collation.sorted_by(["Emploi", "Éducation", "Économie"]) == expected
    assert collation.sorted_by(["Emploi", "Éducation", "Économie"], reverse=True) == expected[::-1]


def test_the_template_filter_sorts_a_list_of_labels():
    template = Template('{% load collated %}{% for item in items|collated:"label" %}{{ item.label }};{% endfor %}')
    items = [SimpleNamespace(label=label) for label in ("Emploi", "Île-de-France", "Éducation", "Image")]
    assert template.render(Context({"items": items})) == "Éducation;Emploi;Île-de-France;Image;"
