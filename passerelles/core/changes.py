"""What a form hands to a service once it has validated the input: the row with its new values
(not saved yet), the rows its many-to-many fields link to, and its repeated parts (rows of an inline
formset to save or delete). Services take this data, never the form: they check permissions and
rules, then write it all in one transaction (`apply`)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.db import models

Row = TypeVar("Row", bound=models.Model, covariant=True)


@dataclass(frozen=True)
class Parts:
    """Rows that belong to the changed row through their foreign key `link`: `changed` (new or
    modified) are saved pointing to it, `deleted` are deleted."""

    link: str
    changed: Sequence[models.Model] = ()
    deleted: Sequence[models.Model] = ()


@dataclass(frozen=True)
class Changes(Generic[Row]):
    row: Row
    links: Mapping[str, Iterable[models.Model]] = field(default_factory=dict)
    parts: Sequence[Parts] = ()

    @property
    def is_new(self) -> bool:
        return self.row.pk is None

    def apply(self) -> Row:
        """Write the row, then its links and parts (call it inside the service's transaction)."""
        self.row.save()
        for name, rows in self.links.items():
            getattr(self.row, name).set(rows)
        for parts in self.parts:
            for part in parts.deleted:
                part.delete()
            for part in parts.changed:
                setattr(part, parts.link, self.row)
                part.save()
        return self.row


def changes_of(form, *formsets) -> Changes:
    """The changes a valid ModelForm (and its valid inline formsets) carry. The form's own many-to-
    many fields are taken as they are; a form adds those it fills another way by `links()`."""
    row = form.save(commit=False)
    names = [f.name for f in row._meta.many_to_many if f.name in form.cleaned_data]
    links = {name: list(form.cleaned_data[name]) for name in names}
    if hasattr(form, "links"):
        links.update(form.links())
    parts = []
    for formset in formsets:
        changed = formset.save(commit=False)
        parts.append(Parts(formset.fk.name, changed, list(formset.deleted_objects)))
    return Changes(row, links, parts)
