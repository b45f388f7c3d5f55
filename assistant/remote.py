"""The language layer on another server: any OpenAI-compatible chat completions API.

Ollama, llama.cpp's `llama-server`, vLLM and llama-cpp-python's own server all speak it, so a model
the owner already runs (3B-70B) can draw broca's candidates; the planner, memory and guardrails stay
here. `llm.backend = "openai"` with `llm.base_url` selects it; the key, where the server wants one, is
read from the environment variable named by `llm.api_key_env`, never from the config file.

What an HTTP API cannot give, and what broca does instead:
- no tokenizer: token counts are estimated from UTF-8 bytes (`BYTES_PER_TOKEN`) to budget documents
  and history; the server's own limit is the last word, and its refusal becomes a PromptError;
- the language prior (mean NLL of a candidate) comes from the token logprobs the server returns with
  the candidate; a server that returns none leaves the term out, and the candidate's terms say so
  (`language_unavailable`);
- a strategy's opening is sent as a prefilled assistant message, which llama.cpp's `llama-server`
  continues; a server that starts a new message instead (llama-cpp-python's) still gives a reply
  that begins with the opening, joined by a space.
- llama-cpp-python's server returns logprobs only when started with `--logits_all true`.
"""

from __future__ import annotations

import json
import math
import random
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx

from memory.base.clikit import INTERRUPTED
from memory.base.errors import ModelError, PromptError

from .messages import Completion, Message, Sampling

__all__ = ["BYTES_PER_TOKEN", "RemoteGeneration", "RemoteModel"]

# A token of a modern BPE vocabulary averages about 4 bytes of English and 2-3 of other scripts; 3 is
# a middle estimate, used only for budgets. A refusal needs 8 bytes a token: sure to be too long.
BYTES_PER_TOKEN = 3
SURELY_TOO_LONG_BYTES_PER_TOKEN = 8


class RemoteModel:
    """A chat model behind an OpenAI-compatible server, with LanguageModel's interface."""

    adapter_path: Path | None = None
    use_extra_bufts = False

    def __init__(self, base_url: str, model: str = "", *, api_key: str | None = None, n_ctx: int = 2048,
                 timeout: float = 300.0) -> None:  # fmt: skip
        self.base_url = base_url.rstrip("/")
        self.n_ctx = n_ctx
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout = httpx.Timeout(timeout, connect=10.0)
        self._model = model or self._first_model()
        # The language prior of the candidates just drawn: reply text -> mean NLL, or None.
        self._nll: OrderedDict[str, float | None] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Any) -> RemoteModel:
        import os

        key = os.environ.get(config.api_key_env) if config.api_key_env else None
        return cls(config.base_url, config.model, api_key=key, n_ctx=config.n_ctx)

    # -- what LanguageModel offers ---------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self._model

    @property
    def model_path(self) -> str:
        return f"{self.base_url} ({self._model})"

    def count_tokens(self, text: str) -> int:
        return math.ceil(len(text.encode("utf-8", "surrogatepass")) / BYTES_PER_TOKEN)

    def refuse_oversized(self, text: str, max_tokens: int) -> None:
        size = len(text.encode("utf-8", "surrogatepass"))
        limit = max(0, self.n_ctx - max_tokens) * SURELY_TOO_LONG_BYTES_PER_TOKEN
        if size > limit:
            raise PromptError(
                f"the prompt is {size:,} bytes but the context window holds {self.n_ctx} tokens with {max_tokens} "
                f"kept for the reply: at most {limit:,} bytes; shorten it or raise llm.n_ctx"
            )

    def fit(self, messages: Sequence[Message], max_tokens: int) -> tuple[list[Message], int]:
        """The messages whose estimated size leaves room for the reply: the oldest turns go first,
        the system message and the last message stay."""
        if not messages:
            raise PromptError("nothing to send: the conversation is empty")
        self.refuse_oversized(messages[-1]["content"], max_tokens)
        head = [m for m in messages[:1] if m["role"] == "system"]
        body = list(messages[len(head) :])
        budget = self.n_ctx - max_tokens
        dropped = 0
        while len(body) > 1 and sum(self.count_tokens(m["content"]) + 4 for m in [*head, *body]) > budget:
            body.pop(0)
            dropped += 1
        while len(body) > 1 and body[0]["role"] != "user":  # the kept history starts at a user message
            body.pop(0)
            dropped += 1
        return [*head, *body], dropped

    def start(self, messages: Sequence[Message], sampling: Sampling, prefix: str = "") -> RemoteGeneration:
        kept, dropped = self.fit(messages, sampling.max_tokens)
        seed = sampling.seed if sampling.seed is not None else random.randrange(2**31)
        return RemoteGeneration(self, kept, sampling, seed, dropped, prefix)

    def complete(self, messages: Sequence[Message], sampling: Sampling | None = None) -> Completion:
        run = self.start(messages, sampling or Sampling())
        for _ in run:
            pass
        return run.result

    def score(self, messages: Sequence[Message], reply: str) -> float | None:
        """Mean NLL of `reply` from the logprobs the server sent with it; None when it sent none
        (the planner then leaves the language term out and says so)."""
        with self._lock:
            return self._nll.get(reply)

    def _remember_nll(self, text: str, nll: float | None) -> None:
        with self._lock:
            self._nll[text] = nll
            while len(self._nll) > 64:
                self._nll.popitem(last=False)

    def close(self) -> None:
        """Nothing to release: each request has its own connection (one candidate is seconds of
        decoding, beside which a connection costs nothing, and no socket outlives its request)."""

    def _client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, headers=self._headers, timeout=self._timeout)

    # -- the wire ------------------------------------------------------------------------------------

    def _first_model(self) -> str:
        data = self._request("GET", "/models")
        try:
            return str(data["data"][0]["id"])
        except (KeyError, IndexError, TypeError):
            raise ModelError(f"{self.base_url}/models lists no model: set llm.model") from None

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        try:
            with self._client() as http:
                response = http.request(method, path, json=body)
        except httpx.HTTPError as exc:
            raise ModelError(f"the language server at {self.base_url} cannot be reached: {exc}") from None
        _raise_for(response, self.base_url)
        try:
            return response.json()
        except ValueError:
            raise ModelError(f"the language server at {self.base_url} answered something that is not JSON") from None

    def _stream(self, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        try:
            with self._client() as http, http.stream("POST", "/chat/completions", json=body) as response:
                if response.status_code >= 400:
                    response.read()
                    _raise_for(response, self.base_url)
                for line in response.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    try:
                        event = json.loads(data)
                    except ValueError:
                        raise ModelError(f"the language server at {self.base_url} sent an unreadable event") from None
                    if isinstance(event, dict) and "error" in event:
                        raise ModelError(f"the language server at {self.base_url} failed: {_message(event)}")
                    if isinstance(event, dict):
                        yield event
        except httpx.HTTPError as exc:
            raise ModelError(f"the language server at {self.base_url} cannot be reached: {exc}") from None


def _message(body: Any) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return str(error.get("message") or error)
    return str(error or body)[:300]


def _raise_for(response: httpx.Response, base_url: str) -> None:
    if response.status_code < 400:
        return
    try:
        detail = _message(response.json())
    except ValueError:
        detail = response.text[:300]
    lowered = detail.lower()
    if response.status_code == 400 and ("context" in lowered or "too long" in lowered or "tokens" in lowered):
        raise PromptError(f"the language server refused the prompt: {detail}")
    raise ModelError(f"the language server at {base_url} answered {response.status_code}: {detail}")


class RemoteGeneration:
    """One streamed chat completion; like `llm.Generation`, it leaves its Completion in `result`."""

    def __init__(self, model: RemoteModel, messages: list[Message], sampling: Sampling, seed: int, dropped: int,
                 prefix: str = "") -> None:  # fmt: skip
        self._model = model
        self._messages = messages
        self._sampling = sampling
        self._seed = seed
        self._dropped = dropped
        self._prefix = prefix
        self.result: Completion

    def __iter__(self) -> Iterator[str]:
        s = self._sampling
        messages: list[Message] = list(self._messages)
        if self._prefix:
            messages.append({"role": "assistant", "content": self._prefix})
            yield self._prefix
        body: dict[str, Any] = {
            "model": self._model.name,
            "messages": messages,
            "stream": True,
            "stream_options": {"include_usage": True},
            "temperature": s.temperature,
            "top_p": s.top_p,
            "max_tokens": s.max_tokens,
            "seed": self._seed,
            "logprobs": True,
            "top_logprobs": 1,  # llama-cpp-python's server sends logprobs only with top_logprobs
        }
        if s.stop:
            body["stop"] = list(s.stop)
        pieces: list[str] = []
        logprobs: list[float] = []
        finish = "stop"
        usage: dict[str, Any] = {}
        for event in self._model._stream(body):
            if INTERRUPTED.is_set():
                raise KeyboardInterrupt
            if isinstance(event.get("usage"), dict):
                usage = event["usage"]
            for choice in event.get("choices") or []:
                delta = choice.get("delta") or {}
                text = delta.get("content")
                if isinstance(text, str) and text:
                    if self._prefix and not pieces and not (self._prefix[-1].isspace() or text[0].isspace()):
                        yield " "  # see `joint` below
                    pieces.append(text)
                    yield text
                content = (choice.get("logprobs") or {}).get("content") or []
                logprobs += [float(t["logprob"]) for t in content if isinstance(t, dict) and "logprob" in t]
                if choice.get("finish_reason"):
                    finish = "length" if choice["finish_reason"] == "length" else "stop"
        generated = "".join(pieces)
        # A server that continues the prefilled opening starts with its own space; one that starts
        # a new message does not, and the two must not run together.
        joint = " " if self._prefix and generated and not (self._prefix[-1].isspace() or generated[0].isspace()) else ""
        text = self._prefix + joint + generated
        tokens = int(usage.get("completion_tokens") or len(logprobs) or self._model.count_tokens(generated))
        finite = [lp for lp in logprobs if math.isfinite(lp)]
        self._model._remember_nll(text, -sum(finite) / len(finite) if finite else None)
        self.result = Completion(
            text=text,
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            tokens=tokens,
            finish_reason=finish,
            seed=self._seed,
            dropped_messages=self._dropped,
        )
