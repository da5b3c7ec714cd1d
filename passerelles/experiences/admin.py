from django.contrib import admin
from django.core.exceptions import PermissionDenied

from passerelles.accounts.permissions import Action, centres_where
from passerelles.core.admin_mixins import ReadOnlyMixin, StaffReadMixin

from .models import BudgetLine, ExperienceSheet, Partner, Revision, TeamRole
from .services.revisions import record_revision
from .services.workflow import may_create, may_delete, may_edit


class SheetPartPermissions(StaffReadMixin):
    def has_add_permission(self, request, obj=None):
        return obj is None or may_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None or may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is None or may_edit(request.user, obj)


class BudgetLineInline(SheetPartPermissions, admin.TabularInline):
    model = BudgetLine
    extra = 0


class PartnerInline(SheetPartPermissions, admin.TabularInline):
    model = Partner
    extra = 0


class TeamRoleInline(SheetPartPermissions, admin.TabularInline):
    model = TeamRole
    extra = 0


@admin.register(ExperienceSheet)
class ExperienceSheetAdmin(StaffReadMixin, admin.ModelAdmin):
    """Staff read every sheet; changes follow the same rules as the site (services.workflow).
    The status changes only through the workflow, never by editing the field."""

    list_display = ["title", "centre", "status", "last_reviewed_on", "is_demo"]
    list_filter = ["status", "centre", "is_demo"]
    search_fields = ["title", "summary"]
    readonly_fields = ["status", "review_comment", "published_at", "last_reviewed_on", "created_by", "is_demo"]
    raw_id_fields = ["territories"]
    filter_horizontal = ["themes", "schemes", "publics"]
    inlines = [BudgetLineInline, PartnerInline, TeamRoleInline]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        """Staff see their own centres' sheets (national animators, all of them)."""
        centres = centres_where(request.user, Action.VIEW_PRIVATE)
        return super().get_queryset(request).select_related("centre").filter(centre__in=centres)

    def has_add_permission(self, request):
        return request.user.is_staff and centres_where(request.user, Action.EDIT_CONTENT).exists()

    def has_change_permission(self, request, obj=None):
        return obj is None or may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and may_delete(request.user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "centre":
            kwargs["queryset"] = centres_where(request.user, Action.EDIT_CONTENT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            if not may_create(request.user, obj.centre):
                raise PermissionDenied
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_revision(form.instance, request.user, "modifiée dans l'administration")


@admin.register(Revision)
class RevisionAdmin(StaffReadMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["sheet", "number", "status", "author", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["sheet", "number", "status", "author", "comment", "data", "created_at"]

    def get_queryset(self, request):
        centres = centres_where(request.user, Action.VIEW_PRIVATE)
        return super().get_queryset(request).select_related("sheet").filter(sheet__centre__in=centres)
