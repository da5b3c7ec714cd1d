"""Every change to the directory moves its version (centres.services.freshness) once committed.

The version is the latest `updated_at` of a centre: touching the centres again *after* the commit
guarantees the new version is later than any page rendered from the old data, even when a slow
transaction stamped its rows before another one committed."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from .models import Centre, CentreFact
from .services.freshness import forget_directory_version

PERIMETER_KINDS = {Kind.REGION, Kind.DEPARTEMENT}


def touch_after_commit(centre_ids):
    """Touch now (for reads in this transaction) and again once committed (for everyone else)."""
    centre_ids = [pk for pk in centre_ids if pk]

    def touch():
        Centre.objects.filter(pk__in=centre_ids).update(updated_at=timezone.now())
        forget_directory_version()

    if centre_ids:
        if transaction.get_connection().in_atomic_block:
            touch()  # outside a transaction, on_commit below runs at once: once is enough
        transaction.on_commit(touch)


@receiver(post_save, sender=Centre)
def centre_saved(sender, instance, **kwargs):
    touch_after_commit([instance.pk])


@receiver(post_delete, sender=Centre)
def centre_deleted(sender, instance, **kwargs):
    forget_directory_version()
    transaction.on_commit(forget_directory_version)


@receiver(m2m_changed, sender=Centre.perimeter.through)
def perimeter_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_add" and not reverse and pk_set:
        # The lookup shares one answer per département (centres.views.covering_fragment).
        kinds = set(Territory.objects.filter(pk__in=pk_set).values_list("kind", flat=True))
        if not kinds <= PERIMETER_KINDS:
            raise ValueError("Le périmètre d'un centre se compose de régions et de départements.")
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        touch_after_commit([instance.pk])
    elif action == "pre_clear":  # a territory losing all its centres: they are known only before
        touch_after_commit(list(instance.centres.values_list("pk", flat=True)))
    else:
        touch_after_commit(pk_set or [])


@receiver(post_save, sender=CentreFact)
@receiver(post_delete, sender=CentreFact)
def fact_changed(sender, instance, **kwargs):
    touch_after_commit([instance.centre_id])
