"""Which records the OAI-PMH provider exposes and how its lists are read: published publications,
withdrawn ones and tombstones (declared deleted), sets, from/until, and keyset paging under signed
stateless resumption tokens — a record added during a harvest shifts no page."""

import datetime
import re

from django.conf import settings
from django.core import signing
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects

from passerelles.editorial.workflow import Status
from passerelles.experiences.models import ExperienceSheet
from passerelles.territories.models import Territory

from ..models import DeletedPublication, Publication

PREFIX = "oai_dc"
SECONDS = "%Y-%m-%dT%H:%M:%SZ"
SIGNER_SALT = "passerelles.publications.oai"


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def bad_argument(message):
    return OAIError("badArgument", message)


def no_records():
    return OAIError("noRecordsMatch", "Aucune notice ne correspond à cette demande.")


def stamp(moment):
    return moment.astimezone(datetime.UTC).strftime(SECONDS)


def parse_date(value, name):
    """(start, end, granularity) of a from/until value, UTC, end excluded."""
    for fmt, step, granularity in (
        ("%Y-%m-%d", datetime.timedelta(days=1), "day"),
        (SECONDS, datetime.timedelta(seconds=1), "seconds"),
    ):
        try:
            start = datetime.datetime.strptime(value, fmt).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
        end = start + step if start.year < 9999 else None  # no bound past the last representable day
        return start, end, granularity
    raise bad_argument(
        f"La date {name} « {value} » n'est pas valide : écrivez AAAA-MM-JJ ou AAAA-MM-JJThh:mm:ssZ (UTC, à la seconde)."
    )


def list_query(verb, args):
    """The request of a list, from its arguments or from its token, checked."""
    if "resumptionToken" in args:
        return read_token(args["resumptionToken"], verb)
    if args.get("set") == "":
        raise bad_argument("Le paramètre set est vide : indiquez un ensemble (voir ListSets) ou retirez-le.")
    query = {"verb": verb, "from": None, "until": None, "set": args.get("set")}
    bounds = {name: parse_date(args[name], name) for name in ("from", "until") if name in args}
    if len(bounds) == 2:
        if bounds["from"][2] != bounds["until"][2]:
            raise bad_argument("Les dates from et until doivent avoir la même précision (au jour ou à la seconde).")
        if bounds["from"][0] > bounds["until"][0]:
            raise bad_argument("La date from est postérieure à la date until.")
    if args["metadataPrefix"] != PREFIX:
        raise cannot_disseminate(args["metadataPrefix"])
    if "from" in bounds:
        query["from"] = bounds["from"][0].isoformat()
    if "until" in bounds and bounds["until"][1]:
        query["until"] = bounds["until"][1].isoformat()
    return query


def cannot_disseminate(prefix):
    return OAIError("cannotDisseminateFormat", f"Le format « {prefix} » n'est pas proposé : seul oai_dc l'est.")


def read_token(token, verb):
    try:
        max_age = datetime.timedelta(hours=settings.PASSERELLES["OAI_TOKEN_HOURS"])
        query = signing.TimestampSigner(salt=SIGNER_SALT).unsign_object(token, max_age=max_age)
        if query["verb"] == verb:
            return query
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        pass
    raise OAIError("badResumptionToken", "Ce jeton de reprise n'est pas valide ou a expiré : recommencez la moisson.")


def exposed():
    """Published publications, and the withdrawn ones (declared deleted)."""
    return Publication.objects.published() | Publication.objects.withdrawn()


def tombstones():
    # A tombstone whose publication row exists again (restored from a backup) is not a deleted record.
    return DeletedPublication.objects.filter(~Exists(Publication.objects.filter(pk=OuterRef("publication_pk"))))


def parse_identifier(value):
    pattern = rf"oai:{re.escape(settings.PASSERELLES['OAI_NAMESPACE'])}:publication:([1-9][0-9]{{0,18}})"
    match = re.fullmatch(pattern, value)
    return int(match[1]) if match else None


def set_filters(spec):
    """(publications filter, tombstones filter) of a setSpec; None for a set that does not exist."""
    if spec is None or spec == "centre":
        return Q(), Q()
    if spec == "series":
        return Q(series__isnull=False), ~Q(series_slug="")
    kind, _, slug = spec.partition(":")
    if kind == "centre" and slug:
        return Q(centre__slug=slug), Q(centre_slug=slug)
    if kind == "series" and slug:
        return Q(series__slug=slug), Q(series_slug=slug)
    return None


def listed(query):
    """(publications, tombstones) matching a list request, without paging."""
    filters = set_filters(query["set"])
    if filters is None:
        raise no_records()
    publications, deleted = exposed().filter(filters[0]), tombstones().filter(filters[1])
    if query["from"]:
        start = datetime.datetime.fromisoformat(query["from"])
        publications, deleted = publications.filter(updated_at__gte=start), deleted.filter(deleted_at__gte=start)
    if query["until"]:
        end = datetime.datetime.fromisoformat(query["until"])
        publications, deleted = publications.filter(updated_at__lt=end), deleted.filter(deleted_at__lt=end)
    return publications, deleted


def page_of(query, with_metadata):
    """The entries (datestamp, pk, publication or tombstone) of one page, the keyset position after
    it (None on the last page) and the size of the whole list (None when it fits in one page)."""
    size = settings.PASSERELLES["OAI_PAGE_SIZE"]
    publications, deleted = listed(query)
    pages = publications, deleted
    if query.get("after"):
        moment, pk = datetime.datetime.fromisoformat(query["after"][0]), query["after"][1]
        pages = (
            publications.filter(Q(updated_at__gt=moment) | Q(updated_at=moment, pk__gt=pk)),
            deleted.filter(Q(deleted_at__gt=moment) | Q(deleted_at=moment, publication_pk__gt=pk)),
        )
    # size + 1 of each, merged: enough to know whether another page follows.
    publication_page = pages[0].select_related("centre", "series", "session").order_by("updated_at", "pk")[: size + 1]
    tombstone_page = pages[1].order_by("deleted_at", "publication_pk")[: size + 1]
    entries = sorted(
        [(p.updated_at, p.pk, p) for p in publication_page]
        + [(t.deleted_at, t.publication_pk, t) for t in tombstone_page],
        key=lambda entry: entry[:2],
    )
    entries, more = entries[:size], len(entries) > size
    if not entries:
        raise no_records()
    if with_metadata:
        prefetch_related_objects(
            [e[2] for e in entries if isinstance(e[2], Publication) and e[2].status == Status.PUBLISHED],
            *METADATA_RELATIONS,
        )
    after = [entries[-1][0].isoformat(), entries[-1][1]] if more else None
    total = publications.count() + deleted.count() if more or query.get("after") else None
    return entries, after, total


METADATA_RELATIONS = (
    "contributors",
    "documents",
    "themes",
    "schemes",
    "publics",
    Prefetch("related_sheets", queryset=ExperienceSheet.objects.published()),  # never a draft's address
    Prefetch("territories", queryset=Territory.objects.select_related("parent")),  # its label names the parent
)


def find(value):
    """The entry of an identifier (a published or withdrawn publication, or a tombstone), or idDoesNotExist."""
    pk = parse_identifier(value)
    publication = exposed().select_related("centre", "series", "session").filter(pk=pk).first() if pk else None
    if publication:
        return publication.updated_at, pk, publication
    tombstone = tombstones().filter(publication_pk=pk).first() if pk else None
    if tombstone:
        return tombstone.deleted_at, pk, tombstone
    raise OAIError("idDoesNotExist", f"L'identifiant « {value} » n'existe pas dans cet entrepôt.")
