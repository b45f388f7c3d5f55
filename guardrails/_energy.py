"""`Energy`: objectives composed into one number, E = sum_k w_k * -log(1 - p_k), with hard vetoes.

The same composition judges the owner's input, candidate replies and incoming content; only the
scope (which objectives apply) changes. Every term is kept so the UI and the shield can say why.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from memory.base.errors import BrocaError, ObjectiveError, UnknownObjectiveError

from ._objective import Batch, Objective, Scope, threshold_reason
from ._reveal import CHANNELS, Hidden, Revealed, reveal
from ._text import CHUNK_CHARS, chunk, clean

__all__ = ["Energy", "ObjectiveError", "Term", "UnknownObjectiveError", "Verdict", "term_energy"]


# Scopes whose texts are read for hidden channels (`guardrails._reveal`): what the owner typed or
# pasted, and incoming content.
REVEALED_SCOPES = frozenset({Scope.INPUT, Scope.INCOMING})
SPAN_SHOWN = 200  # characters of a hidden span quoted in a term and its reason

P_CLIP = 1e-6  # keeps -log(1 - p) finite: a certain violation costs about 13.8 per unit weight


def term_energy(p: float, weight: float) -> float:
    return weight * -math.log(max(P_CLIP, 1.0 - min(max(p, 0.0), 1.0)))


@dataclass
class Term:
    name: str
    p: float
    weight: float
    energy: float
    hard: bool
    threshold: float
    flagged: bool  # p >= threshold
    vetoed: bool  # a hard objective over its threshold
    reason: str
    # Where the worst reading was a hidden span of the text (`guardrails._reveal`): its channel
    # ("html-comment", "tag-characters", ...) and what it says; empty where it was the text itself.
    channel: str = ""
    span: str = ""


@dataclass
class Verdict:
    """The energy of one text and its per-term breakdown (a SpamAssassin-style report)."""

    energy: float
    terms: list[Term] = field(default_factory=list)

    @property
    def vetoed(self) -> bool:
        return any(t.vetoed for t in self.terms)

    @property
    def flagged(self) -> bool:
        return any(t.flagged for t in self.terms)

    @property
    def p(self) -> dict[str, float]:
        return {t.name: t.p for t in self.terms}

    def term(self, name: str) -> Term | None:
        return next((t for t in self.terms if t.name == name), None)

    @property
    def reasons(self) -> list[str]:
        """Flagged terms first, by contribution."""
        ranked = sorted(self.terms, key=lambda t: (not t.flagged, -t.energy))
        return [
            f"{t.name} (p={t.p:.2f}, +{t.energy:.2f}{', veto' if t.vetoed else ''}): {t.reason}{_where(t)}"
            for t in ranked
            if t.flagged
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "energy": round(self.energy, 4),
            "vetoed": self.vetoed,
            "flagged": self.flagged,
            "p": {k: round(v, 4) for k, v in self.p.items()},
            "terms": [asdict(t) for t in self.terms],
            "reasons": self.reasons,
        }


class Energy:
    """A set of objectives, applied by scope."""

    def __init__(self, objectives: Iterable[Objective], policy: Any = None) -> None:
        self.objectives: list[Objective] = []
        self.policy = policy  # the merged policy pack (messages, language), when built from packs
        for objective in objectives:
            self.add(objective)

    def add(self, objective: Objective) -> None:
        if any(o.name == objective.name for o in self.objectives):
            raise ValueError(f"two objectives are named {objective.name!r}")
        self.objectives.append(objective)

    def get(self, name: str) -> Objective:
        for objective in self.objectives:
            if objective.name == name:
                return objective
        known = ", ".join(o.name for o in self.objectives)
        raise UnknownObjectiveError(f"unknown objective {name!r} (known: {known})")

    def for_scope(self, scope: Scope) -> list[Objective]:
        return [o for o in self.objectives if scope in o.scopes]

    def evaluate(self, batch: Batch, scope: Scope, only: Sequence[str] | None = None) -> list[Verdict]:
        """Score every text of `batch` with the objectives of `scope` (or just those named).

        Texts longer than the encoder's window are scored in overlapping chunks and each term keeps
        its worst chunk; control characters (binary junk) are dropped before scoring.
        """
        objectives = self.for_scope(scope)
        if only is not None:  # each once: a name given twice would count its term twice
            objectives = [self.get(name) for name in dict.fromkeys(only)]
        texts = [clean(t) if isinstance(t, str) else clean(str(t)) for t in batch.texts]
        # What an AI would read: hidden channels surfaced in what the owner or a sender wrote. Replies
        # (OUTPUT) are the model's own text and are read as they are.
        revealed = [reveal(t) if scope in REVEALED_SCOPES else Revealed(t) for t in texts]
        texts = [r.text for r in revealed]
        if all(len(t) <= CHUNK_CHARS for t in texts) and not any(r.hidden for r in revealed):
            if list(texts) != list(batch.texts):
                batch = Batch(texts=texts, inputs=batch.inputs, meta=batch.meta, groups=batch.groups)
            batch.scope = scope
            return self._evaluate(batch, objectives)
        # Identical chunks of one text (padding, repeated boilerplate) are scored once. Chunks shared by
        # two texts are scored for each (the embedder still encodes them once): a text's chunks make
        # up its window budget, so sharing one with a neighbour would change its verdict. A hidden span
        # is read as further chunks of its text, and a term its worst reading came from names it.
        index: dict[tuple[int, str], int] = {}
        pieces: list[str] = []
        first: list[int] = []
        hidden: list[Hidden | None] = []
        owner: list[int] = []
        owner_piece: list[int] = []
        for i, (text, found) in enumerate(zip(texts, revealed, strict=True)):
            readings: list[tuple[str, Hidden | None]] = [(part, None) for part in chunk(text)]
            readings += [(part, span) for span in found.hidden for part in chunk(span.text)]
            for part, span in readings:
                key = (i, part)
                if key not in index:
                    index[key] = len(pieces)
                    pieces.append(part)
                    first.append(i)
                    hidden.append(span)
                owner.append(i)
                owner_piece.append(index[key])
        expanded = Batch(
            texts=pieces,
            inputs=[batch.inputs[i] for i in first] if batch.inputs is not None else None,
            meta=[batch.meta[i] for i in first] if batch.meta is not None else None,
            scope=scope,
            groups=first,
        )
        scored = self._evaluate(expanded, objectives)
        for verdict, span in zip(scored, hidden, strict=True):
            if span is not None:
                for term in verdict.terms:
                    term.channel, term.span = span.channel, span.text[:SPAN_SHOWN]
        return merge_chunks([scored[j] for j in owner_piece], owner, len(texts))

    def _evaluate(self, batch: Batch, objectives: Sequence[Objective]) -> list[Verdict]:
        verdicts = [Verdict(energy=0.0) for _ in range(len(batch))]
        for objective in objectives:
            with _blamed(objective):
                self._add_terms(verdicts, objective, batch)
        for verdict in verdicts:
            if verdict.vetoed:
                verdict.energy = math.inf
        return verdicts

    @staticmethod
    def _add_terms(verdicts: list[Verdict], objective: Objective, batch: Batch) -> None:
        probs = _probabilities(objective, batch)
        # NaN counts as a violation; element-wise, so the same values as clipping each p alone.
        clipped = np.clip(np.nan_to_num(probs, nan=1.0), 0.0, 1.0).tolist()
        thresholds = _thresholds(objective, batch)
        if len(thresholds) != len(batch):
            raise ObjectiveError(f"objective {objective.name} gave {len(thresholds)} thresholds for {len(batch)} texts")
        weight = float(objective.weight)
        for verdict, p, threshold in zip(verdicts, clipped, thresholds, strict=True):
            flagged = p >= threshold
            # Hard terms also rank candidates below their threshold; above it they veto.
            energy = term_energy(p, weight)
            verdict.terms.append(
                Term(
                    name=objective.name,
                    p=p,
                    weight=weight,
                    energy=energy,
                    hard=bool(objective.hard),
                    threshold=threshold,
                    flagged=flagged,
                    vetoed=bool(objective.hard) and flagged,
                    reason=_reason(objective, p, threshold),
                )
            )
            verdict.energy += energy

    def assess(
        self, texts: Sequence[str], scope: Scope = Scope.INPUT, meta: Sequence[dict[str, Any]] | None = None
    ) -> list[Verdict]:
        """Per-objective probabilities and energy for owner inputs or (scope=INCOMING) incoming content."""
        return self.evaluate(Batch(texts=list(texts), meta=meta), scope)

    def score(self, input: str, candidates: Sequence[str]) -> list[Verdict]:
        """The output objectives on each candidate reply to `input`."""
        return self.evaluate(Batch(texts=list(candidates), inputs=[input] * len(candidates)), Scope.OUTPUT)


@contextlib.contextmanager
def _blamed(objective: Objective) -> Iterator[None]:
    """An error out of the objective's code (probabilities, thresholds, weight, reason) as an
    ObjectiveError naming it: third-party code may raise anything. An error of ours (a missing head)
    passes through as it is."""
    try:
        yield
    except BrocaError:
        raise
    except Exception as exc:
        raise ObjectiveError(f"objective {objective.name} failed: {type(exc).__name__}: {exc}") from exc


def _probabilities(objective: Objective, batch: Batch) -> np.ndarray:
    """The objective's probabilities as one float per text, or an ObjectiveError naming it."""
    values = objective.probabilities(batch)
    try:
        probs = np.asarray(values, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise ObjectiveError(f"objective {objective.name} returned {values!r:.80}, not probabilities") from None
    if probs.shape != (len(batch),):
        raise ObjectiveError(f"objective {objective.name} returned {probs.shape} for {len(batch)} texts")
    return probs


def _thresholds(objective: Objective, batch: Batch) -> list[float]:
    """Each text's threshold: the objective's per text where it has them (a head per kind of text),
    else its threshold for the batch's scope, else its own."""
    per_text = getattr(objective, "thresholds", None)
    if callable(per_text):
        return [float(t) for t in per_text(batch)]
    scoped = getattr(objective, "scope_thresholds", {}).get(str(batch.scope), objective.threshold)
    return [float(scoped)] * len(batch)


def merge_chunks(verdicts: Sequence[Verdict], owner: Sequence[int], n: int) -> list[Verdict]:
    """One verdict per original text from its chunks' verdicts: each term keeps its worst chunk, and
    names the worst hidden span that flagged it on its own, if any (the text read whole may score as
    high once it holds the span too, and the owner still needs to see where the instruction hid)."""
    merged: list[Verdict | None] = [None] * n
    hidden: list[dict[str, Term]] = [{} for _ in range(n)]
    for verdict, i in zip(verdicts, owner, strict=True):
        for term in verdict.terms:
            seen = hidden[i].get(term.name)
            if term.channel and term.flagged and (seen is None or term.p > seen.p):
                hidden[i][term.name] = term
        current = merged[i]
        if current is None:
            merged[i] = Verdict(energy=0.0, terms=list(verdict.terms))
            continue
        current.terms = [a if a.p >= b.p else b for a, b in zip(current.terms, verdict.terms, strict=True)]
    out: list[Verdict] = []
    for entry, spans in zip(merged, hidden, strict=True):
        assert entry is not None  # every text has at least one chunk
        entry.terms = [
            replace(t, channel=spans[t.name].channel, span=spans[t.name].span)
            if t.name in spans and not t.channel
            else t
            for t in entry.terms
        ]
        entry.energy = math.inf if entry.vetoed else sum(t.energy for t in entry.terms)
        out.append(entry)
    return out


def _where(term: Term) -> str:
    """Where a term's worst reading was, when a hidden span and not the text itself."""
    if not term.channel:
        return ""
    return f" (in {CHANNELS.get(term.channel, term.channel)}: {term.span[:80]!r})"


def _reason(objective: Objective, p: float, threshold: float) -> str:
    """The objective's reason, or one of our own where the scope has its own threshold (an
    objective's `reason` knows only its general one)."""
    if threshold == objective.threshold:
        return str(objective.reason(p))
    return threshold_reason(getattr(objective, "title", "") or objective.name, p, threshold)
