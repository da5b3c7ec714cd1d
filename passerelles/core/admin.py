from django.contrib import admin
from dsfr.models import DsfrConfig, DsfrSocialMedia

from .models import DemoDataset

# Passerelles configures the DSFR header and footer in settings (core.context_processors), not in
# django-dsfr's database models: hide them so that nobody edits settings that are never read.
for model in (DsfrConfig, DsfrSocialMedia):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(DemoDataset)
class DemoDatasetAdmin(admin.ModelAdmin):
    list_display = ["name", "loaded_at"]
