"""The ASGI application behind `broca serve`: OpenAI's HTTP API over the guarded turn loop.

Starlette, not FastAPI: seven routes need no schema layer, and every mistake in a request gets a
hand-written message that names the field, in OpenAI's error shape. Each route reads and checks its
request on the event loop, then hands the computation to the engine's one worker thread.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import math
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from memory.base.errors import BrocaError, PromptError

from ..config import ServeConfig
from ..untrusted import Document
from .engine import ChatTurn, Engine, EngineBusy
from .keys import KeyFileError, KeyStore
from .protocol import (
    CHAT_MODELS,
    ApiError,
    chunked,
    conversation_name,
    finish_reason,
    moderation_result,
    read_chat,
    read_texts,
    usage,
)

if TYPE_CHECKING:
    from ..planner import Decision
    from ..session import Reply

__all__ = ["CONVERSATION_HEADER", "MODERATION_MODELS", "create_app"]

log = logging.getLogger("broca.serve")
T = TypeVar("T")

# Moderation is meant as a drop-in for OpenAI's: its model names are accepted as aliases of ours.
MODERATION_MODEL = "broca-guardrails"
MODERATION_MODELS = (MODERATION_MODEL, "omni-moderation-latest", "text-moderation-latest", "text-moderation-stable")


# Names the conversation a chat request continues, as `metadata.conversation` in the body does: for
# clients that cannot add to the body (a proxy, a front-end with fixed requests).
CONVERSATION_HEADER = "X-Broca-Conversation"


def _finite(value: Any) -> Any:
    """JSON has no infinity: an infinite energy (a veto) is written as null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _dumps(obj: Any) -> str:
    return json.dumps(_finite(obj), ensure_ascii=False, allow_nan=False)


def _json(obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(_dumps(obj), status_code=status, media_type="application/json", headers=headers)


def _error(exc: ApiError) -> Response:
    return _json(exc.body(), exc.status, exc.headers)


def _as_api_error(exc: BaseException) -> ApiError:
    """What the client is told of an error raised while computing its answer."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, EngineBusy):
        return ApiError(503, str(exc), type="server_error", code="server_busy", headers={"Retry-After": "5"})
    if isinstance(exc, PromptError):
        return ApiError(400, str(exc), code="context_length_exceeded", param="messages")
    if isinstance(exc, BrocaError):  # a state of this installation the operator can fix: said as it is
        return ApiError(500, str(exc), type="server_error")
    log.error("internal error", exc_info=exc)
    return ApiError(500, "internal server error (the server log has the details)", type="server_error")


def create_app(engine: Engine, keys: KeyStore, *, require_keys: bool = False, limits: ServeConfig | None = None
               ) -> Starlette:  # fmt: skip
    """The application. `require_keys`: refuse every request without a valid key, even when no key
    exists (the server is reachable from other machines). `limits`: the [serve] section whose body
    size and deadline and batch size the application enforces (the connection layer, `server.py`,
    enforces the rest)."""
    limits = limits or ServeConfig()
    default_namespace = engine.config.memory.namespace

    def client_of(request: Request) -> tuple[str, str]:
        """The request's memory namespace and its client's identity (which owns the conversations
        it names): the key's name and a prefix of its hash, so that a key revoked and made again
        under the same name does not continue the old key's conversations; '' without keys."""
        try:
            keyed = require_keys or keys.any_active()
        except KeyFileError as exc:
            log.error("%s", exc)
            raise ApiError(500, "the server's key file is unreadable", type="server_error") from None
        if not keyed:
            return default_namespace, ""  # loopback only, and no key made: the owner's own machine
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "no API key: send 'Authorization: Bearer <key>'", code="invalid_api_key")
        key = keys.lookup(token.strip())
        if key is None:
            raise ApiError(401, "the API key is not valid (unknown or revoked)", code="invalid_api_key")
        return key.namespace, f"{key.name}:{key.sha256[:16]}"

    def namespace_of(request: Request) -> str:
        return client_of(request)[0]

    def conversation_of(request: Request, named: str | None) -> str | None:
        """The conversation a chat request continues: `metadata.conversation` or the
        X-Broca-Conversation header (UTF-8), which must agree where both are given."""
        raw = request.headers.get(CONVERSATION_HEADER)
        header = None
        if raw is not None:
            try:
                header = conversation_name(raw.encode("latin-1").decode("utf-8"), CONVERSATION_HEADER)
            except UnicodeError:
                raise ApiError(400, f"the {CONVERSATION_HEADER} header is not UTF-8",
                               param=CONVERSATION_HEADER) from None  # fmt: skip
        if header is not None and named is not None and header != named:
            raise ApiError(400, f"metadata.conversation ({named!r}) and the {CONVERSATION_HEADER} header "
                                f"({header!r}) name different conversations", param="metadata.conversation",
                           code="conversation_mismatch")  # fmt: skip
        name = named if named is not None else header
        if name is not None and engine.store is None:
            raise ApiError(400, "this server keeps no memory (--no-memory), so it cannot continue a conversation",
                           param="metadata.conversation")  # fmt: skip
        return name

    async def read_body(request: Request) -> bytes:
        """The whole body, refused past `max_body` bytes or `body_timeout` seconds (a slow client)."""
        too_large = ApiError(413, f"the body is larger than {limits.max_body} bytes", code="request_too_large")
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limits.max_body:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(limits.body_timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limits.max_body:
                        raise too_large
                    chunks.append(chunk)
        except TimeoutError:
            raise ApiError(408, f"the body did not arrive within {limits.body_timeout:g} s",
                           code="request_timeout") from None  # fmt: skip
        return b"".join(chunks)

    async def read_json(request: Request) -> dict[str, Any]:
        try:
            body = json.loads(await read_body(request))
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "the body is not valid JSON") from None
        if not isinstance(body, dict):
            raise ApiError(400, "the body must be a JSON object")
        return body

    async def compute(fn: Callable[[], T]) -> T:
        try:
            future = engine.submit(fn)
        except EngineBusy as exc:
            raise _as_api_error(exc) from None
        return await asyncio.wrap_future(future)

    # -- routes ------------------------------------------------------------------------------------

    async def health(request: Request) -> Response:
        return _json({"status": "ok"})

    async def models(request: Request) -> Response:
        namespace_of(request)
        return _json({"object": "list", "data": [_model(m) for m in _model_ids()]})

    async def model(request: Request) -> Response:
        namespace_of(request)
        name = request.path_params["name"]
        if name not in _model_ids():
            raise ApiError(404, f"the model {name!r} does not exist", param="model", code="model_not_found")
        return _json(_model(name))

    def _model_ids() -> list[str]:
        return [*CHAT_MODELS, engine.embedder.name, MODERATION_MODEL]

    def _model(name: str) -> dict[str, Any]:
        return {"id": name, "object": "model", "created": 0, "owned_by": "broca"}

    async def chat(request: Request) -> Response:
        namespace, client = client_of(request)
        req = read_chat(await read_json(request), engine.model.n_ctx)
        conversation = conversation_of(request, req["conversation"])
        turn = ChatTurn(
            text=req["text"],
            history=req["history"],
            documents=[Document(text=text, source=f"tool output {name}") for name, text in req["tool_output"]],
            system=req["system"],
            fast=req["fast"],
            temperature=req["temperature"],
            max_tokens=req["max_tokens"],
            seed=req["seed"],
            conversation=conversation,
        )
        max_tokens = req["max_tokens"] or engine.config.llm.max_tokens
        meta = {"id": f"chatcmpl-{uuid.uuid4().hex}", "created": int(time.time()), "model": req["model"]}
        if req["stream"]:
            return StreamingResponse(
                _stream(turn, namespace, client, meta, max_tokens, req["include_usage"]),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
            )

        def run() -> tuple[Reply, int]:
            return engine.chat(turn, namespace, key=client), engine.count_tokens(turn.text)

        try:
            reply, prompt_tokens = await compute(run)
        except Exception as exc:
            raise _as_api_error(exc) from None
        completion = _tokens(reply.decision)
        return _json(
            {
                **meta,
                "object": "chat.completion",
                "system_fingerprint": None,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply.text, "refusal": None},
                        "logprobs": None,
                        "finish_reason": _finish(reply.decision, max_tokens),
                    }
                ],
                "usage": usage(prompt_tokens, completion),
                "broca": _extension(reply, turn),
            }
        )

    async def _stream(
        turn: ChatTurn, namespace: str, client: str, meta: dict[str, Any], max_tokens: int, include_usage: bool
    ) -> AsyncIterator[str]:
        """Server-sent events. Nothing the guardrails have not scored is sent: the chosen reply
        streams once the planner has chosen it, while its memory write runs."""
        loop = asyncio.get_running_loop()
        events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

        def put(kind: str, value: Any) -> None:
            loop.call_soon_threadsafe(events.put_nowait, (kind, value))

        def run() -> None:
            try:
                reply = engine.chat(turn, namespace, on_decision=lambda d: put("decision", d), key=client)
                put("done", (reply, engine.count_tokens(turn.text)))
            except BaseException as exc:
                put("error", exc)

        def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            body = {**meta, "object": "chat.completion.chunk", "system_fingerprint": None, "choices": [choice], **extra}
            return f"data: {_dumps(body)}\n\n"

        try:
            engine.submit(run)
        except EngineBusy as exc:
            yield f"data: {_dumps(_as_api_error(exc).body())}\n\n"
            return
        yield chunk({"role": "assistant", "content": ""})
        decision: Decision | None = None
        while True:
            kind, value = await events.get()
            if kind == "error":
                yield f"data: {_dumps(_as_api_error(value).body())}\n\n"
                return
            if kind == "decision":
                decision = value
                for piece in chunked(value.text):
                    yield chunk({"content": piece})
                continue
            reply, prompt_tokens = value
            if decision is None:  # the turn ended without a decision hook (cannot happen today)
                for piece in chunked(reply.text):
                    yield chunk({"content": piece})
            yield chunk({}, _finish(reply.decision, max_tokens), broca=_extension(reply, turn))
            if include_usage:
                body = {**meta, "object": "chat.completion.chunk", "choices": [],
                        "usage": usage(prompt_tokens, _tokens(reply.decision))}  # fmt: skip
                yield f"data: {_dumps(body)}\n\n"
            yield "data: [DONE]\n\n"
            return

    async def moderations(request: Request) -> Response:
        namespace_of(request)
        body = await read_json(request)
        name = body.get("model") or MODERATION_MODEL
        if name not in MODERATION_MODELS:
            raise ApiError(404, f"the moderation model {name!r} does not exist (use {MODERATION_MODEL})",
                           param="model", code="model_not_found")  # fmt: skip
        texts = read_texts(body, limits.max_batch)
        try:
            verdicts = await compute(lambda: engine.moderate(texts))
        except Exception as exc:
            raise _as_api_error(exc) from None
        results = [moderation_result(v) for v in verdicts]
        return _json({"id": f"modr-{uuid.uuid4().hex}", "model": MODERATION_MODEL, "results": results})

    async def embeddings(request: Request) -> Response:
        namespace_of(request)
        body = await read_json(request)
        name = body.get("model")
        if name != engine.embedder.name:
            raise ApiError(404, f"the embedding model {name!r} does not exist (use {engine.embedder.name})",
                           param="model", code="model_not_found")  # fmt: skip
        texts = read_texts(body, limits.max_batch, allow_empty=False)
        dimensions = body.get("dimensions")
        if dimensions is not None and dimensions != engine.embedder.dim:
            raise ApiError(400, f"dimensions must be {engine.embedder.dim} for {name}", param="dimensions")
        encoding = body.get("encoding_format", "float")
        if encoding not in ("float", "base64"):
            raise ApiError(400, "encoding_format must be 'float' or 'base64'", param="encoding_format")
        try:
            vectors, tokens = await compute(lambda: engine.embed(texts))
        except Exception as exc:
            raise _as_api_error(exc) from None
        data = [
            {"object": "embedding", "index": i,
             "embedding": base64.b64encode(v.astype("<f4").tobytes()).decode("ascii") if encoding == "base64"
             else [float(x) for x in v]}
            for i, v in enumerate(vectors)
        ]  # fmt: skip
        return _json({"object": "list", "data": data, "model": name,
                      "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})  # fmt: skip

    async def shield(request: Request) -> Response:
        from ..shield import UnreadableMessage
        from ..shield.headers import add_headers, broca_headers

        namespace_of(request)
        form = request.query_params.get("format", "json")
        if form not in ("json", "headers", "message"):
            raise ApiError(400, "format must be json, headers or message", param="format")
        kind = request.query_params.get("kind") or None
        if request.headers.get("content-type", "").split(";")[0].strip() == "application/json":
            body = await read_json(request)
            message = body.get("message")
            if not isinstance(message, str) or not message.strip():
                raise ApiError(400, "message must be a non-empty string (a text or a raw mail)", param="message")
            kind = body.get("kind", kind)
            raw = message.encode("utf-8", "surrogateescape")
        else:  # the raw message as the body, as a mail server sends it
            raw = await read_body(request)
            if not raw.strip():
                raise ApiError(400, "the body is empty: send a message or a raw mail", param="message")
        try:
            result = await compute(lambda: engine.scan(raw, kind))
        except UnreadableMessage as exc:
            raise ApiError(400, str(exc), param="message") from None
        except Exception as exc:
            raise _as_api_error(exc) from None
        if form == "json":
            return _json(result.to_dict())
        headers = broca_headers(result)
        stamped = {name.strip(): value.strip() for name, value in
                   (line.split(":", 1) for line in headers.replace("\n\t", " ").splitlines())}  # fmt: skip
        if form == "headers":
            return Response(headers, media_type="text/plain; charset=us-ascii", headers=stamped)
        return Response(add_headers(raw, result), media_type="message/rfc822", headers=stamped)

    # -- errors ------------------------------------------------------------------------------------

    async def api_error(request: Request, exc: Exception) -> Response:
        return _error(exc if isinstance(exc, ApiError) else _as_api_error(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code)
        return _error(ApiError(exc.status_code, f"{request.method} {request.url.path}: {exc.detail}", code=code))

    async def internal_error(request: Request, exc: Exception) -> Response:
        return _error(_as_api_error(exc))

    routes = [
        Route("/health", health, methods=["GET"]),
        Route("/v1/models", models, methods=["GET"]),
        Route("/v1/models/{name:path}", model, methods=["GET"]),
        Route("/v1/chat/completions", chat, methods=["POST"]),
        Route("/v1/moderations", moderations, methods=["POST"]),
        Route("/v1/embeddings", embeddings, methods=["POST"]),
        Route("/v1/shield", shield, methods=["POST"]),
    ]
    return Starlette(
        routes=routes,
        exception_handlers={ApiError: api_error, HTTPException: http_error, Exception: internal_error},
    )


def _tokens(decision: Decision) -> int:
    return decision.candidates[decision.chosen].tokens if decision.chosen >= 0 else 0


def _finish(decision: Decision, max_tokens: int) -> str:
    return finish_reason(decision.strategy, decision.fallback, _tokens(decision), max_tokens)


def _extension(reply: Reply, turn: ChatTurn) -> dict[str, Any]:
    """broca's own part of a completion: why this reply, what it continued, what was remembered."""
    return {
        "strategy": reply.decision.strategy,
        "system": reply.decision.system,
        "conversation": turn.conversation,
        "conversation_id": reply.conversation_id,
        "history_messages": reply.history_messages,
        "message_id": reply.message_id,
        "remembered": reply.remembered,
        "document_flags": reply.document_flags,
        "decision": reply.decision.to_dict(),
    }
