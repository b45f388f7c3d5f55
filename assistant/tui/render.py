"""Rich renderables for the panels and notices, built from plain records (the same dicts the chat
log stores), so a resumed conversation's "why" looks like a live one's.

Text from the owner, the model, memories or pasted content is always wrapped in `Text` (never
parsed as console markup): a stray "[bold]" in a message stays a literal string. Its control
characters go through `printable` first: an ESC from a pasted mail must not reach the terminal.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

__all__ = [
    "NO_DECISION",
    "printable",
    "render_attached",
    "render_commands",
    "render_conversations",
    "render_decision",
    "render_memories",
    "render_plan",
    "render_policy",
    "render_shield",
]

NO_DECISION = "No decision yet: ask something, or /plan TEXT."

VERDICT_STYLE = {"deliver": "bold green", "quarantine": "bold yellow", "reject": "bold red"}
# What a terminal acts on instead of showing: the C0 controls but tab and newline (ESC opens a
# sequence that can clear the screen or retitle the window), DEL, and the C1 controls (0x9b is CSI).
_UNPRINTABLE = (
    {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}  # their symbols: ␛ for ESC
    | {0x7F: 0x2421}
    | dict.fromkeys(range(0x80, 0xA0), 0xFFFD)
)


def printable(text: str) -> str:
    """`text` to show in the terminal: its control characters as symbols, never acted on."""
    return text.replace("\r\n", "\n").translate(_UNPRINTABLE)


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if math.isinf(value):
            return "inf"
        return f"{value:.{digits}f}"
    return str(value)


def _clip(text: str, limit: int = 300) -> str:
    text = " ".join(printable(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_memories(memories: Sequence[dict[str, Any]], title: str = "Recalled for this turn") -> RenderableType:
    """Each memory with its score and the components of the score."""
    parts: list[RenderableType] = [Text(title, style="bold")]
    if not memories:
        parts.append(Text("nothing recalled", style="dim"))
        return Group(*parts)
    for m in memories:
        c = m.get("components") or {}
        head = Text()
        head.append(f"#{m.get('id')} ", style="bold cyan")
        head.append(f"{m.get('kind', '?')} · {m.get('trust', '?')}")
        if m.get("score") is not None:
            head.append(f" · score {_num(m.get('score'))}", style="bold")
        parts.append(Text(""))
        parts.append(head)
        if c:
            ranks = []
            if c.get("vector_rank") is not None:
                ranks.append(f"vec#{c['vector_rank']}")
            if c.get("keyword_rank") is not None:
                ranks.append(f"kw#{c['keyword_rank']}")
            detail = (
                f"sim {_num(c.get('similarity'))} · rel {_num(c.get('relevance'))} · "
                f"recency {_num(c.get('recency'))} · importance {_num(c.get('importance'))}"
            )
            parts.append(Text(detail + (" · " + " ".join(ranks) if ranks else ""), style="dim"))
        parts.append(Text(_clip(str(m.get("text", ""))), style="italic"))
    return Group(*parts)


def _belief_table(belief: dict[str, float], expected: dict[str, float], chosen: str) -> Table:
    table = Table(box=None, pad_edge=False, show_header=True, header_style="dim")
    table.add_column("strategy")
    table.add_column("E(z)", justify="right")
    for name, value in sorted(expected.items(), key=lambda kv: kv[1]):
        style = "bold green" if name == chosen else ""
        table.add_row(Text(name, style=style), Text(_num(value), style=style))
    states = " · ".join(f"{k} {_num(v)}" for k, v in belief.items())
    table.caption = f"P(state): {states}"
    table.caption_justify = "left"
    return table


def render_decision(decision: dict[str, Any] | None, missing: str = NO_DECISION) -> RenderableType:
    """The planner's decision: strategy, expected energies, each candidate's energy and terms, vetoes.
    `missing`: what the panel says when there is none."""
    if not decision:
        return Text(missing, style="dim")
    strategy = str(decision.get("strategy", "?"))
    parts: list[RenderableType] = []
    head = Text()
    head.append("Strategy ", style="bold")
    head.append(strategy, style="bold green")
    head.append(
        f"   System {decision.get('system', '?')} · N={decision.get('n', '?')} · "
        f"accept ≤ {_num(decision.get('accept_threshold'))}"
    )
    parts.append(head)
    if decision.get("input_flags"):
        flags = "; ".join(map(str, decision["input_flags"]))
        parts.append(Text(printable("input flags: " + flags), style="yellow"))
    parts.append(_belief_table(decision.get("belief") or {}, decision.get("expected") or {}, strategy))
    parts.append(Text(""))
    parts.append(Text("Candidates", style="bold"))
    chosen = decision.get("chosen", -1)
    for i, c in enumerate(decision.get("candidates") or []):
        line = Text()
        mark = "✓ " if i == chosen else ("✗ " if c.get("vetoed") else "  ")
        style = "bold green" if i == chosen else ("red" if c.get("vetoed") else "")
        energy = c.get("energy")
        line.append(f"{mark}#{i + 1} E={_num(energy if energy is not None else math.inf)}", style=style)
        line.append(
            f"  {c.get('strategy', '')} · T={_num(c.get('temperature'), 1)} · {c.get('tokens', '?')} tok",
            style="dim",
        )
        parts.append(line)
        terms = c.get("terms") or {}
        if terms:
            # Terms that add (almost) nothing are counted, not listed: 14 hazard terms at 0.00 hide the rest.
            shown = {k: v for k, v in terms.items() if v is None or not isinstance(v, float) or abs(v) >= 0.005}
            listed = " · ".join(f"{k} {_num(v)}" for k, v in shown.items())
            quiet = len(terms) - len(shown)
            if quiet:
                listed += f"{' · ' if listed else ''}{quiet} more at 0.00"
            parts.append(Text("    " + listed, style="cyan"))
        for reason in c.get("veto_reasons") or []:
            parts.append(Text(printable(f"    veto: {reason}"), style="red"))
        parts.append(Text("    " + _clip(str(c.get("text", "")), 160), style="italic dim"))
    if decision.get("fallback"):
        parts.append(Text("every candidate was vetoed: the fixed fallback reply was given", style="bold red"))
    timings = decision.get("timings") or {}
    if timings:
        parts.append(Text(""))
        parts.append(Text("timings " + " · ".join(f"{k[:-2]} {_num(v)}s" for k, v in timings.items()), style="dim"))
    return Group(*parts)


def render_plan(plan: dict[str, Any]) -> RenderableType:
    """The latent step only (/plan TEXT): no candidate was drawn."""
    parts: list[RenderableType] = [
        Text.assemble(("Plan for ", "bold"), (_clip(plan["request"], 120), "italic")),
        Text.assemble(("Strategy ", "bold"), (plan["strategy"], "bold green"), "  (no token generated)"),
    ]
    if plan.get("input_flags"):
        parts.append(Text(printable("input flags: " + "; ".join(plan["input_flags"])), style="yellow"))
    parts.append(_belief_table(plan["belief"], plan["expected"], plan["strategy"]))
    for reason in plan.get("reasons", []):
        parts.append(Text(f"· {reason}", style="dim"))
    grounding = plan.get("grounding") or {}
    if grounding.get("fact"):
        parts.append(Text(printable(f"· best owner memory: {_clip(grounding['fact'], 120)}"), style="dim"))
    return Group(*parts)


def render_attached(source: str, chars: int, preview: str, note: str = "") -> RenderableType:
    """A document waiting for the next message: shown as what it is, untrusted data."""
    head = Text()
    head.append("Untrusted document attached: ", style="bold yellow")
    head.append(printable(f"{source}, {chars:,} chars" + (f" (shield: {note})" if note else "")))
    footer = Text(
        "It goes with your next message as quoted data: the model is told not to follow it, it is checked "
        "for prompt injection, and nothing in it is remembered as a fact about you.",
        style="dim",
    )
    return Group(head, Text(printable(preview), style="italic"), footer)


def render_shield(result: dict[str, Any]) -> RenderableType:
    verdict = str(result.get("verdict", "?"))
    head = Text()
    head.append("Shield verdict: ", style="bold")
    head.append(verdict.upper(), style=VERDICT_STYLE.get(verdict, "bold"))
    head.append(f"   energy {_num(result.get('energy'))} · p(spam) {_num(result.get('p_spam'))}")
    head.append(f" · {result.get('kind', 'text')}, {result.get('chars', '?')} chars", style="dim")
    parts: list[RenderableType] = [head]
    reasons = result.get("reasons") or []
    if not reasons:
        parts.append(Text("no term added energy", style="dim"))
    for reason in reasons:
        parts.append(Text(printable(f"· {reason}")))
    parts.append(Text("/attach gives this content to your next message, as untrusted data", style="dim"))
    return Group(*parts)


def render_policy(state: dict[str, Any]) -> RenderableType:
    parts: list[RenderableType] = []
    head = Text()
    head.append("Policy ", style="bold")
    head.append(str(state["policy"]), style="bold green")
    if state["packs"]:
        head.append(" + " + ", ".join(state["packs"]))
    parts.append(head)
    if state["objectives"]:
        table = Table(box=None, pad_edge=False, header_style="dim")
        for col in ("objective", "kind", "weight", "threshold", "scopes"):
            table.add_column(col)
        for o in state["objectives"]:
            table.add_row(
                Text(o["name"]),
                Text("hard", style="red") if o["hard"] else Text("soft"),
                _num(o["weight"]),
                _num(o["threshold"]),
                ",".join(o["scopes"]),
            )
        parts.append(table)
    if state["shipped"]:
        parts.append(Text("shipped packs: " + ", ".join(state["shipped"]) + "  (switch: /policy NAME)", style="dim"))
    return Group(*parts)


def render_conversations(conversations: Sequence[dict[str, Any]], current: int | None) -> RenderableType:
    if not conversations:
        return Text("No saved conversations yet.", style="dim")
    table = Table(box=None, pad_edge=False, header_style="dim", title="Conversations (resume: /history ID)")
    table.title_justify = "left"
    for col in ("id", "messages", "updated", "title"):
        table.add_column(col)
    for c in conversations:
        style = "bold green" if c["id"] == current else ""
        updated = time.strftime("%Y-%m-%d %H:%M", time.localtime(c["updated_at"]))
        table.add_row(
            Text(f"#{c['id']}", style=style),
            str(c["n_messages"]),
            updated,
            Text(_clip(c["title"] or "(untitled)", 60), style=style),
        )
    return table


def render_commands(commands: Sequence[tuple[str, str, str]], keys: Sequence[tuple[str, str]]) -> RenderableType:
    table = Table(box=None, pad_edge=False, show_header=False, title="Commands", title_justify="left")
    table.add_column(style="bold cyan")
    table.add_column()
    for name, args, help_text in commands:
        table.add_row(f"/{name}" + (f" {args}" if args else ""), help_text)
    keys_table = Table(box=None, pad_edge=False, show_header=False, title="Keys", title_justify="left")
    keys_table.add_column(style="bold cyan")
    keys_table.add_column()
    for key, what in keys:
        keys_table.add_row(key, what)
    return Group(table, Text(""), keys_table)
