"""Theme names from a model: `docnorm themes OUT --namer llm`.

`LLMThemeNamer` is a `themes.types.Namer`: it gets a theme's representative goal texts and its
keywords and returns a short Chinese name. Requests go through the shared `ModelClient` (the same
transport, disk cache, usage ledger and rate limit as extraction). A name is accepted only when most of its characters occur in the theme's own
texts or keywords; otherwise the model is re-asked, and after `reasks` failures the namer raises,
so the theme keeps its keyword label (themes.label.make_label) and is marked as such."""

from __future__ import annotations

import logging
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from docnorm.errors import BackendError
from docnorm.llm.client import ModelClient
from docnorm.llm.prompts import Prompt

log = logging.getLogger(__name__)

CJK = re.compile(r"[\u4e00-\u9fff]")
THEME_PROMPT_FOLDER = "themes"  # prompts/themes/: kept apart so extraction benches never pick it up
DEFAULT_THEME_PROMPT = "theme-name-v1"
TEXT_CHARS = 200  # each representative text is cut to this many characters in the request
SUPPORT = 0.5  # share of the name's Chinese characters that must occur in the theme's own words


class ThemeNameAnswer(BaseModel):
    """A short Chinese name for one theme of goal texts (`docnorm themes --namer llm`)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="主题名称：2–12 个字，中文，不带标点和解释")

    @field_validator("name")
    @classmethod
    def _short_chinese(cls, value: str) -> str:
        value = value.strip()
        if not 2 <= len(value) <= 12 or "\n" in value or not CJK.search(value):
            raise ValueError("a theme name is 2-12 characters of Chinese on one line")
        return value


THEME_ANSWERS: dict[str, type[BaseModel]] = {"theme-name": ThemeNameAnswer}


def unsupported(name: str, texts: list[str], keywords: list[str]) -> str | None:
    """Why `name` is not drawn from the theme's own words, or None when it is."""
    chars = CJK.findall(name)
    source = set("".join(texts) + "".join(keywords))
    missing = [c for c in chars if c not in source]
    if chars and len(missing) <= (1 - SUPPORT) * len(chars):
        return None
    return f"名称“{name}”中的“{''.join(missing)}”不出现在这些文本和关键词中"


class LLMThemeNamer:
    def __init__(self, client: ModelClient, prompt: Prompt | None = None) -> None:
        self.client, self.settings = client, client.settings
        prompt_id = self.settings.prompt if self.settings.prompt.startswith("theme-") else DEFAULT_THEME_PROMPT
        self.prompt = prompt or client.prompt(prompt_id, THEME_ANSWERS, THEME_PROMPT_FOLDER)

    def __call__(self, texts: list[str], keywords: list[str]) -> str:
        issues: list[str] = []
        for _ in range(1 + self.settings.reasks):
            name = self._ask(texts, keywords, issues)
            problem = unsupported(name, texts, keywords)
            if problem is None:
                return name
            log.info("theme name rejected: %s", problem)
            issues = [problem]
        raise BackendError(f"no theme name drawn from the theme's own words after {self.settings.reasks} re-ask(s)")

    def summary(self) -> dict:
        return self.client.summary()

    def _messages(self, texts: list[str], keywords: list[str], issues: list[str]) -> list[dict[str, str]]:
        values = {
            "keywords": " ".join(keywords[:8]),
            "issues": "\n".join(f"- {i}" for i in issues),
            "texts": "\n".join(f"- {t[:TEXT_CHARS]}" for t in texts),
        }
        if not issues:
            return self.prompt.messages(**values)
        return [
            {"role": "system", "content": self.prompt.render("system", **values)},
            {"role": "user", "content": self.prompt.render("reask", **values)},
        ]

    def _ask(self, texts: list[str], keywords: list[str], issues: list[str]) -> str:
        label = " ".join(keywords[:3]) or "theme"
        if self.client.exhausted():
            raise BackendError("run budget exhausted; theme keeps its keyword label")
        messages = self._messages(texts, keywords, issues)
        answer = self.client.ask(messages, self.prompt, params={"temperature": 0}, labels=[label], weights=[1])
        return str(answer.name)  # type: ignore[attr-defined]
