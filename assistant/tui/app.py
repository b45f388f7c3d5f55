"""`ChatApp`: the Textual chat UI over `assistant.session.Session`.

Turns run in a thread worker (llama.cpp blocks). Tokens are buffered and the UI, woken by a
`TokensReady` message, appends them to a markdown stream: the decoder never waits for the UI.
Esc sets an event that the token callback turns into `GenerationCancelled`, which unwinds
llama-cpp-python's generator and frees the model. The slash commands are in `commands.py`; those
that touch the embedder, the store or the shield run in thread workers too (`ChatApp.background`),
so a key press is never stuck behind them.
"""

from __future__ import annotations

import contextlib
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
from ..untrusted import DOC_TAG, Document
from . import backend
from .backend import GenerationCancelled, Opened
from .commands import COMMANDS, GIVEN_UP, WAIT_FOR, Commands
from .render import (
    NO_DECISION,
    printable,
    render_attached,
    render_decision,
    render_memories,
)
from .widgets import AssistantMessage, HistoryInput, Notice, UserMessage

__all__ = ["ChatApp", "TokensReady"]


class TokensReady(Message):
    """The decoder thread buffered pieces for the UI to show."""


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
        self.no_decision = NO_DECISION  # what the why panel says while last_decision is None
        self.tokens_per_s: float | None = None
        self._cancel = threading.Event()
        self._current: AssistantMessage | None = None
        self._stream: Any = None  # textual's MarkdownStream for the candidate being drawn
        self._index = -1
        self._pieces = 0
        self._started = 0.0
        self._attached: list[Document] = []  # untrusted documents for the next message
        self._buffer: list[tuple[int, str]] = []  # pieces decoded, not yet shown
        self._buffer_lock = threading.Lock()
        self._wake_posted = False
        self.commands = Commands(self)  # the slash commands

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
            await self.show_conversation(self.session.store.messages(self.resumed))
        else:
            await self.notice(Text(WELCOME, style="dim"), "welcome")
        self.refresh_status()
        self.query_one(HistoryInput).focus()

    @property
    def conversation(self) -> VerticalScroll:
        return self.query_one("#conversation", VerticalScroll)

    @property
    def prompt(self) -> HistoryInput:
        return self.query_one(HistoryInput)

    async def notice(self, renderable: Any, title: str = "") -> Notice:
        notice = Notice(renderable, title)
        await self.conversation.mount(notice)
        return notice

    async def show_conversation(self, messages: list[dict[str, Any]]) -> None:
        await self.conversation.remove_children()
        shown = messages[-MAX_SHOWN:]
        title = f"Conversation #{self.session.conversation_id} resumed: {len(messages)} messages"
        if len(messages) > len(shown):
            title += f", the last {len(shown)} shown (/export has them all)"
        await self.notice(Text(title + ". Ctrl+N starts a new one.", style="dim"), "resumed")
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
        self.show_decision(decision)

    def show_decision(self, decision: dict[str, Any] | None, missing: str = NO_DECISION) -> None:
        self.last_decision, self.no_decision = decision, missing
        self.query_one("#why-body", Static).update(render_decision(decision, missing))
        memories = (decision or {}).get("memories") or []
        self.query_one("#memories-body", Static).update(render_memories(memories))
        if decision:
            self.tokens_per_s = backend.tokens_per_second(decision)

    def refresh_status(self) -> None:
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
            if self.busy(name):
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

    def busy(self, name: str) -> bool:
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
        self.refresh_status()
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
            self.refresh_status()

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
        self.show_decision(decision)
        if reply.remembered:
            self.notify(f"Remembered {len(reply.remembered)} thing(s) you said about yourself (/memories).")
        if reply.document_flags:
            self.notify("; ".join(reply.document_flags), severity="warning", markup=False)
        self.refresh_status()

    async def _turn_stopped(self, documents: list[Document]) -> None:
        message = await self._end_stream()
        if message is not None:
            message.set_header("stopped")
            message.add_class("stopped")
        # The previous turn's decision would now describe a reply that is not the last one.
        self.show_decision(None, "The last turn stopped: it has no decision.")
        self._reattach(documents)
        kept = " The attached documents wait for your next message." if documents else ""
        self.notify("Stopped. Nothing of this turn was saved." + kept)
        self.refresh_status()

    async def _turn_failed(self, why: str, documents: list[Document]) -> None:
        message = await self._end_stream()
        if message is not None:
            message.set_header("failed")
            message.add_class("failed")
        self.show_decision(None, "The last turn failed: it has no decision.")
        self._reattach(documents)
        self.notify(why, title="The answer failed", severity="error", timeout=15, markup=False)
        self.refresh_status()

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

    def open_panel(self, name: str) -> None:
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

    # -- slash commands (commands.py) -----------------------------------------------------------

    async def run_command(self, line: str) -> None:
        await self.commands.run(line)

    def background(self, name: str, job: Callable[[], Any], done: Callable[[Any], Any], description: str = "") -> None:
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

    async def start_new(self) -> None:
        """A new conversation: the session forgets the current one, the screen starts over."""
        backend.start_new(self.session)
        await self.conversation.remove_children()
        await self.notice(Text("New conversation. " + WELCOME, style="dim"), "new")
        self.last_answer = ""
        self.show_decision(None)
        self.tokens_per_s = None
        self.refresh_status()

    async def add_attachment(self, document: Document) -> None:  # not _attach: textual's MessagePump has one
        """Give `document` to the next message, as untrusted data."""
        self._attached.append(document)
        self.refresh_status()
        preview = document.text[:300] + ("…" if len(document.text) > 300 else "")
        await self.notice(render_attached(document.source, len(document.text), preview, document.note), "attached")


def owner_words(content: str) -> str:
    """What the owner typed of a logged message. The log keeps what the model was sent, with any
    attached documents quoted after the owner's words: Up must never recall those as typed text,
    or Enter would send a document's "my name is ..." as the owner's own word."""
    return content.split(f"\n\n<{DOC_TAG}", 1)[0]


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
