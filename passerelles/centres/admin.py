from django.contrib import admin
from django.db import models

from passerelles.core.access import can
from passerelles.core.admin_mixins import StaffReadMixin

from .models import Centre, CentreFact


class DirectoryPermissions(StaffReadMixin):
    """Staff read the directory; only national animators change it (checked on every write)."""

    def has_add_permission(self, request, obj=None):
        return can(request.user, "manage_directory")

    def has_change_permission(self, request, obj=None):
        return can(request.user, "manage_directory", obj)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, "manage_directory", obj)


class CentreFactInline(DirectoryPermissions, admin.TabularInline):
    model = CentreFact
    extra = 0
    fields = ["fact", "verified", "source", "note"]


@admin.register(Centre)
class CentreAdmin(DirectoryPermissions, admin.ModelAdmin):
    list_display = ["name", "short_name", "status", "level", "overseas", "legal_status"]
    list_filter = ["status", "level", "overseas", "legal_status"]
    search_fields = ["name", "short_name", "former_names"]
    prepopulated_fields = {"slug": ["short_name"]}
    raw_id_fields = ["seat"]
    filter_horizontal = ["perimeter"]
    inlines = [CentreFactInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
