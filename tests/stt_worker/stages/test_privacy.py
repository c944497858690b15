"""The privacy-removal stage: accuracy on the evaluation set, the tricky cases one by one, masking.

Scoring rule (the table printed by `test_eval_set_precision_and_recall`): a prediction is a true
positive when it has the gold type and overlaps the gold span by at least half of the gold span's
length; each gold span is matched at most once, each prediction at most once (greedily, in text
order). Unmatched predictions are false positives, unmatched gold spans false negatives.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections import Counter
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import pytest

from stt_worker.stages._hangul_numbers import find_runs, to_digits
from stt_worker.stages.privacy import (
    ENTITY_TYPES,
    Entity,
    find_entities,
    luhn_valid,
    mask_text,
    normalise_email,
    normalised_value,
    replacement,
    rrn_checksum_ok,
    rrn_shape,
)

EVAL_SET = Path(__file__).resolve().parents[2] / "data" / "pii_eval.jsonl"
MIN_PRECISION = 0.95
MIN_RECALL = 0.95
MIN_TYPE_F1 = 0.90


def load_eval() -> list[dict[str, Any]]:
    return [json.loads(line) for line in EVAL_SET.read_text(encoding="utf-8").splitlines()]


ROWS = load_eval()


def kinds(text: str, language: str | None = None) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in find_entities(text, language)]


# --- the evaluation set -------------------------------------------------------------------------


def score(
    rows: list[dict[str, Any]],
) -> tuple[Counter[str], Counter[str], Counter[str], list[str]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors: list[str] = []
    for row in rows:
        text = row["text"]
        predicted = find_entities(text, row["lang"])
        used: set[int] = set()
        for gold in row["entities"]:
            need = 0.5 * (gold["end"] - gold["start"])
            hit = next(
                (
                    i
                    for i, p in enumerate(predicted)
                    if i not in used
                    and p.type == gold["type"]
                    and min(p.end, gold["end"]) - max(p.start, gold["start"]) >= need
                ),
                None,
            )
            if hit is None:
                fn[gold["type"]] += 1
                errors.append(
                    f"missed {gold['type']} {text[gold['start'] : gold['end']]!r}: {text}"
                )
            else:
                used.add(hit)
                tp[gold["type"]] += 1
        for i, p in enumerate(predicted):
            if i not in used:
                fp[p.type] += 1
                errors.append(f"spurious {p.type} {p.text!r}: {text}")
    return tp, fp, fn, errors


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def test_eval_set_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    tp, fp, fn, errors = score(ROWS)
    lines = [
        f"PII eval set: {len(ROWS)} utterances ({EVAL_SET.name}); TP = same type and >= 50% of "
        "the gold span covered",
        f"{'type':<16}{'gold':>6}{'pred':>6}{'TP':>6}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    f1s: dict[str, float] = {}
    for kind in ENTITY_TYPES:
        p = ratio(tp[kind], tp[kind] + fp[kind])
        r = ratio(tp[kind], tp[kind] + fn[kind])
        f1s[kind] = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(
            f"{kind:<16}{tp[kind] + fn[kind]:>6}{tp[kind] + fp[kind]:>6}{tp[kind]:>6}"
            f"{p:>8.3f}{r:>8.3f}{f1s[kind]:>8.3f}"
        )
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    precision = ratio(total_tp, total_tp + total_fp)
    recall = ratio(total_tp, total_tp + total_fn)
    f1 = 2 * precision * recall / (precision + recall)
    lines.append(
        f"{'overall':<16}{total_tp + total_fn:>6}{total_tp + total_fp:>6}{total_tp:>6}"
        f"{precision:>8.3f}{recall:>8.3f}{f1:>8.3f}"
    )
    lines += errors
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert precision >= MIN_PRECISION, errors
    assert recall >= MIN_RECALL, errors
    weak = {kind: round(value, 3) for kind, value in f1s.items() if value < MIN_TYPE_F1}
    assert not weak, weak


def test_the_eval_set_as_one_long_transcript() -> None:
    """The pipeline runs the stage on whole transcripts: context words and name repetitions must
    not leak from one sentence into the next."""
    text = ""
    entities: list[dict[str, Any]] = []
    for row in ROWS:
        entities += [
            {**e, "start": e["start"] + len(text), "end": e["end"] + len(text)}
            for e in row["entities"]
        ]
        text += row["text"] + (" " if row["text"].endswith((".", "?")) else ". ")
    tp, fp, fn, errors = score([{"lang": "ko", "text": text, "entities": entities}])
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    assert ratio(total_tp, total_tp + total_fp) >= MIN_PRECISION, errors
    assert ratio(total_tp, total_tp + total_fn) >= MIN_RECALL, errors


def test_eval_set_is_well_formed() -> None:
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids))
    assert len({row["text"] for row in ROWS}) == len(ROWS)
    for row in ROWS:
        assert set(row) == {"id", "lang", "text", "entities"}
        assert row["lang"] in ("ko", "en")
        last_end = 0
        for entity in row["entities"]:
            assert entity["type"] in ENTITY_TYPES
            assert last_end <= entity["start"] < entity["end"] <= len(row["text"]), row
            value = row["text"][entity["start"] : entity["end"]]
            assert value == value.strip() and value, row
            last_end = entity["end"]


def is_spoken(value: str) -> bool:
    """A number said in Hangul numerals or English words rather than written in digits."""
    return bool(re.search(r"[공영일이삼사오육칠팔구]|[a-z]{3}", value))


def test_eval_set_covers_what_it_should() -> None:
    langs = Counter(row["lang"] for row in ROWS)
    assert len(ROWS) >= 300
    assert 0.5 <= langs["ko"] / len(ROWS) <= 0.7
    assert sum(1 for row in ROWS if not row["entities"]) >= 80
    counts = Counter(e["type"] for row in ROWS for e in row["entities"])
    for kind in ENTITY_TYPES:
        assert counts[kind] >= 15, kind
    assert counts["PERSON"] >= 25
    assert counts["ADDRESS"] >= 25
    assert counts["PHONE"] >= 60
    spoken_phones = [
        row["text"][e["start"] : e["end"]]
        for row in ROWS
        for e in row["entities"]
        if e["type"] == "PHONE" and is_spoken(row["text"][e["start"] : e["end"]])
    ]
    assert len(spoken_phones) >= 25


def test_offsets_are_exact_sorted_and_disjoint() -> None:
    for row in ROWS:
        text = row["text"]
        entities = find_entities(text)
        assert [e.start for e in entities] == sorted(e.start for e in entities)
        for a, b in itertools.pairwise(entities):
            assert a.end <= b.start
        for e in entities:
            assert text[e.start : e.end] == e.text
            assert e.text == e.text.strip()


def test_the_whole_set_masks_in_every_style() -> None:
    """Speed is not asserted; this runs the stage over every utterance in all styles."""
    for row in ROWS:
        text = row["text"]
        entities = find_entities(text, row["lang"])
        tagged = mask_text(text, entities)
        starred = mask_text(text, entities, "stars")
        hashed = mask_text(text, entities, "hash", salt="s")
        assert len(starred) == len(text)
        for e in entities:
            assert f"[{e.type}]" in tagged
            assert e.text not in hashed or len(e.text) < 3


# --- phones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "010-1234-5678",
        "01012345678",
        "010 1234 5678",
        "+82 10-1234-5678",
        "+82-10-1234-5678",
        "02-123-4567",
        "031-1234-5678",
        "0505-123-4567",
        "070-1234-5678",
        "1588-1234",
        "1577-1234",
        "1600-1234",
        "1644-1234",
        "1661-1234",
        "1670-1234",
        "1800-1234",
        "(555) 123-4567",
        "555-123-4567",
        "1-800-555-0199",
        "+1 415 555 2671",
    ],
)
def test_written_phone_numbers(text: str) -> None:
    assert kinds(f"my number is {text} thanks") == [("PHONE", text)]
    assert kinds(f"번호는 {text}이에요") == [("PHONE", text)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("네 제 번호는 공일공 일이삼사 오육칠팔이에요", "공일공 일이삼사 오육칠팔"),
        ("공일공에 일이삼사에 오육칠팔로 주세요", "공일공에 일이삼사에 오육칠팔"),
        ("010에 1234 5678로 연락 주세요", "010에 1234 5678"),
        ("번호가 공일공 1234 오육칠팔 맞아요", "공일공 1234 오육칠팔"),
        ("공일공일이삼사 오육칠팔 이거요", "공일공일이삼사 오육칠팔"),
        ("네 번호는공일공구팔칠육오사삼이예요", "공일공구팔칠육오사삼이"),
        ("연락처 0 1 0 1 2 3 4 5 6 7 8 이요", "0 1 0 1 2 3 4 5 6 7 8"),
        ("공 일 공 팔 칠 일 칠 육 일 이 삼 맞나요", "공 일 공 팔 칠 일 칠 육 일 이 삼"),
        ("휴대폰 공일공 다시 사사팔일 다시 공공구이", "공일공 다시 사사팔일 다시 공공구이"),
        ("음 영일영 오오삼이 칠칠칠팔이요", "영일영 오오삼이 칠칠칠팔"),
        ("번호 공일공 어 삼칠이일 음 구구공팔 맞아요", "공일공 어 삼칠이일 음 구구공팔"),
        ("제 번호 공일공... 팔팔이일... 삼공공구 맞아요", "공일공... 팔팔이일... 삼공공구"),
        ("오륙칠팔로 끝나는 공일공 일이삼사 오륙칠팔 번호요", "공일공 일이삼사 오륙칠팔"),
        ("고객센터가 일오팔팔 삼삼일일 맞죠", "일오팔팔 삼삼일일"),
        ("집 번호는 공이에 삼사오에 육칠팔구요", "공이에 삼사오에 육칠팔구"),
        ("yeah it's five five five, one two three, four five six seven", None),
        ("my number is oh one oh, nine two eight one, four four seven three", None),
        ("it's double five five, eight one two, three three oh nine", None),
        ("call zero one zero one two three four five six seven eight please", None),
        ("it's two one two dash five five five dash oh one four three", None),
        ("my number is five five five, one two three four", None),
    ],
)
def test_spoken_phone_numbers(text: str, number: str | None) -> None:
    found = kinds(text)
    assert [k for k, _ in found] == ["PHONE"], found
    if number:
        assert found[0][1] == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # The copula keeps its 이 after a final consonant: the number ends before it ...
        ("번호는 공일공 일이삼사 오육칠팔이에요", "공일공 일이삼사 오육칠팔"),
        ("번호는 공일공 일이삼사 오육칠팔이구요", "공일공 일이삼사 오육칠팔"),
        ("번호는 공일공 일이삼사 오육칠팔 이요", "공일공 일이삼사 오육칠팔"),
        # ... after a vowel a final 이 is a digit (2), and 예요/요 the ending.
        ("번호는 공일공 일이삼사 오육칠이예요", "공일공 일이삼사 오육칠이"),
        ("번호는 공일공 일이삼사 오육칠이요", "공일공 일이삼사 오육칠이"),
        # The next words may start with a numeral: 일이 있어서 ("something came up").
        ("공일공 일이삼사 오육칠팔에 일이 있어서 못 받았어요", "공일공 일이삼사 오육칠팔"),
    ],
)
def test_where_a_spoken_number_ends(text: str, number: str) -> None:
    assert kinds(text) == [("PHONE", number)]


# --- other numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "주민번호 900101-1234568이요",
        "주민번호 9001011234568이요",
        "주민번호 900101 1234568이요",
        "주민번호 팔공공일일오 다시 일이삼사오육칠입니다",
        "주민번호 구공공일공일에 일이삼사오육팔",
        "어 9412231959555 맞아요",  # no cue: the shape alone (valid date, gender digit)
        "외국인등록번호 850317-5123456",
        "my resident registration number is 900101-1234568",
    ],
)
def test_resident_registration_numbers(text: str) -> None:
    assert [k for k, _ in kinds(text)] == ["RRN"]


def test_rrn_check_digit_raises_confidence_but_does_not_reject() -> None:
    assert rrn_shape("9001011234568") and rrn_checksum_ok("9001011234568")
    assert rrn_shape("9001011234567") and not rrn_checksum_ok("9001011234567")
    assert kinds("주민번호 900101-1234567") == [("RRN", "900101-1234567")]  # issued after 2020


@pytest.mark.parametrize(
    "digits", ["9013011234567", "9002301234567", "9001019234567", "900101123456"]
)
def test_rrn_needs_a_real_date_and_gender_digit(digits: str) -> None:
    assert not rrn_shape(digits)
    assert [k for k, _ in kinds(f"어 {digits} 맞아요")] != ["RRN"]


def test_rrn_front_and_back_said_separately() -> None:
    text = "주민번호 앞자리는 구일공삼이팔이고 뒷자리는 이공일오삼일사예요"
    assert kinds(text) == [("RRN", "구일공삼이팔"), ("RRN", "이공일오삼일사")]
    assert kinds("카드 뒷자리 1234 맞나요") == []


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid("378282246310005")
    assert not luhn_valid("4111111111111112")


@pytest.mark.parametrize(
    "text",
    [
        "카드번호 4111-1111-1111-1111이요",
        "카드번호 4111 1111 1111 1111이요",
        "4111111111111111 이 카드로 해 주세요",
        "the card is 3782 822463 10005",
        "카드번호 사일일일 일일일일 일일일일 일일일일이요",
        "card number is four one one one, one one one one, one one one one, one one one one",
    ],
)
def test_card_numbers(text: str) -> None:
    assert [k for k, _ in kinds(text)] == ["CARD"]


def test_card_numbers_need_luhn_when_the_layout_says_nothing() -> None:
    assert kinds("4111111111111112 이 번호요") == []
    assert [k for k, _ in kinds("카드번호 4111 1111 1111 1112")] == ["CARD"]  # STT slip, cue


@pytest.mark.parametrize(
    "text",
    [
        "110-123-456789",  # Shinhan
        "123456-01-123456",  # Kookmin
        "1002-123-456789",  # Woori
        "3333-01-1234567",  # Kakao Bank
        "301-1234-5678-91",  # NongHyup
    ],
)
def test_bank_account_layouts(text: str) -> None:
    assert kinds(f"{text}으로 보내 주세요") == [("ACCOUNT", text)]


def test_account_numbers_after_cue_words() -> None:
    assert kinds("계좌번호 123456789012요") == [("ACCOUNT", "123456789012")]
    assert kinds("카카오뱅크 삼삼삼삼 공일 칠칠이 삼팔오일이에요") == [
        ("ACCOUNT", "삼삼삼삼 공일 칠칠이 삼팔오일")
    ]
    assert kinds("my account number is 908446048") == [("ACCOUNT", "908446048")]


def test_a_phone_shape_beats_a_nearer_account_word() -> None:
    text = "the phone on the account should be 617-214-4625"
    assert kinds(text) == [("PHONE", "617-214-4625")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("여권번호 M12345678이요", [("PASSPORT", "M12345678")]),
        ("여권번호 M123A4567이요", [("PASSPORT", "M123A4567")]),
        ("passport M1234567A", [("PASSPORT", "M1234567A")]),
        ("여권은 엠 공칠삼삼 일구팔이 이요", [("PASSPORT", "엠 공칠삼삼 일구팔이")]),
        ("my passport number is 5 4 8 2 9 1 0 3 7", [("PASSPORT", "5 4 8 2 9 1 0 3 7")]),
        ("운전면허 12-34-567890-12 이요", [("DRIVER_LICENSE", "12-34-567890-12")]),
        ("면허번호 서울 12-345678-90 입니다", [("DRIVER_LICENSE", "서울 12-345678-90")]),
        (
            "면허번호 대구 일칠 공삼이일오구 팔팔이요",
            [("DRIVER_LICENSE", "대구 일칠 공삼이일오구 팔팔")],
        ),
        ("my driver's license is D1234567", [("DRIVER_LICENSE", "D1234567")]),
    ],
)
def test_passports_and_driving_licences(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


# --- e-mail, addresses, names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address", "normalised"),
    [
        ("메일은 hong.gd@naver.com 이요", "hong.gd@naver.com", "hong.gd@naver.com"),
        ("my email is hong at gmail dot com", "hong at gmail dot com", "hong@gmail.com"),
        (
            "이메일은 홍길동 골뱅이 네이버 닷 컴이요",
            "홍길동 골뱅이 네이버 닷 컴",
            "홍길동@naver.com",
        ),
        ("메일은 abc at naver.com 이에요", "abc at naver.com", "abc@naver.com"),
        (
            "it's jane dot doe at outlook dot com",
            "jane dot doe at outlook dot com",
            "jane.doe@outlook.com",
        ),
        ("minsu 골뱅이 다음 닷넷으로 주세요", "minsu 골뱅이 다음 닷넷", "minsu@daum.net"),
        (
            "jiyoung 언더바 lee at daum.net 이요",
            "jiyoung 언더바 lee at daum.net",
            "jiyoung_lee@daum.net",
        ),
    ],
)
def test_email_written_and_spoken(text: str, address: str, normalised: str) -> None:
    assert kinds(text) == [("EMAIL", address)]
    assert normalise_email(address) == normalised


def test_at_in_ordinary_english_is_not_an_email() -> None:
    assert kinds("I'm at home right now, look at this") == []


@pytest.mark.parametrize(
    "address",
    [
        "서울특별시 강남구 테헤란로 123",
        "경기도 성남시 분당구 판교역로 235",
        "부산 해운대구 센텀중앙로 79",
        "역삼동 123-45",
        "래미안아파트 101동 1203호",
        "서울 마포구 월드컵북로 398 4층",
        "경기 파주시 교하읍 산남리 123-4",
        "서울 관악구 관악로 52번길 11",
        "221B Baker Street",
        "1600 Pennsylvania Avenue",
        "4521 West Elm Street, Apt 3B, Denver, CO 80202",
    ],
)
def test_addresses(address: str) -> None:
    assert kinds(f"주소는 {address}이요") == [("ADDRESS", address)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("제 이름은 김민수입니다", ["김민수"]),
        ("제이름은김민수입니다", ["김민수"]),
        ("김민수 고객님 맞으시죠", ["김민수"]),
        ("홍길동 님 본인이세요", ["홍길동"]),
        ("임하준씨 계세요", ["임하준"]),
        ("네 담당자 이영희입니다", ["이영희"]),
        ("박지성이라고 합니다", ["박지성"]),
        ("예금주 이름이 남궁민이요", ["남궁민"]),
        ("성함이 어떻게 되세요 네 소도윤이요", ["소도윤"]),
        ("음 성함이 구혜선이에요 구혜선", ["구혜선", "구혜선"]),
        ("my name is John Smith", ["John Smith"]),
        ("this is Sarah Johnson from billing", ["Sarah Johnson"]),
        ("hi, Priya Raman here, I'm returning your call", ["Priya Raman"]),
        ("thank you Mr. Alvarez", ["Alvarez"]),
    ],
)
def test_person_names(text: str, names: list[str]) -> None:
    assert kinds(text) == [("PERSON", name) for name in names]


@pytest.mark.parametrize(
    "text",
    [
        "기존 고객님 대상 이벤트예요",
        "우수 고객님께 드리는 혜택",
        "제 이름으로 된 계좌가 두 개예요",
        "고객님 성함이랑 생년월일 확인 부탁드립니다",
        "성함이 기억이 안 나요",
        "상담원 연결해 주세요",
        "이름 변경하려고요",
        "I'm Korean but I live in the US",
        "this is ridiculous",
        "this is Customer Service how may I help you",
        "it's Apple Pay on my phone",
    ],
)
def test_not_names(text: str) -> None:
    assert kinds(text) == []


# --- negatives ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # prices
        "요금이 3만 9천원 나왔어요",
        "39,900원짜리 요금제요",
        "1,282,000원 결제됐어요",
        "the total was $1,299.99",
        "삼만 구천 원짜리요",
        # dates and times
        "2024년 3월 15일에 주문했어요",
        "2024-03-15에 결제됐어요",
        "이천이십사년 삼월 십오일이요",
        "오후 3시 30분에 오세요",
        "I called at 9:45 and again at 10:15",
        # order and tracking numbers
        "주문번호 2024031512345678이요",
        "주문번호는 4111111111111111이에요",  # even Luhn-valid
        "송장번호 6012 3456 7890 이요",
        "운송장 번호가 일이삼사 오육칠팔 구공일이 인데요",
        "the order number is 112-4456789-1234567",
        "tracking number 1Z999AA10123456784",
        "my tracking number is 9400 1118 9922 3344 5566 77",
        # model numbers, versions, percentages, quantities and counts
        "모델명은 SM-S928N 이에요",
        "A2894 모델이요",
        "버전 14.2.1로 업데이트했어요",
        "할인율이 20% 라고요",
        "약정이 삼 개월 남았어요",
        "이 일 동안 연락이 안 됐어요",
        "오백 미리 두 개 주문했어요",
        "it costs nineteen ninety nine a month",
        "I've been a customer for 12 years",
        # short numbers and ordinary words made of numerals
        "카드 끝자리 1234 맞으세요",
        "이사 가서 주소 바꾸려고요",
        "오일 교환 예약했어요",
        "일이 너무 많아서요",
        "오일이 이삼일 사이에 새요",
        "call 911 if it's an emergency",
        "인증번호 482913 입력했는데 안 돼요",
    ],
)
def test_negatives(text: str) -> None:
    assert kinds(text) == []


def test_random_spoken_mobile_numbers_are_found() -> None:
    """Mobile numbers in the notations Whisper uses, drawn at random (fixed seed)."""
    rng = random.Random(1)
    hangul = "공일이삼사오육칠팔구"
    for _ in range(200):
        groups = ["010", f"{rng.randrange(2000, 10000)}", f"{rng.randrange(0, 10000):04d}"]
        said = [
            " ".join("".join(hangul[int(d)] for d in g) for g in groups),
            "에 ".join("".join(hangul[int(d)] for d in g) for g in groups),
            " ".join(groups),
            "-".join(groups),
            " ".join("".join(groups)),
        ]
        for number in said:
            text = f"네 번호는 {number} 입니다"
            assert kinds(text) == [("PHONE", number)], text


# --- masking --------------------------------------------------------------------------------------


def test_mask_tag() -> None:
    text = "제 이름은 김민수고 번호는 공일공 일이삼사 오육칠팔이에요"
    assert mask_text(text, find_entities(text)) == "제 이름은 [PERSON]고 번호는 [PHONE]이에요"


def test_mask_stars_keeps_length_and_spaces() -> None:
    text = "번호는 010 1234 5678 입니다"
    masked = mask_text(text, find_entities(text), "stars")
    assert masked == "번호는 *** **** **** 입니다"
    assert len(masked) == len(text)


def test_mask_hash_is_stable_across_notations_and_depends_on_the_salt() -> None:
    forms = [
        "010-1234-5678",
        "01012345678",
        "공일공 일이삼사 오육칠팔",
        "010에 1234 5678",
        "+82 10-1234-5678",
        "oh one oh one two three four five six seven eight",
    ]
    tokens = set()
    for form in forms:
        entities = find_entities(f"번호는 {form} 이에요")
        assert [e.type for e in entities] == ["PHONE"], form
        assert normalised_value(entities[0]) == "01012345678"
        tokens.add(replacement(entities[0], "hash", salt="deployment-1"))
    assert len(tokens) == 1
    token = tokens.pop()
    assert re.fullmatch(r"\[PHONE:[0-9a-f]{10}\]", token)
    phone = find_entities("010-1234-5678")[0]
    assert replacement(phone, "hash", salt="deployment-2") != token
    other = find_entities("010-1234-5679")[0]
    assert replacement(other, "hash", salt="deployment-1") != token


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("여권번호 M123A4567이요", "M123A4567"),
        ("여권은 엠 공칠삼삼 일구팔이 이요", "M07331982"),
        ("여권번호 M 07331982 입니다", "M07331982"),
        ("면허번호 서울 12-345678-90 입니다", "1234567890"),
        ("my driver's license number is W602-352-07-460-0", "W602352074600"),
        ("주민번호 구공공일공일 다시 일이삼사오육팔", "9001011234568"),
        ("call 1-800-555-0199", "8005550199"),
        ("제 이름은 김민수입니다", "김민수"),
    ],
)
def test_normalised_values(text: str, value: str) -> None:
    (entity,) = find_entities(text)
    assert normalised_value(entity) == value


def test_mask_hash_of_spoken_and_written_email_agree() -> None:
    spoken = find_entities("hong at gmail dot com")[0]
    written = find_entities("Hong@Gmail.com")[0]
    assert replacement(spoken, "hash") == replacement(written, "hash")


def test_mask_text_checks_its_input() -> None:
    text = "010-1234-5678"
    entity = find_entities(text)[0]
    with pytest.raises(ValueError, match="overlapping"):
        mask_text(text, [entity, entity])
    with pytest.raises(ValueError, match="not at"):
        mask_text("x" + text, [entity])
    with pytest.raises(ValueError, match="style"):
        replacement(entity, "bold")  # type: ignore[arg-type]
    assert mask_text(text, []) == text


def test_entity_is_frozen() -> None:
    entity = Entity("PHONE", 0, 3, "010")
    with pytest.raises(FrozenInstanceError):
        entity.start = 1  # type: ignore[misc]


# --- the API's edges ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ko", "en", None, "ja"])
def test_language_hint_and_mixed_text(language: str | None) -> None:
    text = "my name is John Smith, 번호는 공일공 일이삼사 오육칠팔이고 email is js at gmail dot com"
    assert [k for k, _ in kinds(text, language)] == ["PERSON", "PHONE", "EMAIL"]


def test_empty_and_blank_text() -> None:
    assert find_entities("") == []
    assert find_entities("   ") == []


def test_digit_runs_keep_their_source_offsets() -> None:
    text = "번호 공일공에 1234 five six seven eight"
    (run,) = [r for r in find_runs(text) if len(r.digits) > 3]
    assert run.digits == "01012345678"
    assert text[run.start : run.end] == "공일공에 1234 five six seven eight"
    assert text[slice(*run.spans[-1])] == "eight"
    assert to_digits("double five, triple oh") == "55000"
