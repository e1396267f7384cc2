"""The edge to the model: instructor over the openai client, tenacity for transport faults.

openai/instructor exceptions are caught here and only here, and re-raised as docnorm errors
with the API key redacted. openai's own retries are off: tenacity owns backoff (honouring
Retry-After), so waits are visible, bounded and injectable.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from docnorm.errors import BackendError, ConfigError
from docnorm.llm.settings import Settings, without_credentials

log = logging.getLogger(__name__)
PREFLIGHT_TIMEOUT = 3.0  # seconds: a dead endpoint must stop the run at once


class AnswerFailure(BackendError):
    """The server answered but the answer is unusable; carries the tokens it cost."""

    def __init__(self, message: str, tokens_in: int = 0, tokens_out: int = 0) -> None:
        super().__init__(message)
        self.tokens_in, self.tokens_out = tokens_in, tokens_out


class TruncatedAnswer(AnswerFailure):
    """The answer hit max_tokens (finish_reason 'length'): split the chunk, don't retry it."""


class SchemaFailure(AnswerFailure):
    """The answer never validated against the answer model within its re-asks."""


@dataclass
class Reply:
    answer: BaseModel
    tokens_in: int
    tokens_out: int
    attempts: int


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _retry_exception() -> Any:
    """instructor moved InstructorRetryException to instructor.exceptions in 1.4."""
    try:
        from instructor.exceptions import InstructorRetryException  # type: ignore[attr-defined]
    except ImportError:
        from instructor.retry import InstructorRetryException  # type: ignore[attr-defined]
    return InstructorRetryException


class Transport:
    def __init__(self, settings: Settings) -> None:
        import instructor
        import openai

        if not settings.base_url:
            raise ConfigError("the LLM backend needs an endpoint (--base-url)")
        self._key = os.environ.get(settings.api_key_env, "")
        self.settings = settings
        self._sleep = settings.sleep or time.sleep
        self._raw = openai.OpenAI(
            base_url=settings.base_url, api_key=self._key or "unset", max_retries=0, timeout=settings.timeout
        )
        mode = instructor.Mode.JSON if settings.json_mode else instructor.Mode.TOOLS
        self._client = instructor.from_openai(self._raw, mode=mode)

    def check(self) -> None:
        """Before any document is sent: the key variable is set, the endpoint answers its models
        list, accepts the key and serves the model. Any failure is a ConfigError (exit 2) naming
        the cause; ``--llm-option preflight=false`` skips the check."""
        if not self.settings.preflight:
            return
        env, url = self.settings.api_key_env, without_credentials(self.settings.base_url or "")
        if not self._key:
            raise ConfigError(
                f"${env} is not set: export the API key in it (any value for a local server that takes no key)"
            )
        served = self._served_models(url)
        if served and self.settings.model not in served:
            listed = ", ".join(served[:8]) + (", ..." if len(served) > 8 else "")
            raise ConfigError(
                f"model {self.settings.model!r} is not served at {url} (it lists {listed}); "
                "--llm-option preflight=false if the server takes any model name"
            )

    def _served_models(self, url: str) -> list[str]:
        """The model ids the endpoint lists (every OpenAI-compatible server we know has the list)."""
        import openai

        timeout = min(self.settings.timeout, PREFLIGHT_TIMEOUT)
        try:
            page = self._raw.with_options(timeout=timeout, max_retries=0).models.list()
            return [str(m.id) for m in page.data]
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            env = self.settings.api_key_env
            raise ConfigError(f"{url} refused the key in ${env} (HTTP {exc.status_code})") from None
        except openai.APIStatusError as exc:
            hint = " (is it the API's base URL, often ending in /v1?)" if exc.status_code == 404 else ""
            raise ConfigError(
                f"{url} answered its models list with HTTP {exc.status_code}{hint}; "
                "--llm-option preflight=false skips this check"
            ) from None
        except openai.APIConnectionError as exc:  # includes timeouts
            cause = self._redact(str(exc.__cause__ or exc))
            raise ConfigError(f"cannot reach the LLM endpoint {url}: {cause}") from None
        except Exception as exc:  # a web page, not an API: whatever the client made of it
            raise ConfigError(
                f"{url} does not answer like an OpenAI-compatible endpoint ({type(exc).__name__})"
            ) from None

    def _redact(self, text: str) -> str:
        return text.replace(self._key, "***") if self._key else text

    def _is_transient(self, exc: BaseException) -> bool:
        import openai

        if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError)):
            return True
        return isinstance(exc, openai.APIStatusError) and exc.status_code >= 500

    def _wait(self, retry_state: Any) -> float:
        from tenacity import wait_exponential_jitter

        exc = retry_state.outcome.exception() if retry_state.outcome else None
        hinted = _retry_after(exc) if exc is not None else None
        if hinted is not None:
            return min(hinted, self.settings.wait_max)
        backoff = wait_exponential_jitter(
            initial=self.settings.wait_initial, max=self.settings.wait_max, jitter=self.settings.wait_initial
        )
        return backoff(retry_state)

    def ask(self, messages: list[dict], model: type[BaseModel]) -> Reply:
        """One logical request: transport retries around instructor's schema re-asks."""
        from tenacity import Retrying, retry_if_exception, stop_after_attempt

        retrying = Retrying(
            stop=stop_after_attempt(self.settings.transport_attempts),
            wait=self._wait,
            retry=retry_if_exception(self._is_transient),
            sleep=self._sleep,
            reraise=True,
            before_sleep=lambda rs: log.info(
                "transient fault (%s), retry %d",
                type(rs.outcome.exception() if rs.outcome else None).__name__,
                rs.attempt_number,
            ),
        )
        try:
            for attempt in retrying:
                with attempt:
                    reply = self._once(messages, model)
                    reply.attempts += attempt.retry_state.attempt_number - 1
                    return reply
        except BackendError:
            raise
        except Exception as exc:  # the one place openai/instructor errors are translated
            raise BackendError(self._describe(exc, retrying.statistics.get("attempt_number", 1))) from None
        raise AssertionError("unreachable")

    def _describe(self, exc: BaseException, attempts: int) -> str:
        status = getattr(exc, "status_code", None)
        text = f"{type(exc).__name__}" + (f" (HTTP {status})" if status else "")
        return self._redact(f"LLM request to {self.settings.model!r} failed after {attempts} attempt(s): {text}")

    def _once(self, messages: list[dict], model: type[BaseModel]) -> Reply:
        from instructor.exceptions import IncompleteOutputException
        from tenacity import Retrying, retry_if_exception_type, stop_after_attempt

        InstructorRetryException = _retry_exception()
        inner = Retrying(
            stop=stop_after_attempt(self.settings.schema_attempts),
            reraise=True,
            retry=retry_if_exception_type(InstructorRetryException),
        )
        try:
            create: Any = self._client.chat.completions.create_with_completion
            answer, completion = create(
                model=self.settings.model,
                messages=[dict(m) for m in messages],
                response_model=model,
                max_retries=inner,
                temperature=0,
                max_tokens=self.settings.max_output_tokens,
            )
        except IncompleteOutputException as exc:
            usage = getattr(exc.last_completion, "usage", None)
            raise TruncatedAnswer(
                "answer truncated (finish_reason 'length')",
                getattr(usage, "prompt_tokens", 0),
                getattr(usage, "completion_tokens", 0),
            ) from None
        except InstructorRetryException as exc:
            usage = exc.total_usage
            raise SchemaFailure(
                self._redact(f"answer did not fit {model.__name__} after {exc.n_attempts} attempts: {str(exc)[:300]}"),
                usage.prompt_tokens,
                usage.completion_tokens,
            ) from None
        usage = completion.usage
        return Reply(
            answer,
            usage.prompt_tokens if usage else 0,
            usage.completion_tokens if usage else 0,
            inner.statistics.get("attempt_number", 1),
        )
