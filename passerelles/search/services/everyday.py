"""Everyday words and the field's words for the same thing: « les vieux qui vivent seuls » is about
« personnes âgées » and « isolement social », words it does not share with the documents.

The lexicon (data/thesaurus/everyday-words.csv, one everyday word per row and its equivalents) is
read once per process. A word of a query whose stem is one of the lexicon's adds the equivalents
to its group as alternatives, weighed less than the word itself (`ranking.RELATED_WEIGHT`): the
word still counts on its own, and a document saying it outranks one saying only an equivalent.
"""

import csv
from dataclasses import dataclass
from functools import cache

from django.conf import settings

from .vocabulary import Tokens, analyze, from_zero

SEPARATOR = ";"


@dataclass(frozen=True)
class Equivalent:
    text: str  # as the lexicon writes it: shown to the user
    tokens: Tokens  # stemmed, positions from 0: a phrase of the ranked fields


@cache
def lexicon() -> dict[str, tuple[Equivalent, ...]]:
    """{stem of an everyday word: the field's words for it}, from the shipped file."""
    path = settings.PASSERELLES["EVERYDAY_WORDS_FILE"]
    found: dict[str, dict[Tokens, Equivalent]] = {}
    with open(path, encoding="utf-8", newline="") as lines:
        for row in csv.DictReader(lines):
            stems = analyze(row["mot"])
            if len(stems) != 1:  # a stop word, or more than one word: never a query's word
                continue
            for text in row["equivalents"].split(SEPARATOR):
                if phrase := analyze(text):
                    tokens = from_zero(phrase)
                    found.setdefault(stems[0][1], {}).setdefault(tokens, Equivalent(text.strip(), tokens))
    return {stem: tuple(by_tokens.values()) for stem, by_tokens in found.items()}


def equivalents(stem: str) -> tuple[Equivalent, ...]:
    """The field's words for the everyday word whose stem this is (none for another word)."""
    return lexicon().get(stem, ())
