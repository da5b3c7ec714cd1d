from django.contrib import admin, messages

from passerelles.core.admin_mixins import ReadOnlyMixin

from .models import ApiToken
from .services.tokens import revoke_leaked


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The tokens, for the superusers (never their secret, which is not stored): a leaked token is
    revoked here when its owner cannot do it from their account."""

    list_display = [
        "name",
        "prefix",
        "owner",
        "centre",
        "role",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["role", "revoked_at"]
    search_fields = ["name", "prefix", "owner__email", "centre__name"]
    list_select_related = ["owner", "centre"]
    exclude = ["secret_hash"]
    actions = ["revoke"]

    @admin.action(description="Révoquer les jetons choisis", permissions=["revoke"])
    def revoke(self, request, queryset):
        count = revoke_leaked(request.user, queryset)
        self.message_user(request, f"{count} jeton(s) révoqué(s).", messages.SUCCESS)

    def has_revoke_permission(self, request):
        return request.user.is_active and request.user.is_superuser
