from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from passerelles.publications import oai

admin.site.site_header = "Passerelles — administration"
admin.site.site_title = "Passerelles"
admin.site.index_title = "Administration"

urlpatterns = [
    path("", include("passerelles.website.urls")),
    path("comptes/", include("passerelles.accounts.urls")),
    path("comptes/jetons/", include("passerelles.api.token_urls")),
    path("territoires/", include("passerelles.territories.urls")),
    path("centres/", include("passerelles.centres.urls")),
    path("thesaurus/", include("passerelles.thesaurus.urls")),
    path("experiences/", include("passerelles.experiences.urls")),
    path("publications/", include("passerelles.publications.urls")),
    path("oai", oai.endpoint, name="oai"),
    path("agenda/", include("passerelles.events.urls")),
    path("flux-des-centres/", include("passerelles.federation.urls")),
    path("recherche/", include("passerelles.search.urls")),
    path("lettres/", include("passerelles.newsletters.urls")),
    path("contacts/", include("passerelles.contacts.urls")),
    path("reseau/", include("passerelles.practitioners.urls")),
    path("reseau/", include("passerelles.funding.urls")),
    path("reseau/", include("passerelles.indicators.urls")),
    path("reseau/cadre/", include("passerelles.framework.urls")),
    path("reseau/", include("passerelles.reports.urls")),
    path("alertes/", include("passerelles.alerts.urls")),
    path("donnees/", include("passerelles.opendata.urls")),
    path("api/v1/", include("passerelles.api.urls")),
    path("", include("passerelles.core.urls")),
    # One sign-in page for the whole site, with its throttling and second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
