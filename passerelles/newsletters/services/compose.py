"""Composing an issue: the items suggested from the centre's recent content and the network's,
chosen and put in order by hand; the editorial's Markdown made safe; the issue rendered for the web
and for e-mail (HTML with its CSS inlined, 600 px wide tables, and a plain-text part)."""

from dataclasses import dataclass
from typing import Any

import css_inline
import markdown
import nh3
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags

from passerelles.centres.models import Centre
from passerelles.events.models import Session
from passerelles.experiences.models import ExperienceSheet
from passerelles.publications.models import Publication

from ..enums import ItemKind
from ..models import Issue, Item

# What the editorial may hold once rendered: text structure and links, nothing active.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
SUGGESTIONS_PER_KIND = 8
# Put in the rendered message where each recipient's own unsubscribe link goes.
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/passerelles-newsletter"


def editorial_html(text: str) -> str:
    """The editorial's Markdown as HTML, sanitised: any HTML typed in it (scripts, styles, event
    handlers, javascript: links) is removed, whatever Markdown let through."""
    rendered = markdown.markdown(text or "", output_format="html")
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES)


def editorial_text(text: str) -> str:
    """The editorial for the plain-text part: the sanitised HTML's text, paragraphs kept apart."""
    html = editorial_html(text).replace("</p>", "</p>\n\n").replace("<br>", "\n").replace("</li>", "</li>\n")
    html = html.replace("<li>", "<li>- ")
    return "\n".join(line.rstrip() for line in strip_tags(html).strip().splitlines()).strip()


def site_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return str(settings.PASSERELLES["SITE_URL"]).rstrip("/") + path


# Suggestions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    kind: str
    object_id: int
    title: str
    url: str
    summary: str
    source: str
    when: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}"


def _sheet(sheet: ExperienceSheet) -> Suggestion:
    when = timezone.localtime(sheet.published_at) if sheet.published_at else None
    return Suggestion(
        ItemKind.SHEET,
        sheet.pk,
        sheet.title,
        sheet.get_absolute_url(),
        sheet.summary,
        sheet.centre.display_name,
        f"publiée le {date_format(when, 'j F Y')}" if when else "",
    )


def _publication(publication: Publication) -> Suggestion:
    return Suggestion(
        ItemKind.PUBLICATION,
        publication.pk,
        publication.full_title,
        publication.get_absolute_url(),
        publication.abstract,
        publication.centre.display_name,
        f"parue le {date_format(publication.publication_date, 'j F Y')}",
    )


def _session(session: Session) -> Suggestion:
    return Suggestion(
        ItemKind.SESSION,
        session.pk,
        session.title,
        session.get_absolute_url(),
        session.description,
        session.centre.display_name,
        f"le {date_format(timezone.localtime(session.starts_at), 'j F Y à H:i')}",
    )


def _sheets() -> Any:
    return ExperienceSheet.objects.published().select_related("centre")


def _publications() -> Any:
    # Not the newsletters' own archives.
    return Publication.objects.published().filter(newsletter_issue__isnull=True).select_related("centre", "series")


def _sessions() -> Any:
    return Session.objects.public().filter(starts_at__gte=timezone.now()).select_related("centre")


def _found(centres: Any) -> list[Suggestion]:
    n = SUGGESTIONS_PER_KIND
    sheets = _sheets().filter(centre__in=centres).order_by("-published_at", "-pk")[:n]
    publications = _publications().filter(centre__in=centres)
    sessions = _sessions().filter(centre__in=centres).order_by("starts_at", "pk")[:n]
    return (
        [_sheet(row) for row in sheets]
        + [_publication(row) for row in publications.order_by("-publication_date", "-pk")[:n]]
        + [_session(row) for row in sessions]
    )


def suggestions(issue: Issue) -> dict[str, list[Suggestion]]:
    """The latest content the centre published and its sessions to come, then the same from the rest
    of the network; what the issue holds already is left out."""
    chosen = {f"{kind}:{pk}" for kind, pk in issue.items.values_list("kind", "object_id")}
    own = _found(Centre.objects.filter(pk=issue.centre_id))
    network = _found(Centre.objects.exclude(pk=issue.centre_id))
    return {
        "own": [row for row in own if row.key not in chosen],
        "network": [row for row in network if row.key not in chosen],
    }


def find_suggestion(kind: str, object_id: int) -> Suggestion | None:
    """The published content a posted choice names (anything else: None)."""
    if kind == ItemKind.SHEET:
        sheet = _sheets().filter(pk=object_id).first()
        return _sheet(sheet) if sheet else None
    if kind == ItemKind.PUBLICATION:
        publication = _publications().filter(pk=object_id).first()
        return _publication(publication) if publication else None
    if kind == ItemKind.SESSION:
        session = _sessions().filter(pk=object_id).first()
        return _session(session) if session else None
    return None


# Items -------------------------------------------------------------------------------------------


@transaction.atomic
def add_items(issue: Issue, keys: list[str]) -> int:
    """Add the chosen suggestions (« kind:id ») at the end, in the order given; unknown or
    unpublished content is ignored. Returns how many were added."""
    position = (issue.items.aggregate(last=Max("position"))["last"] or 0) + 1
    added = 0
    for key in keys:
        kind, _, pk = key.partition(":")
        if not pk.isdigit():
            continue
        suggestion = find_suggestion(kind, int(pk))
        if suggestion is None or issue.items.filter(kind=kind, object_id=suggestion.object_id).exists():
            continue
        Item.objects.create(
            issue=issue,
            position=position,
            kind=suggestion.kind,
            object_id=suggestion.object_id,
            title=suggestion.title[:300],
            url=suggestion.url[:500],
            summary=suggestion.summary[:600],
            source=suggestion.source[:200],
            when=suggestion.when[:100],
        )
        position, added = position + 1, added + 1
    return added


@transaction.atomic
def move_item(issue: Issue, item_id: int, direction: str) -> None:
    """Move an item one place up or down (renumbering the issue's items 1, 2, 3…), or remove it."""
    items = list(Issue.objects.select_for_update().get(pk=issue.pk).items.all())
    index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
    if index is None:
        return
    if direction == "retirer":
        items.pop(index).delete()
    elif direction == "monter" and index > 0:
        items[index - 1], items[index] = items[index], items[index - 1]
    elif direction == "descendre" and index < len(items) - 1:
        items[index + 1], items[index] = items[index], items[index + 1]
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


# Rendering ---------------------------------------------------------------------------------------


def list_label(centre: Centre) -> str:
    return f"Lettre d'information — {centre.display_name}"


def list_key(centre: Centre) -> str:
    return f"newsletter:{centre.pk}"


def context(issue: Issue, unsubscribe_url: str = UNSUBSCRIBE_PLACEHOLDER) -> dict[str, Any]:
    items = [
        {
            "kind": item.get_kind_display(),
            "title": item.title,
            "url": site_url(item.url),
            "summary": item.summary,
            "source": item.source,
            "when": item.when,
        }
        for item in issue.items.all()
    ]
    return {
        "issue": issue,
        "centre": issue.centre,
        "editorial_html": editorial_html(issue.editorial),
        "editorial_text": editorial_text(issue.editorial),
        "items": items,
        "unsubscribe_url": unsubscribe_url,
        "centre_url": site_url(issue.centre.get_absolute_url()),
        "list_label": list_label(issue.centre),
    }


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str

    def for_recipient(self, unsubscribe_url: str) -> tuple[str, str]:
        """The HTML and text of one recipient: their own unsubscribe link in place."""
        return (
            self.html.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
            self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
        )


def render_mail(issue: Issue) -> Rendered:
    """The e-mail, rendered once per send: the CSS of its <style> inlined in the elements' style
    attributes (what webmails keep), for 600 px table layout."""
    data = context(issue)
    html = css_inline.inline(render_to_string("newsletters/mail/issue.html", data))
    text = render_to_string("newsletters/mail/issue.txt", data)
    return Rendered(subject=f"{issue.title} — {issue.centre.display_name}", html=html, text=text)
