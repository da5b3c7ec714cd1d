"""`{% load collated %}` then `{% for concept in concept.related.all|collated:"pref_label" %}`: a list of
labels in French alphabetical order (passerelles.core.collation), whatever order the database gave."""

from collections.abc import Iterable
from typing import Any

from django import template

from passerelles.core import collation

register = template.Library()


@register.filter
def collated(items: Iterable[Any], attribute: str = "") -> list[Any]:
    """The items sorted by their `attribute` (by their text when none is named)."""
    return collation.sorted_by(items, key=attribute or str)
