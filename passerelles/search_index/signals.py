"""Every change to searchable content writes its outbox row, in the transaction of the change."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .registry import mappings
from .services.indexing import record


def connect_mappings():
    for mapping in mappings().values():
        _connect(mapping.model, mapping.type, lambda instance: [instance.pk])
        for model, concerned in mapping.related().items():
            _connect(model, mapping.type, concerned)
        for descriptor in mapping.watched_m2m():
            m2m_changed.connect(_m2m_receiver(mapping), sender=descriptor.through, weak=False)


def _connect(model, type_name, concerned):
    def changed(sender, instance, raw=False, **kwargs):
        if not raw:  # fixtures loaded raw are indexed by the rebuild that follows
            record(type_name, concerned(instance))

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"search-save-{type_name}-{model._meta.label}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"search-del-{type_name}-{model._meta.label}")


def _m2m_receiver(mapping):
    def changed(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in {"post_add", "post_remove", "pre_clear"}:
            return
        if not reverse:
            record(mapping.type, [instance.pk])
        elif action == "pre_clear":  # the other side is cleared: its objects are known only now
            links = sender.objects.filter(**{_fk(sender, type(instance)).name: instance.pk})
            record(mapping.type, links.values_list(_fk(sender, mapping.model).attname, flat=True))
        else:
            record(mapping.type, pk_set or [])

    return changed


def _fk(through, model):
    return next(f for f in through._meta.get_fields() if f.is_relation and f.related_model is model)
