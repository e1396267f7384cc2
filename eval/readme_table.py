"""Print the scores of an output folder on the goldens as a Markdown table for the README.

docnorm extract examples/docs -o out && python -m docnorm.eval.readme_table out
"""

from __future__ import annotations

import sys
from pathlib import Path

from docnorm.eval.report import scores_markdown
from docnorm.eval.score import score_folder


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    print(scores_markdown(score_folder(Path(argv[0])).to_dict(), fields=False), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
