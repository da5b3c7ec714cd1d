from django.db import models


class PendingChange(models.Model):
    """The outbox of the search index: a content change not yet applied to the index.

    Written by a signal in the same transaction as the change itself, so a crash between the
    database commit and the index update loses nothing: the row stays and is applied later
    (services.indexing.apply_pending), by this process or any other, or by a restart."""

    type = models.CharField("type de contenu", max_length=40)
    object_id = models.CharField("identifiant", max_length=40)
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "changement à indexer"
        verbose_name_plural = "changements à indexer"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.type}:{self.object_id}"
