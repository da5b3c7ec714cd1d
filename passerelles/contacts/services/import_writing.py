"""Writing a checked import of contacts: new contacts created, known ones completed, themes and
consents added, in the caller's transaction (importing.confirm holds it)."""

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..enums import AuditAction, OnDuplicate
from ..models import ConsentRecord, Contact, ContactImport, ContactWord, sort_name
from ..querysets import AGREEMENT_FIELDS
from . import audit

if TYPE_CHECKING:
    from .importing import Checked, Row

BATCH = 2000


class WriteRefused(Exception):
    pass


def write(contact_import: ContactImport, checked: "Checked", actor: Any) -> dict[str, int]:
    """Write the checked rows in the caller's transaction: new contacts created, known ones completed
    (empty values filled, themes and consents added). Raises WriteRefused (and the caller's
    transaction is rolled back) if the centre's contacts changed so that the file no longer fits."""
    centre_id = contact_import.centre_id
    now = timezone.now()
    source = f"import du fichier « {contact_import.filename[:120]} »"
    known = {
        c.email: c for c in Contact.objects.of_centre(centre_id).filter(email__in=[row.email for row in checked.rows])
    }
    if contact_import.on_duplicate == OnDuplicate.REPORT and known:
        raise WriteRefused(f"L'adresse « {next(iter(known))} » est devenue celle d'un contact du centre entre-temps.")
    new_rows = [row for row in checked.rows if row.email not in known]
    created: list[Contact] = []
    for start in range(0, len(new_rows), BATCH):
        batch = [_new_contact(row, centre_id, now) for row in new_rows[start : start + BATCH]]
        try:
            with transaction.atomic():
                created += Contact.objects.bulk_create(batch)
        except IntegrityError as error:
            raise WriteRefused(
                "Une adresse du fichier est devenue celle d'un contact du centre entre-temps."
            ) from error
    contacts = {c.email: c for c in created}
    updated = []
    for row in checked.rows:
        if (contact := known.get(row.email)) is not None:
            _fill(contact, row, now)
            updated.append(contact)
            contacts[row.email] = contact
    fields = ["first_name", "sort_name", "organisation", "notes", "function", "territory", "last_activity_at"]
    fields += AGREEMENT_FIELDS.values()
    Contact.objects.bulk_update(updated, fields, batch_size=BATCH)
    ContactWord.objects.write_for(updated)
    theme_link = Contact.themes.through
    present = set(
        theme_link.objects.filter(contact__in=[c.pk for c in updated]).values_list("contact_id", "concept_id")
    )
    links = [
        theme_link(contact_id=contacts[row.email].pk, concept_id=theme.pk)
        for row in checked.rows
        for theme in row.themes
        if (contacts[row.email].pk, theme.pk) not in present
    ]
    theme_link.objects.bulk_create(links, batch_size=BATCH)
    consents = [
        ConsentRecord(
            contact_id=contacts[row.email].pk,
            purpose=purpose,
            given=True,
            recorded_at=now,
            source=source[:200],
            proof=row.proof or f"Ligne {row.line} du fichier importé.",
        )
        for row in checked.rows
        for purpose in row.purposes
    ]
    # The contacts' agreement columns are checked again, and none is rewritten if all is right.
    ConsentRecord.objects.bulk_create(consents, batch_size=BATCH)
    counts = {"created": len(created), "completed": len(updated), "consents": len(consents)}
    audit.record(
        contact_import.centre,
        actor,
        AuditAction.IMPORT,
        len(created) + len(updated),
        f"Fichier « {contact_import.filename[:200]} » : {len(created)} contact(s) créé(s), "
        f"{len(updated)} complété(s), {len(consents)} consentement(s).",
    )
    return counts


def _new_contact(row: "Row", centre_id: int, now: Any) -> Contact:
    values = row.values
    return Contact(
        centre_id=centre_id,
        last_name=values.get("last_name", ""),
        first_name=values.get("first_name", ""),
        email=row.email,
        organisation=values.get("organisation", ""),
        notes=values.get("notes", ""),
        function=row.function,
        territory=row.territory,
        sort_name=sort_name(values.get("last_name", ""), values.get("first_name", "")),
        last_activity_at=now,
        # The consent records written below, at `now`, are the contact's latest.
        **{AGREEMENT_FIELDS[purpose]: True for purpose in row.purposes},
    )


def _fill(contact: Contact, row: "Row", now: Any) -> None:
    for name in ("first_name", "organisation", "notes"):
        if not getattr(contact, name) and row.values.get(name):
            setattr(contact, name, row.values[name])
    contact.function = contact.function or row.function
    contact.territory = contact.territory or row.territory
    contact.sort_name = sort_name(contact.last_name, contact.first_name)
    contact.last_activity_at = now
    for purpose in row.purposes:  # the records written at `now`: the latest ones
        setattr(contact, AGREEMENT_FIELDS[purpose], True)
