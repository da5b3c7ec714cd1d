"""PDF rendering by WeasyPrint from an HTML template (sheets, comparisons, attendance sheets, certificates,
reports, scenarios, demo publications): every PDF of the platform is made here, tagged PDF/UA-1."""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


def render_pdf(template, context, request=None):
    base_url = request.build_absolute_uri("/") if request else None
    return html_to_pdf(render_to_string(template, context, request), base_url)


def html_to_pdf(html, base_url=None):
    """PDF/UA-1 (ISO 14289-1), readable by screen readers: WeasyPrint tags the content from the HTML
    (structure tree, /Lang from <html lang>, the <title> shown as the window's title, images' alt
    texts, the PDF/UA identification in the XMP metadata). passerelles.testing.pdfua checks the result."""
    return HTML(string=html, base_url=base_url, url_fetcher=StaticFiles()).write_pdf(pdf_variant="pdf/ua-1")


class StaticFiles(URLFetcher):
    """The print templates' stylesheet, read from disk: a PDF never makes the server fetch an address
    (not even its own, which a busy worker could not answer), whatever a text it prints contains."""

    def fetch(self, url, headers=None):
        path = urlsplit(url).path
        if path.startswith(settings.STATIC_URL):
            name = path.removeprefix(settings.STATIC_URL)
            found = finders.find(name) or (staticfiles_storage.exists(name) and staticfiles_storage.path(name))
            if found:
                with open(found, "rb") as file:
                    body = file.read()
                return URLFetcherResponse(url, body, {"Content-Type": mimetypes.guess_type(name)[0]})
        raise ValueError(f"Not loaded in a PDF: {url}")
