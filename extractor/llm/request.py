"""One model request as both the extraction engine and the theme namer make it:
cache → rate limit → transport → ledger → cache. A cache hit costs nothing and is counted as such;
an answer that arrived but is unusable is still charged before its error goes up."""
from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from extractor.llm.cache import DiskCache
from extractor.llm.ledger import Ledger
from extractor.llm.ratelimit import RateLimiter
from extractor.llm.textmap import estimate_tokens
from extractor.llm.transport import AnswerFailure, Transport

AnswerT = TypeVar("AnswerT", bound=BaseModel)


def ask_cached(messages: list[dict[str, str]], answer_model: type[AnswerT], key: str, *,
               transport: Transport, cache: DiskCache, ledger: Ledger, limiter: RateLimiter,
               labels: list[str], weights: list[int]) -> AnswerT:
    """The answer for `messages` (cache key `key`), charged to `labels` in proportion to `weights`."""
    hit = cache.get(key)
    if hit is not None:
        ledger.charge(labels, weights, 0, 0, attempts=0, requests=0, cached=True)
        return answer_model.model_validate(hit["answer"])
    limiter.acquire(sum(estimate_tokens(m["content"]) for m in messages))
    try:
        reply = transport.ask(messages, answer_model)
    except AnswerFailure as exc:  # answered, but unusable: its tokens were still spent
        ledger.charge(labels, weights, exc.tokens_in, exc.tokens_out)
        raise
    ledger.charge(labels, weights, reply.tokens_in, reply.tokens_out, attempts=reply.attempts)
    cache.put(key, {"answer": reply.answer.model_dump(mode="json")})
    return reply.answer  # type: ignore[return-value]
