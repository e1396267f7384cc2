"""Package surfaces whose names are imported on first use (PEP 562), so that importing a package,
or running `docnorm --help`, does not load numpy, scikit-learn or openai."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_attributes"]


def lazy_attributes(package: str, public: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` resolving each public name from the module that defines it."""

    def __getattr__(name: str) -> Any:
        if name in public:
            return getattr(import_module(public[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
