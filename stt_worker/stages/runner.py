"""Runs the requested stages after STT, in order: privacy removal → classification → AI agent.

Classification and the agent read the masked transcript when privacy removal ran, so no PII
reaches an LLM. A stage that fails does not lose the transcript: it is reported under
`stage_errors` (STAGE_FAILURE) and its processing step stays false.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from shared.errors import ErrorCode, ServiceError
from shared.jobs import (
    AgentResult,
    ClassificationResult,
    JobInput,
    PrivacyResult,
    Segment,
    StageError,
)
from stt_worker.config import StageSettings
from stt_worker.stages import agent, classification
from stt_worker.stages.classification_rules import RuleClassifier
from stt_worker.stages.llm import LlmClient
from stt_worker.stages.redaction import redact
from stt_worker.stages.taxonomy import Taxonomy

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass
class StagesOutput:
    """The transcript as the stages leave it (masked when privacy removal ran) and their results."""

    text: str
    segments: list[Segment]
    privacy: PrivacyResult | None = None
    classification: ClassificationResult | None = None
    agent: AgentResult | None = None
    errors: dict[str, StageError] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


class StageRunner:
    """Owns what the stages need (taxonomy, rule classifier, LLM client), built on first use.

    Args:
        settings: The worker's stage settings.
    """

    def __init__(self, settings: StageSettings):
        self._settings = settings
        self._lock = threading.Lock()
        self._taxonomy: Taxonomy | None = None
        self._rules: RuleClassifier | None = None
        self._llm: LlmClient | None = None

    def close(self) -> None:
        if self._llm is not None:
            self._llm.close()

    def prepare(self) -> None:
        """Load the taxonomy and compile the rule classifier now (~0.1 s), not in a job."""
        self._rule_classifier()

    @property
    def taxonomy(self) -> Taxonomy:
        with self._lock:
            if self._taxonomy is None:
                self._taxonomy = Taxonomy.load(self._settings.taxonomy_file)
            return self._taxonomy

    def _rule_classifier(self) -> RuleClassifier:
        taxonomy = self.taxonomy
        with self._lock:
            if self._rules is None:
                self._rules = RuleClassifier(taxonomy)
            return self._rules

    def _llm_client(self) -> LlmClient | None:
        if self._settings.llm.base_url is None:
            return None
        with self._lock:
            if self._llm is None:
                self._llm = LlmClient(self._settings.llm)
            return self._llm

    def run(self, job: JobInput, text: str, segments: list[Segment], language: str) -> StagesOutput:
        """Run the stages `job.stages` asks for over a transcript."""
        out = StagesOutput(text=text, segments=segments)
        stages = job.stages
        if stages.privacy_removal:
            style = stages.mask_style or self._settings.mask_style
            redacted = self._timed(
                out,
                "privacy_removal",
                lambda: redact(
                    text,
                    segments,
                    language,
                    style,
                    self._settings.hash_salt.get_secret_value(),
                    self._settings.return_entity_text,
                ),
            )
            if redacted is not None:
                out.text, out.segments, out.privacy = (
                    redacted.text,
                    redacted.segments,
                    redacted.privacy,
                )
            else:
                # Masking was asked for and failed: withhold the transcript rather than return
                # or pass on PII.
                return self._withhold_after_privacy_failure(out, job)
        if stages.classification:
            out.classification = self._timed(
                out, "classification", lambda: self._classify(out.text, language)
            )
        if stages.ai_agent:
            out.agent = self._timed(out, "ai_agent", lambda: self._summarise(out, language))
        return out

    def _classify(self, text: str, language: str) -> ClassificationResult:
        client = self._llm_client()
        if client is not None:
            return classification.classify_with_llm(client, self.taxonomy, text, language)
        return classification.classify_with_rules(self._rule_classifier(), text, language)

    def _summarise(self, out: StagesOutput, language: str) -> AgentResult:
        client = self._llm_client()
        if client is not None:
            return agent.summarise_with_llm(client, out.text, language)
        return agent.summarise_extractively(out.text, [s.text for s in out.segments])

    def _timed(self, out: StagesOutput, name: str, work: Callable[[], T]) -> T | None:
        started = time.perf_counter()
        try:
            return work()
        except ServiceError as exc:
            logger.warning("stage %s failed: %s", name, exc.message)
            out.errors[name] = StageError(code=ErrorCode.STAGE_FAILURE.value, message=exc.message)
        except Exception:
            logger.exception("stage %s failed", name)
            out.errors[name] = StageError(
                code=ErrorCode.STAGE_FAILURE.value, message=f"The {name} stage failed."
            )
        finally:
            out.timings[name] = round(time.perf_counter() - started, 3)
        return None

    @staticmethod
    def _withhold_after_privacy_failure(out: StagesOutput, job: JobInput) -> StagesOutput:
        out.text, out.segments = "", []
        error = out.errors["privacy_removal"]
        out.errors["privacy_removal"] = StageError(
            code=error.code, message=f"{error.message} The transcript is withheld."
        )
        for name in ("classification", "ai_agent"):
            if getattr(job.stages, name):
                out.errors[name] = StageError(
                    code=ErrorCode.STAGE_FAILURE.value,
                    message="Skipped: privacy removal failed, so the text was not sent on.",
                )
        return out
