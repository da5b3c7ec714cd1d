from django.urls import path, register_converter

from . import views


class Format:
    regex = "pdf|csv|ods"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(Format, "format")
app_name = "reports"

urlpatterns = [
    path("rapports/", views.index, name="index"),
    path("rapport-du-reseau/<int:year>/", views.network_page, name="network"),
    path("rapport-du-reseau/<int:year>/rapport.<format:fmt>", views.network_export, name="network_export"),
    path("rapports/<slug:slug>/<int:year>/", views.report_page, name="report"),
    path("rapports/<slug:slug>/<int:year>/rapport.<format:fmt>", views.report_export, name="export"),
    path("rapports/<slug:slug>/<int:year>/<slug:name>/", views.transition, name="transition"),
]
