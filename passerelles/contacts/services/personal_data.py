"""A centre's contacts going out (CSV, vCard, one person's data as JSON), erased on request, or
purged when idle; each time, an AuditEntry says who did it, when, what and how many.

What an erasure or a purge keeps: the AuditEntry only — the contact's internal number (which no
longer leads to anything), the number of consent records and groups it had, who erased it and
when. No name, address or organisation is kept."""

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import vobject
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.core import collation
from passerelles.core.csv_cells import spreadsheet_text

from ..enums import AuditAction, GroupKind
from ..models import AuditEntry, Contact, Group
from ..querysets import AGREEMENT_FIELDS
from . import audit

CSV_HEADER = [
    "nom",
    "prénom",
    "adresse électronique",
    "fonction",
    "structure",
    "territoire",
    "thèmes",
    "notes",
    "consentement",
]


def _themes_of(contacts: list[Contact]) -> dict[int, list[str]]:
    link = Contact.themes.through
    themes: dict[int, list[str]] = defaultdict(list)
    for contact_id, label in (
        link.objects.filter(contact__in=[c.pk for c in contacts])
        .order_by("concept__pref_label")
        .values_list("contact_id", "concept__pref_label")
    ):
        themes[contact_id].append(label)
    for labels in themes.values():
        labels.sort(key=collation.key)
    return themes


def _agreements_of(contacts: list[Contact]) -> dict[int, list[str]]:
    """Per contact, the purposes whose latest record is an agreement."""
    return {
        contact.pk: [purpose for purpose, field in sorted(AGREEMENT_FIELDS.items()) if getattr(contact, field)]
        for contact in contacts
    }


def _chunks(contacts: QuerySet[Contact], size: int = 2000) -> Iterator[list[Contact]]:
    rows = contacts.select_related("function", "territory").order_by("sort_name", "pk")
    chunk: list[Contact] = []
    for contact in rows.iterator(chunk_size=size):
        chunk.append(contact)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def csv_export(contacts: QuerySet[Contact]) -> tuple[str, int]:
    """The contacts as the import template reads them (an export imports back), every cell neutralised."""
    rows = []
    for chunk in _chunks(contacts):
        themes, agreements = _themes_of(chunk), _agreements_of(chunk)
        rows += [
            [
                c.last_name,
                c.first_name,
                c.email,
                c.function.pref_label if c.function else "",
                c.organisation,
                c.territory.key if c.territory else "",
                "|".join(themes[c.pk]),
                c.notes,
                "|".join(agreements[c.pk]),
            ]
            for c in chunk
        ]
    return spreadsheet_text(CSV_HEADER, rows), len(rows)


def vcard_export(contacts: QuerySet[Contact]) -> tuple[str, int]:
    cards, count = [], 0
    for chunk in _chunks(contacts):
        themes = _themes_of(chunk)
        for contact in chunk:
            card = vobject.vCard()
            card.add("n").value = vobject.vcard.Name(family=contact.last_name, given=contact.first_name)
            card.add("fn").value = contact.full_name
            card.add("email").value = contact.email
            if contact.organisation:
                card.add("org").value = [contact.organisation]
            if contact.function:
                card.add("title").value = contact.function.pref_label
            if themes[contact.pk]:
                card.add("categories").value = themes[contact.pk]
            if contact.notes:
                card.add("note").value = contact.notes
            cards.append(card.serialize())
            count += 1
    return "".join(cards), count


def person_data(contact: Contact) -> dict[str, Any]:
    """Everything the centre holds on one person (its log entries name it « n° <pk> »)."""
    static = collation.sorted_by(contact.groups.values_list("name", flat=True))
    rules = collation.sorted_by(
        g.name
        for g in Group.objects.filter(centre=contact.centre_id, kind=GroupKind.RULE)
        if g.members().filter(pk=contact.pk).exists()
    )
    return {
        "centre": contact.centre.name,
        "contact": {
            "nom": contact.last_name,
            "prénom": contact.first_name,
            "adresse électronique": contact.email,
            "fonction": contact.function.pref_label if contact.function else None,
            "structure": contact.organisation,
            "territoire": contact.territory.label if contact.territory else None,
            "thèmes": collation.sorted_by(t.pref_label for t in contact.themes.all()),
            "notes": contact.notes,
            "créé le": contact.created_at.isoformat(),
            "modifié le": contact.updated_at.isoformat(),
            "dernière activité": contact.last_activity_at.isoformat(),
        },
        "consentements": [
            {
                "finalité": record.get_purpose_display(),
                "accord": record.given,
                "date": record.recorded_at.isoformat(),
                "source": record.source,
                "preuve": record.proof,
            }
            for record in contact.consents.all()
        ],
        "groupes": static + rules,
        "journal": [
            {"action": entry.get_action_display(), "le": entry.at.isoformat(), "quoi": entry.detail}
            for entry in AuditEntry.objects.filter(centre=contact.centre_id, detail__contains=f"n° {contact.pk} ")
        ],
    }


def person_json(actor: Any, contact: Contact) -> str:
    data = person_data(contact)
    audit.record(contact.centre, actor, AuditAction.EXPORT_PERSON, 1, f"Données du contact n° {contact.pk} (JSON).")
    return json.dumps(data, ensure_ascii=False, indent=2)


def erase(actor: Any, contact: Contact) -> AuditEntry:
    """The contact, its consent records and its places in groups deleted; the trace keeps no personal data."""
    with transaction.atomic():
        consents, groups = contact.consents.count(), contact.groups.count()
        pk, centre = contact.pk, contact.centre
        contact.delete()
        return audit.record(
            centre,
            actor,
            AuditAction.ERASURE,
            1,
            f"Contact n° {pk} effacé à la demande de la personne, avec {consents} consentement(s) "
            f"et sa place dans {groups} groupe(s).",
        )


def idle_before(now: datetime | None = None) -> datetime:
    """Contacts with no activity since this moment are listed for review."""
    return (now or timezone.now()) - timedelta(days=settings.PASSERELLES["CONTACT_IDLE_DAYS"])


def purge_before(now: datetime | None = None) -> datetime:
    """The clock purges the contacts idle since this moment: the review period has passed."""
    return idle_before(now) - timedelta(days=settings.PASSERELLES["CONTACT_REVIEW_DAYS"])


def idle(centre: Centre, before: datetime | None = None) -> QuerySet[Contact]:
    return Contact.objects.of_centre(centre).idle_since(before or idle_before())


def purge(centre: Centre, actor: Any, before: datetime) -> int:
    """Delete the centre's contacts idle since `before`; returns how many (none: nothing recorded)."""
    with transaction.atomic():
        doomed = Contact.objects.of_centre(centre).idle_since(before)
        count = doomed.count()
        if not count:
            return 0
        doomed.delete()
        days = (timezone.now() - before).days
        audit.record(
            centre, actor, AuditAction.PURGE, count, f"{count} contact(s) sans activité depuis {days} jours effacé(s)."
        )
    return count


def purge_all(now: datetime | None = None) -> int:
    """The clock's purge: every centre's contacts idle beyond the review period."""
    before = purge_before(now)
    centres = Centre.objects.filter(pk__in=Contact.objects.idle_since(before).values("centre"))
    return sum(purge(centre, None, before) for centre in centres)


def keep(contact: Contact) -> None:
    """Staff reviewed the contact and keep it: its activity starts again."""
    Contact.objects.filter(pk=contact.pk).update(last_activity_at=timezone.now())


def record_export(centre: Centre, actor: Any, action: str, count: int, filters: str) -> None:
    audit.record(centre, actor, action, count, f"{count} contact(s) exporté(s){filters}.")
