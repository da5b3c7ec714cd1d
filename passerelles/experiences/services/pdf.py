"""PDF exports, rendered by WeasyPrint from the print templates."""

from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template, context, request):
    html = render_to_string(template, context, request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
