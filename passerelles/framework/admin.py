from django import forms
from django.contrib import admin

from passerelles.accounts.permissions import Action, can
from passerelles.core.admin_mixins import CleanInputModelForm, StaffReadMixin

from .enums import DocumentKind, Indicator
from .models import Accreditation, Commitment, Document, Signatory, Version


class NetworkPermissions(StaffReadMixin):
    """Staff read the framework; only national animators change it (checked on every write)."""

    def has_add_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_NETWORK)

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_NETWORK)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_NETWORK)


class CommitmentForm(CleanInputModelForm):
    # Boxes to tick rather than JSON to type; the model's validator still checks the list.
    indicators = forms.MultipleChoiceField(
        label="indicateurs",
        choices=Indicator.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Les chiffres du réseau qui montrent cet engagement.",
    )

    class Meta:
        model = Commitment
        fields = ["section", "text", "indicators", "ordering"]


class VersionInline(NetworkPermissions, admin.TabularInline):
    model = Version
    extra = 0
    fields = ["label", "signed_on", "in_force_from", "in_force_until"]
    show_change_link = True


class SignatoryInline(NetworkPermissions, admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["organisation", "person", "capacity", "ordering"]


class CommitmentInline(NetworkPermissions, admin.StackedInline):
    model = Commitment
    form = CommitmentForm
    extra = 0


@admin.register(Document)
class DocumentAdmin(NetworkPermissions, admin.ModelAdmin):
    list_display = ["title", "kind", "partner", "ordering"]
    list_filter = ["kind"]
    search_fields = ["title", "partner"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [VersionInline]


@admin.register(Version)
class VersionAdmin(NetworkPermissions, admin.ModelAdmin):
    list_display = ["document", "label", "signed_on", "in_force_from", "in_force_until"]
    list_filter = ["document"]
    list_select_related = ["document"]
    fields = ["document", "label", "signed_on", "in_force_from", "in_force_until", "changes", "source"]

    def get_inlines(self, request, obj):
        """Commitments belong to the State's technical framework; every document has signatories."""
        if obj is not None and obj.document.kind == DocumentKind.TECHNICAL:
            return [SignatoryInline, CommitmentInline]
        return [SignatoryInline]


@admin.register(Accreditation)
class AccreditationAdmin(NetworkPermissions, admin.ModelAdmin):
    list_display = ["centre", "granted_on", "valid_until", "decision"]
    list_select_related = ["centre"]
    search_fields = ["centre__name", "centre__short_name", "decision"]
    date_hierarchy = "granted_on"
    fields = ["centre", "granted_on", "valid_until", "decision", "note"]
