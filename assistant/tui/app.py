"""`ChatApp`: the Textual chat UI over `assistant.session.Session`.

Turns run in a thread worker (llama.cpp blocks). Tokens are buffered and the UI, woken by a
`TokensReady` message, appends them to a markdown stream: the decoder never waits for the UI.
Esc sets an event that the token callback turns into `GenerationCancelled`, which unwinds
llama-cpp-python's generator and frees the model. Slash commands that touch the embedder, the
store or the shield run in thread workers too, so a key press is never stuck behind them.
"""

from __future__ import annotations

import contextlib
import queue
import shlex
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static
from textual.worker import get_current_worker

from memory.base.errors import BrocaError

from ..session import Reply
from ..untrusted import DOC_TAG, Document, parse_document, read_bytes, shield_note
from . import backend
from .backend import ChatError, GenerationCancelled, Opened
from .render import (
    NO_DECISION,
    printable,
    render_attached,
    render_commands,
    render_decision,
    render_memories,
    render_plan,
    render_policy,
    render_shield,
)
from .widgets import AssistantMessage, ConfirmScreen, HistoryInput, HistoryScreen, Notice, ShieldScreen, UserMessage

__all__ = ["COMMANDS", "ChatApp", "TokensReady"]


class TokensReady(Message):
    """The decoder thread buffered pieces for the UI to show."""


# name, arguments, help. The order is the order of /help and of the command palette.
COMMANDS: list[tuple[str, str, str]] = [
    ("remember", "TEXT", "Remember a fact about you (trusted: it comes from you)"),
    ("forget", "ID | TEXT", "Forget a memory by id, or the memories matching TEXT (asks first)"),
    ("memories", "[QUERY]", "List your memories, or search them (score components in the panel)"),
    ("plan", "[TEXT]", "Show the planner's decision for the last reply, or its strategy for TEXT"),
    ("policy", "[NAME]", "Show the policy pack and objectives, or switch to pack NAME"),
    ("fast", "", "System 1: one candidate, hard vetoes only"),
    ("deliberate", "", "System 2: several candidates, every objective"),
    ("new", "", "Start a new conversation"),
    ("history", "[ID]", "List saved conversations and resume one"),
    ("shield", "[TEXT]", "Check pasted content (mail, SMS...) with the shield"),
    ("attach", "[PATH]", "Give a file (or what /shield last checked) to your next message, as untrusted data"),
    ("export", "[PATH]", "Save this conversation as markdown"),
    ("help", "", "Show commands and keys"),
]
_ARGS: dict[str, str] = {name: args for name, args, _ in COMMANDS}  # "" takes no argument
# Commands that would change the conversation under a running turn.
NOT_WHILE_ANSWERING = {"new", "history", "policy", "fast", "deliberate"}
# Background commands that a message must wait for. Sent during an /attach read, the message would go
# without the file, and the file with the one after; during a /policy switch, the turn would start on
# one policy and be scored on the other.
WAIT_FOR = {
    "attach": "Still reading the file to attach: send when it is shown (Esc gives it up).",
    "policy": "Still switching the policy: send when it is done (Esc gives it up).",
}
# Background commands that Esc gives up, and what it says of each (the worker's description).
GIVEN_UP = {
    "attach": "Stopped reading {}: nothing was attached.",
    "policy": "Stopped switching to policy {}: the current one stays.",
    "export": "Stopped writing {}: the export was given up.",
}
KEYS: list[tuple[str, str]] = [
    ("Enter", "send"),
    ("Up / Down", "previous / next message sent"),
    ("Esc", "stop the answer being generated"),
    ("F2", "memories panel"),
    ("F3", "why panel (the planner's decision)"),
    ("Ctrl+Y", "copy the last answer"),
    ("Ctrl+N", "new conversation"),
    ("Ctrl+P", "command palette"),
    ("Ctrl+Q", "quit"),
]
NOTIFY_CHARS = 300  # a notification's length at most (five lines of a toast)
MAX_SHOWN = 100  # messages drawn when a conversation is resumed (older ones stay in the log and /export)
WELCOME = "Type a message and press Enter. /help lists the commands; F2 and F3 open the side panels."


class ChatApp(App[None]):
    CSS_PATH = Path(__file__).with_name("broca.tcss")  # absolute: subclasses may live elsewhere
    TITLE = "broca"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Stop"),
        Binding("f2", "toggle_panel('memories')", "Memories"),
        Binding("f3", "toggle_panel('why')", "Why"),
        Binding("ctrl+y", "copy_last", "Copy answer"),
        Binding("ctrl+n", "new_conversation", "New"),
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, opened: Opened, *, seed: int | None = None) -> None:
        super().__init__()
        self.session = opened.session
        self.warnings = list(opened.warnings)
        self.resumed = opened.resumed
        self.seed = seed
        self.generating = False
        self.last_answer = ""
        self.last_decision: dict[str, Any] | None = None
        self._no_decision = NO_DECISION  # what the why panel says while last_decision is None
        self.tokens_per_s: float | None = None
        self._cancel = threading.Event()
        self._current: AssistantMessage | None = None
        self._stream: Any = None  # textual's MarkdownStream for the candidate being drawn
        self._index = -1
        self._pieces = 0
        self._started = 0.0
        self._shield_cache: dict[str, Any] = {}
        self._attached: list[Document] = []  # untrusted documents for the next message
        self._last_scanned: Document | None = None  # what /shield last checked, for /attach
        self._buffer: list[tuple[int, str]] = []  # pieces decoded, not yet shown
        self._buffer_lock = threading.Lock()
        self._wake_posted = False

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield VerticalScroll(id="conversation")
            with Vertical(id="side"):
                with VerticalScroll(id="memories", classes="panel"):
                    yield Static(render_memories([]), id="memories-body")
                with VerticalScroll(id="why", classes="panel"):
                    yield Static(render_decision(None), id="why-body")
        yield HistoryInput(
            [f"/{name}" + (" " if args else "") for name, args, _ in COMMANDS],
            placeholder="Message broca  (/help for commands)",
            id="prompt",
        )
        yield Static(id="status")
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#memories").border_title = "Memories (F2)"
        self.query_one("#why").border_title = "Why (F3)"
        for name in ("memories", "why"):
            self._set_panel(name, False)
        self.query_one("#conversation", VerticalScroll).anchor()
        for warning in self.warnings:
            self.notify(warning, severity="warning", timeout=12, markup=False)
        if self.resumed is not None and self.session.store is not None:
            await self._show_conversation(self.session.store.messages(self.resumed))
        else:
            await self._notice(Text(WELCOME, style="dim"), "welcome")
        self._refresh_status()
        self.query_one(HistoryInput).focus()

    @property
    def conversation(self) -> VerticalScroll:
        return self.query_one("#conversation", VerticalScroll)

    @property
    def prompt(self) -> HistoryInput:
        return self.query_one(HistoryInput)

    async def _notice(self, renderable: Any, title: str = "") -> Notice:
        notice = Notice(renderable, title)
        await self.conversation.mount(notice)
        return notice

    async def _show_conversation(self, messages: list[dict[str, Any]]) -> None:
        await self.conversation.remove_children()
        shown = messages[-MAX_SHOWN:]
        title = f"Conversation #{self.session.conversation_id} resumed: {len(messages)} messages"
        if len(messages) > len(shown):
            title += f", the last {len(shown)} shown (/export has them all)"
        await self._notice(Text(title + ". Ctrl+N starts a new one.", style="dim"), "resumed")
        widgets: list[Any] = []
        decision = None
        answer = ""
        for m in shown:
            if m["role"] == "user":
                widgets.append(UserMessage(m["content"]))
                self.prompt.push(owner_words(m["content"]))
            elif m["role"] == "assistant":
                decision = m.get("decision")
                answer = m["content"]
                widgets.append(AssistantMessage(m["content"], _header(decision)))
        await self.conversation.mount_all(widgets)
        self.last_answer = answer
        self._show_decision(decision)

    def _show_decision(self, decision: dict[str, Any] | None, missing: str = NO_DECISION) -> None:
        self.last_decision, self._no_decision = decision, missing
        self.query_one("#why-body", Static).update(render_decision(decision, missing))
        memories = (decision or {}).get("memories") or []
        self.query_one("#memories-body", Static).update(render_memories(memories))
        if decision:
            self.tokens_per_s = backend.tokens_per_second(decision)

    def _refresh_status(self) -> None:
        s = self.session
        text = Text()
        if self.generating:
            text.append(" ● answering, Esc to stop ", style="bold black on yellow")
            text.append(" ")
        if self._attached:  # first: it changes what the next message sends
            names = printable(", ".join(d.source for d in self._attached))
            text.append(f" attached (untrusted): {names} ", style="bold black on cyan")
            text.append(" ")
        text.append(s.model.name, style="bold")
        adapter = Path(s.model.adapter_path).name if s.model.adapter_path else "none"
        text.append(f" · adapter {adapter}")
        policy = s.config.guardrails.policy + "".join(f"+{Path(p).stem}" for p in s.config.guardrails.packs)
        text.append(f" · policy {policy}")
        text.append(" · System 1 (fast)" if s.fast else " · System 2", style="cyan")
        rate = f"{self.tokens_per_s:.0f} tok/s" if self.tokens_per_s else "- tok/s"
        text.append(f" · {rate}")
        text.append(f" · memory {'on' if s.store is not None else 'off'}")
        text.append(f" · #{s.conversation_id}" if s.conversation_id is not None else " · new conversation")
        self.query_one("#status", Static).update(text)

    # -- a turn ---------------------------------------------------------------------------------

    async def on_input_submitted(self, event: HistoryInput.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        if text.startswith("/"):
            event.input.value = ""
            self.prompt.push(text)
            await self.run_command(text)
            return
        if self.generating:
            self.notify("Still answering: wait, or press Esc to stop it.", severity="warning")
            return
        for name, why in WAIT_FOR.items():
            if self._busy(name):
                self.notify(why, severity="warning")
                return
        try:
            self.session.refuse_oversized(text)  # shown, megabytes would keep the UI busy for minutes
        except BrocaError as exc:  # not sent: the text stays in the prompt to be cut
            self.notify(str(exc), title="Not sent", severity="error", markup=False)
            return
        event.input.value = ""
        self.prompt.push(text)
        await self.send(text)

    def _busy(self, name: str) -> bool:
        """Whether a background command `name` is still under way."""
        return any(w.name == name and not w.is_finished for w in self.workers)

    async def send(self, text: str) -> None:
        """Show `text`, start the turn in a worker and stream the reply into a new message."""
        await self.conversation.mount(UserMessage(text))
        message = AssistantMessage(header="thinking…")
        await self.conversation.mount(message)
        self._current, self._stream, self._index, self._pieces = message, None, -1, 0
        self._started = time.perf_counter()
        self._cancel.clear()
        self.generating = True
        documents, self._attached = self._attached, []
        self._refresh_status()
        self._turn(text, documents)

    @work(thread=True, group="turn", exit_on_error=False)
    def _turn(self, text: str, documents: list[Document]) -> None:
        worker = get_current_worker()

        def on_token(index: int, piece: str) -> None:
            if self._cancel.is_set() or worker.is_cancelled:
                raise GenerationCancelled
            # Never wait for the UI here: buffer the piece and post one wake-up per batch, so the
            # decoder runs at full speed and a busy UI takes several pieces in one update.
            with self._buffer_lock:
                self._buffer.append((index, piece))
                wake, self._wake_posted = not self._wake_posted, True
            if wake and not self.post_message(TokensReady()):
                raise GenerationCancelled  # the app is closing (quit mid-answer)

        try:
            reply = self.session.turn(
                text, documents=documents, fast=self.session.fast, seed=self.seed, on_token=on_token
            )
        except GenerationCancelled:
            self._from_thread(self._turn_stopped, documents)
        except BrocaError as exc:
            self._from_thread(self._turn_failed, str(exc), documents)
        except Exception as exc:  # whatever a part of broca throws, the app stays up and says what
            self._from_thread(self._turn_failed, f"{type(exc).__name__}: {exc}", documents)
        else:
            self._from_thread(self._turn_done, reply)

    def _from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app already exited
            self.call_from_thread(callback, *args, **kwargs)

    @on(TokensReady)
    async def _drain(self) -> None:
        """Show the pieces the decoder buffered, in order."""
        with self._buffer_lock:
            pending, self._buffer, self._wake_posted = self._buffer, [], False
        for index, piece in pending:
            await self._on_piece(index, piece)

    async def _on_piece(self, index: int, piece: str) -> None:
        message = self._current
        if message is None:
            return
        if index != self._index:
            # A new candidate: the planner draws until one is acceptable; show the one being drawn.
            if self._stream is not None:
                await self._stream.stop()
            await message.markdown.update("")
            self._index = index
            self._stream = Markdown.get_stream(message.markdown)
            message.set_header(f"drawing candidate {index + 1}…" if index else "answering…")
        await self._stream.write(printable(piece))
        self._pieces += 1
        if self._pieces % 8 == 0:
            elapsed = time.perf_counter() - self._started
            self.tokens_per_s = self._pieces / elapsed if elapsed > 0 else None
            self._refresh_status()

    async def _end_stream(self) -> AssistantMessage | None:
        await self._drain()  # pieces still buffered come before the end
        if self._stream is not None:
            await self._stream.stop()
            self._stream = None
        message, self._current = self._current, None
        self.generating = False
        return message

    async def _turn_done(self, reply: Reply) -> None:
        message = await self._end_stream()
        decision = reply.decision.to_dict()
        if message is not None:
            # The chosen candidate is not always the last one streamed.
            await message.markdown.update(printable(reply.text))
            message.text = reply.text
            message.set_header(_header(decision))
        self.last_answer = reply.text
        self._show_decision(decision)
        if reply.remembered:
            self.notify(f"Remembered {len(reply.remembered)} thing(s) you said about yourself (/memories).")
        if reply.document_flags:
            self.notify("; ".join(reply.document_flags), severity="warning", markup=False)
        self._refresh_status()

    async def _turn_stopped(self, documents: list[Document]) -> None:
        message = await self._end_stream()
        if message is not None:
            message.set_header("stopped")
            message.add_class("stopped")
        # The previous turn's decision would now describe a reply that is not the last one.
        self._show_decision(None, "The last turn stopped: it has no decision.")
        self._reattach(documents)
        kept = " The attached documents wait for your next message." if documents else ""
        self.notify("Stopped. Nothing of this turn was saved." + kept)
        self._refresh_status()

    async def _turn_failed(self, why: str, documents: list[Document]) -> None:
        message = await self._end_stream()
        if message is not None:
            message.set_header("failed")
            message.add_class("failed")
        self._show_decision(None, "The last turn failed: it has no decision.")
        self._reattach(documents)
        self.notify(why, title="The answer failed", severity="error", timeout=15, markup=False)
        self._refresh_status()

    def _reattach(self, documents: list[Document]) -> None:
        """A turn that was not saved gives its documents back: Up and Enter sends the message again,
        and it must go with what it was about (the status bar shows them attached)."""
        self._attached[:0] = documents

    # -- actions --------------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Messages quote what was typed or read (a path, a memory): control characters as symbols, and
        # a 100 KB paste quoted whole would cover the screen: a few lines of it are enough.
        message = printable(message)
        if len(message) > NOTIFY_CHARS:
            message, markup = message[: NOTIFY_CHARS - 1] + "…", False  # never a markup tag cut in two
        super().notify(message, title=printable(title), severity=severity, timeout=timeout, markup=markup)

    def action_cancel(self) -> None:
        if self.generating:
            self._cancel.set()
            self.query_one("#status", Static).update(Text(" ● stopping… ", style="bold black on yellow"))
            return
        # A read or write that never ends (a FIFO nobody opens, a hung mount) would hold the chat back:
        # give it up. Its daemon thread stays blocked, but its result is dropped (a policy is only
        # swapped in by the worker's `done`).
        for worker in [w for w in self.workers if w.name in GIVEN_UP and not w.is_finished]:
            worker.cancel()
            self.notify(GIVEN_UP[worker.name].format(worker.description), markup=False)

    def action_toggle_panel(self, name: str) -> None:
        panel = self.query_one(f"#{name}")
        self._set_panel(name, not panel.display)

    def _open_panel(self, name: str) -> None:
        self._set_panel(name, True)

    def _set_panel(self, name: str, shown: bool) -> None:
        self.query_one(f"#{name}").display = shown
        # The side column shows when either panel does; with both, they share it top and bottom.
        self.query_one("#side").display = any(self.query_one(f"#{n}").display for n in ("memories", "why"))

    def action_copy_last(self) -> None:
        if not self.last_answer:
            self.notify("No answer to copy yet.", severity="warning")
            return
        self.copy_to_clipboard(self.last_answer)
        self.notify(f"Copied the last answer ({len(self.last_answer)} characters).")

    async def action_new_conversation(self) -> None:
        await self.run_command("/new")

    async def action_help(self) -> None:
        await self.run_command("/help")

    async def action_quit(self) -> None:
        self._cancel.set()  # a running turn stops at its next token
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for name, args, help_text in COMMANDS:
            yield SystemCommand(
                f"/{name}" + (f" {args}" if args else ""), help_text, self._palette_callback(name, args)
            )

    def _palette_callback(self, name: str, args: str) -> Callable[[], Any]:
        async def run() -> None:
            if args and not args.startswith("["):
                # The command needs an argument: put it in the prompt for the owner to finish.
                self.prompt.value = f"/{name} "
                self.prompt.cursor_position = len(self.prompt.value)
                self.prompt.focus()
            else:
                await self.run_command(f"/{name}")

        return run

    # -- slash commands -------------------------------------------------------------------------

    async def run_command(self, line: str) -> None:
        name, _, arg = line.strip()[1:].partition(" ")
        name, arg = name.lower(), arg.strip()
        handler = getattr(self, f"_cmd_{name}", None)
        if handler is None or name not in _ARGS:
            self.notify(f"Unknown command /{name}: /help lists them.", severity="error", markup=False)
            return
        if self.generating and name in NOT_WHILE_ANSWERING:
            self.notify(f"/{name} has to wait until the answer is done (Esc stops it).", severity="warning")
            return
        try:
            if arg and not _ARGS[name]:  # "/new please" must not start a new conversation unsaid
                raise ChatError(f"usage: /{name} (it takes no argument)")
            await handler(arg)
        except BrocaError as exc:
            self.notify(str(exc), title=f"/{name}", severity="error", markup=False)
        except Exception as exc:  # a failing command is reported, never fatal
            self.notify(f"{type(exc).__name__}: {exc}", title=f"/{name} failed", severity="error", markup=False)

    def _background(self, name: str, job: Callable[[], Any], done: Callable[[Any], Any], description: str = "") -> None:
        """Run `job` in a thread; `done(result)` on the UI thread; errors become notifications."""

        def run() -> None:
            worker = get_current_worker()
            try:
                result = job()
            except Exception as exc:
                why = str(exc) if isinstance(exc, BrocaError) else f"{type(exc).__name__}: {exc}"
                if not worker.is_cancelled:
                    self._from_thread(self.notify, why, title=f"/{name}", severity="error", markup=False)
                return
            if not worker.is_cancelled:  # given up (Esc): what it read is no longer wanted
                self._from_thread(done, result)

        self.run_worker(
            run, name=name, group="command", description=description or name, thread=True, exit_on_error=False
        )

    def _store(self) -> Any:
        if self.session.store is None:
            raise ChatError("memory is off in this session, so there is nothing to remember or search")
        return self.session.store

    async def _cmd_help(self, arg: str) -> None:
        await self._notice(render_commands(COMMANDS, KEYS), "help")

    async def _cmd_remember(self, arg: str) -> None:
        if not arg:
            raise ChatError("usage: /remember TEXT")
        self._store()
        self._background(
            "remember",
            lambda: self.session.remember(arg),
            lambda mid: self.notify(f"Remembered (#{mid}): {arg}", markup=False),
        )

    async def _cmd_forget(self, arg: str) -> None:
        store = self._store()
        if not arg:
            raise ChatError("usage: /forget ID [ID ...] or /forget TEXT")
        words = arg.replace(",", " ").split()
        if all(w.lstrip("#").isdigit() for w in words):
            ids = [int(w.lstrip("#")) for w in words]
            namespace = self.session.namespace

            def by_id() -> list[Any]:
                # Only ids /memories can show: one of another namespace (a typo away from one of
                # yours) was deleted unasked, though nothing in this chat lists it.
                for mid in ids:
                    memory = store.get(mid)
                    if memory is None or memory.namespace != namespace:
                        raise ChatError(f"no memory with id {mid} in your memories (/memories lists them)")
                return store.forget(ids)

            self._background("forget", by_id, self._forgotten)
            return

        def found(memories: list[Any]) -> None:
            if not memories:
                self.notify(f"No memory close enough to {arg!r}.", markup=False)
                return
            lines = Text(f"Forget {len(memories)} memor{'y' if len(memories) == 1 else 'ies'}?\n", style="bold")
            for m in memories[:10]:
                lines.append(printable(f"\n#{m.id} ({m.kind}) {m.text[:120]}"), style="")

            def answered(yes: bool | None) -> None:
                if yes:
                    targets = [m.id for m in memories]
                    self._background("forget", lambda: store.forget(targets), self._forgotten)

            self.push_screen(ConfirmScreen(lines), answered)

        self._background(
            "forget",
            lambda: store.forget(query=arg, namespace=self.session.namespace, dry_run=True),
            found,
        )

    def _forgotten(self, memories: list[Any]) -> None:
        ids = ", ".join(f"#{m.id}" for m in memories)
        self.notify(f"Forgot {len(memories)} memor{'y' if len(memories) == 1 else 'ies'}: {ids}" if memories else
                    "Nothing was forgotten.")  # fmt: skip

    async def _cmd_memories(self, arg: str) -> None:
        store = self._store()
        ns = self.session.namespace

        def job() -> tuple[str, list[dict[str, Any]]]:
            if arg:
                hits = store.search(arg, k=10, namespace=ns, touch=False)
                return f"Search: {arg}", [
                    {"id": h.memory.id, "text": h.memory.text, "kind": h.memory.kind, "trust": h.memory.trust,
                     "score": h.score, "components": h.components} for h in hits
                ]  # fmt: skip
            memories = store.list(namespace=ns, limit=30)
            rows = [{"id": m.id, "text": m.text, "kind": m.kind, "trust": m.trust} for m in memories]
            return f"Your memories (newest first, {store.count(ns)} in all)", rows

        def done(result: tuple[str, list[dict[str, Any]]]) -> None:
            title, rows = result
            self.query_one("#memories-body", Static).update(render_memories(rows, title))
            self._open_panel("memories")

        self._background("memories", job, done)

    async def _cmd_plan(self, arg: str) -> None:
        if not arg:
            self.query_one("#why-body", Static).update(render_decision(self.last_decision, self._no_decision))
            self._open_panel("why")
            return

        def done(plan: dict[str, Any]) -> None:
            self.query_one("#why-body", Static).update(render_plan(plan))
            self._open_panel("why")

        self._background("plan", lambda: backend.plan_preview(self.session, arg), done)

    async def _cmd_policy(self, arg: str) -> None:
        if not arg:
            await self._notice(render_policy(backend.policy_state(self.session)), "policy")
            return

        async def done(loaded: tuple[Any, Any]) -> None:  # on the UI thread, between turns
            await self._notice(render_policy(backend.apply_policy(self.session, loaded)), "policy switched")
            self._refresh_status()

        if self._busy("policy"):  # two switches at once would end on whichever finished last
            raise ChatError("a policy switch is already under way: wait until it is done")
        # A pack file is a path as /attach takes one: pasted in quotes or with escaped spaces, and
        # ~user checked here ("RuntimeError: Could not determine home directory" in the guardrails).
        name = arg if arg in backend.policy_state(self.session)["shipped"] else str(pasted_path(arg))
        self._background("policy", abandonable(lambda: backend.load_policy(self.session, name)), done, name)

    async def _cmd_fast(self, arg: str) -> None:
        self.session.fast = True
        self.notify("System 1: one candidate, hard vetoes only.")
        self._refresh_status()

    async def _cmd_deliberate(self, arg: str) -> None:
        self.session.fast = False
        self.notify(f"System 2: up to {self.session.planner.n_max} candidates, every objective.")
        self._refresh_status()

    async def _cmd_new(self, arg: str) -> None:
        backend.start_new(self.session)
        await self.conversation.remove_children()
        await self._notice(Text("New conversation. " + WELCOME, style="dim"), "new")
        self.last_answer = ""
        self._show_decision(None)
        self.tokens_per_s = None
        self._refresh_status()

    async def _cmd_history(self, arg: str) -> None:
        store = self._store()
        if arg:
            try:
                cid = int(arg.lstrip("#"))
            except ValueError:
                raise ChatError("usage: /history [ID]") from None
            await self._resume(cid)
            return
        conversations = store.conversations(self.session.namespace, limit=100)
        if not conversations:
            self.notify("No saved conversations yet.")
            return

        async def picked(cid: int | None) -> None:
            if cid is not None:
                try:
                    await self._resume(cid)
                except BrocaError as exc:
                    self.notify(str(exc), severity="error", markup=False)

        self.push_screen(HistoryScreen(conversations, self.session.conversation_id), picked)

    async def _resume(self, cid: int) -> None:
        messages = backend.resume(self.session, cid)
        await self._show_conversation(messages)
        self._refresh_status()

    async def _cmd_shield(self, arg: str) -> None:
        async def scan(text: str | None) -> None:
            if text is None:
                return
            if not text.strip():
                self.notify("Nothing to scan.", severity="warning")
                return
            self.notify("Scanning…", timeout=2)

            async def done(result: dict[str, Any]) -> None:
                note = _note(result)
                try:
                    self._last_scanned = parse_document(text, "pasted", note=note)
                except BrocaError:  # nothing to quote (a bare header block): never an older paste instead
                    self._last_scanned = None
                await self._notice(render_shield(result), "shield")

            self._background(
                "shield", lambda: backend.shield_verdict(self.session.config, text, self._shield_cache), done
            )

        if arg:
            await scan(arg)
        else:
            self.push_screen(ShieldScreen(), scan)

    async def _cmd_attach(self, arg: str) -> None:
        if not arg:
            if self._last_scanned is None:
                raise ChatError(
                    "usage: /attach PATH (a mail or text file), or /attach after /shield for what it checked"
                )
            document, self._last_scanned = self._last_scanned, None
            await self._attach_document(document)
            return
        path, config, cache = pasted_path(arg), self.session.config, self._shield_cache

        def read() -> Document:  # in a worker: the shield's verdict goes in the block's header
            data = read_bytes(path)
            document = parse_document(data, path.name, ident=str(path))
            try:
                result = backend.shield_verdict(config, data.decode("utf-8", "surrogateescape"), cache)
            except ChatError:  # no shield here: the document is still quoted as untrusted data
                return document
            document.note = _note(result)
            return document

        self._background("attach", abandonable(read), self._attach_document, description=str(path))

    async def _attach_document(self, document: Document) -> None:  # not _attach: textual's MessagePump has one
        self._attached.append(document)
        self._refresh_status()
        preview = document.text[:300] + ("…" if len(document.text) > 300 else "")
        await self._notice(render_attached(document.source, len(document.text), preview, document.note), "attached")

    async def _cmd_export(self, arg: str) -> None:
        if arg.rstrip("'\"").endswith("/"):  # Path() would drop the slash that says it is a folder
            raise ChatError(f"{arg} is a folder; give a file name")
        path = pasted_path(arg, new=True) if arg else None
        if self._busy("export"):
            raise ChatError("an export is already under way: wait until it is saved (Esc gives it up)")

        def write() -> None:
            # In a worker: a FIFO nobody reads (or a hung mount) blocks the write for good, and on the
            # UI thread it froze the chat, Ctrl+Q included.
            self._background(
                "export",
                abandonable(lambda: backend.export_conversation(self.session, path)),
                lambda saved: self.notify(f"Saved the conversation to {saved}", markup=False),
                description=str(path) if path is not None else "the export",
            )

        if path is None or not path.is_file():
            write()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                write()
            else:
                self.notify(f"Not exported: {path} is left as it was.", markup=False)

        # A file the owner already has (notes, an earlier export) was replaced unasked.
        self.push_screen(
            ConfirmScreen(Text(f"{path} exists. Replace it with this conversation?", style="bold")), answered
        )


def abandonable(job: Callable[[], Any]) -> Callable[[], Any]:
    """`job` for a thread worker, run in a daemon thread of its own that the worker gives up on once it
    is cancelled (Esc, or the chat quitting). A read that never ends (a file to attach or a policy
    pack on a FIFO nobody writes, a hung mount) would otherwise block a thread of the event loop's
    executor, which is joined on the way out: the chat could not quit."""

    def run() -> Any:
        worker = get_current_worker()
        outcome: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

        def target() -> None:
            try:
                outcome.put((True, job()))
            except BaseException as exc:  # handed to the worker, which reports it
                outcome.put((False, exc))

        threading.Thread(target=target, name=f"broca-{worker.name}", daemon=True).start()
        while True:
            try:
                done, value = outcome.get(timeout=0.1)  # the worker has no wake-up for a cancel: look
            except queue.Empty:
                if worker.is_cancelled:
                    raise ChatError(f"gave up {worker.description}") from None
                continue
            if done:
                return value
            raise value

    return run


def _note(result: dict[str, Any]) -> str:
    """The shield's verdict record (backend.shield_verdict) as a document block's header says it."""
    return shield_note(str(result.get("verdict", "?")), float(result.get("p_spam") or 0))


def owner_words(content: str) -> str:
    """What the owner typed of a logged message. The log keeps what the model was sent, with any
    attached documents quoted after the owner's words: Up must never recall those as typed text,
    or Enter would send a document's "my name is ..." as the owner's own word."""
    return content.split(f"\n\n<{DOC_TAG}", 1)[0]


def pasted_path(arg: str, *, new: bool = False) -> Path:
    """The path as typed, or, when no such file exists, as a terminal pastes a dropped file: in
    quotes or with backslash-escaped spaces. A name that exists is never rewritten (apostrophes).
    `new`: a file to write, which need not exist yet (/export 'my notes.md')."""
    if "\x00" in arg:  # no file name holds one; open() would say "ValueError: embedded null byte"
        raise ChatError(f"{arg!r} is not a path: it holds a NUL character")
    typed = _home(Path(arg))
    if typed.exists():
        return typed
    try:
        words = shlex.split(arg)
    except ValueError:  # an unbalanced quote: it was meant literally
        return typed
    if len(words) == 1 and (new or _home(Path(words[0])).exists()):
        return _home(Path(words[0]))
    return typed


def _home(path: Path) -> Path:
    """`path` with its ~ or ~user expanded. Python says only "RuntimeError: Could not determine home
    directory" for a user that does not exist here: name the part of the path that is wrong."""
    try:
        return path.expanduser()
    except RuntimeError:
        raise ChatError(f"{path}: {path.parts[0]} is no home folder on this machine (no such user)") from None


def _header(decision: dict[str, Any] | None) -> str:
    if not decision:
        return ""
    parts = [str(decision.get("strategy", "")), f"N={decision.get('n', '?')}", f"System {decision.get('system', '?')}"]
    rate = backend.tokens_per_second(decision)
    if rate:
        parts.append(f"{rate:.0f} tok/s")
    if decision.get("fallback"):
        parts.append("fallback")
    return " · ".join(parts)
