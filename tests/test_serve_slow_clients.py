"""`broca serve` against slow and greedy clients: raw sockets that hold a connection without finishing
a request, more connections than the server takes, and the official `openai` client meanwhile.
A real uvicorn server on loopback, behind the same configuration as the command; every wait is a
read with a deadline on a socket, never a sleep."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Server

from assistant.cli import cli
from assistant.config import ServeConfig

pytestmark = [pytest.mark.allow_hosts(["127.0.0.1"]), pytest.mark.slow]

# What a test waits, at most, for the server to answer or hang up; far above any deadline it sets.
PATIENCE_S = 20.0


def _connect(srv: Server) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=PATIENCE_S)
    sock.settimeout(PATIENCE_S)
    return sock


def _read_to_close(sock: socket.socket) -> bytes:
    """Everything the server sends until it hangs up (a timeout fails the test)."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def _parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def _openai_error(body: bytes) -> dict[str, object]:
    error = json.loads(body)["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["message"]
    return dict(error)


def test_half_a_request_head_then_nothing_is_cut_off_with_408(serve: Callable[..., Server]) -> None:
    srv = serve(serve=ServeConfig(header_timeout=0.5))
    with _connect(srv) as slow, _connect(srv) as silent:
        started = time.monotonic()
        slow.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: appl")
        status, headers, body = _parse(_read_to_close(slow))
        waited = time.monotonic() - started
        assert status == 408 and headers["connection"] == "close"
        assert _openai_error(body)["code"] == "request_timeout"
        assert 0.4 <= waited < 5, waited  # the deadline, not the test's patience, ended it
        # A client that connects and sends nothing at all is cut off alike.
        assert _parse(_read_to_close(silent))[0] == 408
    # A client sending a byte at a time, each before the deadline, is cut off at the deadline too:
    # the deadline is for the whole head, not for each read.
    with _connect(srv) as trickle:
        started = time.monotonic()
        answer = b""
        for byte in b"GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 200:
            try:
                trickle.sendall(bytes([byte]))
            except OSError:  # the server hung up mid-way, as it should
                break
            trickle.settimeout(0.05)  # a read with a deadline paces the bytes: no sleep
            try:
                answer += trickle.recv(65536)
            except TimeoutError:
                continue
            if answer:
                break
        trickle.settimeout(PATIENCE_S)
        answer += _read_to_close(trickle)
        assert _parse(answer)[0] == 408 and time.monotonic() - started < 5
    models = srv.client().models.list()  # and the server still answers
    assert [m.id for m in models][:2] == ["broca", "broca-fast"]


def test_connections_past_the_limit_get_503_while_admitted_clients_are_served(
    serve: Callable[..., Server],
) -> None:
    srv = serve(serve=ServeConfig(max_connections=2, header_timeout=60, keep_alive_timeout=60))
    with _connect(srv) as holder:
        holder.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # one: half a head, held open
        client = srv.client()  # two: the openai client's connection, kept alive in its pool
        assert client.models.list().data
        with _connect(srv) as third:
            third.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            status, headers, body = _parse(_read_to_close(third))
        assert status == 503 and int(headers["retry-after"]) >= 1
        error = _openai_error(body)
        assert error["code"] == "server_busy" and error["type"] == "server_error"
        assert client.models.retrieve("broca").id == "broca"  # the admitted connection is still served

        # The held connection ends its request and the server closes it: its place is free again.
        holder.sendall(b"Connection: close\r\n\r\n")
        status, _, body = _parse(_read_to_close(holder))
        assert status == 200 and json.loads(body) == {"status": "ok"}
    other = srv.client()
    assert other.models.list().data
    other.close()
    client.close()


def test_idle_kept_alive_connections_are_closed_and_garbage_gets_a_400(serve: Callable[..., Server]) -> None:
    srv = serve(serve=ServeConfig(keep_alive_timeout=0.5))
    with _connect(srv) as idle:
        idle.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        started = time.monotonic()
        status, _, body = _parse(_read_to_close(idle))  # the response, then the hang-up
        assert status == 200 and json.loads(body) == {"status": "ok"}
        assert time.monotonic() - started < 5
    with _connect(srv) as garbage:
        garbage.sendall(b"\x16\x03\x01 this is not HTTP\r\n\r\n")  # e.g. TLS spoken to a plain port
        status, _, body = _parse(_read_to_close(garbage))
        assert status == 400 and _openai_error(body)["type"] == "invalid_request_error"


def _read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One response with a Content-Length, read without waiting for the server to hang up."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536) or b"<closed>"
        assert not data.endswith(b"<closed>"), data
    status, headers, body = _parse(data)
    while len(body) < int(headers["content-length"]):
        body += sock.recv(65536)
    return status, headers, body


def test_a_client_answered_before_its_body_cannot_trickle_the_rest_for_ever(serve: Callable[..., Server]) -> None:
    srv = serve(serve=ServeConfig(body_timeout=0.5, keep_alive_timeout=60))
    with _connect(srv) as trickle:
        trickle.sendall(b"POST /v1/nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{")
        status, _, body = _read_response(trickle)  # a 404 at once: the route reads no body
        assert status == 404 and _openai_error(body)["code"] == "not_found"
        started = time.monotonic()
        trickle.settimeout(0.05)  # a read with a deadline paces the bytes: no sleep
        closed = False
        while not closed and time.monotonic() - started < PATIENCE_S:
            try:
                trickle.sendall(b" ")
                closed = trickle.recv(65536) == b""
            except TimeoutError:
                continue
            except OSError:  # a reset: closed as well
                closed = True
        assert closed and time.monotonic() - started < 5


def test_serve_section_of_the_config(isolated_env: Path) -> None:
    runner = CliRunner()
    (isolated_env / "config.toml").write_text("[serve]\nmax_connections = 32\nheader_timeout = 2.5\n")
    shown = json.loads(runner.invoke(cli, ["config", "show", "--json"]).stdout)
    assert shown["serve"] == {"max_connections": 32, "header_timeout": 2.5, "body_timeout": 30.0,
                              "keep_alive_timeout": 5.0, "max_body": 4 * 1024 * 1024, "max_pending": 64,
                              "max_batch": 256}  # fmt: skip
    (isolated_env / "config.toml").write_text("[serve]\nheader_timeout = 0\n")
    bad = runner.invoke(cli, ["config", "show"])
    assert bad.exit_code != 0 and "serve.header_timeout must be a positive number of seconds" in bad.output
    assert "--max-connections" in runner.invoke(cli, ["serve", "--help"]).output
