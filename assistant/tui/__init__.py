"""The terminal chat UI (`broca chat`), a Textual app over `assistant.session.Session`.

    from assistant.tui import ChatApp, build_session
    ChatApp(build_session(config)).run()

Names load lazily: importing this package does not import Textual (`broca --help` stays fast).
"""

from __future__ import annotations

from typing import Any

__all__ = ["COMMANDS", "ChatApp", "ChatError", "GenerationCancelled", "Opened", "build_session"]

_WHERE = {
    "COMMANDS": "commands",
    "ChatApp": "app",
    "ChatError": "backend",
    "GenerationCancelled": "backend",
    "Opened": "backend",
    "build_session": "backend",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
