"""The remote language layer (`llm.backend = "openai"`) against a real OpenAI-compatible server on
loopback: llama-cpp-python's own server, serving the embedded model, started here in a thread and
loaded with the product's AMX guard. Failing servers are small real ASGI apps, not mocks."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import LoopbackServer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from assistant.cli import cli
from assistant.config import Config, load_config
from assistant.llm import Sampling, _model_params, build_has_amx, embedded_model_path, open_model
from assistant.remote import RemoteModel
from assistant.session import Session, load_energy
from memory.base.errors import ConfigError, ModelError, PromptError

pytestmark = [
    pytest.mark.allow_hosts(["127.0.0.1"]),
    pytest.mark.slow,
    # llama-cpp-python's server never closes the receiving end of its SSE channel (llama_cpp/server/
    # app.py, create_memory_object_stream): its leak, seen when the stream is collected.
    pytest.mark.filterwarnings("ignore:Unclosed <MemoryObjectReceiveStream:ResourceWarning"),
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <function MemoryObjectReceiveStream:pytest.PytestUnraisableExceptionWarning"
    ),
]


@pytest.fixture(scope="module")
def llama_server(loopback: Callable[[object], LoopbackServer]) -> Iterator[str]:
    from llama_cpp.server.app import create_app
    from llama_cpp.server.settings import ModelSettings, ServerSettings

    # logits_all: without it llama-cpp-python's server sends no logprobs (the planner's language prior).
    settings = ModelSettings(model=str(embedded_model_path()), model_alias="smollm2", n_ctx=2048, verbose=False,
                             logits_all=True)  # fmt: skip
    with _model_params(not build_has_amx()):  # as the product loads models: no repacked buffers on AMX
        app = create_app(server_settings=ServerSettings(), model_settings=[settings])
    running = loopback(app)
    yield running.url + "/v1"
    running.stop()


def test_candidates_come_from_the_server_with_their_logprobs(llama_server: str) -> None:
    model = RemoteModel(llama_server)
    assert model.name == "smollm2"  # the first model the server lists
    run = model.start([{"role": "user", "content": "Name a colour."}], Sampling(max_tokens=12, seed=3))
    pieces = list(run)
    assert run.result.text == "".join(pieces) and run.result.text.strip()
    assert 0 < run.result.tokens <= 12
    nll = model.score([], run.result.text)
    assert nll is not None and math.isfinite(nll) and nll > 0

    opened = model.start([{"role": "user", "content": "Help me."}], Sampling(max_tokens=8, seed=3), prefix="Sure,")
    text = "".join(opened)
    assert text.startswith("Sure, ") and opened.result.text == text


def test_a_system_2_turn_runs_on_the_remote_model(llama_server: str, isolated_env: Any) -> None:
    config = Config()
    config.llm.backend, config.llm.base_url, config.llm.max_tokens = "openai", llama_server, 24
    model = open_model(config.llm)
    assert isinstance(model, RemoteModel)
    session = Session(config, model=model, energy=load_energy(config))
    reply = session.turn("What is a good name for a grey cat?", seed=5)
    decision = reply.decision
    assert decision.system == 2 and reply.text.strip()
    scored = [c for c in decision.candidates if c.strategy == "answer"]
    assert scored and all("language" in c.terms for c in scored)  # the prior, from the server's logprobs
    assert decision.notes == []


def _app(handler: Callable[[Request], Response]) -> Starlette:
    async def route(request: Request) -> Response:
        return handler(request)

    return Starlette(routes=[Route("/v1/{path:path}", route, methods=["GET", "POST"])])


def _models(request: Request) -> Response | None:
    if request.url.path.endswith("/models"):
        return Response(json.dumps({"object": "list", "data": [{"id": "m"}]}), media_type="application/json")
    return None


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (lambda: Response("<html>bad gateway</html>", status_code=502), "answered 502"),
        (lambda: Response("data: {not json\n\n", media_type="text/event-stream"), "unreadable event"),
        (lambda: Response('data: {"error": {"message": "model exploded"}}\n\n', media_type="text/event-stream"),
         "model exploded"),
        (lambda: Response(json.dumps({"error": {"message": "maximum context length is 512 tokens"}}),
                          status_code=400, media_type="application/json"), "refused the prompt"),
    ],
)  # fmt: skip
def test_a_server_that_fails_gives_one_clear_error(
    loopback: Callable[[object], LoopbackServer], answer: Callable[[], Response], message: str
) -> None:
    running = loopback(_app(lambda request: _models(request) or answer()))
    try:
        model = RemoteModel(running.url + "/v1")
        with pytest.raises((ModelError, PromptError)) as caught:
            model.complete([{"role": "user", "content": "hi"}], Sampling(max_tokens=4))
        assert message in str(caught.value) and "\n" not in str(caught.value)
    finally:
        running.stop()


def test_no_logprobs_leaves_the_prior_out_and_says_so(loopback: Callable[[object], LoopbackServer]) -> None:
    events = "".join(
        f"data: {json.dumps({'choices': [{'index': 0, 'delta': {'content': piece}, 'finish_reason': None}]})}\n\n"
        for piece in ["Grey ", "cats ", "like ", "Ash."]
    )
    running = loopback(_app(lambda request: _models(request) or Response(events + "data: [DONE]\n\n",
                                                                        media_type="text/event-stream")))  # fmt: skip
    try:
        config = Config()
        config.llm.backend, config.llm.base_url = "openai", running.url + "/v1"
        session = Session(config, model=open_model(config.llm), energy=load_energy(config))
        reply = session.turn("Suggest a name for a grey cat.", seed=1)
        assert reply.text == "Grey cats like Ash."
        assert any("no token logprobs" in note for note in reply.decision.notes)
        assert all("language" not in c.terms for c in reply.decision.candidates)
    finally:
        running.stop()


def test_a_server_that_is_down_is_one_line_from_the_cli(isolated_env: Any) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (isolated_env / "config.toml").write_text(
        f'[llm]\nbackend = "openai"\nbase_url = "http://127.0.0.1:{port}/v1"\nmodel = "m"\n'
    )
    result = CliRunner().invoke(cli, ["ask", "--no-memory", "hello"])
    assert result.exit_code == ModelError.exit_code, result.output
    assert "cannot be reached" in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ('[llm]\nbackend = "openai"\n', "llm.base_url"),
        ('[llm]\nbackend = "ollama"\n', "llm.backend"),
        ('[llm]\nbase_url = "http://127.0.0.1:1/v1"\n', "only read when llm.backend is openai"),
    ],
)
def test_remote_settings_are_checked(isolated_env: Any, toml: str, problem: str) -> None:
    (isolated_env / "config.toml").write_text(toml)
    with pytest.raises(ConfigError, match=problem.replace(".", r"\.")):
        load_config()
