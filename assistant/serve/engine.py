"""What the server computes with: one language model, memory store, energy, embedder and shield.

llama.cpp contexts and the NumPy encoder's workspaces are not safe to share between threads, and two
cores gain nothing from running two turns at once. So every computation runs on one worker thread,
in arrival order: requests queue there (up to `max_pending`, then the server answers 503), and a
client that disconnects does not cancel a turn half-way through its memory write.
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from memory.base.errors import EngineBusy

from ..config import Config

if TYPE_CHECKING:
    from guardrails import Energy, Verdict
    from memory import Store
    from memory.embedder import Embedder

    from ..llm import ChatModel
    from ..planner import Decision
    from ..session import Reply, Session
    from ..shield import Shield, ShieldResult
    from ..untrusted import Document

__all__ = ["ChatTurn", "Engine", "EngineBusy", "Worker"]

T = TypeVar("T")


@dataclass
class ChatTurn:
    """One chat completion request, read and checked."""

    text: str
    history: list[dict[str, str]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    system: str | None = None  # the client's own system messages, added after broca's
    fast: bool = False
    temperature: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    conversation: str | None = None  # a name the client gave, to continue that conversation


# Messages of a named conversation read back for its next turn: more than a context window holds
# (the oldest that do not fit are dropped when the prompt is built), and no more read per request
# however long the conversation has grown.
STORED_HISTORY = 64


class Worker:
    """One thread that runs the calls given to it in order; at most `max_pending` wait or run."""

    def __init__(self, max_pending: int = 64) -> None:
        self.max_pending = max_pending
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="broca-engine")
        self._pending = 0
        self._lock = threading.Lock()

    def submit(self, fn: Callable[[], T]) -> concurrent.futures.Future[T]:
        with self._lock:
            if self._pending >= self.max_pending:
                raise EngineBusy(f"{self._pending} requests are waiting; try again shortly")
            self._pending += 1

        def run() -> T:
            try:
                return fn()
            finally:
                with self._lock:
                    self._pending -= 1

        return self._executor.submit(run)

    def close(self) -> None:
        self._executor.shutdown(wait=True)


class Engine:
    def __init__(
        self,
        config: Config,
        *,
        model: ChatModel | None = None,
        store: Store | None = None,
        energy: Energy | None = None,
        embedder: Embedder | None = None,
        use_memory: bool = True,
        max_pending: int = 64,
    ) -> None:
        from memory.embedder import default_embedder

        from ..llm import open_model
        from ..session import load_energy, open_store

        self.config = config
        self.model = model or open_model(config.llm)
        self.store = store if store is not None else (open_store(config) if use_memory else None)
        self.energy = energy if energy is not None else load_energy(config)
        self.embedder = embedder or default_embedder()
        self.worker = Worker(max_pending)
        self._sessions: dict[str, Session] = {}
        self._shield: Shield | None = None

    def submit(self, fn: Callable[[], T]) -> concurrent.futures.Future[T]:
        """Run `fn` on the engine's thread, after what is already queued (EngineBusy when full)."""
        return self.worker.submit(fn)

    def close(self) -> None:
        self.worker.close()
        if self.store is not None:
            self.store.close()

    # -- what runs on it -------------------------------------------------------------------------

    def _session(self, namespace: str) -> Session:
        from ..session import Session

        session = self._sessions.get(namespace)
        if session is None:
            session = Session(self.config, model=self.model, store=self.store, energy=self.energy,
                              embed=self.embedder.embed, encoder=self.embedder.name, namespace=namespace)  # fmt: skip
            self._sessions[namespace] = session
        return session

    def chat(self, turn: ChatTurn, namespace: str, on_decision: Callable[[Decision], None] | None = None, *,
             key: str = "") -> Reply:  # fmt: skip
        """The whole turn loop for one request: its memory is the key's; its history the request's,
        after the stored messages of the conversation it names (that `key` named: another key's
        conversation of the same name is never found)."""
        from ..llm import Sampling

        session = self._session(namespace)
        stored: list[dict[str, str]] = []
        conversation_id = None  # unnamed: each request is logged as its own conversation
        if turn.conversation is not None and self.store is not None:
            conversation_id = self.store.find_conversation(turn.conversation, key, namespace)
            if conversation_id is not None:
                stored = [{"role": m["role"], "content": m["content"]}
                          for m in self.store.messages(conversation_id, key=key, last=STORED_HISTORY)
                          if m["role"] in ("user", "assistant")]  # fmt: skip
                while stored and stored[0]["role"] != "user":  # cut mid-turn: some chat templates insist
                    stored.pop(0)
        session.history = [*stored, *turn.history]  # type: ignore[list-item]
        session.conversation_id = conversation_id
        session.conversation_name = turn.conversation
        session.client_key = key
        base = Sampling.from_config(self.config.llm)
        changes: dict[str, Any] = {}
        if turn.temperature is not None:
            changes["temperature"] = turn.temperature
        if turn.max_tokens is not None:
            changes["max_tokens"] = turn.max_tokens
        session.planner.sampling = base.with_(**changes)
        system = self.config.llm.system_prompt
        if turn.system:
            system = f"{system}\n\n{turn.system}"
        return session.turn(
            turn.text,
            documents=turn.documents,
            fast=turn.fast,
            seed=turn.seed,
            on_decision=on_decision,
            system=system,
        )

    def warm(self) -> None:
        """Load the encoder and the guardrail heads now, not on the first request."""
        self.moderate(["warm-up"])

    def count_tokens(self, text: str) -> int:
        return self.model.count_tokens(text)

    def moderate(self, texts: Sequence[str]) -> list[Verdict]:
        from guardrails import Scope

        return self.energy.assess(list(texts), Scope.INPUT)

    def embed(self, texts: Sequence[str]) -> tuple[np.ndarray, int]:
        """The vectors, and the encoder tokens they read (0 where the encoder does not say)."""
        vectors = self.embedder.embed(list(texts))
        checkpoint = getattr(self.embedder.model, "checkpoint", None)
        tokens = sum(len(ids) for ids in checkpoint.tokenize(list(texts))) if checkpoint is not None else 0
        return vectors, tokens

    def scan(self, raw: bytes, kind: str | None = None) -> ShieldResult:
        from ..shield import Shield, parse_message

        if self._shield is None:
            self._shield = Shield.from_config(self.config)
        return self._shield.scan([parse_message(raw, "request", kind=kind)])[0]
