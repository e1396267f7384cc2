"""SIGTERM handled like Ctrl-C: the running command unwinds, so every temporary file is removed and
every output is either the old one or the complete new one.

The handler raises KeyboardInterrupt where the main thread is; when that is inside a finalizer
(`__del__`, a weakref callback) Python reports the exception and drops it, so the signal is also
recorded and `raise_if_terminated` — called between documents — raises it again."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

_received: list[int] = []


def _interrupt(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    raise KeyboardInterrupt(f"signal {signum}")


def raise_if_terminated() -> None:
    """A SIGTERM whose KeyboardInterrupt was swallowed (raised inside a finalizer) stops the run now."""
    if _received:
        raise KeyboardInterrupt(f"signal {_received[0]}")


def _quiet_swallowed_interrupt(previous: Callable[[Any], object]) -> Callable[[Any], object]:
    """An unraisable-exception hook that keeps quiet about the interrupt a finalizer swallowed
    (Python would print its traceback; the signal is recorded and raised again) and hands
    anything else to the hook before it."""

    def hook(unraisable: Any) -> object:
        if _received and isinstance(unraisable.exc_value, KeyboardInterrupt):
            return None
        return previous(unraisable)

    return hook


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    _received.clear()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _quiet_swallowed_interrupt(previous_hook)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        sys.unraisablehook = previous_hook
        _received.clear()
