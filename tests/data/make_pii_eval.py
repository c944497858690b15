"""Write `pii_eval.jsonl`: call-centre utterances with gold spans of personal data.

The utterances imitate STT output of real Korean and English support calls: punctuation is not
guaranteed, Korean spacing is sometimes wrong (``제이름은김민수입니다``), fillers appear (어, 음,
그, uh, um), and numbers come out the way Whisper writes them when people read them aloud: as
digits, as Hangul Sino-Korean numerals (``공일공 일이삼사 오육칠팔``), mixed, spaced out, with
``에`` or ``다시`` between the groups, or as English words (``five five five, oh one nine nine``).

Two sources are combined:

* templates of things callers and agents say, filled with varied values (numbers drawn at random
  in the real formats: Luhn-valid card numbers, resident registration numbers with valid dates,
  bank-specific account layouts) written in varied spoken forms; the spans are computed while
  filling;
* hand-written utterances, with the gold spans marked inline as ``[[TYPE:text]]``.

About 40% of the lines carry no personal data at all but look like they might: prices, dates,
times, quantities, order and tracking numbers, model numbers, card endings, versions.

Conventions for the gold spans: a number's span runs from its first to its last digit (or
numeral), including separators said between the groups (``에``, ``다시``, a filler) but not the
particle after it (``이에요``, ``으로``); a ``+82``/``+1`` prefix is part of a phone number; a
driving licence includes the region name said before it; a name excludes titles (``고객님``,
``님``, ``씨``, ``Mr.``); an e-mail runs from the local part to the top-level domain in whatever
form it was said; an address runs from the first region or house number to the last unit (``호``,
``층``, apartment or ZIP code).

Run it to regenerate the file (deterministic)::

    .venv/bin/python tests/data/make_pii_eval.py
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("pii_eval.jsonl")
SEED = 20240315

Span = tuple[str, int, int]
Piece = tuple[str, str | None]  # (text, entity type or None)

# --- numbers as people say them ---------------------------------------------------------------

KO_DIGITS = "공일이삼사오육칠팔구"
EN_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def ko_num(digits: str, rng: random.Random, zero: str | None = None) -> str:
    """Digits as Hangul numerals, the way Whisper writes a number read digit by digit."""
    zero = zero or ("영" if rng.random() < 0.1 else "공")
    out = []
    for i, d in enumerate(digits):
        if d == "0":
            out.append(zero)
        elif d == "6" and i > 0 and digits[i - 1] == "5" and rng.random() < 0.4:
            out.append("륙")  # 오륙 is how 5-6 sounds
        else:
            out.append(KO_DIGITS[int(d)])
    return "".join(out)


def en_num(digits: str, rng: random.Random, oh: bool | None = None) -> str:
    """Digits as English words, with "oh" for zero and "double five" now and then."""
    oh = rng.random() < 0.6 if oh is None else oh
    words: list[str] = []
    i = 0
    while i < len(digits):
        d = digits[i]
        word = "oh" if d == "0" and oh else EN_DIGITS[int(d)]
        if i + 1 < len(digits) and digits[i + 1] == d and rng.random() < 0.35:
            words.append(f"double {word}")
            i += 2
            continue
        words.append(word)
        i += 1
    return " ".join(words)


def rand_digits(rng: random.Random, n: int, first: str = "0123456789") -> str:
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def luhn_complete(partial: str) -> str:
    """Append the Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return partial + str((10 - total % 10) % 10)


def ko_groups(groups: list[str], rng: random.Random, style: str) -> str:
    """A grouped number (phone, RRN, card, account) in one of the ways Korean STT writes it."""
    if style == "hyphen":
        return "-".join(groups)
    if style == "plain":
        return "".join(groups)
    if style == "space":
        return " ".join(groups)
    if style == "spoken":
        return " ".join(ko_num(g, rng) for g in groups)
    if style == "spoken_glued":  # spacing errors: some or all groups run together
        parts = [ko_num(g, rng) for g in groups]
        cut = rng.randrange(1, len(parts)) if len(parts) > 2 and rng.random() < 0.6 else 0
        if cut:
            return "".join(parts[:cut]) + " " + " ".join(parts[cut:])
        return "".join(parts)
    if style == "spoken_e":
        return "에 ".join(ko_num(g, rng) for g in groups)
    if style == "spoken_dasi":
        return " 다시 ".join(ko_num(g, rng) for g in groups)
    if style == "mixed":
        while True:
            parts = [g if rng.random() < 0.5 else ko_num(g, rng) for g in groups]
            if any(p.isdigit() for p in parts) and not all(p.isdigit() for p in parts):
                return " ".join(parts)
    if style == "digits_e":
        return groups[0] + "에 " + " ".join(groups[1:])
    if style == "spaced_digits":
        return " ".join("".join(groups))
    if style == "spoken_each":
        return " ".join(ko_num("".join(groups), rng))
    if style == "spoken_pauses":  # the groups are not where the hyphens would be
        digits = ko_num("".join(groups), rng)
        cuts = sorted(rng.sample(range(2, len(digits) - 1), k=min(3, len(digits) // 3)))
        out, last = [], 0
        for c in cuts:
            if c - last >= 2:
                out.append(digits[last:c])
                last = c
        out.append(digits[last:])
        return " ".join(out)
    if style == "spoken_ellipsis":
        return "... ".join(ko_num(g, rng) for g in groups)
    if style == "spoken_filler":
        parts = [ko_num(g, rng) for g in groups]
        k = rng.randrange(1, len(parts))
        parts[k] = rng.choice(["어 ", "음 ", "그 "]) + parts[k]
        return " ".join(parts)
    raise ValueError(style)


def en_groups(groups: list[str], rng: random.Random, style: str) -> str:
    if style == "hyphen":
        return "-".join(groups)
    if style == "space":
        return " ".join(groups)
    if style == "plain":
        return "".join(groups)
    if style == "spoken":
        oh = rng.random() < 0.6
        return ", ".join(en_num(g, rng, oh) for g in groups)
    if style == "spoken_nocomma":
        oh = rng.random() < 0.6
        return " ".join(en_num(g, rng, oh) for g in groups)
    if style == "spoken_dash":
        return " dash ".join(en_num(g, rng) for g in groups)
    raise ValueError(style)


KO_SPOKEN = ["spoken", "spoken_glued", "spoken_e", "spoken_dasi", "spoken_each", "spoken_pauses"]
KO_SPOKEN += ["spoken_ellipsis", "spoken_filler", "mixed", "digits_e", "spaced_digits"]

# --- values -------------------------------------------------------------------------------------

AREA = ["02", "031", "032", "033", "041", "042", "043", "051", "052", "053", "054", "055"]
AREA += ["061", "062", "063", "064", "044"]
REP_PREFIX = ["1588", "1577", "1544", "1566", "1599", "1600", "1644", "1661", "1670", "1800"]
REP_PREFIX += ["1688", "1522", "1899"]


def mobile(rng: random.Random) -> list[str]:
    return ["010", rand_digits(rng, 4, "23456789"), rand_digits(rng, 4)]


def landline(rng: random.Random) -> list[str]:
    area = rng.choice([*AREA, "070", "0505"])
    mid = rand_digits(rng, rng.choice([3, 4]), "23456789")
    if area == "070":
        mid = rand_digits(rng, 4, "2345678")
    return [area, mid, rand_digits(rng, 4)]


def rep_number(rng: random.Random) -> list[str]:
    return [rng.choice(REP_PREFIX), rand_digits(rng, 4)]


def ko_phone(rng: random.Random, spoken: bool) -> str:
    groups = mobile(rng) if rng.random() < 0.85 else landline(rng)
    if spoken:
        style = rng.choice(KO_SPOKEN)
        if len(groups) == 2 and style in ("spoken_glued", "digits_e", "spoken_filler"):
            style = "spoken"
        return ko_groups(groups, rng, style)
    if groups[0] == "010" and rng.random() < 0.15:
        sep = rng.choice([" ", "-"])
        return f"+82{sep}10-{groups[1]}-{groups[2]}"
    return ko_groups(groups, rng, rng.choice(["hyphen", "hyphen", "hyphen", "plain", "space"]))


def nanp(rng: random.Random) -> list[str]:
    area = rng.choice(["212", "415", "312", "617", "206", "555", "646", "718", "503", "404"])
    exchange = rng.choice(["555", rand_digits(rng, 3, "23456789")])
    return [area, exchange, rand_digits(rng, 4)]


def en_phone(rng: random.Random, spoken: bool) -> str:
    groups = nanp(rng)
    if spoken:
        style = rng.choice(["spoken", "spoken", "spoken_nocomma", "spoken_dash"])
        return en_groups(groups, rng, style)
    r = rng.random()
    if r < 0.2:
        return f"({groups[0]}) {groups[1]}-{groups[2]}"
    if r < 0.3:
        return f"+1 {groups[0]} {groups[1]} {groups[2]}"
    if r < 0.38:
        return f"1-{groups[0]}-{groups[1]}-{groups[2]}"
    return en_groups(groups, rng, rng.choice(["hyphen", "hyphen", "space", "plain"]))


def en_tollfree(rng: random.Random) -> str:
    groups = [rng.choice(["800", "888", "877", "866"]), rand_digits(rng, 3, "23456789")]
    groups.append(rand_digits(rng, 4))
    if rng.random() < 0.3:
        return "one " + en_groups(groups, rng, "spoken_nocomma")
    return "1-" + "-".join(groups)


def rrn_digits(rng: random.Random, foreigner: bool = False) -> list[str]:
    year = rng.randrange(1950, 2006)
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 29 if month == 2 else 31)
    century = 0 if year < 2000 else 2
    gender = rng.choice([1, 2]) + century + (4 if foreigner else 0)
    front = f"{year % 100:02d}{month:02d}{day:02d}"
    body = front + str(gender) + rand_digits(rng, 5)
    if rng.random() < 0.7:  # numbers issued before October 2020 carry a check digit
        weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
        check = (11 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11) % 10
    else:
        check = rng.randrange(10)
    back = body[6:] + str(check)
    return [front, back]


def ko_rrn(rng: random.Random, foreigner: bool = False) -> str:
    groups = rrn_digits(rng, foreigner)
    style = rng.choice(["hyphen", "hyphen", "plain", "space", "spoken", "spoken_dasi", "mixed"])
    style = rng.choice([style, "spoken_e", "spoken_glued", "spoken_pauses"])
    return ko_groups(groups, rng, style)


def card_digits(rng: random.Random) -> list[str]:
    kind = rng.random()
    if kind < 0.12:  # American Express, 4-6-5
        number = luhn_complete(rng.choice(["34", "37"]) + rand_digits(rng, 12))
        return [number[:4], number[4:10], number[10:]]
    prefix = rng.choice(["4", "4", "51", "52", "53", "55", "9410", "9430", "9490", "6250", "35"])
    number = luhn_complete(prefix + rand_digits(rng, 15 - len(prefix)))
    return [number[i : i + 4] for i in range(0, 16, 4)]


def ko_card(rng: random.Random) -> str:
    groups = card_digits(rng)
    style = rng.choice(["hyphen", "space", "space", "plain", "spoken", "mixed", "spoken_glued"])
    return ko_groups(groups, rng, style)


def en_card(rng: random.Random) -> str:
    groups = card_digits(rng)
    style = rng.choice(["hyphen", "space", "space", "plain", "spoken"])
    return en_groups(groups, rng, style)


BANKS: list[tuple[str, list[int], str]] = [
    ("신한은행", [3, 3, 6], "1"),
    ("국민은행", [6, 2, 6], "0123456789"),
    ("우리은행", [4, 3, 6], "1"),
    ("하나은행", [3, 6, 5], "123456789"),
    ("농협", [3, 4, 4, 2], "3"),
    ("기업은행", [3, 6, 2, 3], "0"),
    ("카카오뱅크", [4, 2, 7], "3"),
    ("토스뱅크", [4, 4, 4], "1"),
    ("SC제일은행", [3, 2, 6], "1234"),
    ("우체국", [6, 2, 6], "0"),
    ("케이뱅크", [3, 3, 6], "1"),
    ("새마을금고", [4, 4, 4, 1], "9"),
]


def account(rng: random.Random, bank_name: str | None = None) -> tuple[str, list[str]]:
    bank, layout, first = (
        next(b for b in BANKS if b[0] == bank_name) if bank_name else rng.choice(BANKS)
    )
    groups = [rand_digits(rng, n, first if i == 0 else "0123456789") for i, n in enumerate(layout)]
    if bank == "카카오뱅크":
        groups[0] = "3333" if rng.random() < 0.6 else groups[0]
    if bank == "신한은행":
        groups[0] = rng.choice(["110", "100", "140"])
    if bank == "우리은행":
        groups[0] = "1002"
    return bank, groups


def ko_account(rng: random.Random, bank_name: str | None = None) -> tuple[str, str]:
    bank, groups = account(rng, bank_name)
    style = rng.choice(["hyphen", "hyphen", "plain", "spoken", "mixed", "spoken_glued", "space"])
    return bank, ko_groups(groups, rng, style)


def en_account(rng: random.Random) -> str:
    n = rng.choice([8, 9, 10, 11, 12, 12, 14])
    digits = rand_digits(rng, n, "123456789")
    r = rng.random()
    if r < 0.3:
        return en_num(digits, rng)
    if r < 0.5 and n >= 10:
        return f"{digits[:4]} {digits[4:8]} {digits[8:]}"
    return digits


def ko_passport(rng: random.Random) -> str:
    letter = rng.choice("MMMMMSR")
    if rng.random() < 0.4:  # the 2021 format: M123A4567
        body = rand_digits(rng, 3) + rng.choice("ABCDEFGHJK") + rand_digits(rng, 4)
    elif rng.random() < 0.1:
        body = rand_digits(rng, 7) + rng.choice("ABC")
    else:
        body = rand_digits(rng, 8)
    r = rng.random()
    if r < 0.55:
        return letter + body
    if r < 0.7:
        return letter + " " + body
    names = {"M": "엠", "S": "에스", "R": "알"}
    if body.isdigit():
        return names[letter] + " " + ko_num(body, rng)
    return letter + " " + body


def en_passport(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return rand_digits(rng, 9, "123456789")
    if r < 0.6:
        return rng.choice("CEAX") + rand_digits(rng, 8)
    if r < 0.8:
        return " ".join(rand_digits(rng, 9, "123456789"))
    return en_num(rand_digits(rng, 9, "123456789"), rng)


DL_REGIONS = {
    "11": "서울",
    "12": "부산",
    "13": "경기",
    "14": "강원",
    "15": "충북",
    "16": "충남",
    "17": "전북",
    "18": "전남",
    "19": "경북",
    "20": "경남",
    "21": "제주",
    "22": "대구",
    "23": "인천",
    "24": "광주",
    "25": "대전",
    "26": "울산",
    "28": "경기",
}


def ko_licence(rng: random.Random) -> str:
    region = rng.choice(sorted(DL_REGIONS))
    year = f"{rng.randrange(0, 25):02d}"
    groups = [region, year, rand_digits(rng, 6), rand_digits(rng, 2)]
    r = rng.random()
    if r < 0.35:
        return "-".join(groups)
    if r < 0.55:
        return f"{DL_REGIONS[region]} {year}-{groups[2]}-{groups[3]}"
    if r < 0.65:
        return "".join(groups)
    if r < 0.85:
        return ko_groups(groups, rng, rng.choice(["spoken", "spoken_glued", "mixed"]))
    return DL_REGIONS[region] + " " + ko_groups(groups[1:], rng, "spoken")


def en_licence(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return rng.choice("ABDFGHJKMNPS") + rand_digits(rng, 7)
    if r < 0.5:
        return " ".join([rand_digits(rng, 3), rand_digits(rng, 3), rand_digits(rng, 3)])
    if r < 0.7:
        return (
            rng.choice("SDFW")
            + rand_digits(rng, 3)
            + "-"
            + rand_digits(rng, 3)
            + "-"
            + rand_digits(rng, 2)
            + "-"
            + rand_digits(rng, 3)
            + "-"
            + rand_digits(rng, 1)
        )
    if r < 0.85:
        return rand_digits(rng, 8, "123456789")
    return en_num(rand_digits(rng, 8, "123456789"), rng)


# --- names, e-mails, addresses -----------------------------------------------------------------

SURNAMES = list(
    "김김김김이이이이박박박최최정정강조윤장임한오서신권황안송류전홍고문양손배백허유남심"
)
SURNAMES += list("노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥")
SURNAMES += ["남궁", "제갈", "선우", "황보"]
GIVEN = ["민수", "지은", "영희", "서연", "지훈", "현우", "수빈", "예진", "동현", "하은", "준호"]
GIVEN += ["유진", "성민", "미경", "정훈", "은지", "상철", "혜진", "도윤", "서준", "지아", "민지"]
GIVEN += ["재원", "소영", "태현", "경숙", "영수", "순자", "명희", "광수", "보람", "다은", "승우"]
GIVEN += ["지성", "은영", "현정", "진호", "수정", "윤서", "건우", "채원", "하준", "시우", "나연"]
GIVEN += ["우진", "가은", "종민", "미란", "병철", "인영", "세훈", "주원", "연경", "철수", "길동"]
GIVEN_ONE = ["준", "훈", "건", "솔", "율", "진", "혁", "산"]

EN_FIRST = ["John", "Sarah", "Michael", "Emily", "David", "Jennifer", "Daniel", "Jessica"]
EN_FIRST += ["Robert", "Maria", "Kevin", "Ashley", "Christopher", "Amanda", "James", "Linda"]
EN_FIRST += ["Brian", "Megan", "Steven", "Rachel", "Anthony", "Nicole", "Jason", "Olivia"]
EN_LAST = ["Smith", "Johnson", "Brown", "Davis", "Lee", "Kim", "Park", "Garcia", "Wilson"]
EN_LAST += ["Rodriguez", "O'Brien", "Nguyen", "Martinez", "Taylor", "Anderson", "Chen"]
EN_LAST += ["Thompson", "Walker", "Patel", "Murphy", "Robinson", "Clark", "Lewis", "Hughes"]


def ko_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    given = rng.choice(GIVEN_ONE) if rng.random() < 0.07 else rng.choice(GIVEN)
    return surname + given


def en_name(rng: random.Random) -> str:
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


LOCALS = ["minsu.kim", "hong1234", "jiyoung_lee", "parkjs88", "sykim", "dhlee0312", "choi.hana"]
LOCALS += ["sunny77", "jhpark", "yuna.song", "kwon1988", "happymom", "jinwoo.han", "seoyeon22"]
EN_LOCALS = ["john.smith", "jsmith77", "sarah.j", "mike_brown", "emilyd", "dkim2020", "rachel.m"]
EN_LOCALS += ["tony.nguyen", "meganclark", "bwalker", "olivia_chen", "jpatel"]
KO_DOMAINS = [
    ("naver", "네이버", "com"),
    ("gmail", "지메일", "com"),
    ("daum", "다음", "net"),
    ("hanmail", "한메일", "net"),
    ("kakao", "카카오", "com"),
    ("nate", "네이트", "com"),
]
EN_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com"]
EN_DOMAINS += ["comcast.net", "acme-corp.com"]


def ko_email(rng: random.Random) -> str:
    local = rng.choice(LOCALS)
    domain, domain_ko, tld = rng.choice(KO_DOMAINS)
    tld_ko = {"com": "컴", "net": "넷"}[tld]
    r = rng.random()
    if r < 0.3:
        return f"{local}@{domain}.{tld}"
    if "." in local and rng.random() < 0.5:
        local = local.replace(".", rng.choice([" 점 ", " 닷 "]))
    elif "_" in local and rng.random() < 0.6:
        local = local.replace("_", " 언더바 ")
    at = rng.choice(["골뱅이", "골뱅이", "골뱅이", "at", "앳"])
    if r < 0.5:
        return f"{local} {at} {domain}.{tld}"
    if r < 0.7:
        return f"{local} {at} {domain_ko} 닷{rng.choice(['', ' '])}{tld_ko}"
    if r < 0.85:
        return f"{local} {at} {domain} 닷 {tld}"
    return f"{local}{at}{domain_ko}닷{tld_ko}"


def en_email(rng: random.Random) -> str:
    local = rng.choice(EN_LOCALS)
    domain = rng.choice(EN_DOMAINS)
    r = rng.random()
    if r < 0.35:
        return f"{local}@{domain}"
    spoken_local = local.replace(".", " dot ").replace("_", " underscore ")
    if r < 0.75:
        return f"{spoken_local} at {domain.replace('.', ' dot ')}"
    return f"{spoken_local} at {domain}"


KO_ROADS = [
    ("서울특별시 강남구", "테헤란로", 100, 600),
    ("서울 강남구", "강남대로", 300, 700),
    ("서울시 송파구", "올림픽로", 100, 400),
    ("서울 마포구", "월드컵북로", 10, 500),
    ("서울 종로구", "세종대로", 100, 200),
    ("서울특별시 서초구", "반포대로", 10, 300),
    ("서울 영등포구", "여의대로", 20, 130),
    ("서울 성동구", "왕십리로", 10, 400),
    ("서울 노원구", "동일로", 1000, 1700),
    ("서울 관악구", "관악로", 1, 200),
    ("경기도 성남시 분당구", "판교역로", 100, 250),
    ("경기 수원시 영통구", "광교중앙로", 100, 300),
    ("경기도 고양시 일산동구", "중앙로", 1000, 1400),
    ("경기도 용인시 수지구", "포은대로", 300, 500),
    ("경기 부천시", "길주로", 100, 400),
    ("부산 해운대구", "센텀중앙로", 50, 120),
    ("부산광역시 부산진구", "중앙대로", 600, 800),
    ("대구광역시 수성구", "달구벌대로", 2000, 2600),
    ("인천 연수구", "컨벤시아대로", 100, 200),
    ("대전광역시 유성구", "대학로", 50, 300),
    ("광주광역시 북구", "용봉로", 10, 200),
    ("울산 남구", "삼산로", 100, 300),
    ("제주특별자치도 제주시", "첨단로", 200, 300),
    ("세종특별자치시", "한누리대로", 2000, 2200),
    ("경상남도 창원시 성산구", "중앙대로", 100, 300),
    ("충청북도 청주시 흥덕구", "2순환로", 1000, 1300),
]
KO_JIBUN = [
    ("서울 강남구", "역삼동"),
    ("서울특별시 관악구", "신림동"),
    ("경기도 수원시 팔달구", "인계동"),
    ("서울 마포구", "망원동"),
    ("부산 수영구", "광안동"),
    ("경기 파주시 교하읍", "산남리"),
    ("인천광역시 남동구", "구월동"),
    ("", "상도동"),
    ("", "봉천동"),
]
APTS = ["래미안아파트", "힐스테이트", "자이아파트", "푸르지오", "현대아파트", "e편한세상"]
APTS += ["롯데캐슬", "삼익아파트", "주공아파트", "한신아파트"]


def ko_unit(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        apt = rng.choice(APTS)
        return (
            f"{apt} {rng.randrange(101, 120)}동 {rng.randrange(1, 25)}{rng.randrange(1, 5):02d}호"
        )
    if r < 0.6:
        return f"{rng.randrange(2, 12)}층"
    if r < 0.75:
        return f"{rng.randrange(1, 6)}0{rng.randrange(1, 5)}호"
    return ""


def ko_address(rng: random.Random) -> str:
    if rng.random() < 0.72:
        region, road, lo, hi = rng.choice(KO_ROADS)
        if rng.random() < 0.15:
            region = region.split()[-1]  # only the district: 강남구 테헤란로
        number = str(rng.randrange(lo, hi))
        if rng.random() < 0.15:
            number += f"-{rng.randrange(1, 40)}"
        if rng.random() < 0.1:
            road += f" {rng.randrange(1, 60)}번길"
            number = str(rng.randrange(1, 40))
        base = f"{region} {road} {number}"
    else:
        region, dong = rng.choice(KO_JIBUN)
        number = f"{rng.randrange(1, 1500)}-{rng.randrange(1, 60)}"
        if rng.random() < 0.3:
            number = str(rng.randrange(1, 999)) + "번지"
        base = f"{region} {dong} {number}".strip()
    unit = ko_unit(rng)
    return f"{base} {unit}".strip()


EN_STREETS = ["Baker Street", "Pennsylvania Avenue", "Evergreen Terrace", "Fifth Avenue"]
EN_STREETS += ["Oak Lane", "Maple Drive", "Sunset Boulevard", "Main Street", "Elm Street"]
EN_STREETS += ["West Madison Street", "Lincoln Road", "Cedar Court", "Park Place", "Mill Road"]
EN_STREETS += ["Harbor Way", "Pine Street", "Washington Blvd", "3rd Avenue", "Lakeview Drive"]
EN_CITIES = [
    ("Springfield", "IL", "62704"),
    ("Chicago", "IL", "60661"),
    ("Austin", "TX", "78701"),
    ("Seattle", "WA", "98101"),
    ("Portland", "OR", "97205"),
    ("Brooklyn", "NY", "11201"),
    ("San Jose", "CA", "95112"),
    ("Columbus", "OH", "43215"),
]


def en_address(rng: random.Random) -> tuple[str, str]:
    """An address, and what is said right after it but is not part of it."""
    number = str(rng.randrange(1, 9999))
    if rng.random() < 0.1:
        number = str(rng.randrange(1, 400)) + rng.choice("AB")
    text = f"{number} {rng.choice(EN_STREETS)}"
    r = rng.random()
    if r < 0.25:
        text += rng.choice([", Apt ", " apartment ", ", Unit ", " Suite "]) + rng.choice(
            ["4B", "12", "305", "2C", "1100"]
        )
    city, state, zipcode = rng.choice(EN_CITIES)
    r = rng.random()
    if r < 0.3:
        text += f", {city}, {state} {zipcode}"
    elif r < 0.45:
        return text, f" in {city}"
    return text, ""


# --- negatives: things that look like numbers to redact but are not personal data -------------


def ko_price(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return f"{rng.randrange(1, 20)}만 {rng.randrange(1, 10)}천원"
    if r < 0.6:
        return f"{rng.randrange(10, 999)},{rng.randrange(0, 10)}00원"
    if r < 0.8:
        return f"{rng.randrange(1, 3)},{rng.randrange(100, 999)},000원"
    return rng.choice(["삼만 구천 원", "만 이천 원", "사만 오천원", "칠천 오백 원", "십이만 원"])


def ko_date(rng: random.Random) -> str:
    y, m, d = rng.randrange(2019, 2026), rng.randrange(1, 13), rng.randrange(1, 29)
    r = rng.random()
    if r < 0.4:
        return f"{y}년 {m}월 {d}일"
    if r < 0.6:
        return f"{y}-{m:02d}-{d:02d}"
    if r < 0.8:
        return f"{m}월 {d}일"
    return f"{y}.{m:02d}.{d:02d}"


def order_number(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return f"{rng.randrange(2019, 2026)}{rng.randrange(1, 13):02d}{rand_digits(rng, 8)}"
    if r < 0.6:
        return f"{rand_digits(rng, 4)} {rand_digits(rng, 4)} {rand_digits(rng, 4)}"
    if r < 0.8:
        return rand_digits(rng, rng.choice([10, 11, 12, 13]), "123456789")
    return f"{rand_digits(rng, 4)}-{rand_digits(rng, 4)}-{rand_digits(rng, 4)}"


VALUES: dict[str, Callable[[random.Random], str]] = {
    "PRICE": ko_price,
    "DATE": ko_date,
    "ORDER": order_number,
    "ORDER_KO": lambda rng: ko_groups(
        [rand_digits(rng, 4), rand_digits(rng, 4), rand_digits(rng, 4)], rng, "spoken"
    ),
    "USD": lambda rng: rng.choice(["$1,299.99", "$49.99", "$89", "$2,450", "$15.75", "$799.00"]),
    "MODEL": lambda rng: rng.choice(["SM-S928N", "A2894", "SM-F946N", "RF85C9101AP", "A2651"]),
}

# --- templates ------------------------------------------------------------------------------------
# {TYPE} is an entity filled with a value (Korean or English by the template's language);
# {NAME}, {PHONE}, ... ; {PRICE}, {DATE}, ... are plain text; <A|B> picks the Korean particle:
# A after a final consonant, B after a vowel (ㄹ takes the B of 으로|로).

KO_PHONE = [
    "네 제 번호는 {PHONE}<이에요|예요>",
    "연락처 {PHONE} 으로 문자 주세요",
    "휴대폰 번호가 {PHONE}<이고요|고요> 집 전화는 없어요",
    "어 {PHONE}<으로|로> 연락 주시면 돼요",
    "핸드폰이 {PHONE} 맞아요",
    "번호 바뀌었어요 {PHONE}<으로|로> 변경해 주세요",
    "네 불러 드릴게요 {PHONE}",
    "고객님 연락처 {PHONE} 맞으실까요?",
    "음 그 번호가 {PHONE} 인데 지금은 안 쓰는 번호예요",
    "혹시 {PHONE} 번호로 가입된 거 있나요",
    "{PHONE}<이요|요>",
    "아 네 {PHONE}, 그 번호로 해 주세요",
    "남편 번호도 등록할게요 {PHONE}",
    "부재중 전화가 {PHONE}<으로|로> 와 있던데 여기 맞나요",
    "그러면 배송 기사님 번호 {PHONE} 이거 맞는 거죠",
    "제 전화번호는요 {PHONE}<이에요|예요> 문자 주셔도 되고요",
    "연락 가능한 번호 하나만 불러 주시겠어요 네 {PHONE}<이요|요>",
    "딸 번호로 해 주세요 {PHONE}",
]
KO_LANDLINE = [
    "회사 번호는 {LANDLINE}<이에요|예요> 내선은 이백사 번이고요",
    "저희 매장 번호는 {LANDLINE}입니다",
    "집 전화 {LANDLINE}<으로|로> 해 주세요",
    "고객센터 {REPNUM}<으로|로> 전화했는데 계속 통화 중이라서요",
    "대표번호 {REPNUM} 말고 다른 번호는 없어요?",
    "거기 {REPNUM} 번호 맞죠?",
]
EN_PHONE = [
    "yeah my number is {PHONE}",
    "you can reach me at {PHONE} anytime after five",
    "the best callback number is {PHONE}",
    "it's {PHONE}",
    "I got a missed call from {PHONE} is that you guys",
    "uh the phone on the account should be {PHONE}",
    "call me back on {PHONE} please",
    "my wife's number is {PHONE} if you can't get me",
    "can you send the text to {PHONE} instead",
    "sure, {PHONE}",
    "I already gave my cell, it's {PHONE}, and nobody called back",
    "Okay I have your phone number as {PHONE}, is that correct?",
    "I called {TOLLFREE} yesterday and waited an hour",
]
KO_RRN = [
    "주민번호 {RRN}<이에요|예요>",
    "주민등록번호는 {RRN} 입니다",
    "네 주민번호 불러드릴게요 {RRN}",
    "어 {RRN} 맞아요",
    "주민번호가 {RRN}<인데|인데> 조회가 안 된대요",
    "제 주민등록번호는요 {RRN}",
    "본인 확인 되셨고요 주민번호 {RRN} 맞으시죠",
    "주민번호 뒷자리까지 다요? {RRN}<이요|요>",
]
KO_FRN = [
    "외국인등록번호가 {FRN}<이에요|예요>",
    "제 외국인 등록번호는 {FRN} 입니다",
    "외국인등록증 번호 {FRN} 불러 드릴게요",
]
EN_RRN = [
    "my resident registration number is {RRN}",
    "the Korean ID number on file is {RRN}",
    "my alien registration number is {FRN}",
    "ok my registration number {RRN}",
]
KO_CARD = [
    "카드번호 {CARD}<이에요|예요>",
    "카드 번호 불러드릴게요 {CARD}",
    "네 {CARD} 이 카드로 결제해 주세요",
    "결제 카드가 {CARD} 맞나요?",
    "신용카드 번호는 {CARD} 유효기간은 12월 27년이요",
    "체크카드 {CARD} 분실 신고하려고요",
    "어 카드 번호가요 {CARD}",
]
EN_CARD = [
    "the card number is {CARD}",
    "sure it's {CARD} expiration oh four twenty seven",
    "can you charge it to {CARD}",
    "my visa is {CARD}",
    "card number {CARD} and the security code is one two three",
    "I want to dispute a charge on {CARD}",
]
KO_ACCOUNT = [
    "{BANK} {ACCT}<이에요|예요>",
    "환불 계좌는 {BANK} {ACCT}<으로|로> 해 주세요",
    "입금 계좌가 {BANK} {ACCT} 맞죠?",
    "자동이체 계좌를 {BANK} {ACCT}<으로|로> 바꾸고 싶어요",
    "계좌번호는요 {ACCT}",
    "계좌번호 {ACCT} 예금주 {NAME}<이에요|예요>",
    "네 {BANK} 계좌 {ACCT}<이고요|고요>",
]
EN_ACCOUNT = [
    "my account number is {ACCT}",
    "please refund it to checking account {ACCT}",
    "it's account {ACCT} at Chase",
    "the bank account number is {ACCT}",
    "my savings account number is {ACCT}",
]
KO_PASSPORT = [
    "여권번호 {PASS}<이에요|예요>",
    "여권 번호는 {PASS} 입니다",
    "네 여권번호 {PASS} 만료일은 2030년 5월이에요",
    "여권번호가 {PASS} 맞나요",
    "여권 번호 불러 드릴게요 {PASS}",
]
EN_PASSPORT = [
    "my passport number is {PASS}",
    "passport number {PASS} issued in 2019",
    "the passport is {PASS}",
]
KO_DL = [
    "운전면허번호 {DL}<이에요|예요>",
    "면허번호는 {DL} 입니다",
    "운전면허증 번호 {DL} 불러드릴게요",
    "면허 번호가 {DL}<이고요|고요> 갱신은 작년에 했어요",
]
EN_DL = [
    "my driver's license number is {DL}",
    "license number {DL}",
    "the driver license is {DL} from Texas",
]
KO_EMAIL = [
    "이메일은 {EMAIL}<이에요|예요>",
    "메일 주소 {EMAIL}<으로|로> 보내주세요",
    "영수증은 {EMAIL}<으로|로> 받을게요",
    "아이디가 {EMAIL} 인데요",
    "이메일 주소 바꿀게요 {EMAIL}",
    "네 메일은 {EMAIL} 이고요 광고 메일은 안 받을게요",
]
EN_EMAIL = [
    "my email is {EMAIL}",
    "send it to {EMAIL} please",
    "the login is {EMAIL}",
    "you can email me at {EMAIL}",
    "I changed my email to {EMAIL} last month",
]
KO_ADDRESS = [
    "주소는 {ADDR}<이에요|예요>",
    "배송지를 {ADDR}<으로|로> 바꿔 주세요",
    "{ADDR}<으로|로> 보내 주시면 돼요",
    "지금 사는 곳이 {ADDR}<이에요|예요>",
    "기사님이 {ADDR} 앞에 두고 가셨대요",
    "이사해서 주소 변경하려고요 새 주소는 {ADDR}<이고요|고요>",
    "청구서 주소가 {ADDR} 맞으세요?",
    "어 {ADDR}<인데요|인데요> 경비실에 맡겨 주세요",
    "설치 주소가 {ADDR}<이거든요|거든요>",
]
EN_ADDRESS = [
    "my address is {ADDR}",
    "ship it to {ADDR}",
    "I live at {ADDR}",
    "the billing address is {ADDR}",
    "it was delivered to {ADDR} but that's my old place",
    "can you update it to {ADDR}",
]
KO_NAME = [
    "네 제 이름은 {NAME}입니다",
    "{NAME} 고객님 맞으신가요",
    "안녕하세요 {COMPANY} 상담원 {NAME}입니다",
    "예금주는 {NAME}<이고요|고요>",
    "{NAME}<이라고|라고> 합니다",
    "저는 {NAME}<인데요|인데요> 어제 전화 드렸던 사람이에요",
    "담당자 {NAME} 매니저 바꿔 드릴게요",
    "{NAME} 님 본인 맞으세요?",
    "어머니 성함이 {NAME}<이에요|예요>",
    "명의자가 {NAME}<으로|로> 되어 있어요",
    "수령인은 {NAME}<으로|로> 해 주세요",
    "네 {NAME} 팀장님 연결해 드릴게요",
    "성함이 어떻게 되세요 네 {NAME}<이요|요>",
    "가입자 성함 {NAME} 맞으시고요",
    "네 감사합니다 {COMPANY} {NAME}입니다 무엇을 도와드릴까요",
]
EN_NAME = [
    "hi my name is {NAME} and I'm calling about my bill",
    "this is {NAME} speaking",
    "thank you for calling {COMPANY_EN} this is {NAME} how can I help you",
    "yes this is {NAME}",
    "the account is under {NAME}",
    "can I speak to {NAME} please",
    "I'm {NAME}, the account holder",
    "the name on the card is {NAME}",
    "my name's {NAME}, I spoke to someone yesterday",
    "uh hi, {NAME} here, calling about a refund",
]
COMPANIES = ["한빛카드", "미래통신", "다온보험", "새봄가전", "우리동네마트", "한결생명"]
COMPANIES_EN = ["Acme support", "Northwind Bank", "BrightNet", "Contoso Mobile"]
KO_MULTI = [
    "이름은 {NAME}<이고|고> 번호는 {PHONE}<이에요|예요>",
    "{NAME} 고객님 주소 {ADDR} 연락처 {PHONE} 맞으시죠?",
    "받는 사람 {NAME} 주소는 {ADDR}<이에요|예요>",
    "명의자 {NAME}, 주민번호 {RRN}<이요|요>",
    "제 이메일 {EMAIL}<이고|고> 휴대폰은 {PHONE}<이에요|예요>",
]
EN_MULTI = [
    "my name is {NAME} and my number is {PHONE}",
    "it's {NAME}, {ADDR}",
    "email is {EMAIL} and phone is {PHONE}",
]

KO_NEGATIVE = [
    "이번 달 요금이 {PRICE} 나왔는데 너무 많이 나온 것 같아요",
    "{PRICE}짜리 요금제로 바꾸고 싶어요",
    "{DATE}에 주문했는데 아직 안 왔어요",
    "주문번호는 {ORDER}<이에요|예요>",
    "송장번호 {ORDER}<이요|요> 조회가 안 돼요",
    "운송장 번호가 {ORDER_KO}<인데요|인데요>",
    "주문 번호 불러 드릴게요 {ORDER}",
    "모델명은 {MODEL}<이에요|예요>",
    "약정이 삼 개월 남았어요",
    "이 일 동안 연락이 안 됐어요",
    "오후 세 시 반에 다시 전화 주세요",
    "3시 30분쯤 기사님 오신다고 했어요",
    "할인율이 20% 라고 들었어요",
    "데이터 10기가 추가하면 얼마예요",
    "버전 14.2.1 로 업데이트 했는데 안 돼요",
    "오일 교환 하려고 예약했어요",
    "이사 가서 주소 바꾸려고요",
    "일이 너무 많아서 오늘 못 갔어요",
    "사일 전에 신청했는데 아직 처리가 안 됐어요",
    "이천이십사년 삼월 십오일에 가입했어요",
    "고객센터 영업시간이 9시부터 6시까지인가요",
    "포인트가 12,345점 있는데 쓸 수 있어요?",
    "접수번호 20240315-0012 로 조회해 주세요",
    "카드 끝자리 {LAST4} 맞으세요?",
    "기존 고객님 대상 이벤트 아닌가요",
    "우수 고객님께 드리는 혜택이 뭐예요",
    "지하철 2호선 강남역 11번 출구 앞 매장이요",
    "공일공으로 시작하는 번호 말고요 다른 번호요",
    "비밀번호 네 자리 입력하라는데 안 돼요",
    "일 년 약정이랑 이 년 약정 중에 뭐가 나아요",
    "사이즈 270<으로|로> 교환해 주세요",
    "{PRICE} 결제됐다고 문자 왔는데 제가 한 게 아니에요",
    "그 냉장고 모델 {MODEL} 재고 있어요?",
    "배송이 {DATE}<으로|로> 되어 있는데 더 빨리 안 돼요?",
    "제 이름으로 된 계좌가 두 개예요",
    "구 번 출구에서 오 분 정도 걸어오시면 돼요",
    "천이백 원 더 나왔네요",
    "할부 열두 개월로 해 주세요",
    "정말 감사합니다 좋은 하루 되세요",
    "이거 한 번만 더 확인해 주세요",
    "오늘 오후 다섯 시까지 입금하면 되나요",
    "주문번호 {ORDER_KO} 이거 취소해 주세요",
    "네 고객님 확인 감사합니다 잠시만 기다려 주세요",
    "육 개월 무이자 할부 돼요?",
    "오백 미리 두 개 주문했는데 하나만 왔어요",
    "삼성 갤럭시 S24 울트라 256기가요",
    "전화번호 변경은 앱에서도 되나요",
    "주민번호 앞자리만 말씀해 주시면 돼요",
    "통장 사본 보내 드리면 되나요",
    "구월 이십일 일요일에 방문 가능해요",
    "요금이 {PRICE}<인데|인데> 부가세 포함이에요?",
    "영업점 번호 말고 상담원 연결해 주세요",
    "배송비 3,000원은 왜 붙는 거예요",
    "사은품이 사 종이라고 들었는데 세 개만 왔어요",
    "택배 상자 삼 호 사이즈로 보내 주세요",
]
EN_NEGATIVE = [
    "the total was {USD} plus tax",
    "I was charged 49.99 twice on the same day",
    "it was delivered on March 15th 2024 but the box was empty",
    "my appointment is at 3:30 pm tomorrow",
    "the order number is 112-{ORDER_AMZ}",
    "tracking number 1Z999AA10123456784 shows delivered",
    "the model is {MODEL}",
    "I updated to iOS 17.4.1 and now it keeps crashing",
    "you guys promised me 25 percent off",
    "I've been waiting for two weeks",
    "I ordered three of them and got one",
    "my case number is 03456789",
    "the confirmation code is {ORDER}",
    "the card ending in {LAST4} is the one I want to use",
    "the last four digits are {LAST4}",
    "this is ridiculous I've called five times",
    "I'm calling about my order from last Tuesday",
    "we open at nine a m and close at six",
    "I moved to Seattle last year",
    "the price went from ninety nine to one hundred twenty nine dollars",
    "it's been ten days and nothing",
    "the 2023 model had the same problem",
    "order number {ORDER} placed on 2024-03-15",
    "can you give me a reference number for this call",
    "I paid $1,299.99 for this laptop",
    "it's the 65 inch one, model {MODEL}",
    "I'll call back in twenty four hours",
    "the invoice number is INV-2024-00123",
    "I have 12,500 reward points",
    "ticket number {ORDER}",
    "my flight is KE 081 on the 15th",
    "it weighs about 2.5 kg",
    "I need it by 12/25",
    "the warranty is two years from 01/10/2023",
    "sorry oh I see, one second",
    "I'm his wife, he asked me to call",
    "this is about the charge from Amazon",
    "I'd like to upgrade to the 5G plan for 45 dollars",
    "the serial number is C02XG0FDH7JY",
]


def particle(prev: str, choice: str) -> str:
    """Resolve `<A|B>` after the text `prev` (Korean final consonant rules, digits read aloud)."""
    a, b = choice.split("|")
    last = prev.rstrip()[-1:]
    if not last:
        return b
    if last.isdigit():
        final = {"0": "ㅇ", "1": "ㄹ", "3": "ㅁ", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ"}.get(last)
    elif "가" <= last <= "힣":
        code = (ord(last) - 0xAC00) % 28
        final = None if code == 0 else "ㄹ" if code == 8 else "x"
    elif last.isalpha():
        final = "ㄹ" if last.lower() in "lr" else "x" if last.lower() in "mnk" else None
    else:
        final = None
    if final is None:
        return b
    if final == "ㄹ" and a == "으로":
        return b
    return a


class Builder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rows: list[dict[str, Any]] = []
        self.bank: str | None = None

    def value(self, key: str, lang: str) -> list[Piece]:
        rng = self.rng
        ko = lang == "ko"
        if key == "PHONE":
            spoken = rng.random() < (0.55 if ko else 0.35)
            return [(ko_phone(rng, spoken) if ko else en_phone(rng, spoken), "PHONE")]
        if key in ("LANDLINE", "REPNUM"):
            groups = rep_number(rng) if key == "REPNUM" and rng.random() < 0.7 else landline(rng)
            styles = ["hyphen", "hyphen", "spoken", "spoken_e", "mixed", "spoken_glued"]
            style = rng.choice(styles)
            if len(groups) == 2 and style == "spoken_glued":
                style = "spoken"
            return [(ko_groups(groups, rng, style), "PHONE")]
        if key == "TOLLFREE":
            return [(en_tollfree(rng), "PHONE")]
        if key == "RRN":
            if ko:
                return [(ko_rrn(rng), "RRN")]
            return [("-".join(rrn_digits(rng)), "RRN")]
        if key == "FRN":
            if ko:
                return [(ko_rrn(rng, foreigner=True), "RRN")]
            return [(rng.choice(["-", ""]).join(rrn_digits(rng, True)), "RRN")]
        if key == "CARD":
            return [(ko_card(rng) if ko else en_card(rng), "CARD")]
        if key == "BANK":
            self.bank = rng.choice(BANKS)[0]
            return [(self.bank, None)]
        if key == "ACCT":
            if not ko:
                return [(en_account(rng), "ACCOUNT")]
            bank, self.bank = self.bank, None
            return [(ko_account(rng, bank)[1], "ACCOUNT")]
        if key == "PASS":
            return [(ko_passport(rng) if ko else en_passport(rng), "PASSPORT")]
        if key == "DL":
            return [(ko_licence(rng) if ko else en_licence(rng), "DRIVER_LICENSE")]
        if key == "EMAIL":
            return [(ko_email(rng) if ko else en_email(rng), "EMAIL")]
        if key == "ADDR":
            if ko:
                return [(ko_address(rng), "ADDRESS")]
            address, after = en_address(rng)
            return [(address, "ADDRESS"), (after, None)]
        if key == "NAME":
            return [(ko_name(rng) if ko else en_name(rng), "PERSON")]
        if key == "COMPANY":
            return [(rng.choice(COMPANIES), None)]
        if key == "COMPANY_EN":
            return [(rng.choice(COMPANIES_EN), None)]
        if key == "LAST4":
            return [(rand_digits(rng, 4), None)]
        if key == "ORDER_AMZ":
            return [(f"{rand_digits(rng, 7)}-{rand_digits(rng, 7)}", None)]
        return [(VALUES[key](rng), None)]

    def fill(self, template: str, lang: str) -> tuple[str, list[Span]]:
        text = ""
        spans: list[Span] = []
        for token in re.split(r"(\{\w+\}|<[^>]+>)", template):
            if not token:
                continue
            if token.startswith("{"):
                for piece, label in self.value(token[1:-1], lang):
                    if label:
                        spans.append((label, len(text), len(text) + len(piece)))
                    text += piece
            elif token.startswith("<"):
                text += particle(text, token[1:-1])
            else:
                text += token
        return text, spans

    def add(self, lang: str, text: str, spans: list[Span], source: str) -> None:
        if lang == "ko":
            text, spans = self.noise_ko(text, spans)
        else:
            text, spans = self.noise_en(text, spans)
        spans = sorted(spans, key=lambda x: x[1])
        entities: list[dict[str, Any]] = [{"type": t, "start": s, "end": e} for t, s, e in spans]
        for ent in entities:
            chunk = text[ent["start"] : ent["end"]]
            assert chunk == chunk.strip() and chunk, (text, ent)
        self.rows.append({"lang": lang, "text": text, "entities": entities, "source": source})

    def _edit(
        self, text: str, spans: list[Span], edits: list[tuple[int, int, str]]
    ) -> tuple[str, list[Span]]:
        """Apply (start, end, replacement) edits, none inside a span boundary, moving the spans."""
        for start, end, repl in sorted(edits, reverse=True):
            text = text[:start] + repl + text[end:]
            delta = len(repl) - (end - start)
            moved = []
            for t, s, e in spans:
                if s >= end:
                    s += delta
                # An insertion right after a span stays outside it.
                if e > end or (e == end and start < end):
                    e += delta
                moved.append((t, s, e))
            spans = moved
        return text, spans

    def noise_ko(self, text: str, spans: list[Span]) -> tuple[str, list[Span]]:
        rng = self.rng
        edits: list[tuple[int, int, str]] = []
        spaces = [m.start() for m in re.finditer(" ", text)]
        if rng.random() < 0.2:  # STT spacing errors: some spaces vanish
            for pos in spaces:
                if rng.random() < 0.4:
                    edits.append((pos, pos + 1, ""))
        elif rng.random() < 0.25 and spaces:  # a filler between two words, outside the entities
            pos = rng.choice(spaces)
            if not any(s < pos < e for _, s, e in spans):
                edits.append(
                    (pos, pos + 1, " " + rng.choice(["어", "음", "그", "아", "저기"]) + " ")
                )
        if rng.random() < 0.2 and not text.endswith(("?", ".")):
            edits.append((len(text), len(text), rng.choice([".", "?"]) if "요" in text else "."))
        return self._edit(text, spans, edits)

    def noise_en(self, text: str, spans: list[Span]) -> tuple[str, list[Span]]:
        rng = self.rng
        edits: list[tuple[int, int, str]] = []
        spaces = [m.start() for m in re.finditer(" ", text)]
        if rng.random() < 0.3 and spaces:
            pos = rng.choice(spaces)
            if not any(s < pos < e for _, s, e in spans):
                edits.append(
                    (pos, pos + 1, " " + rng.choice(["uh", "um", "like", "you know"]) + " ")
                )
        if rng.random() < 0.3 and text[:1].islower():
            edits.append((0, 1, text[0].upper()))
        if rng.random() < 0.3 and not text.endswith(("?", ".")):
            edits.append((len(text), len(text), "."))
        return self._edit(text, spans, edits)

    def from_templates(self, lang: str, templates: list[str], n: int, source: str) -> None:
        order = list(templates)
        self.rng.shuffle(order)
        for i in range(n):
            text, spans = self.fill(order[i % len(order)], lang)
            self.add(lang, text, spans, source)

    def from_marked(self, lang: str, marked: str) -> None:
        """A hand-written line with inline gold spans: ``[[TYPE:text]]``."""
        text = ""
        spans: list[Span] = []
        for token in re.split(r"(\[\[[A-Z_]+:[^\]]+\]\])", marked):
            m = re.fullmatch(r"\[\[([A-Z_]+):([^\]]+)\]\]", token)
            if m:
                spans.append((m.group(1), len(text), len(text) + len(m.group(2))))
                text += m.group(2)
            else:
                text += token
        entities = [{"type": t, "start": s, "end": e} for t, s, e in spans]
        self.rows.append({"lang": lang, "text": text, "entities": entities, "source": "hand"})


# --- hand-written utterances -------------------------------------------------------------------

HAND_KO = [
    "여보세요 네 제 번호가 [[PHONE:공일공 칠칠팔삼 이구공사]]인데요 문자가 안 와요",
    "아 네 [[PHONE:공일공에 사오삼이에 일일팔칠]]이요",
    "[[PHONE:010에 3492 7781]]로 해 주시면 돼요",
    "번호는요 [[PHONE:공일공 2291 육칠공삼]] 이요",
    "[[PHONE:공일공일이삼사 오육칠팔]] 이거 제 번호예요",
    "연락처는 [[PHONE:0 1 0 9 8 7 6 5 4 3 2]]요",
    "네 [[PHONE:공이 삼사오 육칠팔구]] 회사 번호예요",
    "제 번호 [[PHONE:공일공... 팔팔이일... 삼공공구]] 맞아요",
    "음 [[PHONE:영일영 오오삼이 칠칠칠팔]]이요 영일영이요",
    "고객센터가 [[PHONE:일오팔팔 삼삼일일]] 맞죠",
    "그 번호 [[PHONE:일오칠칠에 구구팔팔]]로 전화하라고 써 있던데요",
    "휴대폰 [[PHONE:공일공 다시 사사팔일 다시 공공구이]]",
    "네 [[PHONE:+82 10-4471-2930]] 해외에서 쓰는 번호예요",
    "제 번호 [[PHONE:공일공 어 삼칠이일 어 구구공팔]]이요",
    "[[PHONE:공일공 삼일사사 칠이칠이]]이고요 제 이름은 [[PERSON:정하윤]]이에요",
    "아 그 배송 기사님 번호가 [[PHONE:공일공 오팔팔팔 일이이일]] 이거였어요",
    "주민번호 [[RRN:팔공공일일오 다시 일이삼사오육칠]]입니다",
    "주민번호 앞자리는 [[RRN:구일공삼이팔]]이고 뒷자리는 [[RRN:이공일오삼일사]]예요",
    "네 주민등록번호 [[RRN:750422-1092834]] 맞습니다",
    "[[RRN:8812 251 023 417]] 이게 제 주민번호인데 띄어 쓰면 이렇게요",
    "제 생일이요 구월 이십일이요 주민번호는 [[RRN:970920-2183746]]이에요",
    "외국인등록번호 [[RRN:850317 5123456]]이요",
    "카드번호 [[CARD:사구삼공 일이일일 오칠팔팔 칠칠공공]]이요",
    "네 카드 [[CARD:5243 1180 9942 7701]] 이 카드 정지해 주세요",
    "환불은 [[ACCOUNT:110-382-557193]] 신한으로 해 주세요 예금주 [[PERSON:윤서진]]이요",
    "카카오뱅크 [[ACCOUNT:삼삼삼삼 공일 칠칠이 삼팔오일]]이요",
    "국민은행 [[ACCOUNT:304502-04-118273]] 으로 보내 주세요",
    "계좌 불러드릴게요 우리은행 [[ACCOUNT:1002 948 331072]]",
    "여권번호 [[PASSPORT:M48213097]] 이고 영문 이름은 [[PERSON:KIM MINSU]]예요",
    "여권은 [[PASSPORT:엠 공칠삼삼 일구팔이]] 이요",
    "면허번호 [[DRIVER_LICENSE:서울 13-552871-40]] 입니다",
    "운전면허 [[DRIVER_LICENSE:11-18-049273-61]] 이요",
    "이메일은 [[EMAIL:홍길동 골뱅이 네이버 닷 컴]]이요",
    "메일은 [[EMAIL:abc at naver.com]] 이에요",
    "이메일이 [[EMAIL:minji.park@kakao.com]] 인데 메일이 안 와요",
    "메일 주소 [[EMAIL:sjlee 골뱅이 gmail 닷 com]] 이요",
    "주소는 [[ADDRESS:서울특별시 강남구 테헤란로 123]]이고요",
    "[[ADDRESS:경기도 성남시 분당구 판교역로 235]] 에이치스퀘어로 보내 주세요",
    "[[ADDRESS:부산 해운대구 센텀중앙로 79]] 센텀 사무실이에요",
    "집이 [[ADDRESS:역삼동 123-45]]인데요 주소 변경해 주세요",
    "[[ADDRESS:래미안아파트 101동 1203호]]로 배송해 주세요",
    "배송지 [[ADDRESS:서울 마포구 망원동 412-7 2층]]이요",
    "주소가 [[ADDRESS:인천 남동구 구월로 88 주공아파트 305동 704호]] 맞으세요",
    "제이름은[[PERSON:김민수]]입니다",
    "네 [[PERSON:김민수]] 고객님 맞으시죠",
    "[[PERSON:홍길동]] 님 본인이세요?",
    "네 담당자 [[PERSON:이영희]]입니다",
    "[[PERSON:박지성]]이라고 합니다",
    "안녕하세요 상담원 [[PERSON:최수빈]]입니다 어 네 저는 [[PERSON:강동원]]인데요",
    "예금주 이름이 [[PERSON:남궁민]]이요",
    "성함이 [[PERSON:서준]]이요? 네 [[PERSON:오서준]]이요",
    "[[PERSON:이지은]] 고객님 주소 [[ADDRESS:서울 성동구 왕십리로 83-21]] 맞으세요",
    "[[PERSON:임하준]]씨 계세요",
    "어 그 [[PERSON:조은별]] 님 앞으로 된 거요",
    "음 성함이 [[PERSON:구혜선]]이에요 [[PERSON:구혜선]]",
]
HAND_KO_NEG = [
    "이천이십사년 삼월 십오일에 주문했어요",
    "삼만 구천 원짜리 요금제 말고 더 싼 거 없어요?",
    "주문번호 이공이사공삼일오 일이삼사오 이에요",
    "송장번호가 육칠팔구 일이삼사 오육칠팔인데 조회가 안 돼요",
    "이 일 동안 사 일 정도 걸린대요",
    "삼 개월만 쓰고 해지하면 위약금 있어요?",
    "오늘 오후 두 시에서 네 시 사이에 기사님 오신대요",
    "칠 층 엘리베이터 옆이에요",
    "사 만 오천 원 결제됐어요",
    "그 SM-S928N 모델이요 이백오십육 기가요",
    "일일이 다 확인해야 돼요?",
    "오 일 이상 걸리면 취소할게요",
    "구 일 날 오시는 거 맞죠",
    "사용량이 팔십 퍼센트 넘었다고 문자 왔어요",
    "일이삼 번 상품 말고 사오육 번 상품이요",
    "포인트 삼천 점 쓸게요",
    "이 번호로 연락 주세요 아까 그 번호요",
    "네 고객님 성함이랑 생년월일 확인 부탁드립니다",
    "한 이십 분 기다렸어요",
    "공일공 번호로 가입하신 거 맞으세요",
    "오전 아홉 시부터 오후 여섯 시까지 운영해요",
    "주소 변경은 어디서 해요",
    "서울 본사로 가야 돼요 아니면 강남 지점으로 가도 돼요",
    "그 상품 코드 A2894 맞아요",
]
HAND_EN = [
    "yeah it's [[PHONE:five five five, one two three, four five six seven]]",
    "my number is [[PHONE:oh one oh, nine two eight one, four four seven three]] it's Korean",
    "call me at [[PHONE:(212) 555-0143]]",
    "it's [[PHONE:double five five, eight one two, three three oh nine]]",
    "[[PHONE:zero one zero one two three four five six seven eight]] that's my Korean cell",
    "my number's [[PHONE:415 555 2671]], uh, that's a cell",
    "card number is [[CARD:four one one one, one one one one, one one one one, one one one one]]",
    "my card is [[CARD:4532 0151 1283 0366]] and it expires next year",
    "my email is [[EMAIL:hong at gmail dot com]]",
    "it's [[EMAIL:jane dot doe at outlook dot com]]",
    "send the receipt to [[EMAIL:mark.t@example.org]] please",
    "my name is [[PERSON:John Smith]]",
    "this is [[PERSON:Sarah Johnson]] from the billing department",
    "hi, [[PERSON:Priya Raman]] here, I'm returning your call",
    "thank you Mr. [[PERSON:Alvarez]] I'll note that",
    "I'm [[PERSON:Carlos Mendez]] and I'm the account holder",
    "I live at [[ADDRESS:221B Baker Street]]",
    "it goes to [[ADDRESS:1600 Pennsylvania Avenue]]",
    "the address is [[ADDRESS:4059 Maple Drive, Austin, TX 78701]]",
    "my passport number is [[PASSPORT:M12345678]] it's Korean",
    "passport [[PASSPORT:C03005988]]",
    "my driver's license is [[DRIVER_LICENSE:D1234567]]",
    "account number [[ACCOUNT:0012 3456 7890]] at Wells Fargo",
    "my resident registration number is [[RRN:900101-1234568]]",
]
HAND_EN_NEG = [
    "it costs nineteen ninety nine a month",
    "oh okay, one more thing",
    "I was on hold for forty five minutes",
    "the order number is 113-7782211-0093547",
    "my tracking number is 9400 1118 9922 3344 5566 77",
    "it's the A2894 model with 256 gigs",
    "I paid on March 3rd, 2024 at around 2:15",
    "can you give me 10 percent off",
    "version 2.3.1 of the app",
    "it was 39,900 won on your Korean site",
    "One two three, can you hear me now",
    "I bought two of them on the 15th",
    "I'm Korean but I live in the US now",
    "this is my daughter's account, she's at college",
    "call 911 if it's an emergency",
    "the box says 24 by 36 inches",
    "the serial is 5CD2345XYZ",
    "the reference number is 20240315-00042",
    "my zip is 10001",
    "my case ID is 4417782",
]


# A second round, written after the detector existed and first run unseen: more varied
# wording, corrections, spacing, and hard negatives (numerals inside ordinary words).
HAND_KO_2 = [
    "그 제 핸드폰 번호가 [[PHONE:공일공 구팔칠육에 오사삼이]]거든요",
    "문자는 [[PHONE:공일공 이이삼삼 사사오오]]로 보내 주세요",
    "연락처 남겨 드릴게요 [[PHONE:010 5521 8890]] 입니다",
    "어 [[PHONE:010-2233-4455]] 아니 [[PHONE:010-2233-4456]]이요",
    "저희 집 번호는 [[PHONE:공이에 삼사오에 육칠팔구]]요",
    "[[PHONE:일육칠공 삼삼사사]]로 연락 주세요",
    "제 카드가 [[CARD:사이일이 공공일구 팔팔칠칠 사사삼공]]인데 결제가 안 돼요",
    "외국인 등록 번호요? [[RRN:구오공육일이 다시 오일이삼사오육]]",
    "농협 계좌로 보내 주세요 [[ACCOUNT:삼공이 공일이삼 사오육칠 팔구]]",
    "신한 [[ACCOUNT:110 457 882013]]이요",
    "제 이름 [[PERSON:김철수]]고요 생년월일은 칠오년 삼월 이일이에요",
    "아 네 저 [[PERSON:이민호]]라고 하는데요",
    "받으시는 분 성함이 [[PERSON:최지우]] 님 맞으시죠",
    "담당 기사님 성함이 [[PERSON:박성호]] 기사님이세요",
    "주소는 [[ADDRESS:서울 서초구 서초대로 77길 55 3층]]이요",
    "[[ADDRESS:경기도 안양시 동안구 평촌대로 212번길 15 101호]]로 와 주세요",
    "[[ADDRESS:대전 서구 둔산동 1432 한가람아파트 105동 902호]]요",
    "메일은 [[EMAIL:jiho.kim 골뱅이 naver 점 com]] 이요",
    "이메일 주소가 [[EMAIL:에이비씨 골뱅이 네이버 닷컴]]이에요",
    "여권 번호 [[PASSPORT:엠 일 이 삼 사 오 육 칠 팔]] 입니다",
    "면허 번호 [[DRIVER_LICENSE:대구 일칠 공삼이일오구 팔팔]]이요",
]

HAND_KO_NEG_2 = [
    "환불 금액이 이만 구천 팔백 원 맞아요?",
    "다음 달 15일에 자동 결제돼요",
    "그거 2시간 30분 걸린다고 했어요",
    "배터리가 100% 에서 20% 까지 금방 떨어져요",
    "에어컨 모델 AR07B9150HZ 인데 에러 코드 E4 떠요",
    "주문번호 B20240315-0098 이에요",
    "일 이 삼 사 순서대로 누르면 되나요",
    "오늘 삼십 분 넘게 기다렸어요",
    "공유기 비밀번호가 공공공공 일이삼사 인가요",
    "택배 송장이 육공일이 삼사오육 칠팔구공 으로 떠요",
    "이십사 개월 할부로 했어요",
    "인증번호 여섯 자리 482913 입력했는데 안 돼요",
    "고객번호 1234567890 으로 조회해 주세요",
    "3층 고객센터로 오세요",
    "강남구청역 2번 출구 앞이에요",
    "2024년 12월 31일까지 사용 가능해요",
    "오일이 이삼일 사이에 새요",
    "이거 일이 삼사 오육 이렇게 번호 매겨져 있어요",
    "사이사이 공간이 있어요 이사 오기 전에 일이 좀 있었어요",
    "제 생일은 구공공일일오예요",
    "이공이사 공삼 일오 그날 주문했어요",
    "고객님 잠시만 기다려 주시면 상담원 연결해 드리겠습니다",
    "네 고객님 본인 확인 감사합니다 다른 문의 있으세요",
    "지금 쓰는 요금제가 오만 오천 원짜리인데 이만 원대로 바꾸고 싶어요",
    "구로구 지점 어디 있어요",
    "서울역에서 가까운 지점 알려 주세요",
    "이 동 저 동 다 돌아다녔어요",
    "삼 층에서 기다리시면 돼요",
    "제가 이사를 해서요 주소를 바꾸려고 하는데 앱에서는 안 되더라고요",
    "전에 통화했던 상담원분 성함이 기억이 안 나요",
    "김 과장님 계세요",
    "박 고객님이시죠",
    "네 그럼 그 번호로 문자 드리겠습니다",
    "할부 개월 수는 육 개월로 해 주세요",
    "일시불로 해 주세요 금액은 백이십만 원이요",
    "카드 뒷자리 네 개가 일이삼사 맞나요",
    "일일이 연락드리기 어려워서요",
    "정보 변경은 본인만 가능하세요",
    "사용 기간이 이천이십오년 십이월 삼십일일까지예요",
    "오늘 오전 열한 시 사십 분에 전화했었어요",
    "일 년에 두 번 점검 받아요",
]

HAND_EN_2 = [
    "my cell is [[PHONE:917-555-0123]], that's nine one seven",
    "you can text me at [[PHONE:four one five, two two three, eight eight nine one]]",
    "the number on file should be [[PHONE:312 555 0198]]",
    "my work phone is [[PHONE:617-555-0144]] extension 12",
    "the name is [[PERSON:Katherine Moore]]",
    "this is Dr. [[PERSON:Evans]] calling from St Mary's",
    "please ship to [[ADDRESS:4521 West Elm Street, Apt 3B, Denver, CO 80202]]",
    "it's [[EMAIL:kmoore22 at gmail dot com]]",
    "the card is [[CARD:3782 822463 10005]]",
    "my account number is [[ACCOUNT:0 0 4 5 1 2 9 8 7 6]]",
]

HAND_EN_NEG_2 = [
    "I called at 9:45 and again at 10:15",
    "the bill went up from 79.99 to 94.99",
    "I've been a customer for 12 years",
    "my order number is 7 7 8 2 1 4 5 6 9 0",
    "I need 3 of the 64 gig models",
    "it's on page 42 of the manual",
    "the error code is 0x80070005",
    "I bought it on Black Friday for 499",
    "we have 2 kids and 1 dog",
    "thank you for calling Best Buy this is Mike",
    "I'm not sure what happened",
    "it's Friday so I was hoping to get it before the weekend",
    "this is Customer Service how may I help you",
    "my name is on the account already",
    "I called 3 times in 2 days",
    "the tracking number ends in 5678",
    "can you read me the number again",
    "it was about 1500 dollars total",
    "I live on the 5th floor",
    "I'm in Los Angeles this week",
    "it's Apple Pay on my phone",
    "the box is 12 by 18 by 6",
]


# A third round, also first run unseen (it found the two-word building name, 동탄역 롯데캐슬).
HAND_KO_3 = [
    "네 확인해 보니까 등록된 번호가 [[PHONE:공일공 삼삼팔구 공공칠일]]로 되어 있네요",
    "아니요 그 번호 말고 [[PHONE:공일공 칠칠이일 팔팔공삼]] 이걸로 바꿔 주세요",
    "혹시 [[PHONE:공이 칠육오 사삼이일]] 번으로 전화 주실 수 있어요",
    "제 동생 번호는 [[PHONE:010-9182-3374]]이고 제 번호는 [[PHONE:010-4471-0923]]이에요",
    "[[PHONE:일오사사 칠칠칠칠]] 맞나요 거기가 고객센터죠",
    "주민번호 앞자리가 [[RRN:팔칠공사일삼]]이요",
    "네 본인 확인 위해서 주민등록번호 열세 자리 말씀해 주시겠어요 "
    "[[RRN:육팔일일이오 일공사이삼일칠]]",
    "카드 번호 열여섯 자리요 [[CARD:5412 7512 3412 3456]]",
    "하나은행 [[ACCOUNT:123-456789-01234]]로 환불 부탁드려요",
    "계좌는 우리은행이고요 번호는 [[ACCOUNT:일공공이 팔팔칠 사사삼이일공]]이에요",
    "어 제 명의로 된 거 맞고요 성함은 [[PERSON:장서윤]]입니다",
    "남편 이름이 [[PERSON:윤재혁]]이에요 남편 명의로 가입돼 있어요",
    "[[PERSON:한지민]] 고객님 되시죠 네 맞아요",
    "배송지는 [[ADDRESS:경기도 화성시 동탄대로 181 동탄역 롯데캐슬 201동 3301호]]요",
    "[[ADDRESS:서울시 은평구 통일로 684]] 거기로 보내주세요",
    "메일 주소는 [[EMAIL:yoonjh0412@hanmail.net]]이요",
    "이메일이요 [[EMAIL:sora 점 park 골뱅이 gmail 닷컴]]입니다",
    "여권번호 [[PASSPORT:M 9 8 1 2 3 4 5 6]] 이고 만료일은 내년 3월이에요",
    "운전면허 번호는 [[DRIVER_LICENSE:경기 16-452231-72]]이에요",
    "음 이번 달에 두 번 결제된 것 같아요 이만 구천구백 원씩",
    "이천이십삼년형 모델인데 구매한 지 일 년 조금 넘었어요",
    "사용하신 데이터가 삼십이 기가 중에 이십 기가예요",
    "예약은 십이월 이십사일 오후 두 시로 잡아 드렸어요",
    "주문하신 상품 일곱 개 중에 세 개만 먼저 출고됐어요",
    "송장 번호는 오 육 칠 팔 구 공 일 이 삼 사 오 이고요 씨제이 대한통운이에요",
]

HAND_EN_3 = [
    "hi I'm calling for my mom her name is [[PERSON:Margaret Ellis]]",
    "the number they have is [[PHONE:(718) 555-0172]] but I don't use it anymore",
    "you can call me on my cell [[PHONE:six four six, five five five, two nine one oh]]",
    "my email address is [[EMAIL:dave_kowalski@yahoo.com]]",
    "it's going to [[ADDRESS:77 Massachusetts Avenue, Cambridge, MA 02139]]",
    "can you confirm the card [[CARD:4716 2910 4453 8721]]",
    "my license number is [[DRIVER_LICENSE:S530 4607 5200]]",
    "the account ending in 4421 was charged twice",
    "I was told it'd be 3 to 5 business days",
    "the reference is ABC-123-456",
    "we spent about 2,400 on repairs last year",
    "I'm at 1 bar of signal most of the day",
    "yeah so this is [[PERSON:Tom]], [[PERSON:Tom Becker]], I called yesterday",
]


def main() -> None:
    rng = random.Random(SEED)
    b = Builder(rng)
    b.from_templates("ko", KO_PHONE, 44, "ko_phone")
    b.from_templates("ko", KO_LANDLINE, 10, "ko_landline")
    b.from_templates("en", EN_PHONE, 28, "en_phone")
    b.from_templates("ko", KO_RRN, 14, "ko_rrn")
    b.from_templates("ko", KO_FRN, 4, "ko_frn")
    b.from_templates("en", EN_RRN, 4, "en_rrn")
    b.from_templates("ko", KO_CARD, 12, "ko_card")
    b.from_templates("en", EN_CARD, 10, "en_card")
    b.from_templates("ko", KO_ACCOUNT, 14, "ko_account")
    b.from_templates("en", EN_ACCOUNT, 8, "en_account")
    b.from_templates("ko", KO_PASSPORT, 10, "ko_passport")
    b.from_templates("en", EN_PASSPORT, 7, "en_passport")
    b.from_templates("ko", KO_DL, 10, "ko_dl")
    b.from_templates("en", EN_DL, 7, "en_dl")
    b.from_templates("ko", KO_EMAIL, 12, "ko_email")
    b.from_templates("en", EN_EMAIL, 10, "en_email")
    b.from_templates("ko", KO_ADDRESS, 18, "ko_address")
    b.from_templates("en", EN_ADDRESS, 12, "en_address")
    b.from_templates("ko", KO_NAME, 20, "ko_name")
    b.from_templates("en", EN_NAME, 14, "en_name")
    b.from_templates("ko", KO_MULTI, 8, "ko_multi")
    b.from_templates("en", EN_MULTI, 5, "en_multi")
    b.from_templates("ko", KO_NEGATIVE, 56, "ko_negative")
    b.from_templates("en", EN_NEGATIVE, 39, "en_negative")
    for line in HAND_KO + HAND_KO_NEG + HAND_KO_2 + HAND_KO_NEG_2 + HAND_KO_3:
        b.from_marked("ko", line)
    for line in HAND_EN + HAND_EN_NEG + HAND_EN_2 + HAND_EN_NEG_2 + HAND_EN_3:
        b.from_marked("en", line)

    seen: set[str] = set()
    with OUT.open("w", encoding="utf-8") as fh:
        n = 0
        for row in b.rows:
            text = str(row["text"])
            if text in seen:
                continue
            seen.add(text)
            n += 1
            line = {
                "id": f"pii-{n:03d}",
                "lang": row["lang"],
                "text": text,
                "entities": row["entities"],
            }
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")

    rows = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines()]
    types = Counter(e["type"] for r in rows for e in r["entities"])
    langs = Counter(r["lang"] for r in rows)
    negatives = sum(1 for r in rows if not r["entities"])
    print(f"{len(rows)} utterances {dict(langs)}, {negatives} without PII, entities {dict(types)}")


if __name__ == "__main__":
    main()
