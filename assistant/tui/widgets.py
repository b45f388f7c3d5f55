"""The chat UI's widgets: messages, the prompt with history, and the modal screens."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import RenderableType
from rich.highlighter import Highlighter
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Markdown, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from .render import printable

__all__ = [
    "AssistantMessage",
    "ConfirmScreen",
    "HistoryInput",
    "HistoryScreen",
    "Notice",
    "ShieldScreen",
    "UserMessage",
]


class UserMessage(Static):
    """What the owner typed, shown verbatim (never parsed as markup, control characters as symbols)."""

    DEFAULT_CLASSES = "message user"

    def __init__(self, text: str) -> None:
        super().__init__(Text(printable(text)))
        self.text = text
        self.border_title = "you"


class AssistantMessage(Vertical):
    """A reply: a header line (strategy, N, state) over the markdown body it streams into."""

    DEFAULT_CLASSES = "message assistant"

    def __init__(self, text: str = "", header: str = "") -> None:
        super().__init__()
        self.text = text
        self._header = header
        self.border_title = "broca"

    def compose(self) -> ComposeResult:
        yield Markdown(printable(self.text), classes="body")

    def on_mount(self) -> None:
        self.border_subtitle = self._header

    @property
    def markdown(self) -> Markdown:
        return self.query_one(Markdown)

    def set_header(self, header: str) -> None:
        self._header = header
        self.border_subtitle = header


class Notice(Static):
    """Output of a command (help, policy, shield verdict...) in the conversation, not sent to the model."""

    DEFAULT_CLASSES = "notice"

    def __init__(self, renderable: RenderableType, title: str = "") -> None:
        super().__init__(renderable)
        self.border_title = title


class _Printable(Highlighter):
    """Shows the prompt's control characters as symbols (a pasted ESC is not sent to the terminal)."""

    def highlight(self, text: Text) -> None:
        # A pasted line break stays in the value (it is sent) but the prompt has one line: its symbol.
        text.plain = printable(text.plain).replace("\n", "\u2424")


class HistoryInput(Input):
    """The prompt: Enter sends, Up/Down walk through what was sent before (the draft is kept)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Previous", show=False),
        Binding("down", "history(1)", "Next", show=False),
    ]

    def __init__(self, commands: list[str], **kwargs: Any) -> None:
        super().__init__(suggester=SuggestFromList(commands, case_sensitive=False), highlighter=_Printable(), **kwargs)
        self.history: list[str] = []
        self._position: int | None = None
        self._draft = ""

    def _on_paste(self, event: events.Paste) -> None:
        # Input keeps the first line of a paste and drops the rest unsaid: take it all (the message
        # is sent as pasted, line breaks and all); a copied line's own trailing break is left out.
        text = event.text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
        if text:
            if self.selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *self.selection)
        event.prevent_default()  # Input's own handler would insert the first line again
        event.stop()

    def push(self, text: str) -> None:
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._position = None
        self._draft = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position is None:
            if step > 0:
                return
            self._draft = self.value
            position = len(self.history) - 1
        else:
            position = self._position + step
        if position < 0:
            return
        if position >= len(self.history):
            self._position = None
            self.value = self._draft
        else:
            self._position = position
            self.value = self.history[position]
        self.cursor_position = len(self.value)


class ShieldScreen(ModalScreen[str | None]):
    """Paste content (a mail, an SMS, a web page) to see the shield's verdict on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "scan", "Scan", priority=True),
        Binding("escape", "dismiss_none", "Cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="shield-dialog", classes="dialog"):
            yield Label("Paste the content to check (Ctrl+S scans, Esc cancels). It is treated as data only.")
            yield TextArea(id="shield-text", soft_wrap=True)
            with Horizontal(classes="buttons"):
                yield Button("Scan", variant="primary", id="scan")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        # A pasted mail's control characters would reach the terminal as they are: keep their symbols
        # (the lines hold no line breaks, so the cursor stays where it was).
        area = event.text_area
        lines = area.document.lines
        shown = [printable(line) for line in lines]
        if shown != lines:
            cursor = area.cursor_location
            area.load_text("\n".join(shown))
            area.cursor_location = cursor

    def action_scan(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "scan":
            self.action_scan()
        else:
            self.dismiss(None)


class HistoryScreen(ModalScreen[int | None]):
    """Pick a saved conversation to resume."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, conversations: list[dict[str, Any]], current: int | None) -> None:
        super().__init__()
        self.conversations = conversations
        self.current = current

    def compose(self) -> ComposeResult:
        import time

        options = []
        for c in self.conversations:
            updated = time.strftime("%Y-%m-%d %H:%M", time.localtime(c["updated_at"]))
            mark = "● " if c["id"] == self.current else "  "
            title = printable(c["title"] or "(untitled)")
            label = Text(f"{mark}#{c['id']:<4} {updated}  {c['n_messages']:>3} msg  {title}")
            options.append(Option(label, id=str(c["id"])))
        with Vertical(id="history-dialog", classes="dialog"):
            yield Label("Resume a conversation (Enter), Esc to cancel")
            yield OptionList(*options, id="history-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question (y / n, Enter / Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: RenderableType) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(self.question)
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", variant="error", id="yes")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
