"""Text handling shared by the objectives: cleaning untrusted input, chunking, lexical features."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

__all__ = ["CHUNK_CHARS", "MAX_CHUNKS", "chunk", "clean", "decode", "lexical_features", "sentence_windows"]

# all-MiniLM-L6-v2 reads at most 256 word pieces (about 1,000 characters of English); longer texts
# are scored in overlapping windows of this size and the worst window counts.
CHUNK_CHARS = 1000
CHUNK_OVERLAP = 200
# A 1 MB text is about 1,250 windows, all scored; past this many (about 1.6 MB) windows are sampled
# evenly, keeping the first and the last.
MAX_CHUNKS = 2048
LEXICAL_FEATURES = 2**15  # per analyser (words, characters): 2 x 32,768 hashed features

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def decode(data: bytes) -> str:
    """Bytes from a file or a pipe: invalid UTF-8 becomes U+FFFD, never an exception."""
    return data.decode("utf-8", errors="replace")


def clean(text: str) -> str:
    """Drop control characters and lone surrogates (binary junk) so every scorer sees plain text."""
    text = _CONTROL.sub(" ", text)
    return text.encode("utf-8", errors="replace").decode("utf-8", errors="replace")


def chunk(text: str, size: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP, limit: int = MAX_CHUNKS) -> list[str]:
    """Overlapping windows of `text`, cut at whitespace where possible; short texts are one window."""
    if len(text) <= size:
        return [text]
    starts: list[int] = []
    pos = 0
    while pos < len(text):
        starts.append(pos)
        if pos + size >= len(text):
            break
        nxt = pos + size - overlap
        space = text.rfind(" ", nxt - overlap // 2, nxt)
        pos = space + 1 if space > pos else nxt
    if len(starts) > limit:
        step = (len(starts) - 1) / (limit - 1)
        starts = [starts[round(i * step)] for i in range(limit)]
    return [text[s : s + size] for s in starts]


_WORD_TOKEN = re.compile(r"(?u)\b\w+\b")
_WHITE_SPACES = re.compile(r"\s\s+")


def _word_grams(text: str) -> list[str]:
    tokens = _WORD_TOKEN.findall(text)
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def _char_grams(text: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams inside word boundaries, each word padded with a space on both sides."""
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:  # a short word counts once, whole
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def _hashed(texts: Sequence[str], grams: Any) -> Any:
    """L2-normalised counts of `grams(text)` hashed into LEXICAL_FEATURES columns.

    The same matrix as scikit-learn's HashingVectorizer (signed MurmurHash3, seed 0, |h| mod n,
    alternate_sign off), which trained the shipped heads, without importing scikit-learn (a second
    of start-up) at run time; tests/test_guardrails.py checks the two agree.
    """
    import mmh3
    import numpy as np
    import scipy.sparse as sp

    indptr, indices, values = [0], [], []
    for text in texts:
        counts: dict[int, int] = {}
        for gram in grams(text.lower()):
            column = abs(mmh3.hash(gram, 0, signed=True)) % LEXICAL_FEATURES
            counts[column] = counts.get(column, 0) + 1
        row = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        norm = float(np.sqrt(row @ row))
        indices.extend(counts)
        values.append(row / norm if norm else row)
        indptr.append(len(indices))
    data = np.concatenate(values) if values else np.zeros(0)
    return sp.csr_matrix(
        (data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int32)),
        shape=(len(texts), LEXICAL_FEATURES),
    )


def lexical_features(texts: Sequence[str]) -> Any:
    """Sparse (n, 2 * LEXICAL_FEATURES) hashed word 1-2 grams and character 3-5 grams: stateless, no vocabulary."""
    import scipy.sparse as sp

    texts = [t[: 4 * CHUNK_CHARS] for t in texts]
    return sp.hstack([_hashed(texts, _word_grams), _hashed(texts, _char_grams)], format="csr")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|\s*\|\s*")


def sentence_windows(text: str, min_chars: int = 25, max_chars: int = 400, limit: int = 48) -> list[str]:
    """Sentences (merged up to 25 characters, cut at 400) of a longer text: an instruction hidden in a mail is
    a sentence or two, and scored alone it is not diluted by the mail around it."""
    windows: list[str] = []
    current = ""
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        if not piece:
            continue
        current = f"{current} {piece}".strip() if current else piece
        if len(current) >= min_chars:
            windows.append(current[:max_chars])
            current = ""
    if current and (len(current) >= 20 or not windows):
        windows.append(current[:max_chars])
    if len(windows) > limit:  # evenly spread over the text
        step = (len(windows) - 1) / (limit - 1)
        windows = [windows[round(i * step)] for i in range(limit)]
    return windows
