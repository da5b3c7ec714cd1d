"""A published publication deleted for good leaves a trace, so that harvesters learn it is gone."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import DeletedPublication, Publication


@receiver(post_delete, sender=Publication, dispatch_uid="publications_tombstone")
def keep_tombstone(sender, instance, **kwargs):
    if instance.published_at is not None:
        DeletedPublication.objects.update_or_create(
            publication_pk=instance.pk,
            defaults={
                "centre_slug": instance.centre.slug,
                "series_slug": instance.series.slug if instance.series_id else "",
            },
        )
