"""Theme tagging of goal texts (绩效目标): embed → reduce → cluster → label, or assign to a taxonomy.

Heavy dependencies (torch, sentence-transformers) are imported only when a sentence-transformers
embedder is actually used."""

from __future__ import annotations

from docnorm.lazy import lazy_attributes

_PUBLIC = {
    "ThemeOptions": "docnorm.themes.pipeline",
    "ThemeResult": "docnorm.themes.pipeline",
    "discover_themes": "docnorm.themes.pipeline",
    "guided_themes": "docnorm.themes.pipeline",
    "run_themes": "docnorm.themes.pipeline",
    "tag_output_folder": "docnorm.themes.pipeline",
    "load_taxonomy": "docnorm.themes.guided",
    "LLMThemeNamer": "docnorm.themes.llm_namer",
}
__all__ = sorted(_PUBLIC)

__getattr__ = lazy_attributes(__name__, _PUBLIC)
