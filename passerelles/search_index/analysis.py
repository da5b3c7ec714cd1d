"""The French analysis of the network search: how text becomes the terms of the index (ADR 0005)."""

import tantivy

FRENCH = "fr"  # folded, stop words out, Snowball stemmer: used for ranking
WORDS = "fr_words"  # folded words, no stemming: autocomplete, places, one-word synonyms, spelling
ACCENTED = "fr_accented"  # lower case, accents kept: how a corrected word is written

# The forms a French stop word takes once its accents are gone ("a" for "à", "ou" for "où"),
# and the elided articles and pronouns ("l'", "qu'", "jusqu'") that the tokenizer cuts off.
FOLDED_STOP_WORDS = [
    "a",
    "ou",
    "ete",
    "etre",
    "etes",
    "etait",
    "etaient",
    "meme",
    "memes",
    "des",
    "tres",
    "apres",
    "pres",  # « près de chez nous »: folded and stemmed, it would be the acronym PRE
    "l",
    "d",
    "j",
    "m",
    "n",
    "s",
    "t",
    "c",
    "qu",
    "jusqu",
    "lorsqu",
    "puisqu",
    "quoiqu",
]


def _analyzer(stem, fold=True):
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
    )
    if stem:
        builder = builder.filter(tantivy.Filter.stopword("french"))
    if fold:
        builder = builder.filter(tantivy.Filter.ascii_fold())
    if stem:
        builder = builder.filter(tantivy.Filter.custom_stopword(FOLDED_STOP_WORDS))
        builder = builder.filter(tantivy.Filter.stemmer("french"))
    return builder.build()


FRENCH_ANALYZER = _analyzer(stem=True)
WORDS_ANALYZER = _analyzer(stem=False)
ACCENTED_ANALYZER = _analyzer(stem=False, fold=False)
