"""schema.org descriptions written as JSON-LD inside a page: the pieces every app's builder shares
(the app's own `jsonld.py` says what its things are). The script is data, never executed, so the
Content-Security-Policy lets it through; what it holds is escaped so that it cannot end its element."""

import json
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

SCHEMA = "https://schema.org/"
CONTEXT = "https://schema.org"
# What json_script escapes, so that the data cannot close the <script> element it sits in.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
# Licences named in the site's own words, and the address that identifies each.
LICENCES = {
    "cc by 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc by-sa 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc by-nc 4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "cc by-nc-sa 4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "cc by-nd 4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "cc by-nc-nd 4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    "cc0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "licence ouverte 2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "etalab 2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def script(data: dict[str, Any]) -> SafeString:
    """The JSON-LD, safe inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(SCRIPT_ESCAPES))  # noqa: S308


def moment(value: datetime) -> str:
    """ISO 8601 with the offset of French time: 2027-03-04T09:30:00+01:00."""
    return timezone.localtime(value).isoformat()


def day(value: date) -> str:
    return value.isoformat()


def licence(text: str) -> str:
    """The address of a known licence, else the text as written (« Tous droits réservés »)."""
    return LICENCES.get(" ".join(text.split()).casefold(), text)


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Without the properties that say nothing (empty text, no date, empty list)."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
