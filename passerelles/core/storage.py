import os
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT, never served by URL: views decide who may read them. The location
    is read from the settings at each use, so tests and deployments can move it."""

    @property
    def base_location(self):
        return settings.PASSERELLES["PRIVATE_MEDIA_ROOT"]

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


private_storage = PrivateStorage()


# Storage has no transactions: a file saved for a row that rolls back, or left by a row that is
# deleted, must be deleted by hand. These two helpers are the only places that do it.


@contextmanager
def discarded_on_error(*files):
    """Yields the list of stored files of the rows written in the block (more may be appended);
    if the block raises, the rows roll back and these files are deleted."""
    kept = list(files)
    try:
        yield kept
    except BaseException:
        for file in kept:
            file.delete(save=False)
        raise


def save_file(field, name, data):
    """Store `data` as the file of `field` (a FieldFile) without saving its row, which the caller
    saves inside `discarded_on_error(field)`."""
    field.save(name, ContentFile(data), save=False)
    return field


def delete_on_commit(files):
    """Delete stored files once the transaction that deletes their rows commits (never if it rolls back)."""
    names = [(file.storage, file.name) for file in files]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
