from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.sitemaps import views as sitemaps
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from passerelles.centres.forms import CommuneLookupForm
from passerelles.core.fragments import cached_fragment, cached_page, cached_response, fragment_page

from . import legal, network
from .sitemaps import SECTIONS, section_file, sitemap_version


@require_safe
def home(request):
    """The network alive: its latest sheets, publications and sessions, the search, the commune
    lookup and its figures, cached under the data's versions (website.network)."""

    def build():
        return {"lookup_form": CommuneLookupForm(), **network.home_context()}, "Accueil"

    fragment = cached_fragment("home", network.versions(), "", "website/fragments/home.html", build, request)
    return fragment_page(request, fragment)


@require_safe
def accessibility(request):
    return render(request, "website/accessibility.html")


@require_safe
def legal_notice(request):
    return render(request, "website/legal_notice.html", {"operator": legal.operator()})


@require_safe
def personal_data(request):
    return render(request, "website/personal_data.html", {"operator": legal.operator(), "kept": legal.retention()})


@require_safe
def site_map(request):
    """Made of links only: rendered once per process (core.fragments.cached_page)."""
    return cached_page(request, "site_map", "", "website/site_map.html", dict)


@require_safe
def contact(request):
    return render(request, "website/contact.html", {"operator": legal.operator()})


@require_safe
def robots_txt(request):
    context = {"sitemap_url": request.build_absolute_uri(reverse("website:sitemap"))}
    return render(request, "website/robots.txt", context, content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico where a document names no icon (the API's JSON, a CSV): the
    theme's own icon, as the pages name it (website/base.html)."""
    neutral = settings.PASSERELLES["THEME"] == "neutre"
    return redirect(static("core/favicon-neutre.svg" if neutral else "dsfr/dist/favicon/favicon.ico"))


@require_safe
def sitemap(request):
    """The index of the sitemap: one file per section and per page of 50,000 addresses (sitemaps)."""

    def respond():
        return sitemaps.index(request, SECTIONS, sitemap_url_name="website:sitemap_section").render()

    return not_for_index(cached_response(request, "sitemap", sitemap_version(), respond))


@require_safe
def sitemap_section(request, section):
    def respond():
        return section_file(request, section)

    return not_for_index(cached_response(request, f"sitemap:{section}", sitemap_version(), respond))


def not_for_index(response):
    """A sitemap leads to pages; it is not one (what Django's view says, lost by the cache)."""
    response["X-Robots-Tag"] = "noindex, noarchive"
    return response


@require_safe
def security_txt(request):
    """RFC 9116; the expiry, a year ahead, is worked out at each request so it never lapses."""
    context = {
        "contact": legal.security_contact(),
        "expires": (timezone.now() + timedelta(days=365)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "canonical": settings.PASSERELLES["SITE_URL"].rstrip("/") + request.path,
    }
    return render(request, "website/security.txt", context, content_type="text/plain; charset=utf-8")


@require_safe
def bare(request):
    """The base template and nothing else: the yardstick of `make bench` (off unless asked)."""
    if not settings.PASSERELLES["BARE_PAGE"]:
        raise Http404
    return render(request, "website/bare.html")
