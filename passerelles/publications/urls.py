from django.urls import path

from . import feeds, views, workspace

app_name = "publications"
urlpatterns = [
    path("", views.latest, name="latest"),
    path("series/", views.series_list, name="series_list"),
    path("series/<slug:slug>/", views.series, name="series"),
    path("catalogue/<int:pk>/", views.record, name="record"),
    path("flux/rss/", feeds.LatestRss.view, name="rss"),
    path("flux/atom/", feeds.LatestAtom.view, name="atom"),
    path("centre/<slug:slug>/rss/", feeds.LatestRss.view, name="centre_rss"),
    path("centre/<slug:slug>/atom/", feeds.LatestAtom.view, name="centre_atom"),
    *workspace.publications.url_patterns(
        path("espace/series/nouvelle/", workspace.edit_series, name="create_series"),
        path("espace/series/<slug:slug>/", workspace.edit_series, name="edit_series"),
    ),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/documents/<int:pk>/", views.document, name="document"),
]
