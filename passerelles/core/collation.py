"""French alphabetical order of the labels users read, by ICU's collation (CLDR's French rules).

Accents, case, spaces, hyphens and apostrophes only decide between labels equal letter for letter
(« Économie » < « Éducation » < « Emploi », « Île-de-France » among the I, « œ » as « oe »), and
numbers count as numbers (« 2e » before « 10e »). Neither SQLite (binary order) nor PostgreSQL
(order of the database's collation) sorts so: small lists of labels are sorted here, in Python.
"""

import functools
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, TypeVar

import icu

T = TypeVar("T")


@functools.cache
def _collator() -> Any:
    collator = icu.Collator.createInstance(icu.Locale("fr_FR"))
    # Punctuation and spaces weigh less than any letter, accent or case difference (quaternary).
    collator.setAttribute(icu.UCollAttribute.ALTERNATE_HANDLING, icu.UCollAttributeValue.SHIFTED)
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    collator.setStrength(icu.Collator.QUATERNARY)
    # Set up once, then only read: ICU's sort keys are safe to compute from several threads.
    return collator


def key(text: str | None) -> bytes:
    """The sort key of a label in French alphabetical order (None sorts as the empty label)."""
    return _collator().getSortKey(str(text or ""))


def sorted_by(items: Iterable[T], key: Callable[[T], Any] | str = str, *, reverse: bool = False) -> list[T]:
    """The items in French alphabetical order of their label: `key` gives it (or a tuple of labels,
    compared in turn), or names its attribute."""
    label = attrgetter(key) if isinstance(key, str) else key
    return sorted(items, key=lambda item: _key_of(label(item)), reverse=reverse)


def _key_of(label: Any) -> bytes | tuple[bytes, ...]:
    if isinstance(label, tuple):
        return tuple(key(None if part is None else str(part)) for part in label)
    return key(None if label is None else str(label))
