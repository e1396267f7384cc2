"""Versioned prompt files (prompts/<id>.yaml), loaded and rendered strictly.

A file declares its variables; a template using an undeclared one, a render missing one, or a
few-shot example that does not validate against the answer model is a `PromptError`.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

import yaml
from pydantic import ValidationError

from extractor.errors import PromptError
from extractor.llm.models import ANSWER_MODELS, Answer

PROMPT_DIR = Path(__file__).resolve().parents[2] / "prompts"
TEMPLATES = ("system", "user", "reask")


@dataclass(frozen=True)
class Prompt:
    id: str
    strategy: str  # 'verbatim' | 'by-reference' | 'by-reference-goal'
    variables: frozenset[str]
    templates: dict[str, str]
    examples: tuple[tuple[str, str], ...]  # (user text, assistant JSON)
    digest: str  # hash of the file text: part of every cache key

    @property
    def answer_model(self) -> type[Answer]:
        return ANSWER_MODELS[self.strategy]

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


def available(directory: Path = PROMPT_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml") if p.stem != "prices")


@lru_cache(maxsize=32)
def load_prompt(prompt_id: str, directory: Path = PROMPT_DIR) -> Prompt:
    path = directory / f"{prompt_id}.yaml"
    if not path.is_file():
        raise PromptError(f"unknown prompt {prompt_id!r}; available: {', '.join(available(directory))}",
                          document=str(path))
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PromptError(f"not valid YAML: {exc}", document=str(path)) from None
    return _parse(data, text, str(path))


def _parse(data: object, text: str, where: str) -> Prompt:
    if not isinstance(data, dict):
        raise PromptError("a prompt file is a mapping", document=where)
    missing = [k for k in ("id", "strategy", "variables", *TEMPLATES) if k not in data]
    if missing:
        raise PromptError(f"missing keys {missing}", document=where)
    if data["strategy"] not in ANSWER_MODELS:
        raise PromptError(f"strategy must be one of {sorted(ANSWER_MODELS)}", document=where)
    variables = frozenset(data["variables"])
    for name in TEMPLATES:
        used = set(Template(data[name]).get_identifiers())
        if used - variables:
            raise PromptError(f"template {name!r} uses undeclared {sorted(used - variables)}", document=where)
    model = ANSWER_MODELS[data["strategy"]]
    examples = []
    for n, ex in enumerate(data.get("examples") or [], start=1):
        try:
            answer = model.model_validate(ex["answer"])
        except (ValidationError, KeyError, TypeError) as exc:
            raise PromptError(f"few-shot example {n} does not fit {model.__name__}: {exc}", document=where) from None
        examples.append((ex["input"], json.dumps(answer.model_dump(), ensure_ascii=False)))
    return Prompt(id=data["id"], strategy=data["strategy"], variables=variables,
                  templates={k: data[k] for k in TEMPLATES}, examples=tuple(examples),
                  digest=hashlib.sha256(text.encode()).hexdigest()[:16])
