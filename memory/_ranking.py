"""How search ranks its candidates, every backend's rule: reciprocal rank fusion of the vector and
keyword ranks, weighed by recency and importance; and the words a keyword query leaves out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ._types import Hit, Memory

RRF_K = 60  # the usual reciprocal-rank-fusion constant: ranks 1 and 10 differ by ~15%, not 10x
# The keyword rank's weight in the fusion, against the vector rank's 1. Keywords find exact names and
# numbers the encoder blurs, but they only match in the query's own language: at full weight, a
# question in Thai pulled Thai small talk above the English fact it asks about. Chosen on the dev half
# of benchmarks/data/crosslingual_memory.jsonl (recall@5 cross-lingual / paraphrase): 1.0 0.647 / 0.887,
# 0.5 0.729 / 0.895, 0.25 0.805 / 0.902, 0 0.827 / 0.857.
KEYWORD_WEIGHT = 0.25
# Words that match most texts and only slow FTS5 down without ranking anything.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "do",
        "does",
        "did",
        "for",
        "from",
        "has",
        "have",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    ]
)


def fuse(
    memories: Mapping[int, Memory],
    vector: Sequence[tuple[int, float]],
    keyword: Sequence[tuple[int, float]],
    sims: Mapping[int, float],
    *,
    now: float,
    k: int,
    half_life_days: float,
    recency_weight: float,
    importance_weight: float,
) -> list[Hit]:
    """The `k` best of the candidates, ranked as `Store.search` documents it (every backend's rule).

    `vector` and `keyword` are the ranked candidate lists (id, similarity or keyword score, best
    first), `sims` every candidate's cosine similarity; a candidate missing from `memories` was
    forgotten between the reads and is skipped."""
    vec_rank = {mid: rank for rank, (mid, _) in enumerate(vector, 1)}
    kw_rank = {mid: rank for rank, (mid, _) in enumerate(keyword, 1)}
    keyword_score = dict(keyword)
    best = (1.0 + KEYWORD_WEIGHT) / (RRF_K + 1)
    norm = 1.0 + recency_weight + importance_weight
    hits: list[Hit] = []
    for mid in dict.fromkeys([*vec_rank, *kw_rank]):
        memory = memories.get(mid)
        if memory is None:
            continue
        rrf = (1.0 / (RRF_K + vec_rank[mid]) if mid in vec_rank else 0.0) + (
            KEYWORD_WEIGHT / (RRF_K + kw_rank[mid]) if mid in kw_rank else 0.0
        )
        relevance = rrf / best
        age_days = max(0.0, now - memory.last_accessed_at) / 86400.0
        recency = 0.5 ** (age_days / half_life_days)
        score = relevance * (1 + recency_weight * recency + importance_weight * memory.importance) / norm
        components = {
            # A memory without a vector (inserted by another tool, until `broca memory reindex`) is
            # found by its words only: similarity 0, which no threshold passes, not NaN, which JSON lacks.
            "similarity": sims.get(mid, 0.0),
            "vector_rank": vec_rank.get(mid),
            "keyword_rank": kw_rank.get(mid),
            "bm25": keyword_score.get(mid),
            "rrf": rrf,
            "relevance": relevance,
            "recency": recency,
            "importance": memory.importance,
            "age_days": age_days,
            "trust": memory.trust,
        }
        hits.append(Hit(memory=memory, score=score, components=components))
    hits.sort(key=lambda h: (-h.score, h.memory.id))
    return hits[:k]
