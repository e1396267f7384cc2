"""Command-line entry point. Subcommands live in their own modules and register here lazily,
so `docnorm --help` imports neither torch, sentence-transformers nor openai."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from docnorm.cli.terminal import guarded
from docnorm.errors import DocnormError

# module path -> function(subparsers) that adds the module's subcommands
COMMAND_MODULES: tuple[str, ...] = (
    "docnorm.cli.extract",
    "docnorm.cli.xlsx",
    "docnorm.cli.fake_llm",
    "docnorm.cli.eval",
    "docnorm.cli.themes",
    "docnorm.cli.review",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="docnorm",
        description="Turn messy extracted text of budget performance-target tables into trusted data.",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # a part not installed / not built yet
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        register: Callable[[argparse._SubParsersAction], None] = module.register
        register(subparsers)
    return parser


# top-level module -> the optional extras of pyproject.toml that install it (cheap ones; no torch)
OPTIONAL_MODULES = {
    **dict.fromkeys(("numpy", "scipy"), "themes,eval"),
    **dict.fromkeys(("sklearn", "jieba"), "themes"),
    "rapidfuzz": "llm,eval",
    **dict.fromkeys(("openai", "instructor", "tenacity", "httpx"), "llm"),
    **dict.fromkeys(("sentence_transformers", "torch", "transformers"), "embeddings"),
    "openpyxl": "",  # a base dependency, missing from installs made before it was added
}


def missing_dependency_message(exc: ModuleNotFoundError) -> str | None:
    """A one-line hint when a command needs an optional extra that is not installed."""
    top = (exc.name or "").split(".")[0]
    extras = OPTIONAL_MODULES.get(top)
    if extras is None:
        return None
    if not extras:  # a base dependency added after this install was made
        return f"this command needs {top}, which is not installed: pip install -e ."
    return f"this command needs optional dependencies ({top} is not installed): pip install -e '.[{extras}]'"


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """argparse takes a positional list only up to the first option; a command that sets
    ``paths_anywhere`` (`eval compare --fail-on-regression A B`) also takes paths after options."""
    args, extras = parser.parse_known_args(argv)
    if extras and getattr(args, "paths_anywhere", False) and not any(e.startswith("-") for e in extras):
        args.paths.extend(extras)
    elif extras:
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    with guarded():  # control characters of source text and file names never run on the terminal
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parse(parser, argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except DocnormError as exc:
        print(f"docnorm: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except ModuleNotFoundError as exc:
        hint = missing_dependency_message(exc)
        if hint is None:
            raise
        print(f"docnorm: error: {hint}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("docnorm: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `docnorm ... | head`: the reader left; not an error of ours
        sys.stderr.close()
        return 0
