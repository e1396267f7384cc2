"""Versioned prompt files (package data of `docnorm.prompts`), loaded and rendered strictly.

A file declares its variables and its answer strategy; a template using an undeclared one, a render
missing one, or a few-shot example that does not validate against its answer model is a
`PromptError`. Files are read through importlib.resources, so an installed wheel finds them. The
caller names the answer models its prompts may ask for (the extraction engine its own, the theme
namer its own): this layer knows no answer schema.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

import yaml
from pydantic import BaseModel, ValidationError

from docnorm.errors import PromptError

__all__ = ["Prompt", "available", "load_prompt", "prompt_folder"]

TEMPLATES = ("system", "user", "reask")
AnswerModels = Mapping[str, type[BaseModel]]


def prompt_folder(sub: str = "") -> Traversable:
    """The shipped prompt folder (`docnorm.prompts`, or one of its subfolders such as 'themes')."""
    root = files("docnorm.prompts")
    return root.joinpath(sub) if sub else root


@dataclass(frozen=True)
class Prompt:
    id: str
    strategy: str  # 'verbatim' | 'by-reference' | 'by-reference-goal' | ...
    answer_model: type[BaseModel]
    variables: frozenset[str]
    templates: dict[str, str]
    examples: tuple[tuple[str, str], ...]  # (user text, assistant JSON)
    digest: str  # hash of the file text: part of every cache key

    def render(self, name: str, **values: object) -> str:
        try:
            return Template(self.templates[name]).substitute({k: str(v) for k, v in values.items()})
        except KeyError as exc:
            raise PromptError(f"prompt {self.id}: template {name!r} needs variable {exc.args[0]!r}") from None
        except ValueError as exc:
            raise PromptError(f"prompt {self.id}: template {name!r} is malformed: {exc}") from None

    def messages(self, **values: object) -> list[dict[str, str]]:
        msgs = [{"role": "system", "content": self.render("system", **values)}]
        for user, assistant in self.examples:
            msgs += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
        msgs.append({"role": "user", "content": self.render("user", **values)})
        return msgs

    def conversation(self, template: str, **values: object) -> list[dict[str, str]]:
        """The request for ``template``: 'user' with the few-shot examples, 'reask' without them."""
        if template == "user":
            return self.messages(**values)
        return [
            {"role": "system", "content": self.render("system", **values)},
            {"role": "user", "content": self.render(template, **values)},
        ]


def available(folder: Traversable | Path | None = None) -> list[str]:
    folder = folder or prompt_folder()
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_prompt(prompt_id: str, answer_models: AnswerModels, folder: Traversable | Path | None = None) -> Prompt:
    """Load `<folder>/<prompt_id>.yaml` (the shipped prompts by default) and check it whole."""
    folder = folder or prompt_folder()
    entry = folder.joinpath(f"{prompt_id}.yaml")
    where = str(entry)
    if not entry.is_file():
        raise PromptError(f"unknown prompt {prompt_id!r}; available: {', '.join(available(folder))}", document=where)
    text = entry.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PromptError(f"not valid YAML: {exc}", document=where) from None
    return _parse(data, text, where, answer_models)


def _parse(data: object, text: str, where: str, answer_models: AnswerModels) -> Prompt:
    if not isinstance(data, dict):
        raise PromptError("a prompt file is a mapping", document=where)
    missing = [k for k in ("id", "strategy", "variables", *TEMPLATES) if k not in data]
    if missing:
        raise PromptError(f"missing keys {missing}", document=where)
    if data["strategy"] not in answer_models:
        raise PromptError(f"strategy must be one of {sorted(answer_models)}", document=where)
    variables = frozenset(data["variables"])
    for name in TEMPLATES:
        used = set(Template(data[name]).get_identifiers())
        if used - variables:
            raise PromptError(f"template {name!r} uses undeclared {sorted(used - variables)}", document=where)
    model = answer_models[data["strategy"]]
    examples = []
    for n, ex in enumerate(data.get("examples") or [], start=1):
        try:
            answer = model.model_validate(ex["answer"])
        except (ValidationError, KeyError, TypeError) as exc:
            raise PromptError(f"few-shot example {n} does not fit {model.__name__}: {exc}", document=where) from None
        examples.append((ex["input"], json.dumps(answer.model_dump(), ensure_ascii=False)))
    return Prompt(
        id=data["id"],
        strategy=data["strategy"],
        answer_model=model,
        variables=variables,
        templates={k: data[k] for k in TEMPLATES},
        examples=tuple(examples),
        digest=hashlib.sha256(text.encode()).hexdigest()[:16],
    )
