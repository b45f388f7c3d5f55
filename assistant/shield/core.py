"""The shield: parsed messages -> the INCOMING energy -> deliver / quarantine / reject, with reasons.

Scoring is a cascade, as a spam filter's fast path is: the cheap terms (token statistics, URL and
header rules) decide alone when they are confident; messages in the uncertain band are scored
again with the embedding spam head added. Guardrails' own incoming objectives (prompt injection,
the active policy pack's categories) read the whole of every message the spam terms would deliver,
and the opening of those they stop (every message whole where one of them is hard, or with the
cascade off): prompt injection flagging is
enough to quarantine, any hard one over its threshold rejects, other soft ones (toxicity, the
baseline pack's scam and manipulation categories) are listed among the reasons when they flag.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from guardrails import Batch, Energy, Objective, Scope, Term, Verdict

from .mail import MODEL_OF, ParsedMessage, parse_message
from .model import Artifact, Stage
from .objectives import sigmoid
from .tokens import OwnerStore

__all__ = ["DELIVER", "QUARANTINE", "REJECT", "Shield", "ShieldResult", "external_objectives", "untrusted_block"]

DELIVER, QUARANTINE, REJECT = "deliver", "quarantine", "reject"
SEVERITY = {DELIVER: 0, QUARANTINE: 1, REJECT: 2}
# Soft guardrails terms that quarantine on their own when flagged: text aimed at the assistant. Others
# (toxicity...) are reported among the reasons; informal or rude mail from friends is still mail.
QUARANTINE_ON_FLAG = frozenset({"prompt_injection"})
OWN = frozenset({"token_stats", "ngram_head", "url_rules", "header_rules", "spam_head"})
# What the spam head embeds: the start of subject + body. Within guardrails' window (1,000 chars,
# so the energy never chunks it), and short enough that the encoder reads about 150 tokens, not 512.
HEAD_CHARS = 600
_KIND_WORDS = {"mail": "emails", "text": "texts", "document": "documents"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Control characters out (as guardrails' Energy would), so it never rebuilds our batch."""
    text = _CONTROL.sub(" ", text)
    return text.encode("utf-8", errors="replace").decode("utf-8", errors="replace")


@dataclass
class ShieldResult:
    id: str
    verdict: str
    energy: float
    p_spam: float
    reasons: list[str]
    terms: list[Term]
    stage: str  # "fast" (cheap terms decided) or "full" (spam head consulted) or "owner"
    kind: str
    digest: str
    message: ParsedMessage = field(repr=False)

    def summary(self, limit: int = 3) -> list[str]:
        """The first `limit` reasons, and after them every guardrails term that flagged (a scam or
        manipulation category, toxicity): on one line, what the message is matters as much as why."""
        flagged = {t.name for t in self.terms if t.flagged and t.name not in OWN}
        return self.reasons[:limit] + [r for r in self.reasons[limit:] if r.split(" ", 1)[0] in flagged]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "verdict": self.verdict,
            "energy": round(self.energy, 4) if math.isfinite(self.energy) else "inf",
            "p_spam": round(self.p_spam, 4),
            "reasons": self.reasons,
            "terms": {
                t.name: {"p": round(t.p, 4), "weight": round(t.weight, 4), "energy": round(t.energy, 4)}
                for t in self.terms
            },
            "stage": self.stage,
            "kind": self.kind,
            "sha256": self.digest,
        }


def external_objectives(config: Any = None) -> list[Objective]:
    """Guardrails' INCOMING objectives (prompt injection, policy pack categories); none where the
    guardrails fail to load (the shield then runs on its own objectives, and says so)."""
    from guardrails import default_energy

    section = getattr(config, "guardrails", config)  # a whole Config or its [guardrails] section
    try:
        energy = default_energy(section) if section is not None else default_energy()
    except Exception as exc:  # their failure must not stop mail from being scanned; say so
        print(f"warning: guardrails objectives unavailable to the shield: {exc}", file=sys.stderr)
        return []
    usable: list[Objective] = []
    for objective in energy.for_scope(Scope.INCOMING):
        if objective.name in OWN:
            continue
        try:  # one probe: a head that is not trained yet fails here, not in the middle of a mailbox
            Energy([objective]).evaluate(Batch(texts=["probe"]), Scope.INCOMING)
        except Exception as exc:
            print(f"warning: the shield runs without {objective.name}: {exc}", file=sys.stderr)
            continue
        usable.append(objective)
    return usable


class Shield:
    def __init__(
        self,
        artifact: Artifact | None = None,
        owner: OwnerStore | None = None,
        external: Sequence[Objective] = (),
        cascade: bool = True,
    ) -> None:
        self.artifact = artifact or Artifact.load()
        self.owner = owner
        owner_model = owner.model() if owner is not None else None
        self.tokens = (
            self.artifact.tokens.merged(owner_model)
            if owner_model and (owner_model.n_spam or owner_model.n_ham)
            else self.artifact.tokens
        )
        self.owner_labels = owner.labels() if owner is not None else {}
        self.cascade = cascade
        self.energies: dict[tuple[str, str], Energy] = {}
        for kind, stages in self.artifact.stages.items():
            for stage in stages:
                self.energies[kind, stage] = Energy(self.artifact.objectives(kind, stage, self.tokens))
        self.external = Energy(external)

    @classmethod
    def from_config(cls, config: Any, *, with_guardrails: bool = True) -> Shield:
        owner = OwnerStore(owner_path(config))
        model_dir = configured_model(config)
        artifact = Artifact.load(model_dir) if model_dir else None
        external = external_objectives(config) if with_guardrails else []
        return cls(artifact, owner=owner, external=external, cascade=getattr(config.shield, "cascade", True))

    def _key(self, kind: str) -> str:
        """The artifact's stages for this kind of content; a model trained before a kind had stages
        of its own scores it with the stages of the models that read it."""
        if kind in self.artifact.stages:
            return kind
        model = MODEL_OF.get(kind, "text")
        return model if model in self.artifact.stages else "text"

    def _stage(self, kind: str, stage: str) -> Stage:
        return self.artifact.stages[self._key(kind)][stage]

    def scan_texts(self, texts: Sequence[str]) -> list[ShieldResult]:
        return self.scan([parse_message(t, f"#{i}") for i, t in enumerate(texts)])

    def scan(self, messages: Sequence[ParsedMessage]) -> list[ShieldResult]:
        """Score messages together: the shield's own terms first (one embedding pass, for the
        messages the cheap terms are unsure of), then guardrails' objectives on what they may change.

        With the cascade on, guardrails read the whole of the messages the spam terms would deliver,
        and only the opening (HEAD_CHARS) of those they stop: their soft terms cannot make a stopped
        message more stopped, only say what it is (a scam, manipulation), and reading a long mail
        sentence by sentence costs a hundred times the spam terms. Where a guardrails objective is
        hard (a pack's veto rejects), or with the cascade off, they read every message whole.
        """
        if not messages:
            return []
        metas = [m.meta() for m in messages]
        full_texts = [_clean(m.text) or " " for m in messages]
        own, used = self._own(messages, metas, full_texts)
        spam = [self._spam_verdict(m, own[i], used[i]) for i, m in enumerate(messages)]
        read_all = not self.cascade or any(o.hard for o in self.external.objectives)
        whole = [read_all or verdict == DELIVER for verdict, *_ in spam]
        external: list[Verdict | None] = [None] * len(messages)
        if self.external.objectives:
            # Guardrails' objectives read the whole text (their Energy scores long texts in windows).
            texts = [t if whole[i] else t[:HEAD_CHARS] for i, t in enumerate(full_texts)]
            external = list(self.external.evaluate(Batch(texts=texts, meta=metas), Scope.INCOMING))
        return [
            self._result(
                m, metas[i], own[i], used[i], spam[i], external[i], whole[i] or len(full_texts[i]) <= HEAD_CHARS
            )
            for i, m in enumerate(messages)
        ]

    def _own(
        self, messages: Sequence[ParsedMessage], metas: list[dict[str, Any]], full_texts: list[str]
    ) -> tuple[list[Verdict], list[str]]:
        """The shield's own terms on every message, and the stage that decided each ("fast", "full")."""
        # They read the parsed message from meta; the text they are handed stays within one encoder
        # window so the energy scores each message once, unchunked.
        batch = Batch(texts=[t[:HEAD_CHARS] for t in full_texts], meta=metas)
        own: list[Verdict | None] = [None] * len(messages)
        used: list[str] = ["fast"] * len(messages)
        for kind in sorted({m.kind for m in messages}):
            key = self._key(kind)
            idx = [i for i, m in enumerate(messages) if m.kind == kind]
            fast_stage = self._stage(key, "fast")
            fast = self.energies[key, "fast"].evaluate(self._sub_batch(batch, idx), Scope.INCOMING)
            for j, verdict in enumerate(fast):
                own[idx[j]] = verdict
            if self.cascade:
                low, high = fast_stage.uncertain_low, fast_stage.uncertain_high
                unsure = [idx[j] for j, v in enumerate(fast) if low <= fast_stage.z(v.p) < high]
            else:
                unsure = idx
            if not unsure:
                continue
            full = self.energies[key, "full"].evaluate(self._sub_batch(batch, unsure), Scope.INCOMING)
            for i, verdict in zip(unsure, full, strict=True):
                own[i] = verdict
                used[i] = "full"
        return own, used  # type: ignore[return-value]

    def _spam_verdict(self, msg: ParsedMessage, own: Verdict, stage_name: str) -> tuple[str, float, str]:
        """What the spam question alone decides: the verdict, the combiner's z and the deciding stage
        ("owner" where the owner taught the shield this exact message)."""
        stage = self._stage(self._key(msg.kind), stage_name)
        e_own = stage.z(own.p)
        learned = self.owner_labels.get(msg.digest)
        if learned is not None:  # the owner's word on this exact message decides the spam question
            return (QUARANTINE if learned else DELIVER), e_own, "owner"
        if e_own >= stage.reject_at:
            return REJECT, e_own, stage_name
        if e_own >= stage.quarantine_at:
            return QUARANTINE, e_own, stage_name
        return DELIVER, e_own, stage_name

    def quarantines(self, term: Term, kind: str) -> bool:
        """Whether a guardrails term quarantines on its own: over the threshold fitted for this kind
        of content on the training split's ham (its own threshold when none was fitted)."""
        if term.name not in QUARANTINE_ON_FLAG:
            return False
        return term.p >= self.artifact.external_threshold(term.name, kind, term.threshold)

    def _for_kind(self, term: Term, kind: str) -> Term:
        """A guardrails term as it stands for this kind of content: a term that quarantines on its
        own is flagged from the p fitted for the kind, not from its typed-input threshold. Ham mail
        often reads like instructions (on the training split, half of it is over the head's own
        0.69), so "likely prompt injection" there would be wrong on most of an inbox."""
        if term.name not in QUARANTINE_ON_FLAG or term.vetoed:
            return term
        cut = self.artifact.external_threshold(term.name, kind, term.threshold)
        acts = self.quarantines(term, kind)  # one rule for the reason and the verdict
        label, what = term.name.replace("_", " ").capitalize(), _KIND_WORDS.get(kind, kind)
        if cut > 1.0:
            reason = f"{label}: {term.p:.0%}, never enough alone for {what}"
        elif acts:
            reason = f"{term.reason} ({term.p:.1%} >= {cut:.1%}, from which it quarantines {what})"
        else:
            reason = f"{label}: unlikely for {what} ({term.p:.1%} < {cut:.1%})"
        return replace(term, flagged=acts, threshold=min(cut, 1.0), reason=reason)

    @staticmethod
    def _sub_batch(batch: Batch, idx: Sequence[int]) -> Batch:
        return Batch(texts=[batch.texts[i] for i in idx], meta=[batch.meta_of(i) for i in idx])

    def _result(
        self,
        msg: ParsedMessage,
        meta: dict[str, Any],
        own: Verdict,
        used: str,
        spam: tuple[str, float, str],
        external: Verdict | None,
        read_whole: bool,
    ) -> ShieldResult:
        verdict, e_own, stage_name = spam
        key = self._key(msg.kind)
        stage = self._stage(key, used)
        # The own terms' energies become their signed shares of the combiner's z: spam evidence
        # adds, ham evidence subtracts (guardrails' -log(1 - p) form could only add).
        shares = stage.contributions(own.p)
        own_terms = [replace(t, weight=stage.weights[t.name], energy=shares[t.name]) for t in own.terms]
        p_spam = float(sigmoid(e_own))
        outside = [self._for_kind(t, key) for t in external.terms] if external else []
        terms = own_terms + outside
        energy = e_own + (external.energy if external else 0.0)
        # What acted on its own first, then the spam evidence, then guardrails' terms that did not act.
        # A soft term that can never act here (toxicity, the pack's scam and manipulation categories)
        # is listed only when flagged: a prototype category's p is 0.2-0.3 on typical training ham,
        # which would put an "unlikely" line on nearly every message.
        acted = {t.name for t in outside if t.vetoed or (t.flagged and t.name in QUARANTINE_ON_FLAG)}
        reasons = _reasons([t for t in outside if t.name in acted], meta) + _reasons(own_terms, meta)
        reasons += _reasons(
            [t for t in outside if t.name not in acted and (t.flagged or t.hard or t.name in QUARANTINE_ON_FLAG)],
            meta,
        )
        if stage_name == "owner":
            taught = "spam" if verdict == QUARANTINE else "ham"
            reasons.insert(0, f"you taught the shield this exact message is {taught}")
        elif external is not None and not read_whole:
            reasons.append(f"guardrails read its first {HEAD_CHARS} characters: the spam terms already stop it")
        if external is not None:  # guardrails' terms apply whatever the spam verdict
            if external.vetoed:
                verdict = REJECT
            elif verdict == DELIVER and any(t.flagged and t.name in QUARANTINE_ON_FLAG for t in outside):
                verdict = QUARANTINE
        return ShieldResult(msg.id, verdict, energy, p_spam, reasons, terms, stage_name, msg.kind, msg.digest, msg)


def _reasons(terms: list[Term], meta: dict[str, Any]) -> list[str]:
    """Each term that adds energy, largest first, with what made it fire; then the ham evidence
    that pulled the score down (negative shares), strongest first."""
    out = []
    for term in sorted(terms, key=lambda t: -t.energy):
        if term.energy < 0.05 and not term.flagged:
            continue
        veto = ", veto" if term.vetoed else ""
        out.append(f"{term.name} +{term.energy:.2f} (p={term.p:.2f}{veto}): {_detail(term, meta)}")
    for term in sorted(terms, key=lambda t: t.energy):
        if term.energy > -0.5 or term.flagged:
            break
        out.append(f"{term.name} {term.energy:.2f} (p={term.p:.2f}): {_detail(term, meta)}")
    return out


def _detail(term: Term, meta: dict[str, Any]) -> str:
    from .rules import HEADER_RULES, URL_RULES

    if term.name == "token_stats":
        spam_side = term.energy >= 0
        clues = [token for token, prob in meta.get("token_clues", []) if (prob > 0.5) == spam_side][:6]
        seen = "tokens seen mostly in " + ("spam" if spam_side else "ham")
        return f"{seen}: " + ", ".join(repr(t) for t in clues) if clues else term.reason
    if term.name in ("url_rules", "header_rules"):
        rules = URL_RULES if term.name == "url_rules" else HEADER_RULES
        found = meta.get("url_hits" if term.name == "url_rules" else "header_hits", [])
        hits = [(name, c) for name, c in found if (c > 0 if term.energy >= 0 else c < 0)]
        if term.energy < 0:
            hits.reverse()  # the strongest ham evidence first
        return "; ".join(f"{rules[name][0]} ({c:+.2f})" for name, c in hits[:5]) or term.reason
    if term.name == "spam_head":
        return f"its wording reads like {'spam' if term.energy >= 0 else 'ham'} to the embedding head"
    if term.name == "ngram_head":
        return f"word and character patterns typical of {'spam' if term.energy >= 0 else 'ham'}"
    return term.reason


def owner_path(config: Any) -> Path:
    return Path(config.data_dir) / "shield.db"


def configured_model(config: Any) -> Path | None:
    """The model folder `shield.model` names; None: the shipped model."""
    return Path(config.shield.model).expanduser() if getattr(config.shield, "model", "") else None


def untrusted_block(result: ShieldResult, limit: int = 4000) -> str:
    """A scanned message as the language model may see it: quoted, marked as untrusted data, with
    the shield's verdict (the one format of `assistant.untrusted`)."""
    from ..untrusted import Document, quote_document, shield_note

    msg = result.message
    document = Document(msg.text, source=f"{msg.kind} {msg.id}", note=shield_note(result.verdict, result.p_spam))
    return quote_document(document, limit)
