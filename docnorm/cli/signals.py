"""SIGTERM handled like Ctrl-C: the running command unwinds, so every temporary file is removed and
every output is either the old one or the complete new one.

The handler raises KeyboardInterrupt where the main thread is; when that is inside a finalizer
(`__del__`, a weakref callback) Python reports the exception and drops it, so the signal is also
recorded and `raise_if_terminated` — called between documents — raises it again."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_received: list[int] = []


def _interrupt(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    raise KeyboardInterrupt(f"signal {signum}")


def raise_if_terminated() -> None:
    """A SIGTERM whose KeyboardInterrupt was swallowed (raised inside a finalizer) stops the run now."""
    if _received:
        raise KeyboardInterrupt(f"signal {_received[0]}")


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    _received.clear()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        _received.clear()
