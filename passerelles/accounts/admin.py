from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from passerelles.core.admin_mixins import CleanInputModelForm
from passerelles.core.forms import CleanInputMixin

from .models import Membership, User


class CleanUserChangeForm(CleanInputMixin, UserChangeForm):
    pass


class CleanUserCreationForm(CleanInputMixin, AdminUserCreationForm):
    pass


class MembershipInline(admin.TabularInline):
    form = CleanInputModelForm
    model = Membership
    extra = 0
    autocomplete_fields = ["centre"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form, add_form = CleanUserChangeForm, CleanUserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_national_animator", "is_staff", "is_demo"]
    list_filter = ["is_national_animator", "is_staff", "is_active", "is_demo"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        ("Rôles", {"fields": ["is_active", "is_national_animator", "is_staff", "is_superuser", "is_demo"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    # Accounts and roles are managed by superusers only.
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
