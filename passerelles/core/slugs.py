from django.utils.text import slugify


def unique_slug(model, title, reserved=(), fallback="contenu", max_length=200):
    """A slug for a new row of `model` from its title: free, and never one of the site's own addresses."""
    base = slugify(title)[:max_length] or fallback
    if base in reserved:
        base = f"{base}-{fallback}"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
