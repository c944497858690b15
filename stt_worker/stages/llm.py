"""A small client for OpenAI-compatible chat endpoints that must answer JSON of a given shape."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from shared.errors import ErrorCode, ServiceError
from stt_worker.config import LlmSettings

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


def stage_failure(message: str) -> ServiceError:
    return ServiceError(ErrorCode.STAGE_FAILURE, message)


class LlmClient:
    """Asks a chat model for a JSON object and validates it with pydantic.

    An answer that is not valid JSON of the expected shape is retried once, with the problem
    explained to the model; a second invalid answer, a timeout or an HTTP error is a
    STAGE_FAILURE.

    Args:
        settings: The endpoint, model, key and timeout.
    """

    def __init__(self, settings: LlmSettings):
        if settings.base_url is None:
            raise ValueError("LlmClient needs a base_url")
        headers = {"Content-Type": "application/json"}
        if settings.api_key is not None:
            headers["Authorization"] = f"Bearer {settings.api_key.get_secret_value()}"
        self._settings = settings
        self._url = settings.base_url.rstrip("/") + "/chat/completions"
        self._http = httpx.Client(timeout=settings.timeout, headers=headers)

    def close(self) -> None:
        self._http.close()

    def ask(
        self,
        system: str,
        user: str,
        schema: type[M],
        check: Callable[[M], None] | None = None,
    ) -> M:
        """One JSON answer of `schema`, checked by `check` (which raises ValueError to reject).

        Raises:
            ServiceError: STAGE_FAILURE when the model cannot give a valid answer.
        """
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        problem = ""
        for attempt in (1, 2):
            content = self._chat(messages)
            try:
                answer = schema.model_validate(json.loads(_strip_fences(content)))
                if check is not None:
                    check(answer)
            except (ValueError, ValidationError) as exc:
                problem = str(exc).splitlines()[0][:300]
                logger.warning("LLM answer %d was invalid: %s", attempt, problem)
                messages += [
                    {"role": "assistant", "content": content},
                    {
                        "role": "user",
                        "content": f"That answer was invalid ({problem}). Reply again with only "
                        "the JSON object, exactly in the requested shape.",
                    },
                ]
                continue
            return answer
        raise stage_failure(f"The language model gave no valid answer twice ({problem}).")

    def _chat(self, messages: list[dict[str, str]]) -> str:
        body = {
            "model": self._settings.model,
            "messages": messages,
            "temperature": 0,
            "max_tokens": self._settings.max_tokens,
            "response_format": {"type": "json_object"},
        }
        try:
            response = self._http.post(self._url, json=body)
        except httpx.TimeoutException as exc:
            raise stage_failure("The language model did not answer in time.") from exc
        except httpx.HTTPError as exc:
            raise stage_failure("The language model could not be reached.") from exc
        if response.status_code != 200:
            raise stage_failure(f"The language model answered HTTP {response.status_code}.")
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise stage_failure("The language model's reply was not a chat completion.") from exc
        return str(content or "")


def _strip_fences(content: str) -> str:
    """Models often wrap JSON in a ```json fence despite being told not to."""
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()
