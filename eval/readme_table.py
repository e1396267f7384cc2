"""Print the offline extractor's scores on the goldens as a Markdown table for the README.

    python -m eval.readme_table            # extracts examples/docs with the offline backend
    python -m eval.readme_table OUT        # scores an existing output folder instead
"""
from __future__ import annotations

import sys
from pathlib import Path

from eval.report import scores_markdown
from eval.score import DEFAULT_GOLDEN_DIR, DEFAULT_SOURCES_DIR, load_goldens, read_source, score_folder, score_results


def offline_markdown(docs_dir: Path = DEFAULT_SOURCES_DIR, golden_dir: Path = DEFAULT_GOLDEN_DIR) -> str:
    """Run the offline backend on every golden's source and render the scores."""
    from extractor.backends import build_backend

    backend = build_backend("offline")
    goldens = load_goldens(golden_dir)
    sources = {stem: read_source(docs_dir, g.document) for stem, g in goldens.items()}
    results = {stem: backend.extract(text, goldens[stem].document) for stem, text in sources.items() if text}
    return scores_markdown(score_results(results, goldens, sources).to_dict(), fields=False)


def main(argv: list[str]) -> int:
    if argv:
        print(scores_markdown(score_folder(Path(argv[0])).to_dict(), fields=False), end="")
    else:
        print(offline_markdown(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
