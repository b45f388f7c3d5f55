"""What the chat UI does besides drawing: open the session, resume, commands' work, export.

Nothing here imports Textual, so it is usable (and tested) on its own. Each function works with
whichever parts of broca are present: memory, guardrails, the shield and community packs are
optional here, and a missing or broken part becomes a warning, not a crash.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from memory.base.atomic import atomic_write
from memory.base.errors import BrocaError, ChatError, GenerationCancelled, GuardrailsUnavailable

from ..config import Config
from ..session import Session, load_energy, open_store

if TYPE_CHECKING:
    from ..llm import ChatModel

__all__ = [
    "ChatError",
    "GenerationCancelled",
    "Opened",
    "apply_pack",
    "apply_policy",
    "build_session",
    "conversation_markdown",
    "export_conversation",
    "load_policy",
    "plan_preview",
    "resume",
    "shield_verdict",
]


@dataclass
class Opened:
    session: Session
    warnings: list[str] = field(default_factory=list)
    resumed: int | None = None  # the conversation picked up, if any


def _why(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, BrocaError) else f"{type(exc).__name__}: {exc}"


def build_session(
    config: Config,
    *,
    model: ChatModel | None = None,
    use_memory: bool = True,
    new: bool = False,
    conversation_id: int | None = None,
) -> Opened:
    """A session for the chat UI, resuming the last conversation unless `new`.

    The model and the guardrails must load (a failure is fatal: no chat without vetoes); memory
    may be missing or broken, in which case the session runs without it and says so in `warnings`.
    """
    from ..llm import open_model

    warnings: list[str] = []
    model = model or open_model(config.llm)
    store = None
    if use_memory:
        try:
            store = open_store(config)
        except Exception as exc:  # another part of broca failing must not keep the owner from chatting
            warnings.append(f"memory unavailable, nothing will be remembered: {_why(exc)}")
    try:
        energy = load_energy(config)
        # Objectives load their heads lazily: find a broken one now, not in the owner's first turn.
        energy.assess(["hello"])
        energy.score("hello", ["Hello! How can I help?"])
    except BrocaError:
        raise
    except Exception as exc:
        # Guardrails are part of the answer's energy, not an optional extra: chatting without them
        # would silently drop every veto, so this stops the chat instead.
        raise GuardrailsUnavailable(f"the guardrails failed to load ({_why(exc)}); see `broca doctor`") from None
    session = Session(config, model=model, store=store, energy=energy)
    opened = Opened(session, warnings)
    if store is not None and conversation_id is not None:
        resume(session, conversation_id)
        opened.resumed = conversation_id
    elif store is not None and not new:
        last = store.last_conversation(session.namespace)
        if last is not None:
            try:
                resume(session, last)
            except ChatError as exc:  # the owner did not ask for this one: chat in a new one instead
                warnings.append(f"{exc}: a new conversation is started (/history lists the others)")
            else:
                opened.resumed = last
    return opened


def resume(session: Session, conversation_id: int) -> list[dict[str, Any]]:
    """Make `conversation_id` the session's conversation; returns its messages."""
    if session.store is None:
        raise ChatError("there is no memory store, so no saved conversations")
    try:
        messages = session.store.messages(conversation_id)
    except (BrocaError, OverflowError):  # OverflowError: an id past SQLite's integers
        raise ChatError(f"no conversation #{conversation_id}") from None
    except Exception as exc:  # a row damaged some other way: say so, never crash
        raise ChatError(f"conversation #{conversation_id} cannot be read ({_why(exc)})") from None
    session.conversation_id = conversation_id
    session.history = [
        {"role": m["role"], "content": m["content"]} for m in messages if m["role"] in ("user", "assistant")
    ]
    return messages


def start_new(session: Session) -> None:
    """Forget the current conversation in the session. The new one gets its row (titled by its first
    message) at the first turn, so /new without typing leaves no empty conversation behind."""
    session.history = []
    session.conversation_id = None


def plan_preview(session: Session, text: str) -> dict[str, Any]:
    """The planner's latent step for `text`: the strategy the turn would choose, before any token
    (`Session.plan`, as the turn runs it: the same recall, grounding and assessment)."""
    plan = session.plan(text, touch=False)
    choice = plan.choice
    return {
        "request": text,
        "strategy": choice.strategy.value,
        "belief": choice.belief,
        "expected": choice.expected,
        "reasons": choice.reasons,
        "input_flags": list(plan.verdict.reasons),
        "grounding": plan.grounding.to_dict() if plan.grounding is not None else None,
    }


def policy_state(session: Session) -> dict[str, Any]:
    """The active policy pack(s) and the objectives of the energy."""
    cfg = session.config.guardrails
    objectives = [
        {
            "name": o.name,
            "hard": bool(o.hard),
            "weight": float(o.weight),
            "threshold": float(o.threshold),
            "scopes": sorted(str(getattr(s, "value", s)) for s in o.scopes),
        }
        for o in session.energy.objectives
    ]
    from guardrails import shipped_packs

    shipped = sorted(shipped_packs())
    return {
        "policy": cfg.policy,
        "packs": list(cfg.packs),
        "shipped": shipped,
        "objectives": objectives,
    }


def load_policy(session: Session, name: str) -> tuple[Any, Any]:
    """The guardrails config and energy of policy pack `name` (a shipped pack or a TOML path), built
    without touching the session: slow (it reads the pack and its heads), so it runs in a worker that
    may be given up, and `apply_policy` swaps them in on the UI thread."""
    import dataclasses

    from guardrails import default_energy

    new_config = dataclasses.replace(session.config.guardrails, policy=name)
    try:
        return new_config, default_energy(new_config)
    except BrocaError:
        raise
    except Exception as exc:
        raise ChatError(f"cannot switch to policy {name!r}: {_why(exc)}") from None


def apply_policy(session: Session, loaded: tuple[Any, Any]) -> dict[str, Any]:
    """Swap in what `load_policy` built; returns the new policy state."""
    session.config.guardrails, session.energy = loaded
    session.planner.energy = session.energy
    return policy_state(session)


def shield_verdict(config: Config, text: str, cache: dict[str, Any] | None = None) -> dict[str, Any]:
    """The shield's verdict on pasted content (deliver / quarantine / reject, with reasons)."""
    if not text.strip():
        raise ChatError("nothing to scan: paste the message after /shield")
    cache = cache if cache is not None else {}
    shield = cache.get("shield")
    if shield is None:
        from ..shield import Shield

        try:
            shield = Shield.from_config(config)
        except BrocaError:
            raise
        except Exception as exc:
            raise ChatError(f"the shield could not start: {_why(exc)}") from None
        cache["shield"] = shield
    try:
        from ..shield import parse_message

        [result] = shield.scan([parse_message(text, "pasted")])
    except BrocaError:
        raise
    except Exception as exc:
        raise ChatError(f"the shield could not scan it: {_why(exc)}") from None
    record: dict[str, Any] = result.to_dict() if hasattr(result, "to_dict") else dict(vars(result))
    record["chars"] = len(text)
    return record


def apply_pack(config: Config, name: str) -> str:
    """Point the configuration at installed community pack `name`: its adapter, its policy (layered
    on the active one) and its system prompt. Returns a one-line description of what was applied."""
    from finetune.packs import installed_pack

    pack = installed_pack(name)  # PackError (a BrocaError) names what is wrong
    applied = []
    if pack.adapter_path:
        config.llm.adapter = str(pack.adapter_path)
        applied.append(f"adapter {Path(pack.adapter_path).name}")
    if pack.policy_path:
        config.guardrails.packs = [*config.guardrails.packs, str(pack.policy_path)]
        applied.append(f"policy {Path(pack.policy_path).name}")
    if getattr(pack, "system_prompt", ""):
        config.llm.system_prompt = pack.system_prompt
        applied.append("system prompt")
    # The pack's heads.npz, beside its policy.toml, scores its categories (guardrails.pack_heads).
    return f"pack {pack.name} {pack.version} ({pack.language}): " + ", ".join(applied)


def conversation_markdown(session: Session, title: str = "") -> str:
    """The conversation as markdown: from the chat log when there is one, else from the session."""
    messages: Sequence[dict[str, Any]]
    if session.store is not None and session.conversation_id is not None:
        messages = session.store.messages(session.conversation_id)
    else:
        messages = [dict(m) for m in session.history]
    heading = title or (f"Conversation #{session.conversation_id}" if session.conversation_id else "Conversation")
    lines = [f"# {heading}", ""]
    for m in messages:
        if m["role"] not in ("user", "assistant"):
            continue
        who = "You" if m["role"] == "user" else "broca"
        lines += [f"## {who}", "", m["content"].strip(), ""]
        decision = m.get("decision")
        if m["role"] == "assistant" and decision:
            lines += [f"*strategy {decision.get('strategy')}, {decision.get('n')} candidate(s), "
                      f"System {decision.get('system')}*", ""]  # fmt: skip
    return "\n".join(lines).rstrip() + "\n"


def export_conversation(session: Session, path: Path | None = None) -> Path:
    """Write the conversation to `path` (default: exports/ in the data dir), atomically."""
    if not session.history and session.conversation_id is None:
        raise ChatError("nothing to export yet: the conversation is empty")
    if path is None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        name = f"conversation-{session.conversation_id or 'unsaved'}-{stamp}.md"
        path = session.config.data_dir / "exports" / name
    path = path.expanduser()
    if path.is_dir():
        raise ChatError(f"{path} is a folder; give a file name")
    try:
        atomic_write(path, conversation_markdown(session), perms=0o600)  # a conversation is private
    except OSError as exc:
        raise ChatError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def tokens_per_second(decision: dict[str, Any]) -> float | None:
    """Generated tokens per second of decoding, over every candidate of a decision record."""
    decode = (decision.get("timings") or {}).get("decode_s") or 0.0
    tokens = sum(int(c.get("tokens") or 0) for c in decision.get("candidates") or [])
    if decode <= 0 or not math.isfinite(decode):
        return None
    return tokens / decode
