"""Client-side limiter: requests and tokens per rolling minute, shared by worker threads."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    def __init__(
        self,
        rpm: int | None,
        tpm: int | None,
        *,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rpm, self.tpm, self.window = rpm, tpm, window
        self._clock, self._sleep = clock, sleep
        self._events: deque[tuple[float, int]] = deque()
        self._lock = threading.Lock()

    def acquire(self, tokens: int) -> None:
        """Block until one more request of ``tokens`` fits in the window."""
        if not self.rpm and not self.tpm:
            return
        while True:
            with self._lock:
                now = self._clock()
                while self._events and now - self._events[0][0] >= self.window:
                    self._events.popleft()
                used = sum(t for _, t in self._events)
                ok_requests = not self.rpm or len(self._events) < self.rpm
                ok_tokens = not self.tpm or not self._events or used + tokens <= self.tpm
                if ok_requests and ok_tokens:
                    self._events.append((now, tokens))
                    return
                wait = self.window - (now - self._events[0][0])
            self._sleep(max(wait, 0.01))
