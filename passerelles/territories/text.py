"""French-aware folding of territory names, so that "saint etienne" finds "Saint-Étienne"."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Common abbreviations in commune names, expanded before comparing.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def fold(text):
    """Lowercase, strip accents, turn punctuation (hyphens, apostrophes) into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "oe"))
    ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    words = _NON_ALNUM.sub(" ", ascii_text).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)
