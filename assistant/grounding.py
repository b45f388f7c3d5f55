"""Questions the owner asks about themselves, and the owner's own words that answer them.

The latent planner reads two estimates from here (`ground`):

- P(the owner asks for something only their memory can answer): "Where do I live?", "我老婆叫什么？",
  as opposed to "How do I renew my passport?". A logistic head on the shared encoder's vectors
  (`data/owner_question.npz`, fitted by `benchmarks/fit_owner_question.py` on the project's own
  questions in 16 languages and real questions of Dolly and KdConv that are not the owner's; five
  one-hidden-layer networks averaged; held-out seeds AUROC 0.976).
- P(memory holds the answer): how well the best owner memory (a fact, preference or note the owner
  stated; never an episode, whose words are partly the assistant's) matches the question. A question
  for a personal fact and the sentence that states it are far apart for the encoder ("What's my
  name?" / "Hi! I'm Priya Raman": cosine 0.08), so the match is P(both are about the same slot:
  name, residence, pet, ...), from a slot head on the same vectors (`data/owner_slots.npz`, fitted
  by `benchmarks/fit_owner_slots.py` on the project's own questions and statements in 14
  languages), weighed by how surely the question asks for one slot; the cosine decides the rest
  ("What do you know about me?").

The reply of the `answer_from_memory` and `admit_unknown` strategies is written here, in the
question's language: the owner's own sentence, quoted (a 135M language layer asked to restate a
recalled fact drifted: "You live in a city called Karlsbad"), or that it was never told.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from memory.base.errors import ModelError

from .facts import language_of
from .subjects import agreement, subjects_of

__all__ = [
    "FACT_SLOTS",
    "OWNER_KINDS",
    "SLOTS",
    "Grounding",
    "admit_unknown_reply",
    "from_memory_reply",
    "ground",
    "language_of",
    "slot_fit",
    "slot_probabilities",
]

# The memories that are the owner's own statements. Episodes hold the assistant's replies too, and
# documents are untrusted: neither is evidence about the owner.
OWNER_KINDS = ("fact", "preference", "note")

# For a question that asks for no one slot ("what do you know about me?"), P(memory holds the
# answer) = sigmoid((similarity - KNOWN_AT) / KNOWN_SCALE). On the cross-lingual memory set
# (benchmarks/data/crosslingual_memory.jsonl, a question against its fact among five facts), 0.25
# passes 77 % of questions with the right fact on top 99 % of the time, and 2.4 % of ordinary
# requests against five unrelated facts.
KNOWN_AT = 0.25
KNOWN_SCALE = 0.03

# What a personal fact can be about; the slot head's classes are these plus "recall_general" (what
# do you know about me?) and "none" (a message about someone else, a wish, a request).
FACT_SLOTS = ("name", "residence", "workplace", "job", "education", "birthday", "contact", "partner", "child",
              "family", "pet", "allergy", "health", "favourite", "likes", "dislikes", "hobby", "plan",
              "appointment", "vehicle", "language", "other")  # fmt: skip
SLOTS = (*FACT_SLOTS, "recall_general", "none")
# Memories matched at least this well are candidates for the answer, the newest of them winning when
# within SAME_ANSWER of the best: two statements of one slot are one answer told at different times
# ("I work at Harbourside", later "I'm now at Millbrook"). These and the two below were chosen on the
# dev half of the memory-QA set, grounding alone (no decoding): questions answered or abstained
# correctly rose from 0.54 (cosine only) to 0.66; on the test half, from 0.52 to 0.69.
MATCHED = 0.5
SAME_ANSWER = 0.3
# A statement is fully about a slot from this probability on: one message often states two facts
# ("I'm Jonas and I live in Kassel"), and the head then splits its probability between them.
SLOT_FULL = 0.15
# The newest of the well-matched memories answers only when it is about the same thing as the best
# one: a new phone number replaces the old one, it does not answer a question about the email.
SAME_SUBJECT = 0.25
# A memory about another member of the question's group (the dog for the cat, the phone for the
# email: `assistant.subjects`) keeps this share of its match: the slot head cannot tell them apart.
SUBJECT_CONFLICT = 0.1
# One that names the question's subject (the brother asked about, 我哥哥 told of) gets this share of
# what its match lacks: the slot head reads "What does my brother do?" as a question about a job
# and "我哥哥王建华是律师" as one about family (P 0.31). On the memory-QA dev half, grounding alone,
# answers rose 0.681 -> 0.724 (0.3: 0.687, 0.5: 0.706) and abstentions fell 0.787 -> 0.766.
SUBJECT_MATCH = 0.7


@dataclass
class Grounding:
    """What the planner knows about a question's relation to the owner's memory."""

    p_asks: float  # P(the owner asks about themselves)
    p_known: float  # P(memory holds the answer)
    fact: str | None  # the best owner memory's text
    fact_id: int | None
    similarity: float
    slot: str | None = None  # the slot the question most likely asks for

    def to_dict(self) -> dict[str, Any]:
        return {"p_asks": round(self.p_asks, 4), "p_known": round(self.p_known, 4), "fact": self.fact,
                "fact_id": self.fact_id, "similarity": round(self.similarity, 4), "slot": self.slot}  # fmt: skip


def _head_arrays(file: str, what: str, fitter: str, encoder: str) -> dict[str, np.ndarray]:
    """The arrays of a head shipped in `assistant/data/`, refused when fitted on another encoder."""
    data = (resources.files("assistant") / "data" / file).read_bytes()
    with np.load(io.BytesIO(data)) as z:
        if str(z["encoder"]) != encoder:
            raise ModelError(f"the {what} head was fitted on {z['encoder']}, not {encoder}: refit it with {fitter}")
        return {name: z[name] for name in z.files}


@cache
def _head(encoder: str) -> dict[str, np.ndarray]:
    return _head_arrays("owner_question.npz", "owner-question", "benchmarks/fit_owner_question.py", encoder)


def _sigmoid(x: Any) -> Any:
    """The logistic function of a number or an array, without overflow warnings."""
    return 1.0 / (1.0 + np.exp(-np.clip(x, -60.0, 60.0)))


def _features(head: dict[str, np.ndarray], vectors: np.ndarray) -> np.ndarray:
    """What a head's output layer reads: its hidden ReLU layer of the vectors, or the vectors."""
    features = np.asarray(vectors, dtype=np.float32)
    if "hidden_weight" in head:
        features = np.maximum(features @ head["hidden_weight"] + head["hidden_bias"], 0.0)
    return features


def p_owner_question(vector: np.ndarray, encoder: str) -> float:
    """P(the text of `vector` asks for the owner's own facts): one hidden ReLU layer where the head
    has one (the shipped head), else logistic regression."""
    z = _head(encoder)
    return float(_sigmoid(float(_features(z, vector) @ z["coef"]) + float(z["intercept"])))


@cache
def _slot_head(encoder: str) -> dict[str, np.ndarray]:
    """The slot head's arrays, its output rows in `SLOTS` order (a slot it never saw gets P = 0)."""
    z = _head_arrays("owner_slots.npz", "owner-slot", "benchmarks/fit_owner_slots.py", encoder)
    classes = [str(c) for c in z["classes"]]
    if set(classes) - set(SLOTS):
        raise ModelError("the owner-slot head names slots this version does not know: refit it")
    coef = np.zeros((len(SLOTS), z["coef"].shape[1]), dtype=np.float32)
    intercept = np.full(len(SLOTS), -1e4, dtype=np.float32)
    for row, name in enumerate(classes):
        coef[SLOTS.index(name)] = z["coef"][row]
        intercept[SLOTS.index(name)] = z["intercept"][row]
    head = {"coef": coef, "intercept": intercept}
    if "hidden_weight" in z:
        head |= {"hidden_weight": z["hidden_weight"].astype(np.float32), "hidden_bias": z["hidden_bias"]}
    return head


def slot_probabilities(vectors: np.ndarray, encoder: str) -> np.ndarray:
    """(n, len(SLOTS)) P(slot) of each text's vector, in `SLOTS` order: a softmax over one hidden
    ReLU layer where the head has one (the shipped head), else over the vectors themselves."""
    z = _slot_head(encoder)
    logits = _features(z, np.atleast_2d(vectors)) @ z["coef"].T + z["intercept"]
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def slot_fit(p_question: np.ndarray, p_memories: np.ndarray) -> np.ndarray:
    """(n,) how well each memory's slot probabilities (n, len(SLOTS)) fit the question's: the
    question's probability of every fact slot, counted in full for a memory that gives that slot at
    least SLOT_FULL."""
    n_facts = len(FACT_SLOTS)
    return np.minimum(1.0, p_memories[:, :n_facts] / SLOT_FULL) @ p_question[:n_facts]


def ground(
    question_vector: np.ndarray,
    memories: Sequence[Any],
    memory_vectors: np.ndarray | None,
    *,
    encoder: str,
    question: str = "",
) -> Grounding:
    """The estimates for a question, given the recalled memories (`memory.Memory`) and their vectors;
    the `question`'s text names its subject (`assistant.subjects`) where it has one."""
    p_asks = p_owner_question(question_vector, encoder)
    p_question = slot_probabilities(question_vector, encoder)[0]
    slot = SLOTS[int(np.argmax(p_question))]
    owned = []
    if memory_vectors is not None:
        owned = [
            (memory, vector)
            for memory, vector in zip(memories, memory_vectors, strict=True)
            if memory.trust == "owner" and memory.kind in OWNER_KINDS
        ]
    if not owned:
        return Grounding(p_asks, 0.0, None, None, 0.0, slot)
    vectors = np.stack([vector for _, vector in owned])
    similarity = vectors @ question_vector
    # How surely the question asks for one fact: then the slot decides; for "what do you know about
    # me?" (or a question the head cannot place) the cosine does.
    specific = float(p_question[: len(FACT_SLOTS)].sum())
    by_similarity = _sigmoid((similarity - KNOWN_AT) / KNOWN_SCALE)
    matched = specific * slot_fit(p_question, slot_probabilities(vectors, encoder)) + (1.0 - specific) * by_similarity
    asked = subjects_of(question)
    if asked:
        agree = np.array([agreement(asked, subjects_of(memory.text)) for memory, _ in owned])
        matched = np.where(agree < 0, matched * SUBJECT_CONFLICT, matched)
        matched = np.where(agree > 0, matched + (1.0 - matched) * SUBJECT_MATCH, matched)
    best = int(np.argmax(matched))
    best_match = float(matched[best])
    near = [
        i
        for i in range(len(owned))
        if matched[i] >= max(MATCHED, best_match - SAME_ANSWER) and float(vectors[i] @ vectors[best]) >= SAME_SUBJECT
    ]
    chosen = max([best, *near], key=lambda i: (owned[i][0].created_at, owned[i][0].id))
    memory = owned[chosen][0]
    return Grounding(p_asks, best_match, memory.text, memory.id, float(similarity[chosen]), slot)


# -- the replies --------------------------------------------------------------------------------

# "You told me: <the owner's own sentence>", per reply language. The sentence stays as the owner
# wrote it (never translated: a translation by a 135M model would be a new, unchecked claim).
TOLD = {
    "en": "You told me: “{fact}”",
    "zh": "你告诉过我：“{fact}”",
    "ja": "以前こう教えてくれました：「{fact}」",
    "ko": "이렇게 말씀해 주셨어요: “{fact}”",
    "es": "Me dijiste: «{fact}»",
    "pt": "Você me disse: “{fact}”",
    "fr": "Tu m’as dit : « {fact} »",
    "de": "Du hast mir gesagt: „{fact}“",
    "it": "Mi hai detto: «{fact}»",
    "ru": "Вы говорили мне: «{fact}»",
    "ar": "أخبرتني: «{fact}»",
    "hi": "आपने मुझे बताया था: “{fact}”",
    "th": "คุณเคยบอกฉันว่า “{fact}”",
    "vi": "Bạn đã nói với tôi: “{fact}”",
    "id": "Kamu pernah bilang: “{fact}”",
    "tr": "Bana şöyle demiştin: “{fact}”",
}
UNKNOWN = {
    "en": "You haven't told me that, so I don't know. If you tell me, I'll remember it.",
    "zh": "你还没告诉过我这件事，所以我不知道。告诉我的话，我会记住。",
    "ja": "まだ教えてもらっていないので、わかりません。教えてくれれば覚えておきます。",
    "ko": "아직 말씀해 주신 적이 없어서 모르겠어요. 알려 주시면 기억해 둘게요.",
    "es": "No me lo has dicho, así que no lo sé. Si me lo dices, lo recordaré.",
    "pt": "Você ainda não me disse isso, então não sei. Se me contar, vou lembrar.",
    "fr": "Tu ne me l’as pas dit, donc je ne le sais pas. Dis-le-moi et je m’en souviendrai.",
    "de": "Das hast du mir noch nicht gesagt, also weiß ich es nicht. Sag es mir, dann merke ich es mir.",
    "it": "Non me l’hai ancora detto, quindi non lo so. Dimmelo e me lo ricorderò.",
    "ru": "Вы мне этого ещё не говорили, поэтому я не знаю. Скажите, и я запомню.",
    "ar": "لم تخبرني بذلك بعد، لذلك لا أعرف. أخبرني وسأتذكره.",
    "hi": "आपने मुझे यह अभी तक नहीं बताया है, इसलिए मुझे नहीं पता। बता दीजिए, मैं याद रखूँगा।",
    "th": "คุณยังไม่เคยบอกเรื่องนี้กับฉัน ฉันจึงไม่ทราบ ถ้าบอกฉัน ฉันจะจำไว้",
    "vi": "Bạn chưa nói với tôi điều đó nên tôi không biết. Nếu bạn cho tôi biết, tôi sẽ nhớ.",
    "id": "Kamu belum memberi tahu saya, jadi saya tidak tahu. Kalau kamu beri tahu, saya akan mengingatnya.",
    "tr": "Bunu bana henüz söylemedin, bu yüzden bilmiyorum. Söylersen hatırlarım.",
}

# English first person to second, for an English fact answered in English ("I live in Tallinn." ->
# "You live in Tallinn."): the one language where the swap is a word list, not a grammar.
_EN_SWAP = {"i": "you", "i'm": "you're", "i’m": "you’re", "am": "are", "my": "your", "me": "you", "mine": "yours",
            "myself": "yourself", "i've": "you've", "i’ve": "you’ve", "i'd": "you'd", "i’d": "you’d",
            "i'll": "you'll", "i’ll": "you’ll", "was": "were"}  # fmt: skip
_EN_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")


def _second_person(fact: str) -> str:
    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        new = _EN_SWAP.get(word.lower())
        if new is None or (word.lower() in ("am", "was") and not re.search(r"\bI\s+$", fact[: m.start()])):
            return word
        return new.capitalize() if word[0].isupper() and m.start() == 0 else new

    return _EN_TOKEN.sub(swap, fact)


def from_memory_reply(fact: str, question: str) -> str:
    """The reply that answers `question` with the owner's own `fact`, in the question's language."""
    lang = language_of(question)
    if lang == "en" and language_of(fact) == "en":
        return _second_person(fact.strip())
    return TOLD.get(lang, TOLD["en"]).format(fact=fact.strip())


def admit_unknown_reply(question: str) -> str:
    """The reply to a question about the owner that memory cannot answer, in its language."""
    return UNKNOWN.get(language_of(question), UNKNOWN["en"])
