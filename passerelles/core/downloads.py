"""Responses the browser saves as a file instead of showing them."""


def as_download(response, filename):
    """`response`, offered as `filename` (ASCII: the site's own words and slugs)."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
