from django.urls import path

from . import group_pages, import_pages, personal_pages, views

app_name = "contacts"
urlpatterns = [
    path("", views.index, name="index"),
    path("effectifs/", views.counts, name="counts"),
    path("centre/<slug:slug>/", views.contact_list, name="list"),
    path("centre/<slug:slug>/nouveau/", views.create, name="create"),
    path("centre/<slug:slug>/ajouter-au-groupe/", views.bulk_add, name="bulk_add"),
    path("centre/<slug:slug>/groupes/", group_pages.group_list, name="groups"),
    path("centre/<slug:slug>/groupes/nouveau/", group_pages.group_create, name="group_create"),
    path("centre/<slug:slug>/import/", import_pages.upload, name="upload"),
    path("centre/<slug:slug>/import/modele.csv", import_pages.template, name="template"),
    path("centre/<slug:slug>/contacts.csv", personal_pages.export_csv, name="export_csv"),
    path("centre/<slug:slug>/contacts.vcf", personal_pages.export_vcard, name="export_vcard"),
    path("centre/<slug:slug>/inactifs/", personal_pages.idle, name="idle"),
    path("centre/<slug:slug>/journal/", personal_pages.audit_log, name="audit"),
    path("fiche/<int:pk>/donnees.json", personal_pages.person_json, name="person_json"),
    path("fiche/<int:pk>/effacer/", personal_pages.erase, name="erase"),
    path("fiche/<int:pk>/garder/", personal_pages.keep, name="keep"),
    path("imports/<int:pk>/", import_pages.detail, name="import"),
    path("imports/<int:pk>/confirmer/", import_pages.confirm, name="import_confirm"),
    path("imports/<int:pk>/abandonner/", import_pages.cancel, name="import_cancel"),
    path("fiche/<int:pk>/", views.edit, name="edit"),
    path("fiche/<int:pk>/supprimer/", views.delete, name="delete"),
    path("fiche/<int:pk>/fusionner/", views.merge_pick, name="merge_pick"),
    path("fiche/<int:pk>/fusionner/<int:other>/", views.merge, name="merge"),
    path("groupes/<int:pk>/", group_pages.group_detail, name="group"),
    path("groupes/<int:pk>/modifier/", group_pages.group_edit, name="group_edit"),
    path("groupes/<int:pk>/supprimer/", group_pages.group_delete, name="group_delete"),
    path("groupes/<int:pk>/ajouter/", group_pages.group_add, name="group_add"),
    path("groupes/<int:pk>/retirer/<int:contact>/", group_pages.group_remove, name="group_remove"),
]
