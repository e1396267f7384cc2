"""docnorm: published Chinese budget performance-target tables as validated, normalized data.

One distribution namespace over the repository's top-level folders (see ARCHITECTURE.md):
`docnorm.cli` (commands), `docnorm.extractor`, `docnorm.themes`, `docnorm.eval`, `docnorm.fakellm`,
`docnorm.llm` (the shared model client), `docnorm.schemas`, `docnorm.prompts`, `docnorm.errors`,
`docnorm.fileio`. Nothing is installed under a generic top-level name such as `eval` or `schemas`."""

__version__ = "0.1.0"
__all__ = ["__version__"]
