"""PII found by validated patterns: e-mail addresses, phone numbers, payment cards (Luhn), IBANs
(ISO 13616 mod-97), US social security numbers, UK national insurance numbers, French NIR, and the
national id numbers of the countries whose languages broca reads (`NATIONAL_IDS`: China, Brazil,
Spain, Italy, Turkey, India, Japan, Thailand, Russia, Korea, the UAE), each with its check digit.

Checksums keep the false-positive rate low: a 16-digit order number is not a card unless it passes Luhn.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["PIIMatch", "find_pii", "iban_ok", "luhn_ok"]


@dataclass(frozen=True)
class PIIMatch:
    kind: str  # email | phone | card | iban | ssn | nino | nir | national_id
    value: str
    start: int
    end: int

    @property
    def digits(self) -> str:
        return re.sub(r"[^0-9A-Za-z@.]", "", self.value).lower()


_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}\b")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
_SSN = re.compile(r"(?<!\d)(\d{3})-(\d{2})-(\d{4})(?!\d)")
_NINO = re.compile(r"\b(?![DFIQUV])[A-Z](?![DFIQUVO])[A-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
_NIR = re.compile(r"(?<!\d)([12]) ?(\d{2}) ?(\d{2}) ?(\d{2}|2[AB]) ?(\d{3}) ?(\d{3}) ?(\d{2})(?!\d)")
# International (+CC ...) or North American / European national formats with separators.
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){2,4}(?![\w-])")


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    if not 15 <= len(s) <= 34 or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    rearranged = s[4:] + s[:4]
    try:
        return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
    except ValueError:
        return False


def _ssn_ok(m: re.Match[str]) -> bool:
    area, group, serial = m.group(1), m.group(2), m.group(3)
    return area not in {"000", "666"} and not area.startswith("9") and group != "00" and serial != "0000"


def _nir_ok(m: re.Match[str]) -> bool:
    body = "".join(m.groups()[:6]).replace("2A", "19").replace("2B", "18")
    key = int(m.group(7))
    return 1 <= int(m.group(3)) <= 12 and 97 - int(body) % 97 == key


def _cn_id(v: str) -> bool:  # GB 11643: ISO 7064 MOD 11-2 over 17 digits
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(v[:17], weights, strict=True))
    return "10X98765432"[total % 11] == v[17].upper() and 1 <= int(v[10:12]) <= 12


def _cpf(v: str) -> bool:  # Brazil: two mod-11 check digits
    d = [int(c) for c in v if c.isdigit()]
    if len(set(d)) == 1:
        return False
    for n in (9, 10):
        check = sum(x * w for x, w in zip(d[:n], range(n + 1, 1, -1), strict=True)) * 10 % 11 % 10
        if check != d[n]:
            return False
    return True


def _dni(v: str) -> bool:  # Spain: DNI / NIE, the letter is the number mod 23
    v = v.replace("-", "").replace(" ", "").upper()
    number = str("XYZ".index(v[0])) + v[1:-1] if v[0] in "XYZ" else v[:-1]
    return "TRWAGMYFPDXBNJZSQVHLCKE"[int(number) % 23] == v[-1]


_CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def _codice_fiscale(v: str) -> bool:  # Italy: the 16th character checks the 15 before it
    v = v.upper()
    total = 0
    for i, c in enumerate(v[:15]):
        k = int(c) if c.isdigit() else ord(c) - 65
        total += _CF_ODD[k] if i % 2 == 0 else k
    return chr(65 + total % 26) == v[15]


def _tc_kimlik(v: str) -> bool:  # Turkey: 11 digits, two check digits
    d = [int(c) for c in v]
    if d[0] == 0:
        return False
    return (sum(d[0:9:2]) * 7 - sum(d[1:8:2])) % 10 == d[9] and sum(d[:10]) % 10 == d[10]


_VERHOEFF_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]  # fmt: skip
_VERHOEFF_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]  # fmt: skip


def _aadhaar(v: str) -> bool:  # India: 12 digits, not starting 0 or 1, Verhoeff check
    d = [int(c) for c in v if c.isdigit()]
    if d[0] < 2:
        return False
    c = 0
    for i, x in enumerate(reversed(d)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[i % 8][x]]
    return c == 0


def _my_number(v: str) -> bool:  # Japan: 12 digits, mod-11 check digit
    d = [int(c) for c in v if c.isdigit()]
    total = sum(d[11 - n] * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    r = total % 11
    return d[11] == (0 if r <= 1 else 11 - r)


def _thai_id(v: str) -> bool:  # Thailand: 13 digits, mod-11 check digit
    d = [int(c) for c in v if c.isdigit()]
    return (11 - sum(x * w for x, w in zip(d[:12], range(13, 1, -1), strict=True)) % 11) % 10 == d[12]


def _snils(v: str) -> bool:  # Russia: 9 digits and a two-digit check number
    d = [int(c) for c in v if c.isdigit()]
    total = sum(x * w for x, w in zip(d[:9], range(9, 0, -1), strict=True)) % 101
    return (0 if total == 100 else total) == d[9] * 10 + d[10]


def _rrn(v: str) -> bool:  # Korea: YYMMDD-SNNNNNN, a real date and a sex-and-century digit
    return 1 <= int(v[2:4]) <= 12 and 1 <= int(v[4:6]) <= 31


def _named(*names: str) -> re.Pattern[str]:
    """One of `names`, then up to 24 characters that are no digit and no line break, at the end."""
    return re.compile(rf"(?:{'|'.join(names)})[^\d\n]{{0,24}}$", re.IGNORECASE)


# (pattern, check, context) per national id; a match counts only where its check digit holds and,
# for a bare run of digits that an order or tracking number could be (one in ten passes a single
# check digit by chance), where the id's name comes shortly before it.
NATIONAL_IDS: dict[str, tuple[re.Pattern[str], Callable[[str], bool], re.Pattern[str] | None]] = {
    "cn_resident_id": (re.compile(r"(?<![\dA-Za-z])[1-9]\d{5}(?:19|20)\d{9}[\dXx](?![\dA-Za-z])"), _cn_id, None),
    "br_cpf": (re.compile(r"(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d-])"), _cpf, None),
    "es_dni": (re.compile(r"(?<![\dA-Za-z])(?:\d{8}|[XYZxyz]\d{7})-?[A-Za-z](?![\dA-Za-z])"), _dni, None),
    "it_codice_fiscale": (
        re.compile(r"(?<![A-Za-z\d])[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z](?![A-Za-z\d])"),
        _codice_fiscale,
        None,
    ),
    "ru_snils": (re.compile(r"(?<![\d-])\d{3}-\d{3}-\d{3}[ -]\d{2}(?![\d-])"), _snils, None),
    "kr_rrn": (re.compile(r"(?<!\d)\d{6}-[1-8]\d{6}(?!\d)"), _rrn, None),
    "ae_emirates_id": (re.compile(r"(?<!\d)784-?\d{4}-?\d{7}-?\d(?!\d)"), luhn_ok, None),  # Luhn, 15 digits
    "tr_kimlik": (re.compile(r"(?<!\d)[1-9]\d{10}(?!\d)"), _tc_kimlik, _named("kimlik", r"\bTC\b", r"T\.C\.", "TCKN")),
    "in_aadhaar": (
        re.compile(r"(?<!\d)(?<!\d )[2-9]\d{3} ?\d{4} ?\d{4}(?!\d)"),
        _aadhaar,
        _named("aadhaar", "आधार", "UID"),
    ),
    "jp_my_number": (
        re.compile(r"(?<![\d-])\d{4}[ -]?\d{4}[ -]?\d{4}(?![\d-])"),
        _my_number,
        _named("マイナンバー", "個人番号", "my ?number"),
    ),
    "th_id": (
        re.compile(r"(?<![\d-])\d[ -]?\d{4}[ -]?\d{5}[ -]?\d{2}[ -]?\d(?![\d-])"),
        _thai_id,
        _named("บัตรประชาชน", "เลขประจำตัว", "national id"),
    ),
}


def find_pii(text: str) -> list[PIIMatch]:
    """Every PII value in `text`, validated where the format has a checksum."""
    found: list[PIIMatch] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, m: re.Match[str]) -> None:
        if any(m.start() < end and start < m.end() for start, end in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(PIIMatch(kind, m.group(0), m.start(), m.end()))

    for m in _EMAIL.finditer(text):
        add("email", m)
    for m in _IBAN.finditer(text):
        if iban_ok(m.group(0)):
            add("iban", m)
    for m in _CARD.finditer(text):
        if luhn_ok(m.group(0)):
            add("card", m)
    for m in _SSN.finditer(text):
        if _ssn_ok(m):
            add("ssn", m)
    for m in _NINO.finditer(text):
        add("nino", m)
    for m in _NIR.finditer(text):
        if _nir_ok(m):
            add("nir", m)
    for pattern, valid, named in NATIONAL_IDS.values():
        for m in pattern.finditer(text):
            if valid(m.group(0)) and (named is None or named.search(text[max(0, m.start() - 40) : m.start()])):
                add("national_id", m)
    for m in _PHONE.finditer(text):
        digits = sum(c.isdigit() for c in m.group(0))
        # Dates (2024-01-31), times and version numbers have fewer digits or no separators of a phone.
        if 8 <= digits <= 15 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.group(0)):
            add("phone", m)
    return sorted(found, key=lambda p: p.start)
