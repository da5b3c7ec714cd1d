from django.urls import path

from . import views

app_name = "newsletters"
urlpatterns = [
    path("", views.index, name="index"),
    path("nouvelle/", views.create, name="create"),
    path("<int:pk>/", views.issue, name="issue"),
    path("<int:pk>/elements/", views.add_items, name="add_items"),
    path("<int:pk>/elements/<int:item>/<str:direction>/", views.move_item, name="move_item"),
    path("<int:pk>/apercu/", views.preview, name="preview"),
    path("<int:pk>/apercu/courriel/", views.preview_mail, name="preview_mail"),
    path("<int:pk>/essai/", views.send_test, name="send_test"),
    path("<int:pk>/envoi/", views.send, name="send"),
    path("<int:pk>/supprimer/", views.delete, name="delete"),
    path("numero/<int:pk>/", views.web, name="web"),
    path("abonnes/<slug:slug>/", views.subscribers, name="subscribers"),
    path("abonnes/<slug:slug>/export.csv", views.export_subscribers, name="export_subscribers"),
    path("abonnes/<slug:slug>/<int:pk>/effacer/", views.erase_subscriber, name="erase_subscriber"),
    path("abonnement/<slug:slug>/", views.subscribe, name="subscribe"),
    path("abonnement/confirmer/<str:token>/", views.confirm, name="confirm"),
]
