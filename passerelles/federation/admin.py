"""Staff read the feeds and what they gave here; they are written on the site's own pages
(federation.views), where the permission checks live."""

from django.contrib import admin

from passerelles.accounts.permissions import Action, centres_where
from passerelles.core.admin_mixins import ReadOnlyMixin, StaffReadMixin

from .models import FeedSource, HarvestedEvent, HarvestedNews


class ReadOnlyAdmin(StaffReadMixin, ReadOnlyMixin, admin.ModelAdmin):
    def get_queryset(self, request):
        centres = centres_where(request.user, Action.VIEW_PRIVATE)
        return super().get_queryset(request).filter(centre__in=centres)


@admin.register(FeedSource)
class FeedSourceAdmin(ReadOnlyAdmin):
    list_display = ["label", "centre", "kind", "url", "active", "last_checked_at", "last_status"]
    list_filter = ["kind", "last_status", "active"]


@admin.register(HarvestedEvent)
class HarvestedEventAdmin(ReadOnlyAdmin):
    list_display = ["title", "centre", "starts_at", "uid", "recurrence_id"]
    search_fields = ["title", "uid"]


@admin.register(HarvestedNews)
class HarvestedNewsAdmin(ReadOnlyAdmin):
    list_display = ["title", "centre", "published_at", "guid"]
    search_fields = ["title", "guid"]
