"""Domains and brands: which registered domain a host belongs to, which brands a message names,
and which domains a brand owns (`data/brands.toml`).

No public-suffix list is available offline, so registered domains come from a rule: the last two
labels, or three under a country's generic second level (amazon.co.uk, paypal.com.br, gov.uk).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

__all__ = [
    "BRANDS",
    "Brand",
    "brands_named",
    "is_government",
    "owned_by",
    "owns_any",
    "registered_domain",
    "registered_name",
    "subdomain_labels",
]

# Second levels under which countries register names: example.co.uk, example.com.br, example.go.jp.
_GENERIC_SECOND = frozenset(
    {"co", "com", "net", "org", "gov", "gob", "gouv", "govt", "go", "ac", "edu", "or", "ne", "mil", "nic", "ltd", "plc"}
)
_GOVERNMENT = frozenset({"gov", "gob", "gouv", "govt", "go"})


def _labels(domain: str) -> list[str]:
    return [label for label in domain.lower().strip(".").split(".") if label]


def _suffix_len(labels: list[str]) -> int:
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _GENERIC_SECOND:
        return 2
    return 1


def registered_domain(domain: str) -> str:
    """The domain its owner registered: mail.paypal.com -> paypal.com, www.amazon.co.uk ->
    amazon.co.uk (a ccTLD's generic second level is part of the suffix)."""
    labels = _labels(domain)
    keep = _suffix_len(labels) + 1
    return ".".join(labels[-keep:]) if len(labels) >= keep else ".".join(labels)


def registered_name(domain: str) -> str:
    """The label its owner chose: paypal for mail.paypal.com and for paypal.co.uk."""
    labels = _labels(domain)
    n = _suffix_len(labels)
    return labels[-n - 1] if len(labels) > n else (labels[0] if labels else "")


def subdomain_labels(domain: str) -> list[str]:
    """The labels left of the registered domain: [paypal, com] for paypal.com.account-check.xyz."""
    labels = _labels(domain)
    return labels[: max(0, len(labels) - _suffix_len(labels) - 1)]


def is_government(domain: str) -> bool:
    """Under a government suffix: irs.gov, www.gov.uk, impots.gouv.fr, sat.gob.mx."""
    labels = _labels(domain)
    if labels and labels[-1] == "gov":
        return True
    return len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _GOVERNMENT


@dataclass(frozen=True)
class Brand:
    domains: frozenset[str]  # registered names it owns ("gls-*": every name that starts "gls-")
    names: tuple[str, ...]  # how messages name it
    imitated: tuple[str, ...]  # domain names whose variants mark an imitation

    @property
    def governmental(self) -> bool:
        return bool(self.domains & _GOVERNMENT)

    def owns_name(self, name: str) -> bool:
        """`name` (a registered name or a top-level label) is one of the brand's own."""
        if name in self.domains:
            return True
        return any(d.endswith("*") and name.startswith(d[:-1]) for d in self.domains)


def _load() -> tuple[Brand, ...]:
    text = resources.files("assistant.shield").joinpath("data", "brands.toml").read_text(encoding="utf-8")
    return tuple(
        Brand(frozenset(row["domains"]), tuple(row["names"]), tuple(row.get("imitated", ())))
        for row in tomllib.loads(text)["brand"]
    )


BRANDS = _load()


def owned_by(brand: Brand, domain: str) -> bool:
    """The domain is the brand's own (a government brand owns its country's government suffix)."""
    labels = _labels(domain)
    if not labels:
        return False
    if brand.owns_name(registered_name(domain)) or (len(labels[-1]) > 2 and brand.owns_name(labels[-1])):
        return True  # paypal.co.uk; link.scb (a brand's own top-level domain)
    return brand.governmental and is_government(domain)


def _spaced(name: str) -> bool:
    """Written in a script that separates words with spaces (Latin, Cyrillic, Greek, digits)."""
    return all(c.isascii() or "\u00c0" <= c <= "\u04ff" for c in name)


def _pattern(names: list[str], flags: int = 0) -> re.Pattern[str]:
    parts = []
    for name in sorted(names, key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in name.split())
        parts.append(rf"(?<!\w){body}(?!\w)" if _spaced(name) else body)
    return re.compile("|".join(parts) or r"(?!)", flags)


@functools.cache
def _matchers() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, list[Brand]]]:
    by_name: dict[str, list[Brand]] = {}
    for brand in BRANDS:
        for name in brand.names:
            key = name if name != name.lower() else name.lower()
            by_name.setdefault(" ".join(key.split()), []).append(brand)
    exact = [n for n in by_name if n != n.lower()]
    folded = [n for n in by_name if n == n.lower()]
    return _pattern(folded, re.IGNORECASE), _pattern(exact), by_name


def brands_named(text: str) -> list[Brand]:
    """The brands a text names, in the order first named, each once."""
    folded, exact, by_name = _matchers()
    found: list[Brand] = []
    hits = [(m.start(), " ".join(m.group(0).lower().split())) for m in folded.finditer(text)]
    hits += [(m.start(), " ".join(m.group(0).split())) for m in exact.finditer(text)]
    for _, name in sorted(hits):
        for brand in by_name.get(name, ()):
            if brand not in found:
                found.append(brand)
    return found


def owns_any(name: str) -> bool:
    """Some brand of the table owns this registered name."""
    return any(brand.owns_name(name) for brand in BRANDS)
