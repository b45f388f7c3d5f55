"""The connection layer of `broca serve`: uvicorn's h11 protocol with the deadlines and limits it lacks.

uvicorn's h11 protocol waits for a request head as long as the client likes (a connection that sends
half a head, or nothing, and then waits holds its socket forever: slowloris), and its only bound on
connections (`limit_concurrency`) answers in plain text once the request has been read. Here a head
must be complete within `header_timeout` seconds, else 408; past `max_connections` open connections
a new one is answered 503 at once; and these, like a malformed request's 400, come in OpenAI's error
shape, which every OpenAI client shows. The body's deadline and size are the application's
(`create_app`'s `limits`): only it knows when it reads a body.
"""

from __future__ import annotations

import asyncio
import http
import json
import logging
import math
from typing import Any, ClassVar

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from memory.base.errors import ApiError

from ..config import ServeConfig

__all__ = ["LINGER_S", "GuardedH11Protocol", "guarded_protocol", "uvicorn_config"]

log = logging.getLogger("broca.serve")

# After a refusal the server stops writing but reads (and drops) what the client still sends, for
# up to this long: closing a socket with unread data makes the kernel send a reset, and a reset can
# reach the client before the refusal is read, which it would then never see.
LINGER_S = 2.0


def _response(error: ApiError) -> bytes:
    """A whole HTTP/1.1 response carrying `error`, which closes the connection."""
    body = json.dumps(error.body(), ensure_ascii=False).encode("utf-8")
    reason = http.HTTPStatus(error.status).phrase
    headers = {"content-type": "application/json", "content-length": str(len(body)), "connection": "close",
               **{k.lower(): v for k, v in error.headers.items()}}  # fmt: skip
    head = f"HTTP/1.1 {error.status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return head.encode("latin-1") + body


class GuardedH11Protocol(H11Protocol):
    """One connection. `limits` is set on a subclass per server (`guarded_protocol`): uvicorn makes
    the protocol from its class with its own arguments only."""

    limits: ClassVar[ServeConfig] = ServeConfig()
    refused: ClassVar[int] = 0  # connections refused since the last warning
    last_warning: ClassVar[float] = -math.inf

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._drain_timer: asyncio.TimerHandle | None = None
        self._linger_timer: asyncio.TimerHandle | None = None
        self._refused = False

    # -- the connection's life -----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            # Out of the count at once: a refused connection lingering must not refuse the next one.
            self.connections.discard(self)
            refused = type(self)
            refused.refused += 1
            # Once a second at most: a flood of connections must not become a flood of log lines.
            if self.loop.time() - refused.last_warning >= 1.0:
                refused.last_warning = self.loop.time()
                log.warning("refused %d connection(s): %d are open (serve.max_connections)", refused.refused,
                            len(self.connections))  # fmt: skip
                refused.refused = 0
            self.refuse(ApiError(503, f"the server has {self.limits.max_connections} connections open; try again "
                                      "shortly", type="server_error", code="server_busy",
                                 headers={"Retry-After": "1"}))  # fmt: skip
            return
        # Armed before any byte: a client that connects and sends nothing is a slow client too.
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # lingering: read and dropped
        if self._head_timer is None and self.conn.their_state is h11.IDLE:
            self._arm_head_timer()  # the first bytes of the next request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._cancel_head_timer()  # h11 has read the whole head: the body is the application's

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        for timer in (self._drain_timer, self._linger_timer):
            if timer is not None:
                timer.cancel()
        self._drain_timer = self._linger_timer = None
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._drain_timer is not None:
            self._drain_timer.cancel()
            self._drain_timer = None
        if self.conn.their_state is h11.SEND_BODY and not self.transport.is_closing():
            # Answered before its body was read (a 401, a 404, a 408 for a slow body): uvicorn drops
            # what still arrives, and every byte re-arms nothing but its keep-alive timer's removal,
            # so a client trickling the rest of a large body would hold the connection for ever.
            self._drain_timer = self.loop.call_later(self.limits.body_timeout, self._drain_timed_out)

    def send_400_response(self, msg: str) -> None:
        """A request h11 cannot parse (or whose head is over its size limit): 400 in OpenAI's shape."""
        self.refuse(ApiError(400, "the request is not valid HTTP/1.1, or its head is too large", code="bad_request"))

    # -- deadlines and refusals -------------------------------------------------------------------------

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.limits.header_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self._refused or self.conn.their_state is not h11.IDLE:
            return
        log.info("closed a connection whose request head took over %g s", self.limits.header_timeout)
        self.refuse(ApiError(408, f"the request head did not arrive within {self.limits.header_timeout:g} s",
                             code="request_timeout"))  # fmt: skip

    def _drain_timed_out(self) -> None:
        self._drain_timer = None
        if not self.transport.is_closing() and self.conn.their_state is h11.SEND_BODY:
            log.info("closed a connection still sending a body it was answered for")
            self.transport.close()  # its response is sent: nothing more to say

    def refuse(self, error: ApiError) -> None:
        """Answer `error` outside any request cycle, then close: stop writing at once, stop reading
        when the client hangs up or after `LINGER_S`."""
        if self._refused or self.transport.is_closing():
            return
        self._refused = True
        self._cancel_head_timer()
        self._unset_keepalive_if_required()
        self.transport.write(_response(error))
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self._linger_timer = self.loop.call_later(LINGER_S, self.transport.close)
        else:
            self.transport.close()


def guarded_protocol(limits: ServeConfig) -> type[GuardedH11Protocol]:
    """The protocol class for one server with these limits."""
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {"limits": limits})


def uvicorn_config(app: Any, limits: ServeConfig, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for `app` behind the guarded protocol (h11: the guards are written
    against it; no WebSocket route exists, so no upgrade path escapes them)."""
    settings: dict[str, Any] = {
        "http": guarded_protocol(limits),
        "ws": "none",
        "log_level": "warning",
        # uvicorn hands it to loop.call_later, which takes fractions of a second too.
        "timeout_keep_alive": limits.keep_alive_timeout,
        # The guarded protocol bounds connections (and so requests: one at a time per connection)
        # in OpenAI's error shape; uvicorn's own bound would answer in plain text first.
        "limit_concurrency": None,
        **options,
    }
    return uvicorn.Config(app, **settings)
