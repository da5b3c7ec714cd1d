from django.contrib import admin
from dsfr.models import DsfrConfig, DsfrSocialMedia

from .access import can
from .admin_mixins import ReadOnlyMixin
from .models import OutgoingMail

# Passerelles configures the DSFR header and footer in settings (website.context_processors), not in
# django-dsfr's database models: hide them so that nobody edits settings that are never read.
for model in (DsfrConfig, DsfrSocialMedia):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """National animators follow the mail queue (what failed, when it will be retried); nobody edits it.
    Addresses are personal data: only superusers and national animators see this page."""

    list_display = ["subject", "to", "created_at", "attempts", "next_attempt_at", "sent_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    exclude = ["attachments"]
    readonly_fields = [
        "to",
        "subject",
        "body",
        "created_at",
        "attempts",
        "next_attempt_at",
        "claimed_until",
        "sent_at",
        "last_error",
    ]

    def has_module_permission(self, request):
        return can(request.user, "manage_network")

    def has_view_permission(self, request, obj=None):
        return can(request.user, "manage_network")
