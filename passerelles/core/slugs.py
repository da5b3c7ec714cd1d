from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify


@deconstructible
class ReservedSlugValidator:
    """Refuses the slugs an app keeps for its own addresses (`/publications/flux/`…)."""

    message = "Cette adresse est réservée par le site : choisissez-en une autre."

    def __init__(self, reserved):
        self.reserved = frozenset(reserved)

    def __call__(self, value):
        if value in self.reserved:
            raise ValidationError(self.message, code="reserved")

    def __eq__(self, other):
        return isinstance(other, ReservedSlugValidator) and self.reserved == other.reserved


def unique_slug(model, title, reserved=(), fallback="contenu", max_length=200):
    """A slug for a new row of `model` from its title: free, and never one of the site's own addresses."""
    base = slugify(title)[:max_length] or fallback
    if base in reserved:
        base = f"{base}-{fallback}"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
