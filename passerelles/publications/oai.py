"""The OAI-PMH 2.0 provider: the network's publications in Dublin Core (oai_dc), so that documentation
systems (PMB…) and aggregators can harvest them; withdrawn and deleted ones are declared deleted.

Sets: `centre:<slug>` and `series:<slug>` (children of `centre` and `series`). Lists are paged by
stateless signed tokens holding the request and the last (datestamp, pk) returned: keyset paging, so
a record added during a harvest shifts no page. Harvested catalogue records are never exposed here:
they belong to other catalogues."""

import datetime
from functools import partial

from django.conf import settings
from django.core import signing
from django.db.models import Exists, Min, OuterRef, Q, prefetch_related_objects
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from passerelles.centres.models import Centre
from passerelles.core.text import clean_line, clean_text, has_forbidden
from passerelles.editorial.workflow import Status

from .models import Publication, Series, oai_identifier
from .services.dublin_core import ELEMENTS, describe
from .services.oai_records import (
    METADATA_RELATIONS,
    PREFIX,
    SIGNER_SALT,
    OAIError,
    bad_argument,
    cannot_disseminate,
    exposed,
    find,
    list_query,
    page_of,
    read_token,
    stamp,
    tombstones,
)

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
# verb: (required arguments, optional arguments); resumptionToken is exclusive, see `check_request`.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
RESUMABLE = {"ListSets", "ListIdentifiers", "ListRecords"}
PARENT_SETS = {"centre": "Publications par centre éditeur", "series": "Publications par série"}


def clean(value):
    """Stored text as XML can carry it: lxml refuses control characters (core.text)."""
    return clean_text(str(value))


@csrf_exempt  # harvesters POST without a CSRF token, as the protocol allows
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    params = request.POST if request.method == "POST" else request.GET
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI}OAI-PMH.xsd")
    etree.SubElement(root, f"{{{OAI}}}responseDate").text = stamp(timezone.now())
    request_element = etree.SubElement(root, f"{{{OAI}}}request")
    request_element.text = clean(request.build_absolute_uri(request.path))
    try:
        verb, args = check_request(params)
        # Only a request found legal is echoed (spec 3.6: never for badVerb or badArgument).
        for name, value in {"verb": verb, **args}.items():
            request_element.set(name, clean(value))
        root.append(HANDLERS[verb](request, args))
    except OAIError as error:
        if error.code in {"badVerb", "badArgument"}:
            request_element.attrib.clear()
        etree.SubElement(root, f"{{{OAI}}}error", code=error.code).text = clean(error.message)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def check_request(params):
    """(verb, {argument: value}) of a legal request, or the badVerb / badArgument error."""
    if any(has_forbidden(text) for name, values in params.lists() for text in (name, *values)):
        raise bad_argument("La requête contient un caractère de contrôle : aucun paramètre OAI-PMH n'en comporte.")
    verbs = params.getlist("verb")
    if not verbs:
        raise OAIError("badVerb", "Le paramètre verb manque : indiquez l'opération OAI-PMH demandée.")
    if len(verbs) > 1:
        raise OAIError("badVerb", "Le paramètre verb est répété : une seule opération par requête.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OAIError("badVerb", f"L'opération « {verb} » n'existe pas en OAI-PMH : {', '.join(VERBS)}.")
    args = {}
    for name, values in params.lists():
        if name == "verb":
            continue
        if len(values) > 1:
            raise bad_argument(f"Le paramètre « {name} » est répété.")
        args[name] = values[0]
    required, optional = VERBS[verb]
    if "resumptionToken" in args and verb in RESUMABLE:
        if len(args) > 1:
            raise bad_argument("Le paramètre resumptionToken s'emploie seul, sans autre paramètre que verb.")
        return verb, args
    for name in args:
        if name not in required | optional:
            raise bad_argument(f"Le paramètre « {name} » n'est pas admis avec l'opération {verb}.")
    for name in sorted(required):
        if name not in args:
            raise bad_argument(f"Le paramètre « {name} » est obligatoire avec l'opération {verb}.")
    return verb, args


def token_element(query, after, cursor, size):
    """The resumptionToken of a page: a token when more follows, empty on the last page of a long list."""
    element = etree.Element(f"{{{OAI}}}resumptionToken", completeListSize=str(size), cursor=str(cursor))
    if after is not None:
        state = {**query, "after": after, "cursor": cursor + settings.PASSERELLES["OAI_PAGE_SIZE"]}
        element.text = signing.TimestampSigner(salt=SIGNER_SALT).sign_object(state, compress=True)
        hours = datetime.timedelta(hours=settings.PASSERELLES["OAI_TOKEN_HOURS"])
        element.set("expirationDate", stamp(timezone.now() + hours))
    return element


def element(parent, tag, text=None, **attributes):
    child = etree.SubElement(parent, f"{{{OAI}}}{tag}", **attributes)
    if text is not None:
        child.text = clean(text)
    return child


def header(parent, entry):
    moment, pk, item = entry
    if isinstance(item, Publication):
        deleted = item.status != Status.PUBLISHED
        specs = [f"centre:{item.centre.slug}"] + ([f"series:{item.series.slug}"] if item.series_id else [])
    else:
        deleted = True
        specs = [f"centre:{item.centre_slug}"] + ([f"series:{item.series_slug}"] if item.series_slug else [])
    node = element(parent, "header", status="deleted") if deleted else element(parent, "header")
    element(node, "identifier", oai_identifier(pk))
    element(node, "datestamp", stamp(moment))
    for spec in specs:
        element(node, "setSpec", spec)
    return deleted


def record(parent, entry, request):
    node = element(parent, "record")
    if not header(node, entry):
        dc = etree.SubElement(
            element(node, "metadata"), f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI}
        )
        dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {OAI}oai_dc.xsd")
        description = describe(entry[2], request.build_absolute_uri)
        for name in ELEMENTS:
            # Only a description may run over several lines; names and titles stay on one.
            cleaned = clean if name == "description" else clean_line
            for value in description[name]:
                if value and (text := cleaned(str(value)).strip()):
                    etree.SubElement(dc, f"{{{DC}}}{name}").text = text


def identify(request, args):
    node = etree.Element(f"{{{OAI}}}Identify")
    earliest = [
        exposed().aggregate(first=Min("updated_at"))["first"],
        tombstones().aggregate(first=Min("deleted_at"))["first"],
    ]
    namespace = settings.PASSERELLES["OAI_NAMESPACE"]
    for tag, text in (
        ("repositoryName", settings.PASSERELLES["SITE_TITLE"]),
        ("baseURL", request.build_absolute_uri(request.path)),
        ("protocolVersion", "2.0"),
        ("adminEmail", settings.PASSERELLES["OAI_ADMIN_EMAIL"]),
        ("earliestDatestamp", stamp(min((e for e in earliest if e), default=timezone.now()))),
        ("deletedRecord", "persistent"),  # published publications leave a tombstone when deleted
        ("granularity", "YYYY-MM-DDThh:mm:ssZ"),
    ):
        element(node, tag, text)
    description = etree.SubElement(
        element(node, "description"), f"{{{OAI_IDENTIFIER}}}oai-identifier", nsmap={None: OAI_IDENTIFIER, "xsi": XSI}
    )
    description.set(f"{{{XSI}}}schemaLocation", f"{OAI_IDENTIFIER} {OAI_IDENTIFIER}.xsd")
    parts = {
        "scheme": "oai",
        "repositoryIdentifier": namespace,
        "delimiter": ":",
        "sampleIdentifier": oai_identifier(1),
    }
    for tag, text in parts.items():
        etree.SubElement(description, f"{{{OAI_IDENTIFIER}}}{tag}").text = text
    return node


def list_metadata_formats(request, args):
    if "identifier" in args:
        find(args["identifier"])
    node = etree.Element(f"{{{OAI}}}ListMetadataFormats")
    fmt = element(node, "metadataFormat")
    for tag, text in (("metadataPrefix", PREFIX), ("schema", f"{OAI}oai_dc.xsd"), ("metadataNamespace", OAI_DC)):
        element(fmt, tag, text)
    return node


def list_sets(request, args):
    query = read_token(args["resumptionToken"], "ListSets") if "resumptionToken" in args else {"verb": "ListSets"}
    publications, deleted = exposed(), tombstones()
    centres = Centre.objects.filter(
        Exists(publications.filter(centre=OuterRef("pk"))) | Q(slug__in=deleted.values("centre_slug"))
    )
    series = Series.objects.filter(
        Exists(publications.filter(series=OuterRef("pk"))) | Q(slug__in=deleted.values("series_slug"))
    )
    sets = sorted(
        [*PARENT_SETS.items()]
        + [(f"centre:{centre.slug}", centre.display_name) for centre in centres]
        + [(f"series:{one.slug}", one.title) for one in series]
    )
    size = settings.PASSERELLES["OAI_PAGE_SIZE"]
    remaining = [entry for entry in sets if not query.get("after") or entry[0] > query["after"]]
    node = etree.Element(f"{{{OAI}}}ListSets")
    for spec, name in remaining[:size]:
        one = element(node, "set")
        element(one, "setSpec", spec)
        element(one, "setName", name)
    if len(remaining) > size or query.get("after"):
        after = remaining[size - 1][0] if len(remaining) > size else None
        node.append(token_element(query, after, query.get("cursor", 0), len(sets)))
    return node


def listing(request, args, verb, with_metadata):
    query = list_query(verb, args)
    entries, after, total = page_of(query, with_metadata)
    node = etree.Element(f"{{{OAI}}}{query['verb']}")
    for entry in entries:
        if with_metadata:
            record(node, entry, request)
        else:
            header(node, entry)
    if total is not None:
        node.append(token_element(query, after, query.get("cursor", 0), total))
    return node


def get_record(request, args):
    entry = find(args["identifier"])
    if args["metadataPrefix"] != PREFIX:
        raise cannot_disseminate(args["metadataPrefix"])
    if isinstance(entry[2], Publication):
        prefetch_related_objects([entry[2]], *METADATA_RELATIONS)
    node = etree.Element(f"{{{OAI}}}GetRecord")
    record(node, entry, request)
    return node


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "ListIdentifiers": partial(listing, verb="ListIdentifiers", with_metadata=False),
    "ListRecords": partial(listing, verb="ListRecords", with_metadata=True),
    "GetRecord": get_record,
}
