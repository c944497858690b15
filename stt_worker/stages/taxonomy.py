"""The call-category taxonomy shared by the rule classifier and the LLM classifier.

A taxonomy is a list of categories, each with a fixed code (``CLASS_BILLING``), Korean and English
names, a bilingual description, a few example utterances (for an LLM prompt) and weighted keywords
per language (for the rule classifier). The packaged default lives in ``data/taxonomy.yaml``;
a deployment can load its own YAML or JSON file with the same shape::

    fallback_code: CLASS_OTHER
    categories:
      - code: CLASS_CANCEL_REFUND
        name_ko: 취소·환불
        name_en: Cancellation and refund
        description: ...
        examples: ["주문 취소하고 환불받고 싶어요"]
        keywords:
          ko: [{term: 환불, weight: 2.0}, 반품]   # a plain string weighs 1.0
          en: [refund, {term: money back, weight: 2.0}, {term: send * back}]

English terms may use ``*`` for any one word.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DEFAULT_RESOURCE = "taxonomy.yaml"
"""The packaged default, in ``stt_worker/stages/data/``."""

_CODE_PATTERN = r"^[A-Z][A-Z0-9_]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Keyword(_Model):
    """A cue term and how much one match of it counts.

    Attributes:
        term: The word or phrase. Korean terms match as substrings of the transcript with spaces
            removed, so a stem (``환불``) also matches ``환불해 주세요`` and ``환불은``; English
            terms match whole (stemmed) words, so ``refund`` also matches ``refunded``.
        weight: What one match adds to its category's score.
        word_start: Korean terms only: match only where a word starts in the transcript (after a
            space, punctuation or the start), for short terms that otherwise hide inside other
            words (``구인`` in ``수지구인데``, ``도용`` in ``경기도 용인``).
    """

    term: str = Field(min_length=1)
    weight: float = Field(1.0, gt=0, le=10)
    word_start: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        # A plain string in the file is a keyword of weight 1.0.
        return {"term": data} if isinstance(data, str) else data

    @field_validator("term")
    @classmethod
    def _wildcards_inside(cls, value: str) -> str:
        words = value.split()
        if not words or "*" in (words[0], words[-1]):
            raise ValueError(f"a term must start and end with a word, not '*': {value!r}")
        return value


class Category(_Model):
    """One call category.

    Attributes:
        code: The stable identifier answered to callers, e.g. ``CLASS_BILLING``.
        name_ko: The Korean display name, e.g. ``요금·결제``.
        name_en: The English display name, e.g. ``Billing and payment``.
        description: What belongs here and what does not (Korean and English), for people and
            for an LLM prompt.
        examples: A few typical utterances.
        keywords: Cue terms per language code (``ko``, ``en``) for the rule classifier.
        priority: Breaks ties between equal rule scores; the higher wins.
    """

    code: str = Field(pattern=_CODE_PATTERN)
    name_ko: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    description: str = ""
    examples: list[str] = Field(default_factory=list)
    keywords: dict[str, list[Keyword]] = Field(default_factory=dict)
    priority: int = 0

    @field_validator("keywords")
    @classmethod
    def _language_codes(cls, value: dict[str, list[Keyword]]) -> dict[str, list[Keyword]]:
        for language in value:
            if not language.isascii() or not language.isalpha() or not language.islower():
                raise ValueError(f"keyword languages are codes like 'ko', not {language!r}")
        return value


class Taxonomy(_Model):
    """The set of call categories.

    Attributes:
        categories: The categories, in display order.
        fallback_code: The category answered when nothing matches; it must be one of them.
    """

    categories: list[Category] = Field(min_length=1)
    fallback_code: str = "CLASS_OTHER"

    @model_validator(mode="after")
    def _check(self) -> Self:
        counts = Counter(category.code for category in self.categories)
        duplicates = sorted(code for code, count in counts.items() if count > 1)
        if duplicates:
            raise ValueError(f"duplicate category codes: {', '.join(duplicates)}")
        if self.fallback_code not in counts:
            raise ValueError(f"fallback_code {self.fallback_code!r} is not one of the categories")
        return self

    @classmethod
    def load(cls, path: str | Path | None = None) -> Taxonomy:
        """Load and validate a taxonomy file.

        Args:
            path: A ``.yaml``/``.yml`` or ``.json`` file; ``None`` loads the packaged default.

        Returns:
            The validated taxonomy.

        Raises:
            ValueError: The suffix is not YAML or JSON, or the content is not a valid taxonomy
                (pydantic's ``ValidationError`` is a ``ValueError``).
            OSError: The file cannot be read.
        """
        if path is None:
            resource = resources.files("stt_worker.stages") / "data" / DEFAULT_RESOURCE
            return cls._parse(resource.read_text(encoding="utf-8"), DEFAULT_RESOURCE)
        path = Path(path)
        return cls._parse(path.read_text(encoding="utf-8"), path.name)

    @classmethod
    def _parse(cls, text: str, name: str) -> Taxonomy:
        suffix = Path(name).suffix.lower()
        if suffix in (".yaml", ".yml"):
            data = yaml.safe_load(text)
        elif suffix == ".json":
            data = json.loads(text)
        else:
            raise ValueError(f"taxonomy file must be .yaml, .yml or .json, not {name!r}")
        return cls.model_validate(data)

    @property
    def codes(self) -> list[str]:
        """The category codes, in order."""
        return [category.code for category in self.categories]

    def get(self, code: str) -> Category | None:
        """The category with this code, or ``None``."""
        return next((c for c in self.categories if c.code == code), None)

    def name(self, code: str, language: str | None) -> str:
        """The display name of a category in a language.

        Args:
            code: A category code.
            language: ``"ko"`` (or a tag starting with it) or ``None`` gives the Korean name; any
                other language the English one.

        Returns:
            The name; an unknown code is answered as it is.
        """
        category = self.get(code)
        if category is None:
            return code
        return category.name_ko if is_korean(language) else category.name_en


def is_korean(language: str | None) -> bool:
    """Whether a language code means Korean; ``None`` does (Korean is the platform's default)."""
    return language is None or language.lower().split("-")[0] in ("ko", "kor")
