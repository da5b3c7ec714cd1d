"""Changes that do not save the Centre row itself still move the directory's version."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Centre, CentreFact


def touch(centre_ids):
    Centre.objects.filter(pk__in=centre_ids).update(updated_at=timezone.now())


@receiver(m2m_changed, sender=Centre.perimeter.through)
def perimeter_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        touch([instance.pk])
    elif action == "pre_clear":  # a territory losing all its centres: they are known only before
        touch(list(instance.centres.values_list("pk", flat=True)))
    else:
        touch(pk_set or [])


@receiver(post_save, sender=CentreFact)
@receiver(post_delete, sender=CentreFact)
def fact_changed(sender, instance, **kwargs):
    touch([instance.centre_id])
