from django.contrib import admin

from passerelles.accounts.permissions import Action, can
from passerelles.core.admin_mixins import StaffReadMixin

from .models import Concept


@admin.register(Concept)
class ConceptAdmin(StaffReadMixin, admin.ModelAdmin):
    """Staff read the vocabulary; national animators maintain it."""

    list_display = ["pref_label", "scheme", "notation", "start_year", "end_year"]
    list_filter = ["scheme"]
    search_fields = ["pref_label", "alt_labels", "hidden_labels", "notation", "definition"]
    filter_horizontal = ["broader", "related", "replaced_by"]
    fieldsets = [
        (None, {"fields": ["scheme", "notation", "uri", "pref_label", "definition"]}),
        ("Autres libellés", {"fields": ["alt_labels", "hidden_labels", "ambiguous_labels"]}),
        ("Dates et sources", {"fields": ["start_year", "end_year", "history_note", "source", "scope_note"]}),
        ("Liens", {"fields": ["broader", "related", "replaced_by"]}),
    ]

    def has_add_permission(self, request):
        return can(request.user, Action.MANAGE_NETWORK)

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_NETWORK)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_NETWORK)
