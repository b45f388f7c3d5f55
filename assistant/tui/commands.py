"""The chat's slash commands: the table /help and the command palette show, and what each does.

`Commands.run("/name arg")` checks the line and calls the method of that name on the app it was
made for (`ChatApp`), which keeps the session, the panels and the background workers. Commands that
touch the embedder, the store or the shield run in thread workers (`ChatApp.background`), so a key
press is never stuck behind them.
"""

from __future__ import annotations

import queue
import shlex
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rich.text import Text
from textual.widgets import Static
from textual.worker import get_current_worker

from memory.base.errors import BrocaError

from ..untrusted import Document, parse_document, read_bytes, shield_note
from . import backend
from .backend import ChatError
from .render import (
    printable,
    render_commands,
    render_decision,
    render_memories,
    render_plan,
    render_policy,
    render_shield,
)
from .widgets import ConfirmScreen, HistoryScreen, ShieldScreen

if TYPE_CHECKING:
    from ..session import Session

__all__ = ["COMMANDS", "GIVEN_UP", "KEYS", "NOT_WHILE_ANSWERING", "WAIT_FOR", "ChatView", "Commands", "pasted_path"]

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
# The keys /help lists beside the commands (the app's bindings).
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


class ChatView(Protocol):
    """What the commands use of the chat app (`ChatApp`, which imports this module)."""

    session: Session
    generating: bool
    last_decision: dict[str, Any] | None
    no_decision: str

    # Textual's own methods, as callables: their signatures are Textual's.
    @property
    def notify(self) -> Callable[..., None]: ...
    @property
    def push_screen(self) -> Callable[..., Any]: ...
    @property
    def query_one(self) -> Callable[..., Any]: ...

    def background(
        self, name: str, job: Callable[[], Any], done: Callable[[Any], Any], description: str = ""
    ) -> None: ...
    def busy(self, name: str) -> bool: ...
    async def notice(self, renderable: Any, title: str = "") -> Any: ...
    def open_panel(self, name: str) -> None: ...
    def refresh_status(self) -> None: ...
    async def show_conversation(self, messages: list[dict[str, Any]]) -> None: ...
    async def start_new(self) -> None: ...
    async def add_attachment(self, document: Document) -> None: ...


class Commands:
    """The slash commands of one chat app; each method is the command of its name."""

    def __init__(self, app: ChatView) -> None:
        self.app = app
        self.shield_cache: dict[str, Any] = {}  # the shield's heads, loaded by the first /shield or /attach
        self.last_scanned: Document | None = None  # what /shield last checked, for /attach

    async def run(self, line: str) -> None:
        """Run `line` ("/name arg"); a mistake or a failure is a notification, never fatal."""
        app = self.app
        name, _, arg = line.strip()[1:].partition(" ")
        name, arg = name.lower(), arg.strip()
        if name not in _ARGS:
            app.notify(f"Unknown command /{name}: /help lists them.", severity="error", markup=False)
            return
        if app.generating and name in NOT_WHILE_ANSWERING:
            app.notify(f"/{name} has to wait until the answer is done (Esc stops it).", severity="warning")
            return
        try:
            if arg and not _ARGS[name]:  # "/new please" must not start a new conversation unsaid
                raise ChatError(f"usage: /{name} (it takes no argument)")
            await getattr(self, name)(arg)
        except BrocaError as exc:
            app.notify(str(exc), title=f"/{name}", severity="error", markup=False)
        except Exception as exc:  # a failing command is reported, never fatal
            app.notify(f"{type(exc).__name__}: {exc}", title=f"/{name} failed", severity="error", markup=False)

    def _store(self) -> Any:
        if self.app.session.store is None:
            raise ChatError("memory is off in this session, so there is nothing to remember or search")
        return self.app.session.store

    async def help(self, arg: str) -> None:
        await self.app.notice(render_commands(COMMANDS, KEYS), "help")

    async def remember(self, arg: str) -> None:
        app = self.app
        if not arg:
            raise ChatError("usage: /remember TEXT")
        self._store()
        app.background(
            "remember",
            lambda: app.session.remember(arg),
            lambda mid: app.notify(f"Remembered (#{mid}): {arg}", markup=False),
        )

    async def forget(self, arg: str) -> None:
        app = self.app
        store = self._store()
        if not arg:
            raise ChatError("usage: /forget ID [ID ...] or /forget TEXT")
        words = arg.replace(",", " ").split()
        if all(w.lstrip("#").isdigit() for w in words):
            ids = [int(w.lstrip("#")) for w in words]
            namespace = app.session.namespace

            def by_id() -> list[Any]:
                # Only ids /memories can show: one of another namespace (a typo away from one of
                # yours) was deleted unasked, though nothing in this chat lists it.
                for mid in ids:
                    memory = store.get(mid)
                    if memory is None or memory.namespace != namespace:
                        raise ChatError(f"no memory with id {mid} in your memories (/memories lists them)")
                return store.forget(ids)

            app.background("forget", by_id, self._forgotten)
            return

        def found(memories: list[Any]) -> None:
            if not memories:
                app.notify(f"No memory close enough to {arg!r}.", markup=False)
                return
            lines = Text(f"Forget {len(memories)} memor{'y' if len(memories) == 1 else 'ies'}?\n", style="bold")
            for m in memories[:10]:
                lines.append(printable(f"\n#{m.id} ({m.kind}) {m.text[:120]}"), style="")

            def answered(yes: bool | None) -> None:
                if yes:
                    targets = [m.id for m in memories]
                    app.background("forget", lambda: store.forget(targets), self._forgotten)

            app.push_screen(ConfirmScreen(lines), answered)

        app.background(
            "forget",
            lambda: store.forget(query=arg, namespace=app.session.namespace, dry_run=True),
            found,
        )

    def _forgotten(self, memories: list[Any]) -> None:
        ids = ", ".join(f"#{m.id}" for m in memories)
        self.app.notify(f"Forgot {len(memories)} memor{'y' if len(memories) == 1 else 'ies'}: {ids}" if memories else
                        "Nothing was forgotten.")  # fmt: skip

    async def memories(self, arg: str) -> None:
        app = self.app
        store = self._store()
        ns = app.session.namespace

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
            app.query_one("#memories-body", Static).update(render_memories(rows, title))
            app.open_panel("memories")

        app.background("memories", job, done)

    async def plan(self, arg: str) -> None:
        app = self.app
        if not arg:
            app.query_one("#why-body", Static).update(render_decision(app.last_decision, app.no_decision))
            app.open_panel("why")
            return

        def done(plan: dict[str, Any]) -> None:
            app.query_one("#why-body", Static).update(render_plan(plan))
            app.open_panel("why")

        app.background("plan", lambda: backend.plan_preview(app.session, arg), done)

    async def policy(self, arg: str) -> None:
        app = self.app
        if not arg:
            await app.notice(render_policy(backend.policy_state(app.session)), "policy")
            return

        async def done(loaded: tuple[Any, Any]) -> None:  # on the UI thread, between turns
            await app.notice(render_policy(backend.apply_policy(app.session, loaded)), "policy switched")
            app.refresh_status()

        if app.busy("policy"):  # two switches at once would end on whichever finished last
            raise ChatError("a policy switch is already under way: wait until it is done")
        # A pack file is a path as /attach takes one: pasted in quotes or with escaped spaces, and
        # ~user checked here ("RuntimeError: Could not determine home directory" in the guardrails).
        name = arg if arg in backend.policy_state(app.session)["shipped"] else str(pasted_path(arg))
        app.background("policy", abandonable(lambda: backend.load_policy(app.session, name)), done, name)

    async def fast(self, arg: str) -> None:
        self.app.session.fast = True
        self.app.notify("System 1: one candidate, hard vetoes only.")
        self.app.refresh_status()

    async def deliberate(self, arg: str) -> None:
        self.app.session.fast = False
        self.app.notify(f"System 2: up to {self.app.session.planner.n_max} candidates, every objective.")
        self.app.refresh_status()

    async def new(self, arg: str) -> None:
        await self.app.start_new()

    async def history(self, arg: str) -> None:
        app = self.app
        store = self._store()
        if arg:
            try:
                cid = int(arg.lstrip("#"))
            except ValueError:
                raise ChatError("usage: /history [ID]") from None
            await self._resume(cid)
            return
        conversations = store.conversations(app.session.namespace, limit=100)
        if not conversations:
            app.notify("No saved conversations yet.")
            return

        async def picked(cid: int | None) -> None:
            if cid is not None:
                try:
                    await self._resume(cid)
                except BrocaError as exc:
                    app.notify(str(exc), severity="error", markup=False)

        app.push_screen(HistoryScreen(conversations, app.session.conversation_id), picked)

    async def _resume(self, cid: int) -> None:
        messages = backend.resume(self.app.session, cid)
        await self.app.show_conversation(messages)
        self.app.refresh_status()

    async def shield(self, arg: str) -> None:
        app = self.app

        async def scan(text: str | None) -> None:
            if text is None:
                return
            if not text.strip():
                app.notify("Nothing to scan.", severity="warning")
                return
            app.notify("Scanning…", timeout=2)

            async def done(result: dict[str, Any]) -> None:
                note = _note(result)
                try:
                    self.last_scanned = parse_document(text, "pasted", note=note)
                except BrocaError:  # nothing to quote (a bare header block): never an older paste instead
                    self.last_scanned = None
                await app.notice(render_shield(result), "shield")

            app.background("shield", lambda: backend.shield_verdict(app.session.config, text, self.shield_cache), done)

        if arg:
            await scan(arg)
        else:
            app.push_screen(ShieldScreen(), scan)

    async def attach(self, arg: str) -> None:
        app = self.app
        if not arg:
            if self.last_scanned is None:
                raise ChatError(
                    "usage: /attach PATH (a mail or text file), or /attach after /shield for what it checked"
                )
            document, self.last_scanned = self.last_scanned, None
            await app.add_attachment(document)
            return
        path, config, cache = pasted_path(arg), app.session.config, self.shield_cache

        def read() -> Document:  # in a worker: the shield's verdict goes in the block's header
            data = read_bytes(path)
            document = parse_document(data, path.name, ident=str(path))
            try:
                result = backend.shield_verdict(config, data.decode("utf-8", "surrogateescape"), cache)
            except ChatError:  # no shield here: the document is still quoted as untrusted data
                return document
            document.note = _note(result)
            return document

        app.background("attach", abandonable(read), app.add_attachment, description=str(path))

    async def export(self, arg: str) -> None:
        app = self.app
        if arg.rstrip("'\"").endswith("/"):  # Path() would drop the slash that says it is a folder
            raise ChatError(f"{arg} is a folder; give a file name")
        path = pasted_path(arg, new=True) if arg else None
        if app.busy("export"):
            raise ChatError("an export is already under way: wait until it is saved (Esc gives it up)")

        def write() -> None:
            # In a worker: a FIFO nobody reads (or a hung mount) blocks the write for good, and on the
            # UI thread it froze the chat, Ctrl+Q included.
            app.background(
                "export",
                abandonable(lambda: backend.export_conversation(app.session, path)),
                lambda saved: app.notify(f"Saved the conversation to {saved}", markup=False),
                description=str(path) if path is not None else "the export",
            )

        if path is None or not path.is_file():
            write()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                write()
            else:
                app.notify(f"Not exported: {path} is left as it was.", markup=False)

        # A file the owner already has (notes, an earlier export) was replaced unasked.
        app.push_screen(
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
