from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from passerelles.core.admin_mixins import CleanInputModelForm
from passerelles.core.forms import CleanInputMixin

from .models import Membership, User
from .permissions import Action, can
from .second_factor import services as second_factor

# django-otp's own admin pages show the secrets and the recovery codes: nobody reads them. A second
# factor is reset from the list of people (below).
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


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
    list_display = ["email", "first_name", "last_name", "is_national_animator", "is_staff", "second_factor", "is_demo"]
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

    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_second_factor=Exists(enrolled))

    @admin.display(description="second facteur", boolean=True, ordering="has_second_factor")
    def second_factor(self, user):
        return user.has_second_factor

    @admin.action(description="Réinitialiser le second facteur", permissions=["reset_second_factor"])
    def reset_second_factor(self, request, queryset):
        """The person enrols again (new application, new recovery codes) at their next request.
        Only a superuser resets a superuser's."""
        done = []
        for user in queryset:
            if user.is_superuser and not request.user.is_superuser:
                continue
            second_factor.reset(user)
            self.log_change(request, user, "Second facteur réinitialisé.")
            done.append(user)
        skipped = queryset.count() - len(done)
        if done:
            self.message_user(
                request,
                f"Second facteur réinitialisé pour {len(done)} personne{'s' if len(done) > 1 else ''} : "
                "un nouveau sera activé à la prochaine connexion.",
            )
        if skipped:
            self.message_user(
                request,
                f"{skipped} superutilisateur{'s' if skipped > 1 else ''} non modifié{'s' if skipped > 1 else ''} : "
                "seul un superutilisateur peut réinitialiser leur second facteur.",
                level="warning",
            )

    def has_reset_second_factor_permission(self, request):
        return can(request.user, Action.MANAGE_NETWORK)

    # National animators see the accounts (to reset a lost second factor); accounts and roles are
    # managed by superusers only.
    def has_module_permission(self, request):
        return can(request.user, Action.MANAGE_NETWORK)

    def has_view_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_NETWORK)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
