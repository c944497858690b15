"""The classification stage: an LLM over the taxonomy when one is configured, else the rules."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field

from shared.jobs import ClassificationResult
from stt_worker.stages.classification_rules import RuleClassifier
from stt_worker.stages.llm import LlmClient
from stt_worker.stages.taxonomy import Taxonomy


class _LlmAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    code: str
    confidence: float = Field(ge=0, le=100)
    reason: str = Field(min_length=1, max_length=1000)


@cache
def _prompt() -> str:
    return (files("stt_worker.stages") / "prompts" / "classification.md").read_text("utf-8")


def _categories(taxonomy: Taxonomy) -> str:
    lines = []
    for category in taxonomy.categories:
        example = f" — e.g. {category.examples[0]!r}" if category.examples else ""
        description = " ".join(category.description.split())
        lines.append(
            f"- {category.code}: {category.name_ko} / {category.name_en} — {description}{example}"
        )
    return "\n".join(lines)


def classify_with_llm(
    client: LlmClient, taxonomy: Taxonomy, text: str, language: str
) -> ClassificationResult:
    """Ask the LLM; its code must be in the taxonomy (else it is asked once more)."""

    def in_taxonomy(answer: _LlmAnswer) -> None:
        if taxonomy.get(answer.code) is None:
            known = ", ".join(c.code for c in taxonomy.categories)
            raise ValueError(f"code {answer.code!r} is not one of {known}")

    system = (
        _prompt().replace("{categories}", _categories(taxonomy)).replace("{language}", language)
    )
    answer = client.ask(system, f"Transcript ({language}):\n{text}", _LlmAnswer, in_taxonomy)
    return ClassificationResult(
        code=answer.code,
        category=taxonomy.name(answer.code, language),
        confidence=round(answer.confidence, 1),
        reason=answer.reason,
        method="llm",
    )


def classify_with_rules(
    classifier: RuleClassifier, text: str, language: str
) -> ClassificationResult:
    result = classifier.classify(text, language)
    return ClassificationResult(
        code=result.code,
        category=result.category,
        confidence=result.confidence,
        reason=result.reason,
        method="rules",
    )
