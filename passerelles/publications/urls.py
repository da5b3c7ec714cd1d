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
    path("espace/", workspace.publications.index, name="workspace"),
    path("espace/series/nouvelle/", workspace.edit_series, name="create_series"),
    path("espace/series/<slug:slug>/", workspace.edit_series, name="edit_series"),
    path("espace/nouvelle/", workspace.publications.edit, name="create"),
    path("espace/<slug:slug>/", workspace.publications.detail, name="workspace_publication"),
    path("espace/<slug:slug>/modifier/", workspace.publications.edit, name="edit"),
    path("espace/<slug:slug>/supprimer/", workspace.publications.delete, name="delete"),
    path("espace/<slug:slug>/documents/", workspace.publications.attach, name="upload"),
    path("espace/<slug:slug>/documents/<int:pk>/retirer/", workspace.publications.detach, name="remove_document"),
    path("espace/<slug:slug>/<str:transition>/", workspace.publications.change_status, name="change_status"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/documents/<int:pk>/", views.document, name="document"),
]
