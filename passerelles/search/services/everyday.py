"""Everyday words and the field's words for the same thing: « les vieux qui vivent seuls » is about
« personnes âgées » and « isolement social », words it does not share with the documents.

The lexicon (data/thesaurus/everyday-words.csv, one everyday word or expression per row and its
equivalents) is read once per process. A word of a query whose stem is one of the lexicon's adds
the equivalents to its group as alternatives, weighed less than the word itself
(`ranking.RELATED_WEIGHT`): the word still counts on its own, and a document saying it outranks one
saying only an equivalent. An expression of several words (« grand-père », « fin de mois ») is
found among the query's words, its stop words aside, and adds its equivalents the same way.
"""

import csv
from collections.abc import Sequence
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
def lexicon() -> dict[tuple[str, ...], tuple[Equivalent, ...]]:
    """{stems of an everyday word or expression, stop words out: the field's words for it}, from
    the shipped file."""
    path = settings.PASSERELLES["EVERYDAY_WORDS_FILE"]
    found: dict[tuple[str, ...], dict[Tokens, Equivalent]] = {}
    with open(path, encoding="utf-8", newline="") as lines:
        for row in csv.DictReader(lines):
            stems = tuple(stem for _, stem in analyze(row["mot"]))
            if not stems:  # a stop word: never a query's word
                continue
            for text in row["equivalents"].split(SEPARATOR):
                if phrase := analyze(text):
                    tokens = from_zero(phrase)
                    found.setdefault(stems, {}).setdefault(tokens, Equivalent(text.strip(), tokens))
    return {stems: tuple(by_tokens.values()) for stems, by_tokens in found.items()}


def equivalents(stem: str) -> tuple[Equivalent, ...]:
    """The field's words for the everyday word whose stem this is (none for another word)."""
    return lexicon().get((stem,), ())


def expressions(stems: Sequence[str]) -> list[tuple[int, int, tuple[Equivalent, ...]]]:
    """The everyday expressions of several words among a query's stems (stop words out), the
    longest first where two overlap: (start, end, the field's words for it)."""
    known = lexicon()
    longest = max(map(len, known), default=1)
    found, start = [], 0
    while start < len(stems):
        for end in range(min(len(stems), start + longest), start + 1, -1):
            if added := known.get(tuple(stems[start:end])):
                found.append((start, end, added))
                start = end
                break
        else:
            start += 1
    return found
