"""The digest e-mail: HTML with its CSS inlined (css-inline) and plain text, no image, no tracker."""

import html
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import css_inline
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from passerelles.core import mail

from ..enums import ALL_TYPES, ContentType, Frequency
from .finding import Item
from .links import LIST_KEY, LIST_LABEL, absolute, manage_token

TYPE_ORDER = list(ALL_TYPES)
TYPE_LABELS: dict[str, str] = {
    ContentType.SHEETS: "Fiches expérience",
    ContentType.PUBLICATIONS: "Publications",
    ContentType.SESSIONS: "Sessions avec des places",
    ContentType.CATALOGUE: "Notices des centres de documentation",
}
TYPE_SINGULAR: dict[str, str] = {
    ContentType.SHEETS: "publiée le",
    ContentType.PUBLICATIONS: "parue le",
    ContentType.SESSIONS: "annoncée le",
    ContentType.CATALOGUE: "notice reçue le",
}
PERIOD_WORDS = {Frequency.WEEKLY: "de la semaine", Frequency.MONTHLY: "du mois"}


class Renderer:
    """The mail of one run: the frame and each item rendered and CSS-inlined once, then put
    together per person (10,000 people share a few thousand items)."""

    MARK = "[[[{}]]]"  # where each person's own values go

    def __init__(self, frequency: str, until: datetime) -> None:
        self.frequency = frequency
        self.css = render_to_string("alerts/emails/digest.css")
        context = {
            "period": PERIOD_WORDS[Frequency(frequency)],
            "date": timezone.localtime(until),
            **{name: self.MARK.format(name) for name in ("name", "sections", "manage", "unsubscribe", "count")},
        }
        self.html_frame = css_inline.inline(render_to_string("alerts/emails/digest.html", context), extra_css=self.css)
        self.text_frame: str = render_to_string("alerts/emails/digest.txt", context)
        self.html_items: dict[str, str] = {}
        self.text_items: dict[str, str] = {}
        self.headings = {
            name: css_inline.inline_fragment(render_to_string("alerts/emails/heading.html", {"label": label}), self.css)
            for name, label in TYPE_LABELS.items()
        }

    def _piece(self, item: Item) -> tuple[str, str]:
        if item.key not in self.html_items:
            date = timezone.localtime(datetime.fromtimestamp(item.published, tz=UTC))
            context = {"item": item, "url": absolute(item.url), "date": date, "type": TYPE_SINGULAR[item.type]}
            self.html_items[item.key] = css_inline.inline_fragment(
                render_to_string("alerts/emails/item.html", context), self.css
            )
            self.text_items[item.key] = render_to_string("alerts/emails/item.txt", context)
        return self.html_items[item.key], self.text_items[item.key]

    def render(self, user: Any, items: list[Item]) -> tuple[str, str, str]:
        """(subject, text, html) of one person's digest."""
        by_type: dict[str, list[Item]] = defaultdict(list)
        for item in items:
            by_type[item.type].append(item)
        html_parts, text_parts = [], []
        for type_name in TYPE_ORDER:
            found = sorted(by_type.get(type_name, []), key=lambda item: (-item.published, item.key))
            if not found:
                continue
            html_parts.append(self.headings[type_name])
            text_parts.append(f"\n{TYPE_LABELS[type_name].upper()} ({len(found)})\n")
            for item in found:
                piece_html, piece_text = self._piece(item)
                html_parts.append(piece_html)
                text_parts.append(piece_text)
        name = user.get_full_name() or user.email
        values = {
            "name": name,
            "count": str(len(items)),
            "manage": absolute(reverse("alerts:manage", args=[manage_token(user)])),
            "unsubscribe": mail.unsubscribe_url(user.email, LIST_KEY, LIST_LABEL),
        }
        html_body, text_body = self.html_frame, self.text_frame
        for key, value in values.items():
            html_body = html_body.replace(self.MARK.format(key), html.escape(value))
            text_body = text_body.replace(self.MARK.format(key), value)
        html_body = html_body.replace(self.MARK.format("sections"), "".join(html_parts))
        text_body = text_body.replace(self.MARK.format("sections"), "".join(text_parts))
        count = len(items)
        subject = f"Passerelles : {count} nouveauté{'s' if count > 1 else ''} pour vos alertes"
        return subject, text_body, html_body
