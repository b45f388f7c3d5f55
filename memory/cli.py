"""`broca memory ...`: a thin layer over `memory.Store`."""

from __future__ import annotations

import contextlib
import re
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from memory.base.clikit import BrocaGroup, FiniteRange, emit_json, get_section, stdin
from memory.base.config import data_dir
from memory.base.inputs import MiB, piped_text
from memory.base.text import valid_unicode

from ._types import Kind, Memory, Trust
from .config import MemoryConfig

__all__ = ["memory_cli"]

# A memory is a note or a fact: a MiB of text is far more than one (the embedder reads its first
# 256 tokens), and /dev/zero on standard input stops there.
MAX_TEXT_BYTES = MiB
KINDS = click.Choice([k.value for k in Kind])
TRUSTS = click.Choice([t.value for t in Trust])


def _config(ctx: click.Context) -> MemoryConfig:
    return get_section(ctx, "memory", MemoryConfig)


@contextlib.contextmanager
def _store(ctx: click.Context, allow_model_change: bool = False) -> Iterator[Any]:
    from . import open_store

    cfg = _config(ctx)
    store = open_store(cfg.location(data_dir()), half_life_days=cfg.half_life_days,
                       allow_model_change=allow_model_change)  # fmt: skip
    try:
        yield store
    finally:
        store.close()


def _namespace(ctx: click.Context, namespace: str | None) -> str:
    return valid_unicode(namespace or _config(ctx).namespace)


def _when(ts: float | None) -> str:
    return "-" if ts is None else datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(text: str) -> str:
    """`text` on one line, control characters escaped: an imported memory is untrusted, and a terminal
    would obey its escape sequences (retitle the window, clear the screen, move the cursor)."""
    return _CONTROL.sub(lambda c: _ESCAPES.get(c.group(), f"\\x{ord(c.group()):02x}"), text)


def _line(m: Memory) -> str:
    merged = f" (merged into {m.merged_into})" if m.merged_into else ""
    return f"{m.id:>6}  {m.kind:<10} {m.trust:<9} {_when(m.created_at)}  {_shown(m.text)}{merged}"


def _given_namespace(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    # An empty name read as "not given" and silently meant the default namespace.
    if value is not None and not value.strip():
        raise click.BadParameter("a namespace cannot be empty")
    return value


namespace_option = click.option(
    "--namespace", "-n", callback=_given_namespace, help="Namespace (owner profile); default from the config."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


@click.group("memory", cls=BrocaGroup)
def memory_cli() -> None:
    """Long-term memory: add, search, list, forget, export and import what broca remembers."""


@memory_cli.command("add")
@click.argument("text", required=False)
@click.option("--kind", "-k", type=KINDS, default="note", show_default=True, help="What sort of memory this is.")
@namespace_option
@click.option("--source", default="owner", show_default=True, help="Where the text came from.")
@click.option("--trust", type=TRUSTS, default="owner", show_default=True, help="Who vouches for it.")
@click.option("--importance", type=FiniteRange(0, 1), default=0.5, show_default=True, help="0..1.")
@click.option("--expires-in", type=FiniteRange(min=0), help="Forget it after this many days.")
@json_option
@click.pass_context
def add_cmd(
    ctx: click.Context,
    text: str | None,
    kind: str,
    namespace: str | None,
    source: str,
    trust: str,
    importance: float,
    expires_in: float | None,
    as_json: bool,
) -> None:
    """Remember TEXT (standard input when it is left out or `-`)."""
    from ._types import MemoryStoreError

    if text is None or text == "-":
        piped = piped_text(MAX_TEXT_BYTES, "a memory")
        if piped is None:
            raise MemoryStoreError("no text: give it as an argument or on standard input")
        text = piped.strip()
    expires_at = time.time() + expires_in * 86400 if expires_in is not None else None
    with _store(ctx) as store:
        mid = store.add(
            text,
            kind=kind,
            namespace=_namespace(ctx, namespace),
            source=source,
            trust=trust,
            importance=importance,
            expires_at=expires_at,
        )
        memory = store.get(mid)
    if as_json:
        emit_json(memory.to_dict() if memory else {"id": mid})
    else:
        click.echo(mid)


@memory_cli.command("search")
@click.argument("query")
@click.option("-k", "--limit", "k", type=click.IntRange(min=1), default=5, show_default=True, help="How many results.")
@click.option("--kind", "kinds", type=KINDS, multiple=True, help="Only these kinds (repeatable).")
@click.option("--min-trust", type=TRUSTS, help="Only memories at least this trusted (owner: no untrusted text).")
@namespace_option
@click.option("--no-touch", is_flag=True, help="Do not count this as a recall (access time and count).")
@json_option
@click.pass_context
def search_cmd(
    ctx: click.Context,
    query: str,
    k: int,
    kinds: tuple[str, ...],
    min_trust: str | None,
    namespace: str | None,
    no_touch: bool,
    as_json: bool,
) -> None:
    """Recall the memories that best match QUERY, with the reasons (score components)."""
    with _store(ctx) as store:
        hits = store.search(
            query,
            k=k,
            namespace=_namespace(ctx, namespace),
            kinds=kinds or None,
            min_trust=min_trust,
            touch=not no_touch,
        )
    if as_json:
        emit_json([hit.to_dict() for hit in hits])
        return
    for hit in hits:
        c = hit.components
        why = (
            f"sim {c['similarity']:.2f}, vec #{c['vector_rank'] or '-'}, kw #{c['keyword_rank'] or '-'}, "
            f"recency {c['recency']:.2f}, importance {c['importance']:.2f}"
        )
        click.echo(
            f"{hit.score:.3f}  {hit.memory.id:>6}  [{hit.memory.kind}/{hit.memory.trust}] {_shown(hit.memory.text)}"
        )
        click.echo(f"{'':>15}{why}")


@memory_cli.command("list")
@click.option("--kind", "kinds", type=KINDS, multiple=True, help="Only these kinds (repeatable).")
@click.option("--min-trust", type=TRUSTS, help="Only memories at least this trusted.")
@namespace_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="How many, newest first.")
@click.option("--all", "include_merged", is_flag=True, help="Include memories merged by consolidation.")
@json_option
@click.pass_context
def list_cmd(
    ctx: click.Context,
    kinds: tuple[str, ...],
    min_trust: str | None,
    namespace: str | None,
    limit: int,
    include_merged: bool,
    as_json: bool,
) -> None:
    """List memories, newest first."""
    with _store(ctx) as store:
        found = store.list(
            _namespace(ctx, namespace), kinds or None, min_trust, limit=limit, include_merged=include_merged
        )
    if as_json:
        emit_json([m.to_dict() for m in found])
        return
    for m in found:
        click.echo(_line(m))


@memory_cli.command("forget")
@click.argument("ids", type=int, nargs=-1)
@click.option("--query", "-q", help="Forget what matches this text instead of ids.")
@click.option("--min-similarity", type=FiniteRange(-1, 1), default=0.5, show_default=True, help="With --query.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="With --query: at most.")
@namespace_option
@click.option("--dry-run", is_flag=True, help="Show what would be forgotten; change nothing.")
@json_option
@click.pass_context
def forget_cmd(
    ctx: click.Context,
    ids: tuple[int, ...],
    query: str | None,
    min_similarity: float,
    limit: int,
    namespace: str | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Delete memories by id (IDS...) or by --query, with their merged history."""
    from ._types import MemoryStoreError

    if bool(ids) == bool(query):
        raise MemoryStoreError("give either memory ids or --query")
    with _store(ctx) as store:
        gone = store.forget(
            list(ids) if ids else None,
            query=query,
            namespace=_namespace(ctx, namespace),
            k=limit,
            min_similarity=min_similarity,
            dry_run=dry_run,
        )
    if as_json:
        emit_json({"dry_run": dry_run, "forgotten": [m.to_dict() for m in gone]})
        return
    verb = "would forget" if dry_run else "forgot"
    click.echo(f"{verb} {len(gone)} memor{'y' if len(gone) == 1 else 'ies'}")
    for m in gone:
        click.echo(_line(m))


@memory_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default="-")
@click.option("--namespace", "-n", callback=_given_namespace, help="Only this namespace (default: all).")
@click.option("--vectors", is_flag=True, help="Include the embeddings (no re-embedding on import).")
@click.option("--conversations", is_flag=True,
              help="Include the chat log: conversations with their names, API keys and messages (a file "
                   "an older broca cannot import).")  # fmt: skip
@click.pass_context
def export_cmd(ctx: click.Context, path: Path, namespace: str | None, vectors: bool, conversations: bool) -> None:
    """Write every memory as JSONL to PATH (default: standard output)."""
    with _store(ctx) as store:
        where = namespace and valid_unicode(namespace)
        if str(path) == "-":
            store.export_jsonl(sys.stdout, where, vectors=vectors, conversations=conversations)
        else:
            n = store.export_jsonl(path, where, vectors=vectors, conversations=conversations)
            chats = f" and {store.exported_conversations} conversations" if conversations else ""
            click.echo(f"exported {n} memories{chats} to {path}", err=True)


@memory_cli.command("import")
@click.argument("path", type=click.Path(allow_dash=True, path_type=Path))  # a folder: exit 66, one line
@click.option("--trust", type=TRUSTS, default="untrusted", show_default=True, help="Trust given to imported text.")
@click.option("--keep-trust", is_flag=True, help="Keep each record's own trust (restoring your own export).")
@click.option(
    "--namespace",
    "-n",
    callback=_given_namespace,
    help="Put everything into this namespace (default: the records' own).",
)
@json_option
@click.pass_context
def import_cmd(
    ctx: click.Context, path: Path, trust: str, keep_trust: bool, namespace: str | None, as_json: bool
) -> None:
    """Add the memories of a JSONL file (an export); imported text is untrusted unless told otherwise.

    Conversations in the file (`export --conversations`) come with their names and API keys, so a
    client of `broca serve` continues them here; a name its key already uses is refused.
    """

    from .progress import progress_task

    from_stdin = str(path) == "-"
    source = stdin().buffer if from_stdin else path
    # On a terminal, a spinner with the time taken: the records are embedded in one pass.
    with _store(ctx) as store, progress_task(None, "importing memories"):
        ids = store.import_jsonl(
            source,
            trust=None if keep_trust else trust,
            namespace=namespace,
            name="standard input" if from_stdin else "",
        )
    if as_json:
        emit_json({"imported": len(ids), "ids": ids, "conversations": store.imported_conversations})
    else:
        chats = f" and {store.imported_conversations} conversations" if store.imported_conversations else ""
        click.echo(f"imported {len(ids)} memories{chats}")


@memory_cli.command("stats")
@json_option
@click.pass_context
def stats_cmd(ctx: click.Context, as_json: bool) -> None:
    """Counts, sizes, schema, embedding model and index state of the memory file."""
    with _store(ctx, allow_model_change=True) as store:
        report = store.stats()
    if as_json:
        emit_json(report)
        return
    click.echo(f"{report['path']}  ({report['size_bytes'] / 1e6:.1f} MB)")
    emb = report["embedder"]
    click.echo(f"model: {emb['model']} ({emb['dim']} dims){'' if emb['matches'] else '  NEEDS REINDEX'}")
    click.echo(f"memories: {report['memories']} ({report['live']} live, {report['merged']} merged)")
    for key in ("by_namespace", "by_kind", "by_trust"):
        click.echo(f"  {key[3:]}: " + ", ".join(f"{k}={v}" for k, v in sorted(report[key].items())))
    click.echo(f"conversations: {report['conversations']}, messages: {report['messages']}")
    click.echo(f"schema: {', '.join(report['schema'])}")


@memory_cli.command("reindex")
@json_option
@click.pass_context
def reindex_cmd(ctx: click.Context, as_json: bool) -> None:
    """Re-embed every memory with the current embedding model (after a model change)."""
    from .progress import progress_task

    with _store(ctx, allow_model_change=True) as store, progress_task(None, "re-embedding") as bar:
        n = store.reindex(progress=lambda done, total: bar.update(done, total=total))
        report = {"reindexed": n, "model": store.model_name, "dim": store.dim}
    if as_json:
        emit_json(report)
    else:
        click.echo(f"re-embedded {n} memories with {report['model']}")


@memory_cli.command("consolidate")
@click.option("--threshold", type=FiniteRange(0, 1), default=0.92, show_default=True, help="Cosine similarity.")
@namespace_option
@click.option("--dry-run", is_flag=True, help="Show the merges; change nothing.")
@json_option
@click.pass_context
def consolidate_cmd(ctx: click.Context, threshold: float, namespace: str | None, dry_run: bool, as_json: bool) -> None:
    """Merge near-duplicate memories, keeping the merged ones as history."""
    with _store(ctx) as store:
        plan = store.consolidate(_namespace(ctx, namespace), threshold=threshold, dry_run=dry_run)
    if as_json:
        emit_json({"dry_run": dry_run, "merges": plan})
        return
    verb = "would merge" if dry_run else "merged"
    click.echo(f"{verb} {sum(len(p['merged']) for p in plan)} memories into {len(plan)}")
    for step in plan:
        click.echo(f"  {step['kept']} <- {', '.join(map(str, step['merged']))}")
