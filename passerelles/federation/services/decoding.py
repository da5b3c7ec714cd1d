"""From a feed's bytes to text: the encoding the answer declares (HTTP charset, then the XML
declaration or the byte order mark), else the one detected in the bytes; and from HTML to the plain
text the network shows (nh3 keeps no tag, the entities are read)."""

import codecs
import html
import re

import nh3
from charset_normalizer import from_bytes

from passerelles.core.text import clean_line, clean_text

from .fetch import FeedError

XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)[\"'][^>]*\?>")
BLOCK_ENDS = re.compile(r"(?i)<br\s*/?>|</(?:p|div|li|h[1-6]|tr|blockquote)\s*>")
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _known(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def declared_encoding(body: bytes, charset: str, xml: bool) -> str:
    for bom, name in BOMS:
        if body.startswith(bom):
            return name
    if charset:
        return charset
    if xml and (match := XML_DECLARATION.match(body[:200])):
        return match.group(1).decode("ascii")
    return "utf-8"


def decode(body: bytes, charset: str = "", xml: bool = False) -> str:
    """The text of `body`: read in its declared encoding, else in the one detected, else a FeedError."""
    declared = declared_encoding(body, charset, xml)
    name = _known(declared)
    if name:
        try:
            return _without_bom(body.decode(name))
        except UnicodeDecodeError:
            pass
    guess = from_bytes(body[: 2 * 1024 * 1024]).best()
    if guess is not None and guess.encoding:
        try:
            return _without_bom(body.decode(guess.encoding))
        except (UnicodeDecodeError, LookupError):
            pass
    raise FeedError(
        f"Le flux n'est pas lisible : il se déclare en « {declared} » mais n'est pas écrit dans ce codage, "
        "et aucun autre codage ne convient. Corrigez le codage déclaré par le site (UTF-8 de préférence)."
    )


def _without_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def as_utf8_xml(text: str) -> bytes:
    """The XML text as UTF-8 bytes, its declaration saying so (the parsers then read it in UTF-8)."""
    data = text.encode("utf-8")
    return XML_DECLARATION.sub(lambda m: m.group(0).replace(m.group(1), b"utf-8"), data, count=1)


def plain_text(value: str | None, *, one_line: bool = False, limit: int = 0) -> str:
    """HTML or text as plain text: no tag kept, entities read, forbidden characters removed."""
    if not value:
        return ""
    if "<" in value or "&" in value:
        value = BLOCK_ENDS.sub("\n", value)
        value = html.unescape(nh3.clean(value, tags=set(), strip_comments=True))
    value = clean_line(value) if one_line else re.sub(r"\n{3,}", "\n\n", clean_text(value).strip())
    if limit and len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value
