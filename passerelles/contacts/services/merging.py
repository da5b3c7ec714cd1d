"""Two contacts of a centre that are one person become one: the values chosen field by field, their
themes, groups and consent records united, the other contact deleted, the merge logged."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from ..enums import AuditAction
from ..models import Contact
from . import audit

MERGED_FIELDS = ["last_name", "first_name", "email", "function", "organisation", "territory", "notes"]


class MergeRefused(Exception):
    pass


def merge(actor: Any, kept: Contact, merged: Contact, sources: dict[str, Contact]) -> Contact:
    """`kept` takes, for each field, the value of the contact `sources[field]` names; gets the
    themes, groups and consents of `merged`, which is deleted. Returns `kept`."""
    if kept.pk == merged.pk or kept.centre_id != merged.centre_id:
        raise MergeRefused("Choisissez deux contacts différents du même centre.")
    with transaction.atomic():
        kept, merged = _locked(kept, merged)
        values = {name: getattr(merged if sources.get(name) == merged else kept, name) for name in MERGED_FIELDS}
        kept.themes.add(*merged.themes.all())
        kept.groups.add(*merged.groups.all())
        merged.consents.update(contact=kept)
        merged_pk = merged.pk
        merged.delete()  # before `kept` takes its address: one address per centre
        for name, value in values.items():
            setattr(kept, name, value)
        kept.last_activity_at = timezone.now()
        kept.save()
        Contact.objects.filter(pk=kept.pk).refresh_agreements()
        audit.record(
            kept.centre,
            actor,
            AuditAction.MERGE,
            2,
            f"Contact n° {kept.pk} : le contact n° {merged_pk} y est fusionné.",
        )
    return kept


def _locked(kept: Contact, merged: Contact) -> tuple[Contact, Contact]:
    """Both rows read again under a lock, in the order of their keys (two merges never deadlock)."""
    rows = {c.pk: c for c in Contact.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk]).order_by("pk")}
    if len(rows) != 2:
        raise MergeRefused("L'un des deux contacts n'existe plus.")
    return rows[kept.pk], rows[merged.pk]
