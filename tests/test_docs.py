"""The docs: the CLI reference matches the commands, every command and option has help, the site
builds with warnings as errors, and the README stays a short front page."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import click

from assistant.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"


def gen_cli() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cli", DOCS / "gen_cli.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def commands() -> list[tuple[str, click.Command]]:
    return [(" ".join(path), command) for path, command, _ in gen_cli().walk(cli, ["broca"])]


def test_cli_reference_is_up_to_date() -> None:
    committed = (DOCS / "cli.md").read_text(encoding="utf-8")
    generated = gen_cli().render()
    if committed != generated:
        headings = re.compile(r"^#+ (broca.*)$", re.M)
        old = dict(zip(headings.findall(committed), re.split(r"^#+ broca.*$", committed, flags=re.M)[1:], strict=True))
        new = dict(zip(headings.findall(generated), re.split(r"^#+ broca.*$", generated, flags=re.M)[1:], strict=True))
        changed = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
        raise AssertionError(
            f"docs/cli.md is out of date (changed: {', '.join(changed) or 'the header'}): "
            "run `.venv/bin/python docs/gen_cli.py` and commit docs/cli.md"
        )


def test_cli_reference_lists_every_command() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name, _ in commands():
        assert re.search(rf"^#+ {re.escape(name)}$", text, re.M), f"{name} is missing from docs/cli.md"
    for name in ("broca ask", "broca chat", "broca memory add", "broca shield scan", "broca serve keys add"):
        assert re.search(rf"^#+ {re.escape(name)}$", text, re.M), name


def test_every_command_and_option_has_help() -> None:
    """As sqlite-utils does: a command or option without help fails (click arguments take none)."""
    missing = []
    for name, command in commands():
        if not (command.help or "").strip():
            missing.append(name)
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden and not (param.help or "").strip():
                missing.append(f"{name} {param.opts[0]}")
    assert not missing, f"no help text: {missing}"


def test_docs_site_builds_strictly(tmp_path: Path) -> None:
    """mkdocs build --strict: broken internal links and anchors, and pages outside the nav, fail it."""
    config, site = ROOT / "mkdocs.yml", tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (site / "index.html").is_file()
    for page in ("chat", "ask", "energy", "memory", "guardrails", "shield", "finetuning", "serving", "cli"):
        assert (site / page / "index.html").is_file(), page
    assert (site / "chat.svg").is_file()  # the chat page's screenshot
    assert not list(site.glob("*.py"))  # the scripts beside the pages are not published


def test_readme_is_a_short_front_page() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    commands = [line.strip() for line in text.splitlines() if line.startswith("    ")]
    assert commands[:2] == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/broca chat",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest",
    ]


def test_readme_and_docs_links_resolve() -> None:
    """The README links into docs/ (GitHub renders it): every relative link names a file that is there."""
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    assert any(link.startswith("docs/") for link in links)
    for link in links:
        if "://" not in link:
            assert (ROOT / link).exists(), link
