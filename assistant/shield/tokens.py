"""Token statistics, as SpamBayes does it: Robinson's per-token probabilities, Fisher's chi-square
combining, counts from the shared training data plus the owner's own mail (`broca shield learn`).

The owner's counts live in SQLite (`shield.db` in the data dir). Each message is counted once, by
the hash of its bytes; its token set is stored with it so relearning it under the other label moves
exactly what was counted.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from memory.base.errors import ShieldStoreError

from .brands import registered_domain
from .mail import ParsedMessage, url_domain

__all__ = ["OwnerStore", "TokenModel", "tokenize"]

UNKNOWN_STRENGTH = 0.45  # Robinson's s: how much a token's few sightings are pulled toward x
UNKNOWN_PROB = 0.5  # Robinson's x
MIN_STRENGTH = 0.1  # ignore tokens within 0.1 of neutral
MAX_CLUES = 150

_WORD = re.compile(r"[^\s]+")
_DIGIT = re.compile(r"\d")  # fast path; str.isdigit also counts superscripts and the like
_SPACE = re.compile(r"[\s\x00-\x1f\x7f]")  # no whitespace or controls inside a token (hrefs can hold newlines)
_STRIP = "\"'.,;:!?()[]{}<>*_=|`~"
_HEADER_PRESENCE = ("in-reply-to", "references", "list-id", "precedence", "user-agent", "x-mailer", "x-priority")


def _word_tokens(text: str, prefix: str = "") -> list[str]:
    out: list[str] = []
    previous = ""
    for raw in _WORD.findall(text.lower()):
        word = raw.strip(_STRIP)
        if not word:
            continue
        if _DIGIT.search(word) or (not word.isascii() and any(c.isdigit() for c in word)):
            # Numbers by shape: a phone number or a price matters, not its digits.
            shape = re.sub(r"\d+", lambda m: f"<{min(len(m.group()), 9)}>", word)
            token = f"{prefix}num:{shape[:24]}"
        elif len(word) > 20:
            token = f"{prefix}skip:{word[0]}{len(word) // 10 * 10}"
        elif len(word) < 2:
            continue
        else:
            token = prefix + word
        out.append(token)
        if previous and not prefix:
            out.append(f"{previous}~{token}")  # word pairs: "call now", "claim your"
        previous = token
        if raw != word and raw[-1:] in "!?$" and not prefix:
            out.append(f"punct:{raw[-1]}")
    return out


def tokenize(msg: ParsedMessage) -> list[str]:
    """The unique tokens of a message: body words and pairs, subject, sender, links, structure."""
    tokens = _word_tokens(msg.body[:50_000])
    if msg.kind == "mail":
        tokens += _word_tokens(msg.subject, "subject:")
        if msg.from_domain:
            tokens.append(f"from:{registered_domain(msg.from_domain)}")
        if msg.from_name:
            tokens += _word_tokens(msg.from_name, "fromname:")
        else:
            tokens.append("fromname:none")
        tokens += [f"header:{h}" for h in _HEADER_PRESENCE if h in msg.header_names]
        ctype = msg.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
        tokens.append(f"ctype:{ctype}")
        mailer = msg.headers.get("x-mailer", "")
        if mailer:
            tokens.append(f"mailer:{mailer.split()[0].lower()[:20]}")
        # No charset token: a charset says which script a mail is written in (GB2312, EUC-KR, KOI8-R are
        # Chinese, Korean and Russian mail), and the 2002 corpora taught that as spam.
        tokens += [f"attach:{a.rsplit('.', 1)[-1].lower()[:8]}" for a in msg.attachments]
    for link in msg.links[:50]:
        domain = url_domain(link.href) or link.domain
        if domain:
            tokens.append(f"url:{registered_domain(domain)}")
            tokens += [f"urlpart:{part}" for part in re.split(r"[/.?=&_:-]+", link.href.lower()) if 2 < len(part) < 16][
                :8
            ]
    if not msg.body.strip():
        tokens.append("body:empty")
    return sorted({_SPACE.sub("_", t) for t in tokens})


def chi2q(x2: float, v: int) -> float:
    """P(chi-square with v (even) degrees of freedom >= x2)."""
    m = x2 / 2.0
    total = term = math.exp(-m)
    for i in range(1, v // 2):
        term *= m / i
        total += term
    return min(total, 1.0)


@dataclass
class Clue:
    token: str
    prob: float


class TokenModel:
    """Counts of tokens in spam and ham messages; `score` is SpamBayes' chi-combined indicator."""

    def __init__(self, spam: dict[str, int], ham: dict[str, int], n_spam: int, n_ham: int) -> None:
        self.spam = spam
        self.ham = ham
        self.n_spam = n_spam
        self.n_ham = n_ham
        self._probs: dict[str, float] = {}  # token_prob memo: common words recur in every message

    @classmethod
    def empty(cls) -> TokenModel:
        return cls({}, {}, 0, 0)

    @classmethod
    def train(cls, token_sets: Iterable[list[str]], labels: Iterable[int]) -> TokenModel:
        model = cls.empty()
        for tokens, label in zip(token_sets, labels, strict=True):
            model.add(tokens, int(label), 1)
        return model

    def add(self, tokens: Iterable[str], label: int, delta: int) -> None:
        self._probs.clear()
        counts = self.spam if label else self.ham
        for token in tokens:
            value = counts.get(token, 0) + delta
            if value > 0:
                counts[token] = value
            else:
                counts.pop(token, None)
        if label:
            self.n_spam += delta
        else:
            self.n_ham += delta

    def merged(self, other: TokenModel) -> TokenModel:
        spam, ham = dict(self.spam), dict(self.ham)
        for token, n in other.spam.items():
            spam[token] = spam.get(token, 0) + n
        for token, n in other.ham.items():
            ham[token] = ham.get(token, 0) + n
        return TokenModel(spam, ham, self.n_spam + other.n_spam, self.n_ham + other.n_ham)

    def token_prob(self, token: str) -> float:
        s, h = self.spam.get(token, 0), self.ham.get(token, 0)
        n = s + h
        if n == 0 or not self.n_spam or not self.n_ham:
            return UNKNOWN_PROB
        b, g = s / self.n_spam, h / self.n_ham
        p = b / (b + g)
        return (UNKNOWN_STRENGTH * UNKNOWN_PROB + n * p) / (UNKNOWN_STRENGTH + n)

    def clues(self, tokens: Iterable[str]) -> list[Clue]:
        probs = self._probs
        if len(probs) > 500_000:  # bounded for a long-running scanner
            probs.clear()
        strong = []
        for token in tokens:
            prob = probs.get(token)
            if prob is None:
                prob = probs[token] = self.token_prob(token)
            if abs(prob - 0.5) >= MIN_STRENGTH:  # only clues worth keeping become objects
                strong.append(Clue(token, prob))
        strong.sort(key=lambda c: -abs(c.prob - 0.5))
        return strong[:MAX_CLUES]

    def score(self, tokens: Iterable[str]) -> tuple[float, list[Clue]]:
        """(indicator in [0, 1], the clues used): 1 spam, 0 ham, 0.5 no evidence either way."""
        clues = self.clues(tokens)
        if not clues:
            return 0.5, []
        ln_spam = sum(math.log(max(1e-200, 1.0 - c.prob)) for c in clues)
        ln_ham = sum(math.log(max(1e-200, c.prob)) for c in clues)
        n = len(clues)
        s = 1.0 - chi2q(-2.0 * ln_spam, 2 * n)
        h = 1.0 - chi2q(-2.0 * ln_ham, 2 * n)
        return (s - h + 1.0) / 2.0, clues

    def to_arrays(self, min_count: int = 1) -> dict[str, np.ndarray]:
        """Compact arrays for the shipped artifact; tokens seen fewer than `min_count` times dropped."""
        vocab = sorted(
            t for t in set(self.spam) | set(self.ham) if self.spam.get(t, 0) + self.ham.get(t, 0) >= min_count
        )
        return {
            "tokens": np.array(vocab, dtype=object),
            "spam": np.array([self.spam.get(t, 0) for t in vocab], dtype=np.int32),
            "ham": np.array([self.ham.get(t, 0) for t in vocab], dtype=np.int32),
            "totals": np.array([self.n_spam, self.n_ham], dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays: Any) -> TokenModel:
        tokens = list(arrays["tokens"])
        spam = {t: int(n) for t, n in zip(tokens, arrays["spam"].tolist(), strict=True) if n}
        ham = {t: int(n) for t, n in zip(tokens, arrays["ham"].tolist(), strict=True) if n}
        n_spam, n_ham = (int(x) for x in arrays["totals"])
        return cls(spam, ham, n_spam, n_ham)


SCHEMA = """
create table if not exists messages (
    hash text primary key,
    label integer not null,          -- 1 spam, 0 ham
    tokens text not null,            -- json list: exactly what was counted
    learned_at real not null
);
create table if not exists tokens (
    token text primary key,
    spam integer not null default 0,
    ham integer not null default 0
);
"""


@dataclass
class LearnResult:
    added: int = 0
    moved: int = 0
    unchanged: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"added": self.added, "moved": self.moved, "unchanged": self.unchanged}


class OwnerStore:
    """The owner's learned counts: a SQLite file, every learn one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> Any:
        import sqlite3

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=30.0)
            conn.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ShieldStoreError(f"cannot open the shield's learned model {self.path}: {exc}") from None
        return conn

    def learn(self, items: Iterable[tuple[str, list[str]]], label: int) -> LearnResult:
        """Count each (hash, tokens) under `label`: new ones added, known ones moved or left alone."""
        import sqlite3

        result = LearnResult()
        conn = self._connect()
        try:
            with conn:
                for digest, tokens in items:
                    row = conn.execute("select label, tokens from messages where hash = ?", (digest,)).fetchone()
                    if row is not None and row[0] == label:
                        result.unchanged += 1
                        continue
                    if row is not None:
                        self._count(conn, json.loads(row[1]), row[0], -1)
                        result.moved += 1
                    else:
                        result.added += 1
                    self._count(conn, tokens, label, +1)
                    conn.execute(
                        "insert or replace into messages (hash, label, tokens, learned_at) values (?, ?, ?, ?)",
                        (digest, label, json.dumps(tokens), time.time()),
                    )
        except sqlite3.Error as exc:
            raise ShieldStoreError(f"cannot update {self.path}: {exc}") from None
        finally:
            conn.close()
        return result

    @staticmethod
    def _count(conn: Any, tokens: list[str], label: int, delta: int) -> None:
        column = "spam" if label else "ham"
        conn.executemany(f"insert or ignore into tokens (token) values (?)", [(t,) for t in tokens])  # noqa: F541
        conn.executemany(
            f"update tokens set {column} = max(0, {column} + ?) where token = ?", [(delta, t) for t in tokens]
        )

    def model(self) -> TokenModel:
        if not self.path.exists():
            return TokenModel.empty()
        conn = self._connect()
        try:
            spam: dict[str, int] = {}
            ham: dict[str, int] = {}
            for token, s, h in conn.execute("select token, spam, ham from tokens where spam > 0 or ham > 0"):
                if s:
                    spam[token] = s
                if h:
                    ham[token] = h
            totals = dict(conn.execute("select label, count(*) from messages group by label").fetchall())
        finally:
            conn.close()
        return TokenModel(spam, ham, int(totals.get(1, 0)), int(totals.get(0, 0)))

    def stats(self) -> dict[str, int]:
        model = self.model()
        return {"spam": model.n_spam, "ham": model.n_ham, "tokens": len(set(model.spam) | set(model.ham))}

    def labels(self) -> dict[str, int]:
        """Every learned message's hash and label (the owner's explicit verdicts)."""
        if not self.path.exists():
            return {}
        conn = self._connect()
        try:
            return {h: int(label) for h, label in conn.execute("select hash, label from messages")}
        finally:
            conn.close()

    def label_of(self, digest: str) -> int | None:
        if not self.path.exists():
            return None
        conn = self._connect()
        try:
            row = conn.execute("select label from messages where hash = ?", (digest,)).fetchone()
        finally:
            conn.close()
        return None if row is None else int(row[0])
