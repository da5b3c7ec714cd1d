"""Staff read publications and harvested catalogues here; they are written in the site's own
pages (workspace, harvest command), where the permission checks live."""

from django.contrib import admin

from passerelles.accounts.permissions import Action, centres_where
from passerelles.core.admin_mixins import ReadOnlyMixin, StaffReadMixin

from .models import CatalogueRecord, Document, HarvestSource, Publication, Series


class ReadOnlyAdmin(StaffReadMixin, ReadOnlyMixin, admin.ModelAdmin):
    centre_field = "centre"

    def get_queryset(self, request):
        centres = centres_where(request.user, Action.VIEW_PRIVATE)
        return super().get_queryset(request).filter(**{f"{self.centre_field}__in": centres})


@admin.register(Series)
class SeriesAdmin(ReadOnlyAdmin):
    list_display = ["title", "centre", "kind", "issn", "frequency", "is_demo"]
    list_filter = ["kind", "centre"]
    search_fields = ["title", "issn"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["title", "series", "issue_number", "centre", "publication_date", "status", "is_demo"]
    list_filter = ["status", "kind", "centre"]
    search_fields = ["title", "abstract"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    centre_field = "publication__centre"
    list_display = ["title", "publication", "pages", "size", "unreadable_pages"]
    exclude = ["text", "file"]  # private storage has no address: documents are read on the site


@admin.register(HarvestSource)
class HarvestSourceAdmin(ReadOnlyAdmin):
    list_display = ["base_url", "set_spec", "centre", "harvested_until", "last_run_at", "last_error"]


@admin.register(CatalogueRecord)
class CatalogueRecordAdmin(ReadOnlyAdmin):
    list_display = ["title", "centre", "datestamp", "deleted"]
    list_filter = ["deleted", "centre"]
    search_fields = ["title", "oai_identifier"]
