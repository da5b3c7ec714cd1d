"""Responses the browser saves as a file instead of showing them."""

from django.http import HttpResponse


def as_download(response, filename):
    """`response`, offered as `filename` (ASCII: the site's own words and slugs)."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_download(text, name):
    """A CSV (text, from core.csv_cells.spreadsheet_text) offered as `name`.csv."""
    return as_download(HttpResponse(text, content_type="text/csv; charset=utf-8"), f"{name}.csv")


def pdf_download(data, name):
    """A PDF (bytes) offered as `name`.pdf."""
    return as_download(HttpResponse(data, content_type="application/pdf"), f"{name}.pdf")
