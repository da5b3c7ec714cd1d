"""A value computed at most once per time-to-live, or per version of its data, in each process
(no cache server, no pickling)."""

import time
from collections.abc import Callable
from typing import Any


class Kept:
    _value: Any
    _read_at: float | None
    _version: object

    def __init__(
        self,
        compute: Callable[[], Any],
        ttl: float | Callable[[], float] | None = None,
        version: Callable[[], object] | None = None,
    ) -> None:
        self.compute = compute
        self.ttl = ttl  # seconds, a function returning them (read at each use; 0 = never keep), or None
        self.version = version  # a function: a new value is computed when what it returns changes
        self.forget()

    def get(self) -> Any:
        ttl = self.ttl() if callable(self.ttl) else self.ttl
        version = self.version() if self.version else None
        now = time.monotonic()
        if (
            self._read_at is None
            or (ttl is not None and (not ttl or now - self._read_at >= ttl))
            or version != self._version
        ):
            self._value = self.compute()
            self._read_at, self._version = now, version
        return self._value

    def forget(self) -> None:
        self._value, self._read_at, self._version = None, None, None
