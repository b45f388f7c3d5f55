"""Regenerate docs/chat.svg: the chat UI's main screen after a real turn, with the why panel open.

.venv/bin/python docs/screenshot.py        # about a minute; uses a throwaway data dir
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
OUT = Path(__file__).resolve().parent / "chat.svg"


async def shoot() -> None:
    from assistant.config import load_config
    from assistant.tui import ChatApp, build_session

    config = load_config()
    config.llm.max_tokens = 120
    opened = build_session(config, new=True)
    app = ChatApp(opened, seed=3)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(*"/remember I live in Lisbon and I cycle to work", "enter")
        await app.workers.wait_for_complete()
        await app.send("Any tips for my commute when it rains?")
        await app.workers.wait_for_complete()
        await pilot.press("f3")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        OUT.write_text(app.export_screenshot(title="broca chat"), encoding="utf-8")
    print(f"wrote {OUT}; answer: {app.last_answer[:80]!r}")


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["BROCA_DATA_DIR"] = str(Path(home) / "data")
        os.environ["BROCA_CONFIG"] = str(Path(home) / "config.toml")
        asyncio.run(shoot())


if __name__ == "__main__":
    main()
