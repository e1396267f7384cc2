"""Theme names from a model: `docnorm themes OUT --namer llm`.

`LLMThemeNamer` is a `themes.types.Namer`: it gets a theme's representative goal texts and its
keywords and returns a short Chinese name. Requests go through the same `Transport` as extraction
(instructor over the openai client, tenacity for transport faults), the same disk cache and the
same usage ledger. A name is accepted only when most of its characters occur in the theme's own
texts or keywords; otherwise the model is re-asked, and after `reasks` failures the namer raises,
so the theme keeps its keyword label (themes.label.make_label) and is marked as such."""
from __future__ import annotations

import logging

from extractor.errors import BackendError
from extractor.llm.cache import DiskCache, cache_key
from extractor.llm.ledger import Ledger
from extractor.llm.models import CJK, ThemeNameAnswer
from extractor.llm.prompts import PROMPT_DIR, Prompt, load_prompt
from extractor.llm.ratelimit import RateLimiter
from extractor.llm.settings import Settings
from extractor.llm.request import ask_cached
from extractor.llm.transport import Transport

log = logging.getLogger(__name__)

THEME_PROMPT_DIR = PROMPT_DIR / "themes"
DEFAULT_THEME_PROMPT = "theme-name-v1"
TEXT_CHARS = 200  # each representative text is cut to this many characters in the request
SUPPORT = 0.5  # share of the name's Chinese characters that must occur in the theme's own words


def unsupported(name: str, texts: list[str], keywords: list[str]) -> str | None:
    """Why `name` is not drawn from the theme's own words, or None when it is."""
    chars = CJK.findall(name)
    source = set("".join(texts) + "".join(keywords))
    missing = [c for c in chars if c not in source]
    if chars and len(missing) <= (1 - SUPPORT) * len(chars):
        return None
    return f"名称“{name}”中的“{''.join(missing)}”不出现在这些文本和关键词中"


class LLMThemeNamer:
    def __init__(self, settings: Settings, prompt: Prompt | None = None,
                 transport: Transport | None = None) -> None:
        self.settings = settings
        self.prompt = prompt or load_prompt(settings.prompt if settings.prompt.startswith("theme-")
                                            else DEFAULT_THEME_PROMPT, THEME_PROMPT_DIR)
        if self.prompt.answer_model is not ThemeNameAnswer:
            raise BackendError(f"prompt {self.prompt.id} does not ask for a theme name")
        self.transport = transport or Transport(settings)
        self.ledger = Ledger(settings.model, settings.max_tokens, settings.max_cost)
        self.cache = DiskCache(settings.cache_dir)
        self.limiter = RateLimiter(settings.rpm, settings.tpm)

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
        return self.ledger.summary()

    def _messages(self, texts: list[str], keywords: list[str], issues: list[str]) -> list[dict[str, str]]:
        values = {"keywords": " ".join(keywords[:8]), "issues": "\n".join(f"- {i}" for i in issues),
                  "texts": "\n".join(f"- {t[:TEXT_CHARS]}" for t in texts)}
        if not issues:
            return self.prompt.messages(**values)
        return [{"role": "system", "content": self.prompt.render("system", **values)},
                {"role": "user", "content": self.prompt.render("reask", **values)}]

    def _ask(self, texts: list[str], keywords: list[str], issues: list[str]) -> str:
        label = " ".join(keywords[:3]) or "theme"
        if self.ledger.exhausted():
            raise BackendError("run budget exhausted; theme keeps its keyword label")
        messages = self._messages(texts, keywords, issues)
        s = self.settings
        key = cache_key(messages=messages, prompt_id=self.prompt.id, prompt_digest=self.prompt.digest,
                        model=s.model, params={"json_mode": s.json_mode, "temperature": 0},
                        answer_schema=ThemeNameAnswer.model_json_schema())
        answer = ask_cached(messages, ThemeNameAnswer, key, transport=self.transport, cache=self.cache,
                            ledger=self.ledger, limiter=self.limiter, labels=[label], weights=[1])
        return answer.name
