"""Words typed wrong: a query word that matches nothing is matched to the closest word of the index,
and shown with its accents (« mediatoin » → « médiation »)."""

import itertools

import tantivy
from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

from passerelles.search_index.engine import EXACT_FIELD, SPELLING_FIELD, TEXT_FIELDS
from passerelles.territories.text import fold

from .vocabulary import Tokens

MIN_LENGTH = 4  # shorter words are too often acronyms nobody indexed to be « corrected »
LONG_WORD = 6  # from this length, two edits are allowed (a swap counts as one)
ACCENTS = {"a": "aàâä", "c": "cç", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü", "y": "yÿ"}


def max_edits(word: str) -> int:
    if len(word) < MIN_LENGTH or word.isdigit():
        return 0
    return 2 if len(word) >= LONG_WORD else 1


def correction(searcher: tantivy.Searcher, folded: str, stems: Tokens) -> str:
    """The indexed word (folded) to match instead of `folded` if no document has it, else ""."""
    if not stems or not max_edits(folded) or not matches_nothing(searcher, folded, stems):
        return ""
    return closest(searcher, folded)


def matches_nothing(searcher: tantivy.Searcher, folded: str, stems: Tokens) -> bool:
    """No document has the word, by its stem in any ranked field or as written."""
    if searcher.doc_freq(EXACT_FIELD, folded):
        return False
    return not any(searcher.doc_freq(name, stem) for name in TEXT_FIELDS for _, stem in stems)


def closest(searcher: tantivy.Searcher, folded: str) -> str:
    """The indexed word (folded) closest to `folded` within its edit distance, the most frequent
    of the closest; "" if none."""
    limit = max_edits(folded)
    if not limit:
        return ""
    counts: dict[str, int] = {}
    # The word's first two letters, swapped, or its first and third (a wrong second letter).
    for prefix in {folded[:2], folded[1] + folded[0], folded[0] + folded[2]}:
        for term, count in searcher.terms_with_prefix(EXACT_FIELD, prefix):
            counts[term] = count
    found = extract(folded, list(counts), scorer=OSA.distance, score_cutoff=limit, limit=50)
    if not found:
        return ""
    found.sort(key=lambda item: (item[1], -counts[item[0]], item[0]))
    return found[0][0]


def with_accents(searcher: tantivy.Searcher, folded: str) -> str:
    """The way titles and summaries most often write a folded word, accents included."""
    prefixes = {"".join(letters) for letters in itertools.product(*(ACCENTS.get(char, char) for char in folded[:2]))}
    best, best_count = folded, 0
    for prefix in prefixes:
        for term, count in searcher.terms_with_prefix(SPELLING_FIELD, prefix):
            if count > best_count and fold(term) == folded:
                best, best_count = term, count
    return best
