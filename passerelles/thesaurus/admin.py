from django.contrib import admin

from passerelles.accounts.permissions import Action, can
from passerelles.core.admin_mixins import StaffReadMixin

from .models import Concept


@admin.register(Concept)
class ConceptAdmin(StaffReadMixin, admin.ModelAdmin):
    """Staff read the vocabulary; national animators maintain it."""

    list_display = ["pref_label", "scheme", "notation"]
    list_filter = ["scheme"]
    search_fields = ["pref_label", "alt_labels", "notation"]
    filter_horizontal = ["broader"]

    def has_add_permission(self, request):
        return can(request.user, Action.MANAGE_NETWORK)

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_NETWORK)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_NETWORK)
