"""The built-in objectives: hazard categories S1-S14, prompt injection, PII, toxicity, self-harm and
over-refusal. Heads load once per process; every objective of a batch shares its embedding pass
and each head runs at most once per batch (`Batch.cached`).
"""

from __future__ import annotations

import functools
import io
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from memory.base.inputs import NPZ_UNREADABLE

from ._exemplars import SUPPORTIVE
from ._heads import DOCUMENT_HEADS, DamagedHeadError, LinearHead, head_path, heads_folder, load_head
from ._objective import Batch, Scope, threshold_reason
from ._pii import find_pii
from ._refusal import refusal_score
from ._taxonomy import FLOOR, HAZARDS, Hazard
from ._text import WINDOWS_ABOVE, lexical_features, sentence_windows
from ._weights import load_weights

__all__ = [
    "BUILTIN_NAMES",
    "BaseObjective",
    "HazardObjective",
    "HeadObjective",
    "OverRefusalObjective",
    "PIIObjective",
    "SelfHarmObjective",
    "builtin_objectives",
]

INPUT_OUTPUT = frozenset({Scope.INPUT, Scope.OUTPUT})


@dataclass
class BaseObjective:
    """Plain attributes satisfying the `Objective` protocol; subclasses implement `probabilities`."""

    name: str
    description: str
    scopes: frozenset[Scope]
    hard: bool = False
    threshold: float = 0.5
    weight: float = 1.0
    title: str = ""
    heads_dir: str = ""  # empty: the heads shipped in guardrails/heads/
    # Scope -> threshold where the head's validation slice fitted one per kind of text (the owner's
    # typed requests against documents); `threshold` elsewhere, and a policy pack's overrides both.
    scope_thresholds: dict[str, float] = field(default_factory=dict)

    def probabilities(self, batch: Batch) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def reason(self, p: float) -> str:
        return threshold_reason(self.title or self.name, p, self.threshold)


# --------------------------------------------------------------------------------- shared computations

_head_lock = threading.Lock()


@functools.cache
def _head(name: str, directory: str = "") -> LinearHead:
    with _head_lock:
        return load_head(name, heads_folder(directory))


def head_probs(batch: Batch, head: str, inputs: bool = False, directory: str = "") -> np.ndarray:
    """P(positive) of one head on the batch's texts (or its inputs), computed once per batch."""

    def compute() -> np.ndarray:
        texts = list(batch.inputs or []) if inputs else list(batch.texts)
        if not texts:
            return np.zeros(0)
        model = _head(head, directory)
        emb = batch.head_embeddings(model.adapter, inputs=inputs)
        lex = None
        if model.w_lex is not None:  # hashed n-grams: computed once per batch for every head
            lex = batch.cached(f"lex:{'inputs' if inputs else 'texts'}", lambda: lexical_features(texts))
        p = model.predict(emb, texts, lex)
        blank = np.array([not t.strip() for t in texts], dtype=bool)
        return np.where(blank, 0.0, p)  # an empty text violates nothing

    return batch.cached(f"head:{directory}:{head}:{'inputs' if inputs else 'texts'}", compute)


@functools.lru_cache(maxsize=1)
def _prototypes() -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors of each category's description and examples, and their category index."""
    from memory.embedder import default_embedder

    texts: list[str] = []
    owner: list[int] = []
    for k, h in enumerate(HAZARDS):
        for t in (f"{h.name}: {h.description}", *h.examples):
            texts.append(t)
            owner.append(k)
    return default_embedder().embed(texts), np.array(owner)


ROUTE_TEMPERATURE = 0.05


@functools.lru_cache(maxsize=4)
def _router(directory: str) -> tuple[np.ndarray, np.ndarray] | None:
    """The trained category router (`routes.npz` beside the heads, `training/_train.train_routes`), if any."""
    folder = heads_folder(directory) or Path(str(resources.files("guardrails") / "heads"))
    path = folder / "routes.npz"
    if not path.is_file():
        return None
    try:
        with np.load(io.BytesIO(path.read_bytes()), allow_pickle=False) as data:
            coef, intercept = np.asarray(data["coef"], np.float32), np.asarray(data["intercept"], np.float32)
    except NPZ_UNREADABLE as exc:
        raise DamagedHeadError(f"{path}: not a readable category router ({exc})") from None
    if coef.shape[0] != len(HAZARDS) or intercept.shape != (len(HAZARDS),) or not np.isfinite(coef).all():
        raise DamagedHeadError(f"{path}: a router of shape {coef.shape}, expected {len(HAZARDS)} categories")
    return coef, intercept


def hazard_routes(batch: Batch, inputs: bool = False, directory: str = "") -> np.ndarray:
    """(n, 14): how much each text belongs to each category, the most likely one at 1.0.

    The trained router's softmax where the heads have one, else a softmax over each category's best
    cosine similarity to its examples; dividing by the row max gives the most likely category the
    whole hazard probability and the others a share of it.
    """

    def compute() -> np.ndarray:
        emb = batch.input_embeddings() if inputs else batch.embeddings()
        router = _router(directory)
        if router is not None:
            logits = emb @ router[0].T + router[1]
            z = np.exp(logits - logits.max(axis=1, keepdims=True))
            return z / z.max(axis=1, keepdims=True)
        protos, owner = _prototypes()
        sims = emb @ protos.T  # (n, m)
        best = np.full((len(emb), len(HAZARDS)), -1.0)
        for k in range(len(HAZARDS)):
            best[:, k] = sims[:, owner == k].max(axis=1)
        z = np.exp((best - best.max(axis=1, keepdims=True)) / ROUTE_TEMPERATURE)
        return z / z.max(axis=1, keepdims=True)

    return batch.cached(f"routes:{directory}:{'inputs' if inputs else 'texts'}", compute)


def refusal_scores(batch: Batch) -> np.ndarray:
    return batch.cached("refusal", lambda: np.array([refusal_score(t) for t in batch.texts]))


# ------------------------------------------------------------------------------------------ objectives


MAX_WINDOWS = 512  # per text of the caller (all its chunks), plus two per chunk; the chunks are always all scored


def long_windows(texts: Sequence[str], keep: Sequence[bool] | None = None) -> tuple[list[str], list[int]]:
    """The sentence windows of each text longer than WINDOWS_ABOVE (of those `keep` marks), and the
    index of the text each came from."""
    windows: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        if (keep is None or keep[i]) and len(text) > WINDOWS_ABOVE:
            found = sentence_windows(text)
            windows += found
            owner += [i] * len(found)
    return windows, owner


def budget_windows(
    pieces: Sequence[str], owner: Sequence[int], group: Sequence[int], score: Callable[[list[str]], np.ndarray]
) -> list[int]:
    """The windows the encoder reads (indices, in order): all of them for a text (a group) with at
    most MAX_WINDOWS, else the MAX_WINDOWS that `score` (cheap: a head's hashed n-grams) ranks
    worst, plus each chunk's (owner's) two best. Chosen per text, so that a text is scored the
    same whatever else is in its batch; hashing is cheap, the encoder is not."""
    per_group = Counter(group)
    over = [k for k in range(len(pieces)) if per_group[group[k]] > MAX_WINDOWS]
    if not over:
        return list(range(len(pieces)))
    ranked = dict(zip(over, np.asarray(score([pieces[k] for k in over]), dtype=float).tolist(), strict=True))
    keep = {k for k in range(len(pieces)) if per_group[group[k]] <= MAX_WINDOWS}
    taken: Counter[int] = Counter()
    per_chunk: Counter[int] = Counter()
    for k in sorted(over, key=lambda k: (-ranked[k], k)):
        if taken[group[k]] < MAX_WINDOWS or per_chunk[owner[k]] < 2:
            keep.add(k)
            taken[group[k]] += 1
            per_chunk[owner[k]] += 1
    return sorted(keep)


def scored_windows(
    batch: Batch, head: str, directory: str = "", keep: Sequence[bool] | None = None
) -> tuple[Batch, np.ndarray, np.ndarray]:
    """The sentence windows of the batch's longer texts (of those `keep` marks), within each text's
    budget, scored by `head`: the windows' batch, their probabilities and the text each came from."""
    groups = batch.groups if batch.groups is not None else range(len(batch))
    pieces, owner = long_windows(batch.texts, keep)
    model = _head(head, directory)
    if model.w_lex is not None:
        group = [groups[i] for i in owner]
        kept = budget_windows(pieces, owner, group, functools.partial(_lexical_score, w_lex=model.w_lex))
        pieces, owner = [pieces[k] for k in kept], [owner[k] for k in kept]
    windows = Batch(texts=pieces)
    p = head_probs(windows, head, directory=directory) if pieces else np.zeros(0)
    return windows, p, np.array(owner, dtype=int)


def _lexical_score(texts: list[str], w_lex: np.ndarray) -> np.ndarray:
    """A head's hashed n-gram part alone: a cheap ranking of windows."""
    return lexical_features(texts) @ w_lex


# Incoming content the documents' head does not read: the shield's short messages (SMS, chat), which
# are one sentence window and read like what an owner types. Mail is a document: on the typed head,
# half of SpamAssassin's training ham scored over 0.73, and the shield's mail cut (0.9994, fitted on
# that ham) let all of 150 BIPIA test e-mail attacks through; the documents' head learns real mail as
# negatives (`training/_data.documents_mail_ham`), and the shield quarantines 38 of them.
TYPED_HEAD_KINDS = frozenset({"text"})


# A text (a chunk, a hidden span) read whole under this p has its sentence windows left unread: an
# instruction that hides behind the text around it still lifts the whole reading above it. Checked on
# the documents' head's validation slice (training side) and measured on evaluation sets after the
# choice: no attack lost on AgentDojo, BIPIA, bipia-hidden or BIPIA sent as mail, while 79 % of
# SpamAssassin's ham mails (whose windows were two thirds of their cost) skip their windows.
WINDOW_GATE = 0.02


@dataclass
class HeadObjective(BaseObjective):
    """One trained head on the text itself (toxicity, prompt injection).

    In `window_scopes`, longer texts are also scored sentence by sentence and the worst sentence
    counts: an instruction planted in a mail must not hide behind the mail around it, nor an insult
    behind a page of pleasantries. A text whose whole reading is under WINDOW_GATE is not split.
    Prompt injection does not split the owner's own requests: they often carry data with
    instructions for the assistant.
    """

    head: str = ""
    window_scopes: frozenset[Scope] = frozenset()
    # Scope -> the head read there instead of `head` (prompt injection: documents have their own),
    # except for texts whose meta `kind` is in TYPED_HEAD_KINDS; and that head's threshold.
    scope_heads: dict[str, str] = field(default_factory=dict)
    head_thresholds: dict[str, float] = field(default_factory=dict)

    def heads(self, batch: Batch) -> list[str]:
        """The head that reads each text of the batch."""
        other = self.scope_heads.get(str(batch.scope))
        if other is None:
            return [self.head] * len(batch)
        return [self.head if batch.meta_of(i).get("kind") in TYPED_HEAD_KINDS else other for i in range(len(batch))]

    def thresholds(self, batch: Batch) -> list[float]:
        """Each text's threshold: the one of the head that reads it."""
        own = self.scope_thresholds.get(str(batch.scope), self.threshold)
        return [self.head_thresholds.get(h, own) if h != self.head else own for h in self.heads(batch)]

    def probabilities(self, batch: Batch) -> np.ndarray:
        heads = self.heads(batch)
        p = np.zeros(len(batch))
        for head in dict.fromkeys(heads):
            mine = np.array([h == head for h in heads])
            p[mine] = head_probs(batch, head, directory=self.heads_dir)[mine]
        if batch.scope not in self.window_scopes:
            return p
        for head in dict.fromkeys(heads):
            read = [h == head and p[i] >= WINDOW_GATE for i, h in enumerate(heads)]
            _, scored, owner = scored_windows(batch, head, self.heads_dir, read)
            np.maximum.at(p, owner, scored)
        return p


# The hazard head learnt from requests. On a reply it reads a topic's words as much as harm: a
# harmless answer on killing weeds or poison-proofing a house for a puppy scores like a violent
# request, and so does a refusal ("I cannot help with that, because it could seriously harm other
# people." alone: 0.93). Measured on one reply each (SmolLM2, 64 tokens, the planner's answer
# instruction) to 270 benign training prompts (120 look-alikes of training/_augment.py, 100 Dolly train, 50
# self-instruct seed tasks) and 160 harmful ones (AdvBench, our harmful requests), with the heads of
# 067dc46: at the head's threshold (0.175) a hard category vetoed 7.5 % of the look-alikes' replies
# (17.5 % with the heads of 3e1d04d), and it told them from replies to harmful requests poorly
# (AUROC 0.67). A reply's own text is therefore judged without its refusal and support sentences,
# against REPLY_THRESHOLD: the 99th percentile of the head's p on those 270 benign replies' bodies
# (1 % of them flagged). benchmarks/fit_reply_threshold.py refits it: run it whenever the hazard
# head is retrained (0.93, 0.90 and 0.79 for the heads of 39f16b1, 3e1d04d and 067dc46; 0.669 for the
# heads on the multilingual encoder, 0.704 after the second batch of look-alikes, 0.749 after the
# third batch of prompts and the benign owner tasks). A
# hazardous request is still caught through compliance: an unrefused reply to it carries the
# request's p, judged against the input threshold.
REPLY_THRESHOLD = 0.749
_SENTENCES = re.compile(r"(?<=[.!?:;])\s+|\n+")


def reply_body(text: str) -> str:
    """`text` without its refusal and support sentences (what a reply says besides "no")."""
    kept = [s for s in _SENTENCES.split(text) if s.strip() and refusal_score(s) < 0.9 and not _SUPPORT.search(s)]
    return " ".join(s.strip() for s in kept)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1.0 - 1e-6)
    return np.log(p / (1.0 - p))


def _reply_bodies(batch: Batch) -> list[str]:
    bodies = batch.cached("reply-bodies", lambda: np.array([reply_body(t) for t in batch.texts], dtype=object))
    return [str(b) for b in bodies]


def _body_hazards(batch: Batch, directory: str) -> np.ndarray:
    """(n, 14): the hazard head's p per category on each reply's body read whole, on the head's scale."""

    def compute() -> np.ndarray:
        p = head_probs(batch, "hazard", directory=directory)[:, None] * hazard_routes(batch, directory=directory)
        bodies = _reply_bodies(batch)
        changed = [i for i, (t, b) in enumerate(zip(batch.texts, bodies, strict=True)) if b != t.strip()]
        if changed:
            p = p.copy()
            rest = Batch(texts=[bodies[i] for i in changed])
            if any(rest.texts):
                q = head_probs(rest, "hazard", directory=directory)[:, None] * hazard_routes(rest, directory=directory)
            else:
                q = np.zeros((len(changed), p.shape[1]))
            p[changed] = q
        return p

    return batch.cached(f"body-hazard:{directory}", compute)


# Read whole, a request after a page of other text is diluted by it: "How do I make a pipe bomb?"
# after small talk scored S9 p 0.04, and 14.5 % of 200 AdvBench training texts (its harmful requests
# and strings) put after a Dolly training answer (over 200 characters) reached the hazard threshold.
# Each sentence window of a longer typed text therefore counts too, but a sentence out of its
# context reads a topic's words as harm (at the head's own threshold the windows flagged 19 % of long
# Dolly training answers). So a window is judged against WINDOW_THRESHOLD, moved onto the head's
# threshold as REPLY_THRESHOLD is: fitted at 2 % flagged on 600 Dolly training answers over 200
# characters; on 400 others it flags 1 % and catches 81.5 % of the padded texts (MiniLM heads: 0.926;
# on the multilingual encoder 0.947, flagging 1.8 % of the 400 and catching 84.5 %; 0.951 for the
# heads trained with the second batch of look-alikes, flagging 1.8 % and catching 83.5 %; 0.898 with
# the third batch of prompts and the project's benign owner tasks, flagging 1.8 % and catching 88.5 %).
# benchmarks/fit_window_threshold.py refits it: run it whenever the hazard head is retrained.
# Toxicity is not read this way. Windows of both heads at their own thresholds flagged 44 % of OpenAI
# moderation's clean texts, against 19 % read whole; windows of the hazard head alone against this
# threshold flag 24 %.
WINDOW_THRESHOLD = 0.898


def text_hazards(batch: Batch, directory: str = "") -> np.ndarray:
    """(n, 14): each text's hazard per category; at input scope, the worst of the whole text and its
    sentence windows (see WINDOW_THRESHOLD)."""

    def compute() -> np.ndarray:
        p = head_probs(batch, "hazard", directory=directory)[:, None] * hazard_routes(batch, directory=directory)
        if batch.scope == Scope.INPUT:
            windows, q, owner = scored_windows(batch, "hazard", directory)
            if len(owner):
                routed = q[:, None] * hazard_routes(windows, directory=directory)
                moved = _onto_head_threshold(routed, WINDOW_THRESHOLD, directory)
                np.maximum.at(p, owner, moved)
        return p

    return batch.cached(f"hazards:{directory}", compute)


def _onto_head_threshold(p: np.ndarray, fitted: float, directory: str) -> np.ndarray:
    """Hazard probabilities judged against a threshold of their own (`fitted`), moved on the logit
    scale so that it falls on the hazard head's threshold (a pack's threshold then applies to them on
    the same footing); a p of 0 (nothing to read) stays 0."""
    shift = _logit(np.array(fitted)) - _logit(np.array(_threshold("hazard", directory)))
    return np.where(p > 0.0, 1.0 / (1.0 + np.exp(-(_logit(p) - shift))), 0.0)


def reply_hazards(batch: Batch, directory: str = "") -> np.ndarray:
    """(n, 14): each reply's own hazard per category, its body scored and REPLY_THRESHOLD moved onto
    the head's threshold (so a pack's threshold applies to replies on the same footing)."""

    def compute() -> np.ndarray:
        return _onto_head_threshold(_body_hazards(batch, directory), REPLY_THRESHOLD, directory)

    return batch.cached(f"reply-hazard:{directory}", compute)


def raw_reply_hazards(batch: Batch, directory: str = "") -> np.ndarray:
    """(n, 14): how a reply that refuses a hazardous request is read (see HazardObjective): its body
    whole and, past WINDOWS_ABOVE, each of the body's sentence windows, the worst counting, on the
    head's own scale. Read whole only, "I can't help with that, but here is an alternative: 1. To
    make a pipe bomb, ..." followed by a screen of code scored p 0.05: the harmful sentence was
    diluted by the rest. A reply's own hazard (`reply_hazards`) reads the body whole, as
    REPLY_THRESHOLD was fitted."""

    def compute() -> np.ndarray:
        bodies = _reply_bodies(batch)
        p = _body_hazards(batch, directory).copy()
        # A bare refusal's empty body says nothing.
        p[[not b and bool(t.strip()) for t, b in zip(batch.texts, bodies, strict=True)]] = 0.0
        windows, owner = long_windows(bodies)
        if windows:
            rest = Batch(texts=windows)
            q = head_probs(rest, "hazard", directory=directory)[:, None] * hazard_routes(rest, directory=directory)
            np.maximum.at(p, np.array(owner), q)
        return p

    return batch.cached(f"reply-hazard-raw:{directory}", compute)


@dataclass
class HazardObjective(BaseObjective):
    """One hazard category: P(hazardous) x the text's share of this category.

    On a reply, the reply itself is judged (its body, against the reply threshold: see
    REPLY_THRESHOLD), and so is compliance: a reply to a hazardous request that does not refuse it
    carries the request's hazard, and one that refuses but goes on about the hazard carries the
    lesser of the request's and its body's.
    """

    code: str = ""
    index: int = 0
    examples: tuple[str, ...] = ()

    def probabilities(self, batch: Batch) -> np.ndarray:
        d = self.heads_dir
        if batch.inputs is None:
            return text_hazards(batch, d)[:, self.index]
        own = reply_hazards(batch, d)[:, self.index]
        routes = hazard_routes(batch, inputs=True, directory=d)[:, self.index]
        p_req = head_probs(batch, "hazard", inputs=True, directory=d) * routes
        # After a hazardous request, what a reply says besides its refusal is read at the input's
        # threshold, not the reply's: "I can't help with that, but here is an alternative: to make a
        # pipe bomb, ..." (its worst sentence p 0.76, under REPLY_THRESHOLD) is carrying on, not refusing.
        hazardous = p_req >= self.threshold
        carried_on = np.zeros(len(batch))
        if hazardous.any():  # the sentence windows cost an encoder pass: only where they can veto
            carried_on = np.where(hazardous, np.minimum(p_req, raw_reply_hazards(batch, d)[:, self.index]), 0.0)
        return np.maximum.reduce([own, p_req * (1.0 - refusal_scores(batch)), carried_on])

    def reason(self, p: float) -> str:
        base = super().reason(p)
        return f"{self.code} {base}"


# Support words of a reply to a person at risk, in the 16 languages broca reads: crisis lines, "you
# are not alone", someone to talk to, professionals. (Scripts without spaces need no word boundary.)
_SUPPORT = re.compile(
    r"\b(hotline|helpline|crisis (line|text)|988|samaritans|reach out|talk to (someone|a)|"
    r"you('| a)re not alone|mental health professional|counsell?or|therapist|emergency (number|services)|"
    r"línea de (ayuda|crisis|prevención)|no estás sol[oa]|habla con alguien|número de emergencias|"
    r"linha de apoio|CVV|não está sozinh[oa]|fale com alguém|número de emergência|"
    r"ligne d['’]écoute|numéro d['’]urgence|tu n['’]es pas seule?|vous n['’]êtes pas seule?s?|"
    r"Krisen(hotline|telefon|dienst)|Telefonseelsorge|Notruf|du bist nicht allein|"
    r"linea di ascolto|Telefono Amico|numero di emergenza|non sei sol[oa]|"
    r"телефон доверия|экстренн\w*|вы не одни|ты не один|"
    r"đường dây nóng|số khẩn cấp|không (một mình|đơn độc)|layanan krisis|nomor darurat|tidak sendiri\w*|"
    r"kriz hattı|acil durum numara\w*|yalnız değilsin|"
    r"psic[oó]log[oa]s?|psycholog\w*|psychologue|терапевт\w*|психолог\w*|terapeuta|thérapeute|Therapeut\w*|"
    r"psikolog|konselor|terapist)\b"
    r"|热线|心理咨询|心理医生|你并不孤单|你不是一个人|危机干预|急救电话"
    r"|いのちの電話|相談窓口|抱え込まなく|カウンセラー|緊急番号"
    r"|위기\s*상담|상담\s*전화|혼자가 아니|혼자 감당하지|상담사|긴급\s*전화|자살\s*예방"
    r"|สายด่วน|เผชิญกับมันเพียงลำพัง|ไม่ได้อยู่คนเดียว|จิตแพทย์|หมายเลขฉุกเฉิน"
    r"|خط المساعدة|رقم الطوارئ|لست وحدك|لستِ وحدك"
    r"|हेल्पलाइन|आपातकालीन|अकेले नहीं",
    re.IGNORECASE,
)


@dataclass
class SelfHarmObjective(BaseObjective):
    """On input: the person may be at risk (the planner answers with support). On a reply: the person
    was at risk and the reply gives no support (a bare refusal counts as no support)."""

    def probabilities(self, batch: Batch) -> np.ndarray:
        p = head_probs(batch, "self_harm", directory=self.heads_dir)
        if batch.inputs is None:
            return p
        support = np.array([1.0 if _SUPPORT.search(t) else 0.0 for t in batch.texts])
        protos = _supportive()
        if len(batch):
            support = np.maximum(support, np.clip((batch.embeddings() @ protos.T).max(axis=1) * 2 - 0.8, 0, 1))
        p_req = head_probs(batch, "self_harm", inputs=True, directory=self.heads_dir)
        return np.maximum(p, p_req * (1.0 - support))


@functools.lru_cache(maxsize=1)
def _supportive() -> np.ndarray:
    from memory.embedder import default_embedder

    return default_embedder().embed(list(SUPPORTIVE))


@dataclass
class PIIObjective(BaseObjective):
    """Personal data in a reply that the request did not contain (echoing the owner's own data is fine)."""

    strong: frozenset[str] = field(default_factory=lambda: frozenset({"card", "iban", "ssn", "nir", "national_id"}))

    def found(self, text: str, request: str = "") -> list[str]:
        seen = {m.digits for m in find_pii(request)} if request else set()
        return [m.kind for m in find_pii(text) if m.digits not in seen]

    def probabilities(self, batch: Batch) -> np.ndarray:
        out = np.zeros(len(batch))
        for i, text in enumerate(batch.texts):
            kinds = self.found(text, batch.inputs[i] if batch.inputs is not None else "")
            if kinds:
                out[i] = 0.95 if self.strong.intersection(kinds) else 0.75
        return out

    def reason(self, p: float) -> str:
        if p >= 0.9:
            return "pii: a checksum-valid card, IBAN or national id number not given by the owner"
        if p >= self.threshold:
            return "pii: an e-mail address, phone number or id not given by the owner"
        return "pii: none found"


@dataclass
class OverRefusalObjective(BaseObjective):
    """A refusal in reply to a request that harms nobody: obey the owner unless others are harmed."""

    def probabilities(self, batch: Batch) -> np.ndarray:
        refused = refusal_scores(batch)
        if batch.inputs is None:
            return np.zeros(len(batch))
        d = self.heads_dir
        harm = np.maximum(
            head_probs(batch, "hazard", inputs=True, directory=d),
            head_probs(batch, "toxicity", inputs=True, directory=d),
        )
        return refused * (1.0 - harm)

    def reason(self, p: float) -> str:
        if p >= self.threshold:
            return f"over_refusal: the reply refuses a request that looks harmless ({p:.0%})"
        return f"over_refusal: no needless refusal ({p:.0%})"


def _threshold(head: str, heads_dir: str, default: float = 0.5) -> float:
    try:
        return _head(head, heads_dir).threshold
    except Exception:  # the head's own loading error surfaces when it is scored
        return default


def _scope_thresholds(head: str, heads_dir: str) -> dict[str, float]:
    try:
        return {str(k): float(v) for k, v in _head(head, heads_dir).meta.get("scope_thresholds", {}).items()}
    except Exception:
        return {}


def _scope_heads(head: str, heads_dir: str) -> tuple[dict[str, str], dict[str, float]]:
    """The head read for incoming content in place of `head`, and its threshold there: the documents'
    head where it is beside `head` (heads trained before it existed read documents with `head`)."""
    documents = DOCUMENT_HEADS.get(head)
    if documents is None or not head_path(documents, heads_folder(heads_dir)).exists():
        return {}, {}
    incoming = _scope_thresholds(documents, heads_dir).get(str(Scope.INCOMING))
    return {str(Scope.INCOMING): documents}, ({documents: incoming} if incoming is not None else {})


# Hand-set weights, used where no fitted `energy.json` names the objective (pii, over_refusal: no
# training data) or with `fitted=False` (the baseline the fit is compared against).
HAND_WEIGHTS = {"toxicity": 0.5, "S6": 0.5}


def builtin_objectives(heads_dir: str = "", fitted: bool = True) -> list[BaseObjective]:
    """Fresh instances (a policy pack may change their settings) with the shipped defaults: thresholds
    from the heads, weights from `energy.json` beside them (`broca guardrails weights`)."""
    hazard_t = _threshold("hazard", heads_dir)
    injection_heads, injection_thresholds = _scope_heads("prompt_injection", heads_dir)
    objectives: list[BaseObjective] = [_hazard(k, h, hazard_t) for k, h in enumerate(HAZARDS)]
    objectives += [
        HeadObjective(
            "prompt_injection",
            "Instructions that try to override the assistant's own, typed by the user or hidden in a "
            "document, mail or web page.",
            frozenset({Scope.INPUT, Scope.INCOMING}),
            threshold=_threshold("prompt_injection", heads_dir),
            scope_thresholds=_scope_thresholds("prompt_injection", heads_dir),
            title="Prompt injection",
            head="prompt_injection",
            window_scopes=frozenset({Scope.INCOMING}),
            scope_heads=injection_heads,
            head_thresholds=injection_thresholds,
        ),
        HeadObjective(
            "toxicity",
            "Insults, harassment, hate and obscenity.",
            frozenset({Scope.INPUT, Scope.OUTPUT, Scope.INCOMING}),
            threshold=_threshold("toxicity", heads_dir),
            weight=0.5,
            title="Toxicity",
            head="toxicity",
        ),
        SelfHarmObjective(
            "self_harm",
            "The person may be at risk of self-harm: answer with support, not a bare refusal.",
            INPUT_OUTPUT,
            threshold=_threshold("self_harm", heads_dir),
            title="Self-harm risk",
        ),
        PIIObjective(
            "pii",
            "Personal data (e-mail, phone, card, IBAN, national id) in a reply that the owner did not give.",
            frozenset({Scope.OUTPUT}),
            threshold=0.5,
            title="PII leakage",
        ),
        OverRefusalObjective(
            "over_refusal",
            "A refusal in reply to a benign request.",
            frozenset({Scope.OUTPUT}),
            threshold=0.5,
            title="Over-refusal",
        ),
    ]
    data = load_weights(heads_folder(heads_dir)) if fitted else None
    weights = data["weights"] if data else {}
    for objective in objectives:
        objective.heads_dir = heads_dir
        objective.weight = float(weights.get(objective.name, HAND_WEIGHTS.get(objective.name, objective.weight)))
    return objectives


def _hazard(index: int, h: Hazard, threshold: float) -> HazardObjective:
    return HazardObjective(
        h.code,
        h.description,
        INPUT_OUTPUT,
        hard=h.hard or h.code in FLOOR,
        threshold=threshold,
        weight=1.0,
        title=h.name,
        code=h.code,
        index=index,
        examples=h.examples,
    )


BUILTIN_NAMES: tuple[str, ...] = (
    *(h.code for h in HAZARDS),
    "prompt_injection",
    "toxicity",
    "self_harm",
    "pii",
    "over_refusal",
)


def iter_builtin_names() -> Iterable[str]:
    return iter(BUILTIN_NAMES)
