"""An import-layer checker over the source tree (AST only: nothing is imported).

Layers, top to bottom; a module may import its own package and any lower layer; packages in one
layer are siblings that do not import each other; no import circle between modules. Lazy imports
inside functions and TYPE_CHECKING imports count as well: they are dependencies all the same."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LAYERS: tuple[tuple[str, ...], ...] = (
    ("docnorm.cli",),
    ("docnorm.fakellm",),
    ("docnorm.extractor", "docnorm.themes", "docnorm.eval", "docnorm.review"),
    ("docnorm.llm",),
    ("docnorm.schemas", "docnorm.fileio", "docnorm.prompts", "docnorm"),
    ("docnorm.errors",),  # the one error hierarchy: every layer raises it
)
# entry points that are run, never imported: `python -m extractor` starts the CLI
ENTRY_POINTS = frozenset({"docnorm.extractor.__main__", "docnorm.__main__"})


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int


def module_files(root: Path) -> dict[str, Path]:
    """docnorm.* module name -> file, following docnorm/'s links to the top-level folders."""
    modules: dict[str, Path] = {}
    found = [Path(d) / f for d, _, files in os.walk(root / "docnorm", followlinks=True) for f in files]
    for path in sorted(p for p in found if p.suffix == ".py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imported(node: ast.AST, module: str, is_package: bool) -> Iterable[tuple[str, list[str]]]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name, []
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:  # relative: resolve against this module's package
            package = module.split(".") if is_package else module.split(".")[:-1]
            anchor = package[: len(package) - node.level + 1]
            base = ".".join(anchor + ([base] if base else []))
        yield base, [a.name for a in node.names]


def edges(root: Path) -> list[Edge]:
    modules = module_files(root)
    found = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            for base, names in _imported(node, module, path.name == "__init__.py"):
                if not (base == "docnorm" or base.startswith("docnorm.")):
                    continue
                targets = [f"{base}.{n}" for n in names if f"{base}.{n}" in modules] or [base]
                found += [Edge(module, t, node.lineno) for t in targets if t != module]  # type: ignore[attr-defined]
    return found


def layer_of(module: str) -> tuple[int, str]:
    """(layer index, owning package) of the most specific package the module belongs to."""
    best: tuple[int, str] | None = None
    for index, packages in enumerate(LAYERS):
        for package in packages:
            if (module == package or module.startswith(package + ".")) and (
                best is None or len(package) > len(best[1])
            ):
                best = (index, package)
    assert best is not None, module
    return best


def layer_violations(root: Path) -> list[str]:
    problems = []
    for edge in edges(root):
        if edge.source in ENTRY_POINTS:
            continue
        (src_layer, src_pkg), (dst_layer, dst_pkg) = layer_of(edge.source), layer_of(edge.target)
        if dst_layer < src_layer:
            problems.append(f"{edge.source}:{edge.line} imports {edge.target} from a higher layer")
        elif dst_layer == src_layer and dst_pkg != src_pkg:
            problems.append(f"{edge.source}:{edge.line} imports its sibling {edge.target}")
    return problems


def import_circles(root: Path) -> list[list[str]]:
    """Every strongly connected set of two or more modules (Tarjan), each as a sorted list."""
    graph: dict[str, set[str]] = {}
    for edge in edges(root):
        if edge.source not in ENTRY_POINTS:
            graph.setdefault(edge.source, set()).add(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles
