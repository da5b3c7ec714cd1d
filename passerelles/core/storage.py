import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
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
