"""Text handling shared by the objectives: cleaning untrusted input, chunking, lexical features."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
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


_vectorizers: Any = None
_vec_lock = threading.Lock()


def _get_vectorizers() -> Any:
    global _vectorizers
    with _vec_lock:
        if _vectorizers is None:
            from sklearn.feature_extraction.text import HashingVectorizer

            common = {"n_features": LEXICAL_FEATURES, "alternate_sign": False, "lowercase": True, "norm": "l2"}
            _vectorizers = (
                HashingVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b", **common),
                HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common),
            )
        return _vectorizers


def lexical_features(texts: Sequence[str]) -> Any:
    """Sparse (n, 2 * LEXICAL_FEATURES) hashed word 1-2 grams and character 3-5 grams: stateless, no vocabulary."""
    import scipy.sparse as sp

    words, chars = _get_vectorizers()
    texts = [t[: 4 * CHUNK_CHARS] for t in texts]
    return sp.hstack([words.transform(texts), chars.transform(texts)], format="csr")


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
