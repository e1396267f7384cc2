"""The terminal: nothing the command line shows can run as a control or ANSI escape sequence.

Source text and file names reach the terminal in summaries, error messages and log lines. While a
command runs (`guarded`), sys.stdout and sys.stderr write every control character but tab and
line feed (C0, DEL, C1; ESC starts every ANSI sequence) as a visible escape (`\\x1b`), the same
one the CSV tables use (docnorm.fileio.visible_controls). Rich output (`console`) writes its own
colours and progress bars straight to the terminal and makes the text it shows visible first."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO, cast

from docnorm.fileio import visible_controls

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment
    from rich.text import Text

__all__ = ["TerminalStream", "console", "guard_worker", "guarded"]


class TerminalStream:
    """A text stream that writes control characters as visible escapes; the rest is the stream's."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(visible_controls(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def _raw(stream: TextIO) -> TextIO:
    return stream.raw if isinstance(stream, TerminalStream) else stream


def _guard(stream: TextIO) -> TextIO:
    return stream if isinstance(stream, TerminalStream) else cast("TextIO", TerminalStream(stream))


@contextmanager
def guarded() -> Iterator[None]:
    """sys.stdout and sys.stderr as TerminalStreams while a command runs (once, however nested)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _guard(sys.stdout), _guard(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def guard_worker() -> None:
    """The same guard in a worker process of the batch (its warnings go to the terminal too)."""
    sys.stdout, sys.stderr = _guard(sys.stdout), _guard(sys.stderr)


def console(stderr: bool = True, soft_wrap: bool = True, pipe_width: int | None = None) -> Console:
    """A rich Console on the terminal (stderr or stdout) that shows control characters of the text
    it prints as visible escapes; `pipe_width`: its width when the output is not a terminal."""
    from rich.console import Console

    class _SafeConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Text:  # before layout: widths stay right
            return super().render_str(visible_controls(text), **kwargs)

        def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
            for segment in super().render(renderable, options):  # Text objects not made from a str
                if segment.control or visible_controls(segment.text) == segment.text:
                    yield segment
                else:
                    yield segment._replace(text=visible_controls(segment.text))

    file = _raw(sys.stderr if stderr else sys.stdout)
    shown = _SafeConsole(file=file, soft_wrap=soft_wrap)
    if pipe_width is not None and not shown.is_terminal:
        shown = _SafeConsole(file=file, soft_wrap=soft_wrap, width=pipe_width)
    return shown
