"""Word families: the indexed stems a query word also matches once the stemmer is done with it."""

import tantivy

from passerelles.search_index.engine import TEXT_FIELDS

from . import vocabulary

# What French derivation adds to a stem once Snowball is done (« insérer » inser / « insertion »
# insert, « sport » / « sportives » sportiv / « sportif », « médiation » mediat / « médiatrice »
# mediatric / « médiateur », « décrocher » decroch / « décrochage » decrochag / « décrocheur »):
# a word also matches the indexed stems of its family. Not « -at »: « habitat » is no « habitant ».
DERIVATIONS = ("e", "t", "if", "iv", "eur", "ric", "ment", "ement", "ag")
MIN_ROOT = 4


def derived(searcher: tantivy.Searcher, stem: str, word: str) -> list[str]:
    """The indexed stems of the family of `word` (folded), whose stem is `stem`."""
    if stem.isdigit() or len(stem) < MIN_ROOT:
        return []
    roots = {stem[: -len(end)] for end in DERIVATIONS if stem.endswith(end) and len(stem) - len(end) >= MIN_ROOT}
    roots.add(stem)
    forms = {root + end for root in roots for end in ("", *DERIVATIONS)}
    # The stemmer keeps some plurals apart from their singular (« emplois », « emploi »): both count.
    forms |= {token for number in _numbers(word) for _, token in vocabulary.analyze(number)}
    forms.discard(stem)
    return [form for form in sorted(forms) if any(searcher.doc_freq(name, form) for name in TEXT_FIELDS)]


def _numbers(word: str) -> set[str]:
    """The singular and the plural of a folded word (a plural's s or x off, an s on)."""
    return {vocabulary.singular(word), word + "s"} - {word} if word else set()
