"""Kept for the migrations that name it; the storage lives in core."""

from passerelles.core.storage import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "private_storage"]
