"""A value computed at most once per time-to-live in each process (no cache server, no pickling)."""

import time


class Kept:
    def __init__(self, compute, ttl):
        self.compute = compute
        self.ttl = ttl  # seconds, or a function returning them (read at each use; 0 = never keep)
        self.forget()

    def get(self):
        ttl = self.ttl() if callable(self.ttl) else self.ttl
        now = time.monotonic()
        if not ttl or self._read_at is None or now - self._read_at >= ttl:
            self._value = self.compute()
            self._read_at = now
        return self._value

    def forget(self):
        self._value, self._read_at = None, None
