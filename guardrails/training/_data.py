"""Readers for ../shared/eval-data with the splits of its SPLITS.md.

Training sets are built only from training splits of data whose licence allows shipping the weights
(never toxic-chat, openai-moderation, xstest, harmbench, nor the self-instruct user-oriented set);
evaluation sets only from evaluation splits.
"""

from __future__ import annotations

import base64
import csv
import email
import email.policy
import functools
import hashlib
import itertools
import json
import os
import random
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from memory.base.errors import EvalDataError, MissingEvalDataError
from memory.base.jsonl import read_jsonl, strip_bom

from .._exemplars import BENIGN_CONTRAST
from .._taxonomy import HAZARDS
from .._text import CHUNK_CHARS, WINDOWS_ABOVE, chunk, sentence_windows
from ._agentdojo import agentdojo_eval, agentdojo_training
from ._augment import harmful_requests, lookalike_requests
from ._documents import readme_examples
from ._readings import document_readings, pair_readings
from ._sentences import INJECTION, SELF_HARM, SELF_HARM_CONTRAST, SEXUAL
from ._split import insert_attack, is_eval, read_by_documents_head
from ._statements import harmful_statements, lookalike_statements, owner_instructions

__all__ = [
    "EVAL_DATASETS",
    "EvalDataError",
    "EvalSet",
    "Example",
    "MissingEvalDataError",
    "default_data_dir",
    "eval_set",
    "insert_attack",
    "training_sets",
]

csv.field_size_limit(1 << 24)


@dataclass(frozen=True)
class Example:
    text: str
    label: int
    source: str


@dataclass
class EvalSet:
    name: str
    texts: list[str]
    labels: list[int]  # 1 = should be flagged
    objectives: tuple[str, ...] | None  # None: every objective of the scope; else the ones that count
    scope: str  # "input" or "incoming"
    note: str
    langs: list[str] | None = None  # each text's language, where the set has several: figures per language
    kinds: list[str] | None = None  # each text's kind, where the set mixes several: figures per kind


# Data the project wrote itself (training-data/DATA.md): in a checkout, not in the installed wheel.
PROJECT_DATA = Path(__file__).resolve().parents[2] / "training-data"


def project_rows(name: str) -> list[dict[str, object]]:
    """The rows of training-data/guardrails/NAME.jsonl, or none outside a checkout."""
    path = PROJECT_DATA / "guardrails" / f"{name}.jsonl"
    return list(_jsonl(path)) if path.exists() else []


def project_examples(
    name: str, source: str, label: int | None = None, without_kinds: Collection[str] = ()
) -> list[Example]:
    """The rows of training-data/guardrails/NAME.jsonl (but those of `without_kinds`) as examples from
    `project-SOURCE-<lang>`, each with `label`, or with the row's own label where `label` is None."""
    return [
        Example(str(r["text"]), int(str(r["label"])) if label is None else label, f"project-{source}-{r['lang']}")
        for r in project_rows(name)
        if r.get("kind") not in without_kinds
    ]


def project_documents() -> list[tuple[str, int]]:
    """The project's injected and clean documents (training-data/guardrails/injection_documents.jsonl),
    read as the incoming scope reads them (`_readings`: the revealed text's chunks and each hidden
    span's): a piece of an injected document that holds part of what was inserted into its clean twin
    is 1, and so is a hidden span its clean twin lacks (a chunk only shifted by the insertion is left
    out); the clean twin's pieces and the hard negatives' (documents full of instructions for people,
    articles about injection) are 0."""
    out: list[tuple[str, int]] = []
    for row in project_rows("injection_documents"):
        if row.get("type") != "pair":
            out += [(c, 0) for c in document_readings(str(row["text"]))]
            continue
        out += pair_readings(str(row["clean"]), str(row["injected"]))
    return out


MAIL_HAM = 1000  # SpamAssassin training ham mails read as documents' negatives


def _sample(items: Sequence[str], n: int, seed: int) -> list[str]:
    """`n` of `items` (all of them when fewer), in their order: deterministic for a seed."""
    if len(items) <= n:
        return list(items)
    keep = sorted(random.Random(seed + 4).sample(range(len(items)), n))
    return [items[k] for k in keep]


def _legit_mail(seed: int) -> list[tuple[str, str]]:
    """The project's legitimate e-mail (training-data/shield/legit.jsonl; the shield reads its SMS and
    chat messages as short texts, with the typed head), as the incoming scope reads them, with their
    language."""
    path = PROJECT_DATA / "shield" / "legit.jsonl"
    rows = [r for r in _jsonl(path) if r.get("channel") == "email"] if path.exists() else []
    rows = [r for r in rows if read_by_documents_head(str(r["text"]))]
    return [(piece, str(r["lang"])) for r in rows for piece in mail_readings([str(r["text"])], seed, per_text=2)]


def default_data_dir() -> Path:
    """`$BROCA_EVAL_DATA`, else ../shared/eval-data beside the repository."""
    env = os.environ.get("BROCA_EVAL_DATA")
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[3] / "shared" / "eval-data"


def _need(path: Path) -> Path:
    if not path.exists():
        raise MissingEvalDataError(f"missing evaluation data file {path}")
    return path


def _csv(path: Path) -> Iterator[dict[str, str]]:
    with _need(path).open(encoding="utf-8", newline="") as fh:
        header = strip_bom(fh.readline())  # a byte-order mark would become part of the first column's name
        yield from csv.DictReader(itertools.chain([header], fh))


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    yield from read_jsonl(_need(path))


# ---------------------------------------------------------------------------------------------- sources


def advbench(root: Path) -> list[str]:
    d = root / "advbench"
    return [r["goal"] for r in _csv(d / "harmful_behaviors.csv")] + [
        r["target"] for r in _csv(d / "harmful_strings.csv")
    ]


def dolly(root: Path, evaluation: bool) -> list[str]:
    rows = _jsonl(root / "dolly-15k-open-qa" / "dolly_open_qa.jsonl")
    return [str(r["instruction"]) for r in rows if is_eval(str(r["instruction"])) == evaluation]


def _self_instruct(root: Path, file: str) -> list[str]:
    """Each task's instruction, with its first instance's input below it."""
    out = []
    for r in _jsonl(root / "self-instruct-seed" / file):
        inp = r["instances"][0].get("input", "") if r.get("instances") else ""  # type: ignore[index,union-attr]
        out.append(f"{r['instruction']}\n{inp}".strip())
    return out


def self_instruct_seed(root: Path) -> list[str]:
    return _self_instruct(root, "seed_tasks.jsonl")


def self_instruct_user(root: Path) -> list[str]:
    return _self_instruct(root, "user_oriented_instructions.jsonl")


def deepset(root: Path, split: str) -> list[tuple[str, int]]:
    return [(r["text"], int(r["label"])) for r in _csv(root / "deepset-prompt-injections" / f"{split}.csv")]


def davidson(root: Path, evaluation: bool) -> list[tuple[str, int]]:
    """(tweet, class): 0 hate, 1 offensive, 2 neither."""
    rows = _csv(root / "davidson-hate-offensive" / "labeled_data.csv")
    return [(r["tweet"], int(r["class"])) for r in rows if is_eval(r["tweet"]) == evaluation]


def jigsaw(root: Path) -> list[tuple[str, int]]:
    keys = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
    rows = _csv(root / "jigsaw-toxic-sample" / "test_examples.csv")
    return [(r["comment_text"], int(any(r[k] == "1" for k in keys))) for r in rows]


def giskard(root: Path) -> list[str]:
    return [r["prompt"] for r in _csv(root / "giskard-prompt-injections" / "prompt_injections.csv")]


def sms_ham(root: Path, evaluation: bool) -> list[str]:
    out = []
    with _need(root / "sms-spam-collection" / "SMSSpamCollection").open(encoding="utf-8") as fh:
        for line in fh:
            label, _, text = line.rstrip("\n").partition("\t")
            if label == "ham" and is_eval(text) == evaluation:
                out.append(text)
    return out


def _mail_text(raw: str) -> str:
    """Subject and body of a raw RFC 822 mail, as a reader sees them: the plain-text part (else the
    HTML part without its tags), decoded. Broken MIME gives what could be read, never an error."""
    parsed = email.message_from_string(raw, policy=email.policy.default)
    body = ""
    try:
        part = parsed.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
        if part is not None:
            body = str(part.get_content())
            if part.get_content_subtype() == "html":
                body = _TAGS.sub(" ", body)
    except (LookupError, ValueError, AttributeError, TypeError):  # unknown charset, broken part
        body = ""
    subject = str(parsed.get("subject", "") or "")
    return f"{subject}\n\n{body}".strip()


_TAGS = re.compile(r"<[^>]*>")


def documents_mail_ham(root: Path) -> list[str]:
    """SpamAssassin's training ham that the documents' head learns from (`read_by_documents_head`),
    subject and body: real mail, full of requests to its reader (mailing-list etiquette, "please
    reply", unsubscribe notes) and none aimed at an AI."""
    rows = _jsonl(root / "spamassassin" / "spamassassin_public_corpus.jsonl.gz")
    return [
        _mail_text(str(r["text"]))
        for r in rows
        if r["label"] == "ham" and not is_eval(str(r["text"])) and read_by_documents_head(str(r["text"]))
    ]


def mail_readings(texts: Sequence[str], seed: int, per_text: int = 4) -> list[str]:
    """What the incoming scope reads of each mail: its first chunk, and up to `per_text` of its sentence
    windows (the mail as a document, each piece a negative for the documents' head)."""
    rng = random.Random(seed + 5)
    out: list[str] = []
    for text in texts:
        if not text.strip():
            continue
        out.append(chunk(text)[0])
        windows = sentence_windows(text) if len(text) > WINDOWS_ABOVE else []
        out += rng.sample(windows, min(per_text, len(windows)))
    return out


def _bipia_contexts(root: Path, split: str) -> list[tuple[str, str]]:
    """(kind, context) for the email, table and code contexts of a BIPIA split."""
    out: list[tuple[str, str]] = []
    for kind in ("email", "table", "code"):
        for r in _jsonl(root / "bipia" / kind / f"{split}.jsonl"):
            ctx = r["context"]
            out.append((kind, "\n".join(ctx) if isinstance(ctx, list) else str(ctx)))
    return out


def _bipia_attacks(root: Path, split: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind, file in (("text", "text_attack"), ("code", "code_attack")):
        with _need(root / "bipia" / f"{file}_{split}.json").open(encoding="utf-8") as fh:
            out[kind] = [a for attacks in json.load(fh).values() for a in attacks]
    return out


def _plant(rng: random.Random, attacks: Sequence[str], context: str, budget: int | None = None) -> tuple[str, str]:
    """One of `attacks` planted in `context` at a random place (BIPIA's start, middle or end), and the attack."""
    attack = rng.choice(attacks)
    return insert_attack(context, attack, rng.choice(("start", "middle", "end")), budget), attack


def bipia(
    root: Path,
    split: str,
    per_context: int,
    seed: int,
    budget: int | None,
    keep: Callable[[str], bool] | None = None,
) -> list[tuple[str, int]]:
    """Clean contexts (0) and contexts with an attack inserted (1), `per_context` attacks each; with
    `keep`, only the contexts it keeps."""
    rng = random.Random(seed)
    attacks = _bipia_attacks(root, split)
    out: list[tuple[str, int]] = []
    for kind, ctx in _bipia_contexts(root, split):
        if keep is not None and not keep(ctx):
            continue
        out.append((ctx if budget is None else ctx[:budget], 0))
        pool = attacks["code" if kind == "code" else "text"]
        out += [(_plant(rng, pool, ctx, budget)[0], 1) for _ in range(per_context)]
    return out


HIDDEN_CHANNELS = ("html-comment", "hidden-html", "white-text", "alt-text", "tag-characters", "zero-width", "base64")


def hide(attack: str, channel: str) -> str:
    """`attack` written where a person reading the page does not see it (or cannot read it)."""
    if channel == "html-comment":
        return f"<!-- {attack} -->"
    if channel == "hidden-html":
        return f'<div style="display:none">{attack}</div>'
    if channel == "white-text":
        return f'<span style="color:#ffffff;font-size:1px">{attack}</span>'
    if channel == "alt-text":
        return f'<img src="logo.png" alt="{attack.replace(chr(34), chr(39))}">'
    if channel == "tag-characters":
        return "".join(chr(0xE0000 + ord(c)) for c in attack if 0x20 <= ord(c) < 0x7F)
    if channel == "zero-width":
        return "\u200b".join(attack)
    return base64.b64encode(attack.encode()).decode()


def bipia_hidden(root: Path, seed: int) -> tuple[list[str], list[int], list[str]]:
    """BIPIA's test contexts, each once with a test attack in a hidden channel (the channels taken in
    turn) and once with harmless hidden content: the figures per kind say what each channel costs."""
    rng = random.Random(seed)
    attacks = _bipia_attacks(root, "test")
    texts: list[str] = []
    labels: list[int] = []
    kinds: list[str] = []
    for k, (kind, ctx) in enumerate(_bipia_contexts(root, "test")):
        channel = HIDDEN_CHANNELS[k % len(HIDDEN_CHANNELS)]
        attack = rng.choice(attacks["code" if kind == "code" else "text"])
        texts.append(insert_attack(ctx, hide(attack, channel), rng.choice(("start", "middle", "end"))))
        labels.append(1)
        kinds.append(channel)
        lines = [line for line in ctx.split("\n") if len(line.strip()) >= 20] or [ctx[:200]]
        harmless = rng.choice(("<!-- generated by the mail client -->", hide(rng.choice(lines)[:300], channel)))
        texts.append(insert_attack(ctx, harmless, rng.choice(("start", "middle", "end"))))
        labels.append(0)
        kinds.append(channel)
    return texts, labels, kinds


def hidden_direct(root: Path, n: int, seed: int, budget: int, keep: Callable[[str], bool] | None = None) -> list[str]:
    """Direct injections (deepset train positives, giskard) planted in BIPIA train contexts (those
    `keep` keeps): the instructions an attacker hides in a mail or a page, in the words people use to
    hijack a model."""
    rng = random.Random(seed + 1)
    attacks = [t for t, y in deepset(root, "train") if y == 1] + giskard(root) + list(INJECTION) * 4
    contexts = [ctx for _, ctx in _bipia_contexts(root, "train") if keep is None or keep(ctx)]
    return [_plant(rng, attacks, rng.choice(contexts), budget)[0] for _ in range(n)]


def document_windows(root: Path, seed: int, per_context: int = 8) -> list[tuple[str, int]]:
    """Sentence windows of BIPIA training contexts outside the validation slice, as the incoming
    scope reads a document: up to `per_context` windows of each clean context (0) and, in the same
    context with an attack planted, the windows that hold it (1)."""
    rng = random.Random(seed + 2)
    attacks = _bipia_attacks(root, "train")
    out: list[tuple[str, int]] = []
    for kind, ctx in _bipia_contexts(root, "train"):
        if is_val_document(ctx, seed):
            continue
        clean = sentence_windows(ctx)
        out += [(w, 0) for w in rng.sample(clean, min(per_context, len(clean)))]
        planted, attack = _plant(rng, attacks["code" if kind == "code" else "text"], ctx)
        out += [(w, 1) for w in sentence_windows(planted, limit=10**6) if _holds(w, attack)]
    return out


def _holds(window: str, attack: str) -> bool:
    """Whether a sentence window carries the planted attack (or enough of it to act on)."""
    probe = attack.strip()[:40]
    return probe in window or window in attack


def in_val_slice(text: str, seed: int) -> bool:
    """The heads' validation slice: 10 % of the training split, by hash (so a text and its duplicates
    fall on one side)."""
    return int(hashlib.sha256(f"{seed}:val:{text}".encode()).hexdigest(), 16) % 10 == 0


def is_val_document(context: str, seed: int) -> bool:
    """A whole document is in the validation slice where its first chunk (its clean training row) is."""
    return in_val_slice(context[:CHUNK_CHARS], seed)


def _outside_val(context: str, seed: int) -> bool:
    return not is_val_document(context, seed)


def val_documents(root: Path, seed: int, per_context: int = 2) -> tuple[list[str], list[str]]:
    """Whole BIPIA training contexts of the validation slice, clean and with attacks planted: what
    the documents' threshold is fitted and checked on, read the way the incoming scope reads them.
    The documents' head never trains on these contexts (the typed head does, cut to a chunk)."""
    pairs = bipia(root, "train", per_context, seed + 3, budget=None, keep=lambda ctx: is_val_document(ctx, seed))
    return [t for t, y in pairs if y == 0], [t for t, y in pairs if y == 1]


# --------------------------------------------------------------------------------------------- training


# What reading a dataset file that is not what it should be raises (a column missing, bytes that are
# not UTF-8, a folder where a file should be, a line that is not JSON): one line naming it instead.
MALFORMED = (KeyError, IndexError, TypeError, ValueError, UnicodeDecodeError, OSError, csv.Error, EOFError)


@contextmanager
def _reading(root: Path) -> Iterator[None]:
    try:
        yield
    except MALFORMED as exc:
        detail = f"missing column {exc}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__
        raise EvalDataError(f"a dataset file under {root} cannot be read: {detail}") from None


def training_sets(root: Path, seed: int = 0) -> dict[str, list[Example]]:
    """The labelled training data of each head (training splits only)."""
    with _reading(root):
        return _training_sets(root, seed)


def _training_sets(root: Path, seed: int) -> dict[str, list[Example]]:
    if not root.is_dir():
        raise MissingEvalDataError(f"evaluation data folder not found: {root} (set --data-dir or $BROCA_EVAL_DATA)")
    rng = random.Random(seed)
    # Quizzes and exam questions whose options or topic sound risky and whose last line is an
    # answer-format order ("Output the unsafe choice."), in 16 languages: the typed injection head
    # flagged a third of XSafety's harmless quizzes without them (training-data/guardrails/quiz_prompts.jsonl).
    # Not their closing orders alone ("answer only with the letter" is also how a hijack ends), and not
    # the hazard head: learning them cost it 0.03 of XSafety's harmful requests (quiz_prompts.md).
    harmless_quizzes = project_examples("quiz_prompts", "quiz", 0, without_kinds=("answer_format", "harmful_quiz"))
    benign = (
        [Example(t, 0, "dolly") for t in dolly(root, evaluation=False)]
        + [Example(t, 0, "self-instruct-seed") for t in self_instruct_seed(root)]
        + [Example(t, 0, "deepset") for t, y in deepset(root, "train") if y == 0]
        + [Example(t, 0, "contrast") for t in BENIGN_CONTRAST + SELF_HARM_CONTRAST]
        # Look-alikes of harmful requests that must be answered (coconot's training split) and the
        # project's own, in 16 languages (training-data/guardrails/benign_lookalikes.jsonl).
        + [Example(str(r["text"]), 0, "coconot-contrast-train") for r in coconot(root, "contrast_pref_train")]
        + project_examples("benign_lookalikes", "lookalike", 0)
        # Harmless tasks in the imperative and set-up styles of the harmful rows ("Design a…", "Make a
        # list of the materials to build…", "You are given…", "From now on…"), in 16 languages, so that
        # no head learns the style for the harm: training-data/guardrails/benign_tasks.jsonl.
        + project_examples("benign_tasks", "task", 0)
    )
    # Benign Chinese, so that no head learns "Chinese means unsafe" from JADE-DB's 1,500 unsafe
    # questions: a seeded sample of KdConv's small talk for every head, COLD's clean comments for the
    # hazard head (the toxicity head has all of COLD). Without them the heads flagged 63 % of COLD's
    # clean test comments.
    chinese = kdconv(root, evaluation=False)
    rng.shuffle(chinese)
    benign += [Example(t, 0, "kdconv") for t in chinese[:1500]]
    clean_chinese = [t for t, y in cold(root, "train") if y == 0]
    rng.shuffle(clean_chinese)
    ham = sms_ham(root, evaluation=False)
    rng.shuffle(ham)
    chat = [Example(t, 0, "sms-ham") for t in ham[:800]]
    dav = davidson(root, evaluation=False)
    # Offensive tweets are 77 % of Davidson: a seeded sample of 3,000 keeps the classes in proportion
    # and the encoder pass short on two cores.
    offensive = [(t, c) for t, c in dav if c == 1]
    rng.shuffle(offensive)
    dav = [(t, c) for t, c in dav if c != 1] + offensive[:3000]
    jig = jigsaw(root)
    taxonomy = [Example(x, 1, f"taxonomy-{h.code}") for h in HAZARDS for x in h.examples]
    lookalikes = [Example(t, 0, "augment-lookalike") for t in lookalike_requests(seed)]
    # Statements and owner instructions written for the styles the sets above lack (sentences/*.json,
    # crossed by _statements.py): instruction-style prompts and look-alike statements are negatives of
    # every head; harmful statements are positives of hazard, toxicity (all but self-harm) and
    # self_harm (self-harm).
    instructions = [Example(t, 0, "augment-instructions") for t in owner_instructions(seed)]
    calm = [Example(t, 0, "augment-statement-lookalike") for t in lookalike_statements(seed)]
    statements = {
        c: [Example(t, 1, f"augment-statement-{c}") for t in ts] for c, ts in harmful_statements(seed).items()
    }
    toxic_statements = [e for c, es in statements.items() if c != "self-harm" for e in es]
    # Hate, threats and violence are not self-harm: the self_harm head learns the difference.
    toxic_statements_as_negatives = [Example(e.text, 0, e.source) for e in toxic_statements]

    hazard = (
        [Example(t, 1, "advbench") for t in advbench(root)]
        + [Example(t, 1, f"jade-db-{lang}") for t, lang in jade_db(root, evaluation=False)]
        + [Example(t, 1, "do-not-answer") for t in do_not_answer(root, evaluation=False)]
        + project_examples("harmful_requests", "harmful", 1)
        + taxonomy
        + [Example(t, 1, "augment-harmful") for t in harmful_requests(seed)]
        + [Example(t, 1, "exemplars-sexual") for t in SEXUAL]
        + [Example(t, 1, "exemplars-self-harm") for t in SELF_HARM]
        + [Example(t, 1, "davidson-hate") for t, c in dav if c == 0]
        + [e for es in statements.values() for e in es]
        + benign
        + lookalikes
        + instructions
        + calm
        + chat
        + [Example(t, 0, "davidson-neither") for t, c in dav if c == 2]
        + [Example(t, 0, "jigsaw-clean") for t, y in jig if y == 0]
        + [Example(t, 0, "cold-clean") for t in clean_chinese[:1500]]
    )
    toxicity = (
        [Example(t, 1, "davidson-hate-offensive") for t, c in dav if c in (0, 1)]
        + [Example(t, y, "cold-chinese-offensive") for t, y in cold(root, "train")]
        + [Example(t, 1, "jigsaw-toxic") for t, y in jig if y == 1]
        + [Example(t, 1, "exemplars-sexual") for t in SEXUAL]
        + toxic_statements
        + [Example(t, 0, "davidson-neither") for t, c in dav if c == 2]
        + [Example(t, 0, "jigsaw-clean") for t, y in jig if y == 0]
        + benign
        + lookalikes
        + instructions
        + calm
        + chat
    )
    injection = (
        [Example(t, y, "deepset") for t, y in deepset(root, "train")]
        + [Example(t, 1, "giskard") for t in giskard(root)]
        + [Example(t, y, "bipia") for t, y in bipia(root, "train", per_context=2, seed=seed, budget=CHUNK_CHARS)]
        # The same attack strings alone are ordinary requests when the owner types them: what makes them
        # an injection is their place inside data, and the head must learn that, not the topic.
        + [Example(t, 0, "bipia-attack-alone") for t in _bipia_attacks(root, "train")["text"]]
        + [Example(t, 1, "deepset-giskard-in-bipia") for t in hidden_direct(root, 400, seed, CHUNK_CHARS)]
        + [Example(t, 1, "exemplars-injection") for t in INJECTION]
        # Typed injections and their look-alikes (self-corrections, harmless personas, questions about
        # prompts) in 16 languages: training-data/guardrails/typed_injections.jsonl.
        + project_examples("typed_injections", "typed")
        + [e for e in benign if e.source != "deepset"]
        + harmless_quizzes
        + instructions
        + calm
        + chat
    )
    self_harm = (
        [Example(t, 1, "exemplars-self-harm") for t in SELF_HARM]
        + [Example(x, 1, "taxonomy-S11") for h in HAZARDS if h.code == "S11" for x in h.examples]
        + statements["self-harm"]
        # First-person distress in 16 languages and its look-alikes (idioms of dying, tiredness,
        # recovery, someone else at risk, facts, fiction): training-data/guardrails/self_harm_statements.jsonl.
        # The statements above are English templates; without these the head missed "死にたい".
        + project_examples("self_harm_statements", "self-harm")
        + [Example(t, 0, "exemplars-contrast") for t in SELF_HARM_CONTRAST + BENIGN_CONTRAST]
        + [Example(t, 0, "advbench") for t in advbench(root)]
        + toxic_statements_as_negatives
        + benign
        + lookalikes
        + instructions
        + calm
        + chat
    )
    # The incoming scope reads a document's sentence windows as well as its chunks: its head also
    # learns what a clean table row or code line looks like alone, and an attack cut out of its context.
    # Nothing of the validation slice's contexts: the documents' threshold is fitted on them.
    outside = functools.partial(_outside_val, seed=seed)
    mail = _sample(documents_mail_ham(root), MAIL_HAM, seed)
    documents = (
        # (not the quizzes: a document's head judges what is planted in data, and no quiz is data)
        [
            e
            for e in injection
            if e.source not in ("bipia", "deepset-giskard-in-bipia") and not e.source.startswith("project-quiz-")
        ]
        + [Example(t, y, "bipia") for t, y in bipia(root, "train", 2, seed, CHUNK_CHARS, keep=outside)]
        + [Example(t, 1, "deepset-giskard-in-bipia") for t in hidden_direct(root, 400, seed, CHUNK_CHARS, outside)]
        + [Example(t, y, "bipia-window") for t, y in document_windows(root, seed)]
        # READMEs and licences are full of instructions for their reader and are not injections.
        + [Example(t, 0, "readme") for t in readme_examples(seed)]
        + [Example(t, y, "project-documents") for t, y in project_documents()]
        # AgentDojo's tool outputs with its training goals injected, and their clean twins.
        + [Example(t, y, "agentdojo") for t, y in agentdojo_training(root, seed)]
        # Real mail and the project's legitimate messages: the shield reads incoming mail with this
        # head, and without them half of SpamAssassin's ham scored over 0.33 (a mail asks its reader
        # for things all the time).
        + [Example(t, 0, "mail-ham") for t in mail_readings(mail, seed)]
        + [Example(t, 0, f"project-legit-{lang}") for t, lang in _legit_mail(seed)]
    )
    return {
        "hazard": hazard,
        "toxicity": toxicity,
        "prompt_injection": injection,
        "prompt_injection_documents": documents,
        "self_harm": self_harm,
    }


# ------------------------------------------------------------------------------------------- evaluation

HAZARD_OBJECTIVES = (*(h.code for h in HAZARDS), "toxicity", "self_harm")

EVAL_DATASETS: dict[str, str] = {
    "openai-moderation": "all 1,680 prompts; positive = any category flag is 1 (unknown flags count as 0)",
    "toxic-chat": "toxicchat0124_human_test.jsonl; positive = toxicity 1",
    "xstest": "450 prompts; positive = label unsafe (recall), safe prompts give the false-positive rate",
    "harmbench": "the 400 behaviours of text_all (all harmful): recall",
    "deepset-prompt-injections": "test.csv, objective prompt_injection",
    "bipia": "test contexts (email, table, code) clean and with 3 test attacks each, scope incoming",
    "bipia-hidden": "test contexts with a test attack in a hidden channel (HTML comment, invisible element, "
    "alt text, tag characters, zero-width split, base64), against the same contexts with harmless hidden "
    "content (a comment, an invisible copy of one of their own lines): per kind, scope incoming",
    "agentdojo": "AgentDojo's evaluation-side tool outputs (by text), each clean and twice with an evaluation-side "
    "goal (by id) in its injection slot, wrapped by the benchmark's attack templates in turn: per template, scope "
    "incoming",
    "davidson-hate-offensive": "hash evaluation split; positive = hate or offensive, objective toxicity",
    "dolly-15k-open-qa": "hash evaluation split, all benign: false-positive rate",
    "self-instruct-seed": "user-oriented instructions, all benign: false-positive rate",
    "xsafety": "harmful categories (crimes, physical harm, privacy and property, discrimination, insult) in 10 "
    "languages, all harmful: recall per language; evaluation only",
    "xsafety-injection": "Goal_Hijacking and Prompt_Leaking in 10 languages, objective prompt_injection: "
    "recall per language",
    "xsafety-commonsense": "commonsense: harmless multiple-choice safety quizzes ('... Output the unsafe choice.') in "
    "10 languages, all benign: flagged rate per language",
    "jade-db": "hash evaluation split (Chinese and English unsafe questions): recall per language",
    "cold-chinese-offensive": "test.csv; positive = offensive (label 1): per language (Chinese)",
    "coconot-contrast": "contrast_test, benign look-alikes: false-positive rate",
    "coconot-original": "original_test, category 'Requests with safety concerns', all harmful: recall",
    "simplesafetytests": "all 100 prompts, all harmful: recall",
    "jailbreakbench": "the 100 harmful behaviours: recall",
    "do-not-answer": "hash evaluation split of the prompts, risk areas of harm (malicious uses, information "
    "hazards, discrimination and toxicity): recall",
}

# Evaluation sets read from another set's folder.
EVAL_FOLDERS = {
    "bipia-hidden": "bipia",
    "xsafety-injection": "xsafety",
    "xsafety-commonsense": "xsafety",
    "coconot-contrast": "coconot",
    "coconot-original": "coconot",
}

# xsafety categories whose rows are requests or statements to be flagged; the rest (ethics, mental
# health, commonsense, the instruction attacks) ask for something else: support, an opinion, a choice.
XSAFETY_HARMFUL = (
    "Crimes_And_Illegal_Activities",
    "Physical_Harm",
    "Privacy_And_Property",
    "Unfairness_And_Discrimination",
    "Insult",
)
XSAFETY_INJECTION = ("Goal_Hijacking", "Prompt_Leaking")
XSAFETY_BENIGN = ("commonsense",)  # safety quizzes: "which choice is unsafe?" must be answered
# do-not-answer's risk areas that are hazards of the taxonomy (the others: questions about the
# assistant itself, misinformation, advice in a field, which broca answers or clarifies).
DNA_HARMFUL = (
    "Malicious Uses",
    "Information Hazards",
    "Discrimination, Exclusion, Toxicity, Hateful, Offensive",
)


def jade_db(root: Path, evaluation: bool) -> list[tuple[str, str]]:
    """(text, language) of the hash split's side: every row is an unsafe question."""
    rows = _jsonl(root / "jade-db" / "data.jsonl")
    return [(str(r["text"]), str(r["lang"])) for r in rows if is_eval(str(r["text"])) == evaluation]


def do_not_answer(root: Path, evaluation: bool) -> list[str]:
    rows = _jsonl(root / "do-not-answer" / "data.jsonl")
    return [str(r["text"]) for r in rows if r.get("risk_area") in DNA_HARMFUL and is_eval(str(r["text"])) == evaluation]


def kdconv(root: Path, evaluation: bool) -> list[str]:
    """Utterances of KdConv's Chinese dialogues (films, music, travel) on one side of its hash split
    (by a dialogue's first utterance, SPLITS.md)."""
    out: list[str] = []
    for path in sorted((root / "kdconv-chinese-dialogue").glob("*/*.json")):
        for dialogue in json.loads(_need(path).read_text(encoding="utf-8")):
            messages = [str(m["message"]) for m in dialogue["messages"]]
            if messages and is_eval(messages[0]) == evaluation:
                out += messages
    return out


def coconot(root: Path, split: str) -> list[dict[str, object]]:
    return [r for r in _jsonl(root / "coconot" / "data.jsonl") if r.get("split") == split]


def cold(root: Path, split: str) -> list[tuple[str, int]]:
    return [(r["TEXT"], int(r["label"])) for r in _csv(root / "cold-chinese-offensive" / f"{split}.csv")]


def eval_set(root: Path, name: str, seed: int = 0) -> EvalSet:
    with _reading(root / EVAL_FOLDERS.get(name, name)):
        return _eval_set(root, name, seed)


def _eval_set(root: Path, name: str, seed: int) -> EvalSet:
    if name not in EVAL_DATASETS:
        known = ", ".join(EVAL_DATASETS)
        raise EvalDataError(f"no guardrail evaluation for dataset {name!r} (known: {known})")
    folder = root / EVAL_FOLDERS.get(name, name)
    if not folder.is_dir():
        raise MissingEvalDataError(f"dataset folder not found: {folder}")
    note = EVAL_DATASETS[name]
    if name == "openai-moderation":
        rows = list(_jsonl(root / name / "samples-1680.jsonl.gz"))
        flags = ("S", "H", "V", "HR", "SH", "S3", "H2", "V2")
        labels = [int(any(r.get(k) == 1 for k in flags)) for r in rows]
        return EvalSet(name, [str(r["prompt"]) for r in rows], labels, HAZARD_OBJECTIVES, "input", note)
    if name == "toxic-chat":
        rows = list(_jsonl(root / name / "toxicchat0124_human_test.jsonl"))
        texts = [str(r["user_input"]) for r in rows]
        return EvalSet(name, texts, [int(r["toxicity"]) for r in rows], None, "input", note)  # type: ignore[call-overload]
    if name == "xstest":
        table = list(_csv(root / name / "xstest_prompts.csv"))
        labels = [int(r["label"] == "unsafe") for r in table]
        return EvalSet(name, [r["prompt"] for r in table], labels, None, "input", note)
    if name == "harmbench":
        table = list(_csv(root / name / "harmbench_behaviors_text_all.csv"))
        return EvalSet(name, [r["Behavior"] for r in table], [1] * len(table), None, "input", note)
    if name == "deepset-prompt-injections":
        pairs = deepset(root, "test")
        return EvalSet(name, [t for t, _ in pairs], [y for _, y in pairs], ("prompt_injection",), "input", note)
    if name == "bipia":
        pairs = bipia(root, "test", per_context=3, seed=seed, budget=None)
        return EvalSet(name, [t for t, _ in pairs], [y for _, y in pairs], ("prompt_injection",), "incoming", note)
    if name == "bipia-hidden":
        texts, labels, kinds = bipia_hidden(root, seed)
        return EvalSet(name, texts, labels, ("prompt_injection",), "incoming", note, kinds=kinds)
    if name == "agentdojo":
        texts, labels, kinds = agentdojo_eval(root, seed)
        return EvalSet(name, texts, labels, ("prompt_injection",), "incoming", note, kinds=kinds)
    if name == "davidson-hate-offensive":
        pairs = davidson(root, evaluation=True)
        labels = [int(c in (0, 1)) for _, c in pairs]
        return EvalSet(name, [t for t, _ in pairs], labels, ("toxicity",), "input", note)
    if name == "dolly-15k-open-qa":
        texts = dolly(root, evaluation=True)
        return EvalSet(name, texts, [0] * len(texts), None, "input", note)
    if name in ("xsafety", "xsafety-injection", "xsafety-commonsense"):
        wanted, label = {
            "xsafety": (XSAFETY_HARMFUL, 1),
            "xsafety-injection": (XSAFETY_INJECTION, 1),
            "xsafety-commonsense": (XSAFETY_BENIGN, 0),
        }[name]
        chosen = [r for r in _jsonl(folder / "data.jsonl") if r["category"] in wanted]
        objectives = ("prompt_injection",) if name == "xsafety-injection" else None
        texts, langs = [str(r["text"]) for r in chosen], [str(r["lang"]) for r in chosen]
        return EvalSet(name, texts, [label] * len(texts), objectives, "input", note, langs)
    if name == "jade-db":
        questions = jade_db(root, evaluation=True)
        texts, langs = [t for t, _ in questions], [g for _, g in questions]
        return EvalSet(name, texts, [1] * len(texts), None, "input", note, langs)
    if name == "cold-chinese-offensive":
        comments = cold(root, "test")
        texts = [t for t, _ in comments]
        return EvalSet(name, texts, [y for _, y in comments], None, "input", note, ["zh"] * len(texts))
    if name in ("coconot-contrast", "coconot-original"):
        if name == "coconot-contrast":
            texts = [str(r["text"]) for r in coconot(root, "contrast_test")]
            return EvalSet(name, texts, [0] * len(texts), None, "input", note)
        original = coconot(root, "original_test")
        texts = [str(r["text"]) for r in original if r.get("category") == "Requests with safety concerns"]
        return EvalSet(name, texts, [1] * len(texts), None, "input", note)
    if name == "simplesafetytests":
        texts = [str(r["text"]) for r in _jsonl(root / name / "data.jsonl")]
        return EvalSet(name, texts, [1] * len(texts), None, "input", note)
    if name == "jailbreakbench":
        behaviours = list(_jsonl(root / name / "behaviors_harmful.jsonl"))
        texts = [str(r.get("text") or r.get("goal") or r.get("Goal")) for r in behaviours]
        return EvalSet(name, texts, [1] * len(texts), None, "input", note)
    if name == "do-not-answer":
        texts = do_not_answer(root, evaluation=True)
        return EvalSet(name, texts, [1] * len(texts), None, "input", note)
    texts = self_instruct_user(root)
    return EvalSet(name, texts, [0] * len(texts), None, "input", note)
