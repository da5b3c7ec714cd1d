"""Harvesting a centre's documentation catalogue over OAI-PMH (oai_dc) into `CatalogueRecord` rows.

Layered as a client (sickle for HTTP and the records; every failure becomes a French
`HarvestError`), an importer (each page's records are stored in one transaction with the token that
follows them) and the thin `harvest_oai` command. A run interrupted at any point keeps the pages
already stored and the token: the next run resumes from it. A completed run remembers the
provider's date of its start, and the next one asks only what changed since (`from`).

An answer declaring a document type or entities is refused before lxml reads it (core.xml_input),
and what is kept of a record is cleaned of control characters (core.text)."""

import datetime
from dataclasses import dataclass, field

import requests
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import Truncator
from lxml import etree
from sickle import Sickle
from sickle.models import Record

from passerelles.core.text import clean_line, clean_text
from passerelles.core.xml_input import XmlRefused, check_xml

from ..models import CatalogueRecord, HarvestSource
from .dublin_core import ELEMENTS

OAI = "{http://www.openarchives.org/OAI/2.0/}"
OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
UNTITLED = "(sans titre)"
# No entities, no network: a catalogue's answer is data, never instructions to fetch more.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class HarvestError(Exception):
    """The catalogue could not be harvested; the message is for the person, in French."""


class ProviderError(HarvestError):
    """An OAI-PMH error answered by the catalogue (`code` as the protocol names it)."""

    def __init__(self, code, text, root):
        super().__init__(f"Le catalogue a refusé la demande ({code}) : {text or 'sans explication'}.")
        self.code = code
        self.root = root


@dataclass
class Entry:
    """One record of a page, read and checked."""

    identifier: str
    datestamp: datetime.datetime
    deleted: bool
    dublin_core: dict = field(default_factory=dict)


@dataclass
class Page:
    """What the progress callback receives after each stored page."""

    number: int
    records: int
    complete_list_size: int | None


@dataclass
class HarvestResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    pages: int = 0
    resumed: bool = False
    skipped: list = field(default_factory=list)  # (identifier, French reason) of records left out


# ---------------------------------------------------------------- the client


class Client:
    """One OAI-PMH provider, reached through sickle."""

    def __init__(self, base_url, timeout=60):
        self.base_url = base_url
        # Retries only on 503 (the protocol's "come back later"), after its Retry-After.
        self.sickle = Sickle(base_url, max_retries=2, default_retry_after=10, timeout=timeout)

    def request(self, **params):
        """The parsed answer (root element), or a HarvestError (ProviderError for an OAI error)."""
        try:
            response = self.sickle.harvest(**params)
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else "?"
            raise HarvestError(f"Le catalogue {self.base_url} a répondu par une erreur HTTP {status}.") from error
        except requests.Timeout as error:
            raise HarvestError(f"Le catalogue {self.base_url} n'a pas répondu à temps.") from error
        except requests.ConnectionError as error:
            raise HarvestError(
                f"Le catalogue {self.base_url} est injoignable : la connexion a échoué ou a été interrompue."
            ) from error
        except requests.RequestException as error:
            raise HarvestError(f"La requête au catalogue {self.base_url} a échoué.") from error
        content = response.http_response.content
        try:
            check_xml(content)
        except XmlRefused as error:
            raise HarvestError(
                f"L'adresse {self.base_url} ne répond pas en OAI-PMH : sa réponse déclare un type de document "
                "(DOCTYPE) ou des entités, refusés par sécurité."
            ) from error
        try:
            root = etree.fromstring(content, PARSER)
        except etree.XMLSyntaxError:
            root = None
        if root is None or root.tag != f"{OAI}OAI-PMH":
            raise HarvestError(f"L'adresse {self.base_url} ne répond pas en OAI-PMH : vérifiez-la.")
        fault = root.find(f"{OAI}error")
        if fault is not None:
            raise ProviderError(fault.get("code", "inconnue"), (fault.text or "").strip(), root)
        return root

    def day_granularity(self):
        """Whether the provider's dates stop at the day (Identify); then `from` is a day."""
        granularity = self.request(verb="Identify").findtext(f"{OAI}Identify/{OAI}granularity") or ""
        return granularity.strip() != "YYYY-MM-DDThh:mm:ssZ"


def read_date(text):
    """An aware UTC datetime from an OAI date (day or second), or None."""
    text = (text or "").strip()
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)):
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def read_record(element):
    """(Entry, None) for a record that can be kept, (None, French reason) otherwise."""
    try:
        record = Record(element)
    except (AttributeError, IndexError):  # no header, or no metadata at all
        return None, "en-tête ou métadonnées absentes"
    identifier = clean_line(record.header.identifier or "")
    if not identifier or len(identifier) > CatalogueRecord._meta.get_field("oai_identifier").max_length:
        return None, "identifiant absent ou trop long"
    datestamp = read_date(record.header.datestamp)
    if datestamp is None:
        return None, f"date « {record.header.datestamp} » illisible"
    if record.deleted:
        return Entry(identifier, datestamp, deleted=True), None
    if record.xml.find(f".//{OAI}metadata")[0].tag != OAI_DC:
        return None, "métadonnées dans un autre format que Dublin Core (oai_dc)"
    values = {
        name: [clean_text(v).strip() for v in record.metadata.get(name, []) if v and clean_text(v).strip()]
        for name in ELEMENTS
    }
    return Entry(identifier, datestamp, deleted=False, dublin_core={k: v for k, v in values.items() if v}), None


def read_page(root):
    """(entries, skipped, next token, complete list size) of a ListRecords answer."""
    listing = root.find(f"{OAI}ListRecords")
    if listing is None:
        raise HarvestError("Le catalogue a répondu sans liste de notices (ListRecords) : réponse invalide.")
    entries, skipped = {}, []
    for element in listing.iterfind(f"{OAI}record"):
        entry, reason = read_record(element)
        if entry:
            entries[entry.identifier] = entry  # a record twice on a page: the last one counts
        else:
            skipped.append((element.findtext(f"{OAI}header/{OAI}identifier") or "(sans identifiant)", reason))
    token = listing.find(f"{OAI}resumptionToken")
    size = token.get("completeListSize", "") if token is not None else ""
    next_token = (token.text or "").strip() if token is not None else ""
    return list(entries.values()), skipped, next_token, int(size) if size.isdigit() else None


# ---------------------------------------------------------------- the importer


def source_for(centre, base_url, set_spec=""):
    """The HarvestSource of this catalogue for this centre, created on its first harvest."""
    base_url = base_url.strip()
    try:
        URLValidator(schemes=["http", "https"])(base_url)
    except ValidationError:
        raise HarvestError(f"« {base_url} » n'est pas une adresse http(s) valide.") from None
    if len(base_url) > HarvestSource._meta.get_field("base_url").max_length:
        raise HarvestError("Cette adresse est trop longue (500 caractères au plus).")
    return HarvestSource.objects.get_or_create(centre=centre, base_url=base_url, set_spec=set_spec.strip())[0]


def harvest(source, *, from_date=None, progress=None, client=None):
    """Harvest `source` from where it stopped (or from `from_date`, which forces a new start).
    Returns a HarvestResult; a HarvestError is also kept in `source.last_error`."""
    client = client or Client(source.base_url)
    result = HarvestResult()
    try:
        _run(source, client, result, from_date, progress)
    except HarvestError as error:
        source.last_error = str(error)
        HarvestSource.objects.filter(pk=source.pk).update(last_error=source.last_error)
        raise
    return result


def _run(source, client, result, from_date, progress):
    if from_date is not None:
        _forget_token(source)
    token = source.resumption_token
    result.resumed = bool(token)
    if not token:
        source.day_granularity = client.day_granularity()
        HarvestSource.objects.filter(pk=source.pk).update(day_granularity=source.day_granularity)
    while True:
        params = {"verb": "ListRecords", "resumptionToken": token} if token else _first_request(source, from_date)
        try:
            root = client.request(**params)
            entries, skipped, next_token, size = read_page(root)
        except ProviderError as error:
            if error.code == "badResumptionToken" and token:
                _forget_token(source)  # expired: start again from `from`; storing a record twice is harmless
                token = ""
                continue
            if error.code != "noRecordsMatch":
                raise
            root, entries, skipped, next_token, size = error.root, [], [], "", 0  # nothing new
        if next_token and next_token == token:
            raise HarvestError("Le catalogue renvoie toujours le même jeton de reprise : moisson arrêtée.")
        started = source.run_started_at or read_date(root.findtext(f"{OAI}responseDate")) or timezone.now()
        _store_page(source, entries, token, next_token, started, result)
        result.pages += 1
        result.skipped += skipped
        if progress:
            progress(Page(result.pages, len(entries) + len(skipped), size))
        if not next_token:
            return
        token = next_token


def _first_request(source, from_date):
    params = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    if source.set_spec:
        params["set"] = source.set_spec
    start = from_date or source.harvested_until
    if start:
        if not isinstance(start, datetime.datetime):
            start = datetime.datetime.combine(start, datetime.time(), tzinfo=datetime.UTC)
        start = start.astimezone(datetime.UTC)
        params["from"] = start.date().isoformat() if source.day_granularity else start.strftime("%Y-%m-%dT%H:%M:%SZ")
    return params


def _forget_token(source):
    source.resumption_token, source.run_started_at = "", None
    HarvestSource.objects.filter(pk=source.pk).update(resumption_token="", run_started_at=None)


@transaction.atomic
def _store_page(source, entries, token, next_token, started, result):
    """A page's records with the token that follows them, or with the end of the run: all or nothing."""
    locked = HarvestSource.objects.select_for_update().get(pk=source.pk)
    if locked.resumption_token != token:
        raise HarvestError("Une autre moisson de ce catalogue est en cours : réessayez quand elle sera finie.")
    known = {
        row.oai_identifier: row
        for row in CatalogueRecord.objects.filter(source=source, oai_identifier__in=[e.identifier for e in entries])
    }
    for entry in entries:
        row = known.get(entry.identifier)
        if entry.deleted:  # an unknown deleted record has nothing to withdraw
            if row and not row.deleted:
                row.deleted, row.datestamp = True, entry.datestamp
                row.save()
                result.deleted += 1
            continue
        if row is None:
            row = CatalogueRecord(source=source, oai_identifier=entry.identifier)
            result.created += 1
        else:
            result.updated += 1
        _fill(row, source, entry)
        row.save()
    source.resumption_token = next_token
    source.run_started_at = started if next_token else None
    if not next_token:
        source.harvested_until, source.last_run_at, source.last_error = started, timezone.now(), ""
    source.save(update_fields=["resumption_token", "run_started_at", "harvested_until", "last_run_at", "last_error"])


def _fill(row, source, entry):
    dc = entry.dublin_core
    title = clean_line(next(iter(dc.get("title", [])), UNTITLED))
    row.centre_id = source.centre_id
    row.datestamp, row.deleted, row.dublin_core = entry.datestamp, False, dc
    row.title = Truncator(title).chars(CatalogueRecord._meta.get_field("title").max_length)
    row.source_url = next((url for url in dc.get("identifier", []) if _is_link(url)), "")


def _is_link(value):
    if len(value) > CatalogueRecord._meta.get_field("source_url").max_length:
        return False
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True
