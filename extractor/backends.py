"""The narrow seam between the pipeline and whatever fills the schemas.

`OfflineBackend` is the deterministic extractor; the LLM and hybrid backends live in
`extractor.llm` and are imported only when asked for, so the offline path never loads openai.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from docnorm.schemas.document import DocumentResult

if TYPE_CHECKING:
    from docnorm.llm.settings import Settings


class Backend(Protocol):
    name: str

    def extract(self, text: str, document: str, encoding: str | None = None) -> DocumentResult:
        """Fill the schemas from decoded text. Must not raise for content problems: report them."""
        ...


class OfflineBackend:
    name = "offline"

    def extract(self, text: str, document: str, encoding: str | None = None) -> DocumentResult:
        from docnorm.extractor.pipeline import extract_text

        return extract_text(text, document, encoding=encoding)


def build_backend(kind: str, settings: Settings | None = None) -> Backend:
    """Make the backend named on the command line (offline, llm, hybrid)."""
    if kind == "offline":
        return OfflineBackend()
    from docnorm.extractor.llm.backend import LLMBackend  # lazy: imports openai
    from docnorm.llm.settings import Settings

    return LLMBackend(settings or Settings.build(mode=kind))
