"""PII found by validated patterns: e-mail addresses, phone numbers, payment cards (Luhn), IBANs
(ISO 13616 mod-97), US social security numbers, UK national insurance numbers, French NIR.

Checksums keep the false-positive rate low: a 16-digit order number is not a card unless it passes Luhn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PIIMatch", "find_pii", "iban_ok", "luhn_ok"]


@dataclass(frozen=True)
class PIIMatch:
    kind: str  # email | phone | card | iban | ssn | nino | nir
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
    for m in _PHONE.finditer(text):
        digits = sum(c.isdigit() for c in m.group(0))
        # Dates (2024-01-31), times and version numbers have fewer digits or no separators of a phone.
        if 8 <= digits <= 15 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.group(0)):
            add("phone", m)
    return sorted(found, key=lambda p: p.start)
