"""A PDF/UA-1 (ISO 14289-1) check, for the tests, of what a machine can verify in a PDF with pypdf.

veraPDF, the reference checker, is published neither on PyPI nor in Debian nor on npm; this checks the
requirements it would check that matter to a screen reader's user: a tagged document (/MarkInfo,
a tree of standard structure types, every piece of text and image tagged or marked as an artifact),
its language, its title (in the XMP metadata, shown in the window's title), the PDF/UA identification,
alternative texts of figures, headings that start at H1 and skip no level, tab order following the
structure, described links, embedded fonts. `assert_pdf_ua(data)` in a test; `pdf_ua_problems(data)`
lists what fails."""

import io
import re

from defusedxml import ElementTree
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

# ISO 32000-1, 14.8.4: the standard structure types (any other must be role-mapped to one of them).
STANDARD_ROLES = (
    {"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct", "Private"}
    | {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody"}
    | {"Table", "TR", "TH", "TD", "THead", "TBody", "TFoot"}
    | {"Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot"}
    | {"Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"}
)
CONTENT_ROLES = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "Table", "Figure"}
# What paints on the page (text, paths, shadings, images): never outside a tagged sequence or an artifact.
PAINTING_OPERATORS = {b"Tj", b"TJ", b"'", b'"', b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"Do"}
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def assert_pdf_ua(data: bytes, title: str = ""):
    """Fails with the list of what is missing; `title`, when given, must be part of the document's title."""
    problems = pdf_ua_problems(data, title)
    assert problems == [], "Not PDF/UA-1:\n" + "\n".join(problems)


def pdf_ua_problems(data: bytes, title: str = "") -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    problems = []
    if not _get(catalog, "/MarkInfo", {}).get("/Marked"):
        problems.append("the catalog's /MarkInfo /Marked is not true (not a tagged PDF)")
    if not str(catalog.get("/Lang", "")).lower().startswith("fr"):
        problems.append(f"the document's language /Lang is {catalog.get('/Lang')!r}, not French")
    if not _get(catalog, "/ViewerPreferences", {}).get("/DisplayDocTitle"):
        problems.append("/ViewerPreferences /DisplayDocTitle is not true (the window shows the file name)")
    problems += _metadata_problems(catalog, title)
    tree = _get(catalog, "/StructTreeRoot")
    if tree is None:
        return [*problems, "no /StructTreeRoot: the document has no structure tree"]
    problems += _tree_problems(tree)
    problems += _page_problems(reader, _parent_tree(_get(tree, "/ParentTree", {})))
    return problems


def _get(dictionary, key, default=None):
    value = dictionary.get(key, default)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _metadata_problems(catalog, title):
    metadata = _get(catalog, "/Metadata")
    if metadata is None:
        return ["no XMP /Metadata (title and PDF/UA identification)"]
    xmp = ElementTree.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", metadata.get_data()).strip())
    problems = []
    descriptions = xmp.iter(f"{{{NS['rdf']}}}Description")
    parts = [d.get(f"{{{NS['pdfuaid']}}}part") or d.findtext("pdfuaid:part", namespaces=NS) for d in descriptions]
    if "1" not in parts:
        problems.append("the XMP metadata do not identify PDF/UA-1 (pdfuaid:part 1)")
    titles = [li.text or "" for li in xmp.iterfind(".//dc:title//rdf:li", NS)]
    if not any(text.strip() for text in titles):
        problems.append("the XMP metadata have no dc:title")
    elif title and not any(title in text for text in titles):
        problems.append(f"the document's title {titles} does not hold {title!r}")
    return problems


def _elements(node):
    """The structure elements under `node` (a /K entry), in reading order."""
    node = node.get_object() if isinstance(node, IndirectObject) else node
    if isinstance(node, ArrayObject):
        for kid in node:
            yield from _elements(kid)
    elif isinstance(node, DictionaryObject) and "/S" in node and node.get("/Type", "/StructElem") == "/StructElem":
        yield node
        yield from _elements(node.get("/K", ArrayObject()))


def _tree_problems(tree):
    role_map = {str(k)[1:]: str(v)[1:] for k, v in _get(tree, "/RoleMap", {}).items()}
    problems, roles, level = [], set(), 0
    for element in _elements(tree.get("/K", ArrayObject())):
        role = str(element["/S"])[1:]
        while role in role_map and role not in STANDARD_ROLES:
            role = role_map[role]
        roles.add(role)
        if role not in STANDARD_ROLES:
            problems.append(f"the structure type /{role} is neither standard nor role-mapped to one")
        if role == "Figure" and not str(element.get("/Alt", "") or element.get("/ActualText", "")).strip():
            problems.append("a /Figure has no alternative text (/Alt)")
        if re.fullmatch(r"H[1-6]", role):
            if int(role[1]) > level + 1:
                problems.append(f"a heading /{role} follows {f'/H{level}' if level else 'no heading'}: levels skipped")
            level = int(role[1])
    if not roles & CONTENT_ROLES:
        problems.append(f"the structure tree holds no headings, paragraphs, lists, tables or figures: {roles}")
    return problems


def _parent_tree(node, found=None):
    """The number tree /ParentTree: {a page's /StructParents: [the structure element of each MCID]}."""
    found = {} if found is None else found
    nums = node.get("/Nums", ArrayObject())
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        found[int(key)] = value.get_object()
    for kid in node.get("/Kids", ArrayObject()):
        _parent_tree(kid.get_object(), found)
    return found


def _page_problems(reader, parents):
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        if page.get("/Tabs") != "/S":
            problems.append(f"page {number}: /Tabs is not /S (tab order not that of the structure)")
        elements = parents.get(page.get("/StructParents", -1), ArrayObject())
        for mcid in _marked_content(page, number, problems):
            element = elements[mcid].get_object() if mcid < len(elements) else None
            if not isinstance(element, DictionaryObject) or "/S" not in element:
                problems.append(f"page {number}: the marked content {mcid} belongs to no structure element")
        for annotation in (a.get_object() for a in page.get("/Annots", ArrayObject())):
            if annotation.get("/Subtype") == "/Link" and not (
                annotation.get("/Contents") and "/StructParent" in annotation
            ):
                problems.append(f"page {number}: a link is not tagged or has no description (/Contents)")
        problems += _font_problems(page, number)
    return problems


def _marked_content(page, number, problems):
    """The MCIDs of the page's content; everything painted must be in a tagged sequence or an artifact."""
    contents = page.get_contents()
    if contents is None:
        return
    stack, untagged = [], 0
    for operands, operator in ContentStream(contents, page.pdf).operations:
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if operator == b"BDC" else {}
            mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
            stack.append((operands[0] == "/Artifact", mcid))
            if mcid is not None:
                yield int(mcid)
        elif operator == b"EMC" and stack:
            stack.pop()
        elif operator in PAINTING_OPERATORS and not any(artifact or mcid is not None for artifact, mcid in stack):
            untagged += 1
    if untagged:
        problems.append(f"page {number}: {untagged} piece(s) of text or drawing neither tagged nor an artifact")


def _font_problems(page, number):
    problems = []
    resources = _get(page, "/Resources", {})
    for name, font in _get(resources, "/Font", {}).items():
        font = font.get_object()
        if font.get("/Subtype") == "/Type3":
            continue
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = _get(font, "/FontDescriptor", {})
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append(f"page {number}: the font {name} ({font.get('/BaseFont')}) is not embedded")
    return problems
