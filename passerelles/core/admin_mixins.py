from django import forms

from .forms import CleanInputMixin


class CleanInputModelForm(CleanInputMixin, forms.ModelForm):
    """The admin's forms read cleaned input, like the site's (core.text)."""


class StaffReadMixin:
    """Every active staff member may read this part of the admin; writes are decided by each
    admin class through accounts.permissions, on cleaned input."""

    form = CleanInputModelForm

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)


class ReadOnlyMixin:
    """Shown in the admin, never written there: the site's own pages (or commands) write it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
