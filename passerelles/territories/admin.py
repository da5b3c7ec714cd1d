from django.contrib import admin

from passerelles.core.admin_mixins import StaffReadMixin

from .models import ContractList, ContractSignatory, GeographyRelease, PostalCode, Territory


class ReadOnlyAdmin(StaffReadMixin, admin.ModelAdmin):
    """Territories come from official files: staff may read them, never edit them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Territory)
class TerritoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "code", "zone", "population", "qpv_generation", "is_demo"]
    list_filter = ["kind", "zone", "qpv_generation", "is_demo"]
    search_fields = ["code", "name", "search_name"]
    exclude = ["ancestors"]
    raw_id_fields = ["parent"]
    show_full_result_count = False


@admin.register(PostalCode)
class PostalCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "commune"]
    search_fields = ["code"]
    raw_id_fields = ["commune"]


@admin.register(GeographyRelease)
class GeographyReleaseAdmin(ReadOnlyAdmin):
    list_display = ["cog_year", "source", "loaded_at"]


@admin.register(ContractList)
class ContractListAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "source", "is_demo", "loaded_at"]


@admin.register(ContractSignatory)
class ContractSignatoryAdmin(ReadOnlyAdmin):
    list_display = ["territory", "generation", "label", "contract_list"]
    list_filter = ["generation", "territory__kind"]
    search_fields = ["territory__code", "territory__name", "label"]
    raw_id_fields = ["territory", "contract_list"]
    list_select_related = ["territory__parent", "contract_list"]
