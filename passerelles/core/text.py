"""Text from outside (forms, imports, URL parameters, harvested records) cleaned at the boundary, and
stored text made safe for the formats that cannot carry everything (XML, iCalendar, mail headers).

Forbidden everywhere: control characters except tab, line feed and carriage return (C0, DEL, C1),
the non-characters U+FFFE and U+FFFF, and lone surrogates (vertical tab, form feed and NEL are
turned into line breaks, which they mean when pasted). None is ever typed on purpose; XML,
iCalendar and PostgreSQL refuse some of them, and a pasted vertical tab once made every feed fail.
A form or an import removes them silently (a pasted character is nobody's fault); a URL parameter
holding one is refused (core.middleware)."""

import re

from django.utils.datastructures import MultiValueDict

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# A word processor's manual line break (vertical tab), page break (form feed) and the old "next
# line" are line breaks, not noise: they become one.
BREAKS = re.compile("[\x0b\x0c\x85]")
# Whatever breaks a line (or a tab), for the values that must stay on one: titles, names, subjects.
LINE_BREAKS = re.compile(r"\s*[\t\r\n\u2028\u2029]\s*")


def has_forbidden(value):
    return bool(FORBIDDEN.search(value))


def clean_text(value):
    """`value` without forbidden characters (None and non-text values are returned as they are)."""
    return FORBIDDEN.sub("", BREAKS.sub("\n", value)) if isinstance(value, str) else value


def clean_line(value):
    """Cleaned and on one line: line breaks become one space; for titles, names and mail subjects."""
    if not isinstance(value, str):
        return value
    return LINE_BREAKS.sub(" ", clean_text(value)).strip()


def clean_data(data, single_line=(), untouched=()):
    """A cleaned copy of submitted form data (a QueryDict or a dict): the keys in `single_line` are
    also put on one line, those in `untouched` (passwords) are kept as typed. Files are not in
    `data`: the upload checks judge them."""

    def clean(key, value):
        if key in untouched:
            return value
        return clean_line(value) if key in single_line else clean_text(value)

    if isinstance(data, MultiValueDict):  # a QueryDict
        return MultiValueDict({clean_text(key): [clean(key, v) for v in values] for key, values in data.lists()})
    return {clean_text(key): clean(key, value) for key, value in data.items()}
