"""The documentation page of the API: Swagger UI from django-ninja's own static files (no CDN), started
by our static script from a data attribute (no inline script: the site's Content-Security-Policy
applies as it is)."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class LocalSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        # No deep links: Swagger UI puts their anchor inside each operation's button (nested controls).
        settings = {"url": openapi_url, "layout": "BaseLayout", "deepLinking": False, "defaultModelsExpandDepth": 0}
        text = json.dumps(settings)  # escaped by the template, in an attribute
        context = {"api": api, "openapi_url": openapi_url, "swagger_settings": text}
        return render(request, self.template, context)
