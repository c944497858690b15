"""The call taxonomy and the offline rule classifier, with accuracy on a labelled set."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from stt_worker.stages.classification_rules import NO_CUE_CONFIDENCE, RuleClassifier, RuleResult
from stt_worker.stages.taxonomy import Taxonomy

EVAL_SET = Path(__file__).resolve().parents[2] / "data" / "classification_eval.jsonl"
MIN_ACCURACY = 0.80
CODES = [
    "CLASS_PRE_SALES",
    "CLASS_ORDER_DELIVERY",
    "CLASS_AFTER_SALES",
    "CLASS_COMPLAINT",
    "CLASS_BILLING",
    "CLASS_CANCEL_REFUND",
    "CLASS_ACCOUNT",
    "CLASS_GENERAL",
    "CLASS_OTHER",
]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.load()


@pytest.fixture(scope="module")
def classifier(taxonomy: Taxonomy) -> RuleClassifier:
    return RuleClassifier(taxonomy)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with EVAL_SET.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _yaml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


SMALL_YAML = """
fallback_code: CLASS_MISC
categories:
  - code: CLASS_SHIPPING
    name_ko: 배송
    name_en: Shipping
    description: 배송 문의 / delivery questions
    examples: ["택배 언제 와요"]
    keywords:
      ko: [택배, {term: 배송, weight: 2.5}]
      en: [parcel]
  - code: CLASS_MISC
    name_ko: 기타
    name_en: Miscellaneous
"""


# --- the labelled set ------------------------------------------------------------------------


def test_eval_set_shape(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 150
    assert all(set(row) == {"id", "lang", "text", "label"} for row in rows)
    assert len({row["id"] for row in rows}) == len(rows)
    assert len({row["text"] for row in rows}) == len(rows)
    languages = Counter(row["lang"] for row in rows)
    assert set(languages) == {"ko", "en"}
    assert languages["ko"] / len(rows) >= 0.6
    labels = Counter(row["label"] for row in rows)
    assert set(labels) == set(CODES)
    assert all(count >= 12 for code, count in labels.items() if code != "CLASS_OTHER")
    assert labels["CLASS_OTHER"] >= 8


def test_accuracy_on_the_labelled_set(
    classifier: RuleClassifier, rows: list[dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    pairs = [(row["label"], classifier.classify(row["text"], row["lang"]).code) for row in rows]
    accuracy = sum(truth == predicted for truth, predicted in pairs) / len(pairs)
    by_language = {
        language: _accuracy(pairs, rows, language) for language in sorted({r["lang"] for r in rows})
    }
    with capsys.disabled():
        print("\n" + _report(pairs, accuracy, by_language))
    assert accuracy >= MIN_ACCURACY


def _accuracy(pairs: list[tuple[str, str]], rows: list[dict[str, str]], language: str) -> float:
    chosen = [pair for pair, row in zip(pairs, rows, strict=True) if row["lang"] == language]
    return sum(truth == predicted for truth, predicted in chosen) / len(chosen)


def _report(pairs: list[tuple[str, str]], accuracy: float, by_language: dict[str, float]) -> str:
    lines = [
        f"Rule classifier on {EVAL_SET.name} ({len(pairs)} utterances)",
        f"{'category':<22}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}",
    ]
    for code in CODES:
        true_positive = sum(1 for t, p in pairs if t == code and p == code)
        predicted = sum(1 for _, p in pairs if p == code)
        support = sum(1 for t, _ in pairs if t == code)
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        lines.append(f"{code:<22}{precision:>10.2f}{recall:>8.2f}{f1:>7.2f}{support:>9}")
    languages = ", ".join(f"{lang} {value:.3f}" for lang, value in by_language.items())
    lines.append(f"overall accuracy {accuracy:.3f} ({languages})")
    confusions = Counter((t, p) for t, p in pairs if t != p)
    if confusions:
        lines.append("confusions (true -> predicted: count):")
        lines.extend(
            f"  {t.removeprefix('CLASS_')} -> {p.removeprefix('CLASS_')}: {n}"
            for (t, p), n in sorted(confusions.items(), key=lambda item: (-item[1], item[0]))
        )
    else:
        lines.append("no confusions")
    return "\n".join(lines)


# --- the taxonomy ----------------------------------------------------------------------------


def test_default_taxonomy(taxonomy: Taxonomy) -> None:
    assert taxonomy.codes == CODES
    assert taxonomy.fallback_code == "CLASS_OTHER"
    for category in taxonomy.categories:
        assert category.name_ko and category.name_en and category.description
        assert category.examples
        assert category.keywords.get("ko") and category.keywords.get("en")
    refund = taxonomy.get("CLASS_CANCEL_REFUND")
    assert refund is not None
    assert any(k.term == "환불" and k.weight > 1 for k in refund.keywords["ko"])


def test_names_by_language(taxonomy: Taxonomy) -> None:
    assert taxonomy.name("CLASS_PRE_SALES", "ko") == "사전판매"
    assert taxonomy.name("CLASS_PRE_SALES", "ko-KR") == "사전판매"
    assert taxonomy.name("CLASS_PRE_SALES", None) == "사전판매"
    assert taxonomy.name("CLASS_PRE_SALES", "en") == "Pre-sales"
    assert taxonomy.name("CLASS_BILLING", "ja") == "Billing and payment"
    assert taxonomy.name("CLASS_NOPE", "ko") == "CLASS_NOPE"
    assert taxonomy.get("CLASS_NOPE") is None


def test_custom_yaml(tmp_path: Path) -> None:
    taxonomy = Taxonomy.load(_yaml(tmp_path / "mine.yaml", SMALL_YAML))
    assert taxonomy.codes == ["CLASS_SHIPPING", "CLASS_MISC"]
    shipping = taxonomy.get("CLASS_SHIPPING")
    assert shipping is not None
    assert [(k.term, k.weight) for k in shipping.keywords["ko"]] == [("택배", 1.0), ("배송", 2.5)]
    result = RuleClassifier(taxonomy).classify("택배가 아직 안 왔어요")
    assert (result.code, result.category) == ("CLASS_SHIPPING", "배송")
    fallback = RuleClassifier(taxonomy).classify("hello there", "en")
    assert (fallback.code, fallback.category) == ("CLASS_MISC", "Miscellaneous")


def test_custom_json(tmp_path: Path) -> None:
    data: dict[str, Any] = {
        "categories": [
            {"code": "CLASS_A", "name_ko": "가", "name_en": "A", "keywords": {"en": ["apple"]}},
            {"code": "CLASS_OTHER", "name_ko": "기타", "name_en": "Other"},
        ]
    }
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    taxonomy = Taxonomy.load(str(path))
    assert taxonomy.fallback_code == "CLASS_OTHER"
    assert RuleClassifier(taxonomy).classify("two apples please", "en").code == "CLASS_A"


def test_duplicate_codes_rejected(tmp_path: Path) -> None:
    text = SMALL_YAML.replace("code: CLASS_MISC", "code: CLASS_SHIPPING").replace(
        "fallback_code: CLASS_MISC", "fallback_code: CLASS_SHIPPING"
    )
    with pytest.raises(ValidationError, match="duplicate category codes: CLASS_SHIPPING"):
        Taxonomy.load(_yaml(tmp_path / "dup.yaml", text))


def test_missing_fallback_rejected(tmp_path: Path) -> None:
    text = SMALL_YAML.replace("fallback_code: CLASS_MISC", "fallback_code: CLASS_GONE")
    with pytest.raises(ValidationError, match="fallback_code 'CLASS_GONE'"):
        Taxonomy.load(_yaml(tmp_path / "nofallback.yaml", text))
    # The default fallback is CLASS_OTHER, which this file does not have either.
    text = SMALL_YAML.replace("fallback_code: CLASS_MISC\n", "")
    with pytest.raises(ValidationError, match="fallback_code 'CLASS_OTHER'"):
        Taxonomy.load(_yaml(tmp_path / "nodefault.yaml", text))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("- code: CLASS_MISC", "- code: class misc", "String should match pattern"),
        ("{term: 배송, weight: 2.5}", "{term: 배송, weight: -1}", "greater than 0"),
        ("[parcel]", "['* parcel']", "must start and end with a word"),
        ("      en: [parcel]", "      EN: [parcel]", "keyword languages are codes"),
        ("    name_en: Shipping\n", "", "name_en"),
        ("    examples:", "    colour: red\n    examples:", "Extra inputs are not permitted"),
    ],
)
def test_invalid_taxonomy_rejected(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in SMALL_YAML
    with pytest.raises(ValidationError, match=message):
        Taxonomy.load(_yaml(tmp_path / "bad.yaml", SMALL_YAML.replace(old, new, 1)))


def test_unknown_suffix_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.yaml, \.yml or \.json"):
        Taxonomy.load(_yaml(tmp_path / "taxonomy.toml", SMALL_YAML))


# --- the classifier --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "환불해주세요",
        "환불 해 주세요",
        "어 그 환 불 은 언제 돼요",
        "환불은요 언제 들어와요",
        "주문한 거 결제 취소 좀 해 주세요",
    ],
)
def test_korean_spacing_and_particles(classifier: RuleClassifier, text: str) -> None:
    assert classifier.classify(text, "ko").code == "CLASS_CANCEL_REFUND"


@pytest.mark.parametrize(
    "text", ["I want a refund", "were the refunds sent", "I was refunded twice", "REFUNDING?"]
)
def test_english_stemming(classifier: RuleClassifier, text: str) -> None:
    assert classifier.classify(text, "en").code == "CLASS_CANCEL_REFUND"


def test_reason_names_the_matched_cues(classifier: RuleClassifier) -> None:
    korean = classifier.classify("환불 해 주세요 반품 접수도 했어요", "ko")
    assert korean.code == "CLASS_CANCEL_REFUND"
    assert korean.category == "취소·환불"
    assert "환불" in korean.reason and "반품" in korean.reason
    assert korean.reason.endswith("(취소·환불 관련 표현)")

    english = classifier.classify("I was charged twice, can you check my bill?", "en")
    assert english.code == "CLASS_BILLING"
    assert english.category == "Billing and payment"
    assert "charged twice" in english.reason and "bill" in english.reason
    assert english.reason.endswith("(billing and payment cues)")


def test_language_guessed_from_the_script(classifier: RuleClassifier) -> None:
    assert classifier.classify("비밀번호가 생각이 안 나요").category == "계정·회원"
    assert classifier.classify("I forgot my password").category == "Account and membership"
    # The caller's language wins over the script.
    assert classifier.classify("I forgot my password", "ko").category == "계정·회원"


@pytest.mark.parametrize(
    ("text", "language"),
    [("음 네 네 알겠습니다 그럼 그렇게 할게요", "ko"), ("okay yeah sure thanks", "en")],
)
def test_no_cue_falls_back(classifier: RuleClassifier, text: str, language: str) -> None:
    result = classifier.classify(text, language)
    assert result.code == "CLASS_OTHER"
    assert result.confidence == NO_CUE_CONFIDENCE
    assert set(result.scores.values()) == {0.0}
    expected = "분류 단서 없음" if language == "ko" else "no category cues"
    assert result.reason.startswith(expected)


def test_empty_transcript(classifier: RuleClassifier) -> None:
    result = classifier.classify("  ", None)
    assert (result.code, result.category, result.confidence) == ("CLASS_OTHER", "기타", 0.0)


def test_fallback_follows_the_taxonomy(taxonomy: Taxonomy) -> None:
    general = taxonomy.model_copy(update={"fallback_code": "CLASS_GENERAL"})
    assert RuleClassifier(general).classify("네 네").code == "CLASS_GENERAL"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("불만은 아니고요 그냥 영업시간이 궁금해서요", "ko", "CLASS_GENERAL"),
        ("환불 말고 수리로 해 주세요", "ko", "CLASS_AFTER_SALES"),
        ("this is not a complaint I just want to know your opening hours", "en", "CLASS_GENERAL"),
        ("I don't want a refund, I just want it repaired", "en", "CLASS_AFTER_SALES"),
        (
            "I'm not cancelling, I just need to know where the package is",
            "en",
            "CLASS_ORDER_DELIVERY",
        ),
        # Negated fault descriptions are cues, not negations.
        ("my order has not arrived yet", "en", "CLASS_ORDER_DELIVERY"),
        ("the screen won't turn on", "en", "CLASS_AFTER_SALES"),
    ],
)
def test_negation(classifier: RuleClassifier, text: str, language: str, expected: str) -> None:
    assert classifier.classify(text, language).code == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # An angry refund request is a refund request.
        ("아 진짜 짜증나네 환불 언제 돼요", "ko", "CLASS_CANCEL_REFUND"),
        ("I'm so frustrated and angry, just refund me", "en", "CLASS_CANCEL_REFUND"),
        # Explicit complaint cues make it a complaint.
        ("상담원이 너무 불친절해서 민원 넣으려고요", "ko", "CLASS_COMPLAINT"),
        ("your agent was rude, I want to speak to a manager", "en", "CLASS_COMPLAINT"),
        # A phrase outweighs its parts: 결제 취소 is a cancellation, not billing.
        ("결제 취소해 주세요", "ko", "CLASS_CANCEL_REFUND"),
        ("회원 탈퇴 하려고요", "ko", "CLASS_ACCOUNT"),
    ],
)
def test_overlapping_intents(
    classifier: RuleClassifier, text: str, language: str, expected: str
) -> None:
    assert classifier.classify(text, language).code == expected


def test_short_terms_do_not_match_inside_other_words(classifier: RuleClassifier) -> None:
    # 도용 (identity theft) inside 경기도 용인; 구인 (hiring) inside 수지구인데.
    result = classifier.classify("경기도 용인 수지구인데 새벽배송 되나요", "ko")
    assert result.code == "CLASS_ORDER_DELIVERY"
    assert result.scores["CLASS_ACCOUNT"] == 0.0
    assert result.scores["CLASS_OTHER"] == 0.0
    # The Latin "as" cue (A/S) needs a Hangul neighbour, not English words around it.
    assert classifier.classify("AS 신청하려고요", "ko").code == "CLASS_AFTER_SALES"
    assert classifier.classify("as soon as possible", "en").scores["CLASS_AFTER_SALES"] == 0.0


def test_confidence_range_and_ordering(
    classifier: RuleClassifier, rows: list[dict[str, str]]
) -> None:
    for row in rows:
        confidence = classifier.classify(row["text"], row["lang"]).confidence
        assert 0.0 <= confidence <= 100.0
        assert round(confidence, 1) == confidence
    weak = classifier.classify("배송", "ko")
    strong = classifier.classify(
        "배송 조회해 보니까 택배가 아직 출고 전이라고 나와요 송장도 없고", "ko"
    )
    mixed = classifier.classify("배송이 늦어서 그냥 환불해 주세요", "ko")
    assert weak.code == strong.code == "CLASS_ORDER_DELIVERY"
    assert weak.confidence < strong.confidence
    assert mixed.code == "CLASS_CANCEL_REFUND"
    assert mixed.confidence < strong.confidence


def test_result_shape(classifier: RuleClassifier) -> None:
    result = classifier.classify("비밀번호 재설정이 안 돼요", "ko")
    assert isinstance(result, RuleResult)
    assert result.method == "rules"
    assert list(result.scores) == CODES
    assert result.scores["CLASS_ACCOUNT"] == max(result.scores.values())
    with pytest.raises(FrozenInstanceError):
        result.code = "CLASS_OTHER"  # type: ignore[misc]


def test_deterministic(taxonomy: Taxonomy, rows: list[dict[str, str]]) -> None:
    first, second = RuleClassifier(taxonomy), RuleClassifier(Taxonomy.load())
    for row in rows:
        result = first.classify(row["text"], row["lang"])
        assert result == first.classify(row["text"], row["lang"])
        assert result == second.classify(row["text"], row["lang"])
