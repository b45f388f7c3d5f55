"""`broca serve` and `broca serve keys add|list|revoke`."""

from __future__ import annotations

import ipaddress
import logging
import socket
from datetime import UTC, datetime

import click

from memory.base.clikit import BrocaGroup, emit_json
from memory.base.errors import UsageError

from ..config import get_config
from .keys import KeyStore, keys_path

__all__ = ["serve_cli"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the server starts: port 0 gets a free port, which we print."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(128)
    return sock


@click.group(cls=BrocaGroup, invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (not loopback: needs keys).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--no-memory", is_flag=True, help="Neither recall from nor write to the memory store.")
@click.option("--max-body", type=click.IntRange(min=1024),
              help="Largest request body, in bytes (default: serve.max_body, 4 MiB).")  # fmt: skip
@click.option("--max-pending", type=click.IntRange(min=1),
              help="Requests that may wait for the model before the server answers 503 (default: "
                   "serve.max_pending, 64).")  # fmt: skip
@click.option("--max-connections", type=click.IntRange(min=1),
              help="Open connections past which a new one is answered 503 (default: serve.max_connections, "
                   "256).")  # fmt: skip
@click.pass_context
def serve_cli(ctx: click.Context, host: str, port: int, no_memory: bool, max_body: int | None,
              max_pending: int | None, max_connections: int | None) -> None:  # fmt: skip
    """Serve the guarded assistant over OpenAI's HTTP API (chat, moderations, embeddings, shield).

    Listens on 127.0.0.1 by default. Any other address needs API keys (`broca serve keys add`);
    once a key exists, every request needs one, and each key sees only its own memories. Limits on
    clients (connections, deadlines, sizes) are the [serve] section of the config file.
    """
    if ctx.invoked_subcommand is not None:
        return
    import dataclasses

    import uvicorn

    from .app import create_app
    from .engine import Engine
    from .server import uvicorn_config

    config = get_config(ctx)
    flags = {"max_body": max_body, "max_pending": max_pending, "max_connections": max_connections}
    limits = dataclasses.replace(config.serve, **{k: v for k, v in flags.items() if v is not None})
    keys = KeyStore(keys_path(config.data_dir))
    remote = not is_loopback(host)
    if remote and not keys.any_active():
        raise UsageError(f"listening on {host} needs API keys: make one with `broca serve keys add NAME`")
    sock = bind(host, port)
    engine = Engine(config, use_memory=not no_memory, max_pending=limits.max_pending)
    engine.warm()
    app = create_app(engine, keys, require_keys=remote, limits=limits)
    bound = sock.getsockname()
    shown = f"[{bound[0]}]" if sock.family == socket.AF_INET6 else bound[0]
    auth = f"{sum(k.active for k in keys.all())} API key(s)" if keys.any_active() else "no API key (loopback only)"
    click.echo(f"broca serve: listening on http://{shown}:{bound[1]}/v1 ({auth})", err=True)
    logging.getLogger("broca.serve").setLevel(logging.INFO)
    server = uvicorn.Server(uvicorn_config(app, limits, timeout_graceful_shutdown=30))
    try:
        server.run(sockets=[sock])
    finally:
        engine.close()


@serve_cli.group("keys", cls=BrocaGroup)
def keys_cli() -> None:
    """Make, list and revoke the API keys of `broca serve`."""


@keys_cli.command("add")
@click.argument("name")
@click.option("--namespace", help="Memory namespace of the key's requests (default: the key's name).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def keys_add(ctx: click.Context, name: str, namespace: str | None, as_json: bool) -> None:
    """Make a key called NAME and print it (once: only its hash is kept)."""
    store = KeyStore(keys_path(get_config(ctx).data_dir))
    record, secret = store.add(name, namespace)
    if as_json:
        emit_json({**record.public(), "key": secret})
    else:
        click.echo(secret)
        click.echo(f"key {record.name!r} (namespace {record.namespace!r}): store it now, it is not shown again",
                   err=True)  # fmt: skip


@keys_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per key.")
@click.pass_context
def keys_list(ctx: click.Context, as_json: bool) -> None:
    """List the keys (names, namespaces, prefixes; never the keys)."""
    for key in KeyStore(keys_path(get_config(ctx).data_dir)).all():
        if as_json:
            emit_json(key.public())
            continue
        state = "active" if key.active else f"revoked {_when(key.revoked or 0)}"
        click.echo(f"{key.name}\t{key.namespace}\t{key.prefix}…\t{_when(key.created)}\t{state}")


@keys_cli.command("revoke")
@click.argument("name")
@click.pass_context
def keys_revoke(ctx: click.Context, name: str) -> None:
    """Revoke the key called NAME; a running server refuses it from its next request."""
    record = KeyStore(keys_path(get_config(ctx).data_dir)).revoke(name)
    click.echo(f"revoked {record.name!r}", err=True)


def _when(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d %H:%M UTC")
