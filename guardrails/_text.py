"""Text handling shared by the objectives: cleaning untrusted input, chunking, lexical features."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

__all__ = ["CHUNK_CHARS", "MAX_CHUNKS", "chunk", "clean", "decode", "lexical_features", "sentence_windows"]

# The heads read about 1,000 characters at a time (about 250 tokens of English, fewer characters than
# the encoder's 512 positions hold in most scripts); longer texts are scored in overlapping windows of
# this size and the worst window counts.
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
# Memos of the hashed columns: texts share most words, and a dictionary look-up costs a fraction of
# hashing again. Cleared when full, so a stream of new words cannot grow them without bound.
_MEMO_SIZE = 1 << 17
_word_memo: dict[str, int] = {}
_char_memo: dict[str, list[int]] = {}


def _column(gram: str) -> int:
    import mmh3

    return abs(mmh3.hash(gram, 0, signed=True)) % LEXICAL_FEATURES


def _word_columns(text: str) -> list[int]:
    """Columns of the word 1-grams then 2-grams of `text`, in that order (as sklearn's "word" analyser)."""
    tokens = _WORD_TOKEN.findall(text)
    if len(_word_memo) > _MEMO_SIZE:
        _word_memo.clear()
    memo = _word_memo
    columns: list[int] = []
    for gram in itertools.chain(tokens, [f"{a} {b}" for a, b in pairwise(tokens)]):
        column = memo.get(gram)
        if column is None:
            column = memo[gram] = _column(gram)
        columns.append(column)
    return columns


def _char_grams(word: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams of one word padded with a space on both sides (sklearn's "char_wb")."""
    padded = f" {word} "
    grams: list[str] = []
    for n in range(low, high + 1):
        if len(padded) <= n:  # a short word counts once, whole
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def _char_columns(text: str) -> list[int]:
    """Columns of the character 3-5 grams inside word boundaries, word by word."""
    if len(_char_memo) > _MEMO_SIZE:
        _char_memo.clear()
    memo = _char_memo
    columns: list[int] = []
    for word in _WHITE_SPACES.sub(" ", text).split():
        word_columns = memo.get(word)
        if word_columns is None:
            word_columns = memo[word] = [_column(gram) for gram in _char_grams(word)]
        columns.extend(word_columns)
    return columns


def _hashed(texts: Sequence[str], columns_of: Callable[[str], list[int]]) -> Any:
    """L2-normalised counts of the hashed n-grams `columns_of(text)` in LEXICAL_FEATURES columns.

    The same matrix as scikit-learn's HashingVectorizer (signed MurmurHash3, seed 0, |h| mod n,
    alternate_sign off), which trained the shipped heads, without importing scikit-learn (a second
    of start-up) at run time; tests/test_lexical.py checks the two agree.
    """
    import numpy as np
    import scipy.sparse as sp

    indptr: list[int] = [0]
    indices: list[int] = []
    values: list[np.ndarray] = []
    for text in texts:
        counts = Counter(columns_of(text.lower()))  # columns in order of first occurrence
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
    return sp.hstack([_hashed(texts, _word_columns), _hashed(texts, _char_columns)], format="csr")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|\s*\|\s*")


WINDOWS_ABOVE = 200  # characters: shorter texts are one sentence window already


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
