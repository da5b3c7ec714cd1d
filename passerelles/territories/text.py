"""French-aware folding of territory names, so that "saint etienne" finds "Saint-Étienne" and
"Villeneuve-d’Ascq" (typographic apostrophe) finds "Villeneuve-d'Ascq"."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Punctuation and symbols of any script (’, «, –, %, _…): separators, never dropped into a word.
_NON_WORD = re.compile(r"[\W_]+")
# Common abbreviations in commune names, expanded before comparing.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def fold(text):
    """Lowercase, strip accents, turn punctuation (hyphens, apostrophes of any kind, %, _) into single
    spaces: what is left are words of letters and digits, with no wildcard for a database."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "oe"))
    # Accents off; modifier letters (the apostrophe « ʼ » is one) are separators too.
    letters = "".join(
        " " if unicodedata.category(char) == "Lm" else char for char in decomposed if not unicodedata.combining(char)
    )
    ascii_text = _NON_WORD.sub(" ", letters).encode("ascii", "ignore").decode().lower()
    words = _NON_ALNUM.sub(" ", ascii_text).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)
