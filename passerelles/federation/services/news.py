"""Reading a centre's news feed (RSS 0.9x/2.0, RSS 1.0, Atom). The bytes are checked first: no
document type, no entity, no external reference (core.xml_input, defusedxml), and well formed for
lxml with entities and network off; only then does feedparser read them, from a stream (given bytes,
feedparser would open a local file of that name). Titles and summaries become plain text (nh3)."""

import calendar
import datetime
import io

import feedparser
from lxml import etree

from passerelles.core.xml_input import XmlRefused, check_xml

from .decoding import as_utf8_xml, decode, plain_text
from .entries import MAX_ENTRIES, UNTITLED, NewsEntry, Reading, http_link
from .fetch import FeedError

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
ROOTS = {"rss", "feed", "RDF", "channel"}


def read_news(body: bytes, charset: str = "") -> Reading:
    data = as_utf8_xml(decode(body, charset, xml=True))
    try:
        check_xml(data)
    except XmlRefused:
        raise FeedError(
            "Le flux déclare un type de document (DOCTYPE), des entités ou une ressource externe : "
            "refusé par sécurité. Un flux RSS ou Atom n'en a pas besoin."
        ) from None
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as error:
        raise FeedError(
            f"Le flux n'est pas un XML bien formé : {plain_text(str(error), one_line=True, limit=200)}"
        ) from None
    if root is None or etree.QName(root).localname not in ROOTS:
        raise FeedError("Le fichier n'est pas un flux RSS ou Atom.")
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    reading = Reading()
    for item in parsed.entries:
        _read_item(item, reading)
        if len(reading.entries) > MAX_ENTRIES:
            raise FeedError(f"Le flux compte plus de {MAX_ENTRIES} actualités : il n'est pas moissonné.")
    return reading


def _read_item(item, reading):
    title = plain_text(item.get("title"), one_line=True, limit=500) or UNTITLED
    link = http_link(item.get("link"))
    guid = plain_text(item.get("id") or "", one_line=True) or link
    if not guid or len(guid) > 1000:
        reading.skipped.append(f"« {title} » : ni identifiant (guid, id) ni lien")
        return
    content = item.get("content") or []
    summary = item.get("summary") or (content[0].get("value") if content else "")
    reading.entries[guid] = NewsEntry(
        guid=guid,
        title=title,
        summary=plain_text(summary, limit=5000),
        published_at=_when(item.get("published_parsed") or item.get("updated_parsed")),
        url=link,
    )


def _when(parsed):
    """feedparser's UTC time tuple as an aware datetime."""
    if not parsed:
        return None
    try:
        return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)
    except (OverflowError, ValueError, OSError):
        return None
