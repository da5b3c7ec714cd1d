from django.contrib import admin

from passerelles.core.admin_mixins import CleanInputModelForm

from .models import DemoDataset


@admin.register(DemoDataset)
class DemoDatasetAdmin(admin.ModelAdmin):
    form = CleanInputModelForm
    list_display = ["name", "loaded_at"]
