"""`ModelClient`: the one seam between docnorm and a model, shared by extraction and theme naming.

A request goes cache → rate limit → transport → ledger → cache. A cache hit costs nothing and is
counted as such; an answer that arrived but is unusable is still charged before its error goes up.
The client also loads the prompts its callers ask for, so every caller uses the same prompt files,
cache, ledger and limits."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from docnorm.llm.cache import DiskCache, cache_key
from docnorm.llm.ledger import Ledger
from docnorm.llm.prompts import Prompt, load_prompt, prompt_folder
from docnorm.llm.ratelimit import RateLimiter
from docnorm.llm.settings import Settings
from docnorm.llm.tokens import estimate_tokens
from docnorm.llm.transport import AnswerFailure, Transport

__all__ = ["ModelClient"]
log = logging.getLogger(__name__)

AnswerT = TypeVar("AnswerT", bound=BaseModel)


class ModelClient:
    def __init__(self, settings: Settings, *, transport: Transport | None = None) -> None:
        self.settings = settings
        self.transport = transport or Transport(settings)
        self.ledger = Ledger(settings.model, settings.max_tokens, settings.max_cost)
        self.cache = DiskCache(settings.cache_dir)
        self.limiter = RateLimiter(settings.rpm, settings.tpm)

    def check(self) -> None:
        """Endpoint, key and model checked with one cheap request (see Transport.check)."""
        self.transport.check()

    def prompt(self, prompt_id: str, answer_models: Mapping[str, type[BaseModel]], folder: str = "") -> Prompt:
        """A shipped prompt, its few-shot examples checked against the caller's answer models."""
        return load_prompt(prompt_id, answer_models, prompt_folder(folder))

    def exhausted(self, upcoming_tokens: int = 0) -> bool:
        return self.ledger.exhausted(upcoming_tokens)

    def summary(self) -> dict[str, Any]:
        return self.ledger.summary()

    def _cached(self, key: str, model: type[AnswerT]) -> AnswerT | None:
        """The cached answer, or None; an entry that no longer fits the answer model (edited,
        truncated, from another version) is a miss, asked again and overwritten."""
        hit = self.cache.get(key)
        if hit is None:
            return None
        try:
            return model.model_validate(hit["answer"])
        except (KeyError, TypeError, ValidationError):
            log.warning("ignoring invalid cache entry %s", key[:12])
            return None

    def ask(
        self,
        messages: list[dict[str, str]],
        prompt: Prompt,
        *,
        params: Mapping[str, object],
        labels: list[str],
        weights: list[int],
    ) -> BaseModel:
        """The answer to `messages` in `prompt`'s answer model, charged to `labels` by `weights`."""
        model = prompt.answer_model
        key = cache_key(
            messages=messages,
            prompt_id=prompt.id,
            prompt_digest=prompt.digest,
            model=self.settings.model,
            params={"json_mode": self.settings.json_mode, **params},
            answer_schema=model.model_json_schema(),
        )
        cached = self._cached(key, model)
        if cached is not None:
            self.ledger.charge(labels, weights, 0, 0, attempts=0, requests=0, cached=True)
            return cached
        self.limiter.acquire(sum(estimate_tokens(m["content"]) for m in messages))
        try:
            reply = self.transport.ask(messages, model)
        except AnswerFailure as exc:  # answered, but unusable: its tokens were still spent
            self.ledger.charge(labels, weights, exc.tokens_in, exc.tokens_out)
            raise
        self.ledger.charge(labels, weights, reply.tokens_in, reply.tokens_out, attempts=reply.attempts)
        self.cache.put(key, {"answer": reply.answer.model_dump(mode="json")})
        return reply.answer
