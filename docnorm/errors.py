"""The one error hierarchy of docnorm. Library code raises these; only the CLI turns them into
messages and exit codes. Messages name the file and the place, and never carry secrets."""

from __future__ import annotations


class DocnormError(Exception):
    """Base of every error docnorm raises on purpose."""

    exit_code = 1

    def __init__(
        self, message: str, *, document: str | None = None, line: int | None = None, column: int | None = None
    ) -> None:
        self.document, self.line, self.column = document, line, column
        self.detail = message
        super().__init__(self._render())

    def _render(self) -> str:
        place = self.document or ""
        if self.line is not None:
            place += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        return f"{place}: {self.detail}" if place else self.detail


class InputError(DocnormError):
    """The input cannot be read as text (missing, empty, binary, undecodable)."""

    exit_code = 2


class UnsupportedDocumentError(InputError):
    """The text is readable but is neither Form A nor Form B."""


class ConfigError(DocnormError):
    """Bad command-line options, matrix files, taxonomies or prompt files."""

    exit_code = 2


class PromptError(ConfigError):
    """A prompt file is malformed or rendered with a missing variable."""


class BackendError(DocnormError):
    """The LLM backend failed after its retries (transport, schema or budget)."""


class OutputError(DocnormError):
    """An output file cannot be written (disk full, read-only, a folder where a file goes)."""
