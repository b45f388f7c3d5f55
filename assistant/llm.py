"""The language layer: a GGUF chat model run in-process by llama.cpp.

It only turns a conversation into words. What to say is decided above it (the planner); this
module renders the model's own chat template, keeps the conversation inside the context window,
streams tokens, and scores a reply's likelihood for the planner's language prior.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import math
import os
import random
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast

import numpy as np

from memory.base.clikit import INTERRUPTED
from memory.base.errors import ModelError, PromptError, UnusableModelError
from memory.base.gguf import EMBEDDED_PACKAGE, GGUF_MAGIC, check_gguf, embedded_model_path

from .messages import Completion, Message, Sampling

if TYPE_CHECKING:
    from llama_cpp import Llama
    from llama_cpp.llama_types import CreateCompletionStreamResponse

    from .config import LLMConfig

__all__ = [
    "EMBEDDED_PACKAGE",
    "GGUF_MAGIC",
    "INTERRUPTED",
    "ChatModel",
    "Completion",
    "LanguageModel",
    "Message",
    "Sampling",
    "check_gguf",
    "embedded_model_path",
    "open_model",
]


# llama.cpp vocabularies whose tokens each stand for their own bytes of the input (no normalisation
# that could drop or merge characters): byte-level BPE and SentencePiece.
_LITERAL_VOCABS = (1, 2)  # LLAMA_VOCAB_TYPE_SPM, LLAMA_VOCAB_TYPE_BPE
_ASCII_SPACE = tuple(b" \t\n\v\f\r")  # what llama.cpp's isspace() strips beside a special token
_PROBE = " \t\u3000probe\u3000\n "  # a user message with whitespace at both ends


@dataclass(frozen=True)
class InputBound:
    """What one token of a model's prompt can stand for. `longest`: the most bytes of a user message
    one token covers, 0 where no bound holds (a vocabulary that normalises its input, a template
    that rewrites the message). `trims`: the chat template strips the message's ends. `strips`: a
    special token swallows the ASCII whitespace beside it."""

    longest: int
    trims: bool
    strips: bool


def _system_info() -> str:
    import llama_cpp

    return llama_cpp.llama_print_system_info().decode("utf-8", "replace")


def build_has_amx() -> bool:
    """True when this llama.cpp build carries the AMX kernels (seen to segfault on first decode)."""
    return "AMX_INT8 = 1" in _system_info()


_params_lock = threading.Lock()


@contextlib.contextmanager
def _model_params(use_extra_bufts: bool) -> Iterator[None]:
    """llama-cpp-python's `Llama()` has no argument for `use_extra_bufts`; it reads the model
    params from `llama_model_default_params()` at load time, so adjust them there, briefly."""
    if use_extra_bufts:
        yield
        return
    from llama_cpp import llama_cpp as lib

    with _params_lock:
        original = lib.llama_model_default_params

        def without_extra_bufts():  # type: ignore[no-untyped-def]
            params = original()
            params.use_extra_bufts = False
            return params

        lib.llama_model_default_params = without_extra_bufts
        try:
            yield
        finally:
            lib.llama_model_default_params = original


def extra_bufts_enabled(setting: str = "auto") -> bool:
    """Whether llama.cpp may use its extra (repacked) buffer types: `setting` is `llm.extra_bufts`
    ("auto": on unless the build reports AMX, whose kernels were seen to segfault on first decode)."""
    if setting == "auto":
        return not build_has_amx()
    return setting == "on"


def load_llama(model_path: Path | str, *, extra_bufts: str = "auto", **kwargs: Any) -> Llama:
    """llama-cpp-python's `Llama(model_path, **kwargs)`, loaded the way broca loads every GGUF model:
    with the extra buffer types turned off on an AMX build (see `extra_bufts_enabled`). The one place
    a model is opened, for `LanguageModel` and for anything that wants the bare `Llama` (benchmarks)."""
    try:
        from llama_cpp import Llama
    except ImportError as exc:  # pragma: no cover - a broken install, not a user mistake
        raise ModelError(f"llama-cpp-python is not installed or failed to load: {exc}") from None

    with _model_params(extra_bufts_enabled(extra_bufts)):
        return Llama(model_path=str(model_path), **kwargs)


def _default_threads() -> int:
    # llama-cpp-python's default is half the logical CPUs: one thread on a 2-core machine.
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class LanguageModel:
    """A chat model loaded once and used for many turns.

    Consecutive calls that share a prompt prefix reuse llama.cpp's KV cache, so N candidates for
    one prompt cost one prefill and N decodes.
    """

    def __init__(
        self,
        model_path: Path | str | None = None,
        *,
        adapter: Path | str | None = None,
        n_ctx: int = 2048,
        n_threads: int = 0,
        n_batch: int = 512,
        extra_bufts: Literal["auto", "on", "off"] = "auto",
    ) -> None:
        path = check_gguf(Path(model_path)) if model_path else embedded_model_path()
        adapter_path = check_gguf(Path(adapter), "adapter") if adapter else None
        try:
            importlib.import_module("llama_cpp")
        except ImportError as exc:  # pragma: no cover - a broken install, not a user mistake
            raise ModelError(f"llama-cpp-python is not installed or failed to load: {exc}") from None

        self.model_path = path
        self.adapter_path = adapter_path
        self.use_extra_bufts = extra_bufts_enabled(extra_bufts)
        if adapter_path is not None:
            from finetune.adapter import check_adapter_matches  # deferred: only for adapters

            try:
                check_adapter_matches(adapter_path, path)
            except ModelError as exc:  # check_gguf has opened both files: what is wrong is their content
                raise UnusableModelError(str(exc)) from None
        try:
            self._llama: Llama = load_llama(
                path,
                extra_bufts="on" if self.use_extra_bufts else "off",
                n_ctx=n_ctx,
                n_batch=min(n_batch, n_ctx),
                n_threads=n_threads or _default_threads(),
                n_threads_batch=n_threads or _default_threads(),
                lora_path=str(adapter_path) if adapter_path else None,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise UnusableModelError(f"llama.cpp could not load {path}: {exc}") from None
        self.n_ctx = n_ctx
        self._input_bound: InputBound | None = None
        self._template = self._load_template()
        self._lock = threading.RLock()
        # The prompt prefix whose KV cache was built canonically (see `_prepare`).
        self._canonical: list[int] | None = None

    @classmethod
    def from_config(cls, config: LLMConfig, adapter: str | None = None) -> LanguageModel:
        return cls(
            config.model or None,
            adapter=adapter or config.adapter or None,
            n_ctx=config.n_ctx,
            n_threads=config.n_threads,
            n_batch=config.n_batch,
            extra_bufts=config.extra_bufts,  # type: ignore[arg-type]
        )

    # -- the chat template -------------------------------------------------------------------

    def _load_template(self) -> object:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        metadata = self._llama.metadata
        template = metadata.get("tokenizer.chat_template")
        if not template:
            raise UnusableModelError(
                f"{self.model_path} has no chat template (tokenizer.chat_template); use a chat model"
            )
        eos = self._token_text(self._llama.token_eos())
        bos = self._token_text(self._llama.token_bos())
        return Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        return self._llama._model.token_get_text(token)

    @property
    def name(self) -> str:
        return str(self._llama.metadata.get("general.name") or self.model_path.stem)

    def render(self, messages: Sequence[Message]) -> str:
        """The prompt text for `messages`, ending where the assistant's reply begins."""
        result = self._template(messages=list(messages))  # type: ignore[operator]
        return result.prompt

    def tokenize(self, text: str, *, bos: bool = False) -> list[int]:
        return self._llama.tokenize(text.encode("utf-8"), add_bos=bos, special=True)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize(text))

    def prompt_tokens(self, messages: Sequence[Message]) -> list[int]:
        add_bos = self._llama._model.add_bos_token()
        tokens = self.tokenize(self.render(messages), bos=add_bos)
        bos = self._llama.token_bos()
        if add_bos and tokens[:2] == [bos, bos]:  # the template wrote a BOS of its own
            tokens = tokens[1:]
        return tokens

    def input_bound(self) -> InputBound:
        """How many bytes of a user message this model's prompt can hold at most, per token: read
        from the vocabulary and the chat template once (about 0.05 s), then kept."""
        if self._input_bound is None:
            self._input_bound = self._read_input_bound()
        return self._input_bound

    def _read_input_bound(self) -> InputBound:
        import llama_cpp

        model = self._llama._model
        if model.vocab_type() not in _LITERAL_VOCABS:
            return InputBound(0, trims=True, strips=True)
        try:
            rendered = self.render([{"role": "system", "content": "s"}, {"role": "user", "content": _PROBE}])
        except Exception:  # a template that will not render this: no bound, the token count decides
            return InputBound(0, trims=True, strips=True)
        if _PROBE in rendered:
            trims = False
        elif _PROBE.strip() in rendered:
            trims = True
        else:  # the template rewrites the message: no bound
            return InputBound(0, trims=True, strips=True)
        longest, strips = 4, False  # an unknown token stands for one character (at most 4 bytes)
        strip_attrs = llama_cpp.LLAMA_TOKEN_ATTR_LSTRIP | llama_cpp.LLAMA_TOKEN_ATTR_RSTRIP
        buffer = ctypes.create_string_buffer(256)
        for token in range(model.n_vocab()):
            # The piece with special=True is the text the token matches; a negative length is the
            # size it needs where the buffer is too small.
            n = llama_cpp.llama_token_to_piece(model.vocab, token, buffer, len(buffer), 0, True)
            longest = max(longest, abs(n))
            strips = strips or bool(model.token_get_attr(token) & strip_attrs)
        return InputBound(longest, trims=trims, strips=strips)

    def refuse_oversized(self, text: str, max_tokens: int) -> None:
        """Raise PromptError, without tokenizing, if a user message of `text` could never leave
        room for `max_tokens` of reply: tokenizing megabytes takes minutes, this takes milliseconds.

        Conservative: one token stands for at most `input_bound().longest` bytes, so a message of
        more bytes than the window's tokens can stand for cannot fit. Bytes the prompt may lose do
        not count: the ends where the chat template trims the message, ASCII whitespace where a
        special token swallows the spaces beside it. What this lets through meets the exact token
        count in `fit`.
        """
        bound = self.input_bound()
        limit = max(0, self.n_ctx - max_tokens) * bound.longest
        if not bound.longest or 4 * len(text) <= limit:  # a character is at most 4 bytes in UTF-8
            return
        data = (text.strip() if bound.trims else text).encode("utf-8", errors="surrogatepass")
        size = len(data) - (sum(data.count(space) for space in _ASCII_SPACE) if bound.strips else 0)
        if size > limit:
            raise PromptError(
                f"the prompt is {size:,} bytes but the context window holds {self.n_ctx} tokens "
                f"with {max_tokens} kept for the reply: at most {limit:,} bytes; "
                "shorten it or raise llm.n_ctx"
            )

    def fit(self, messages: Sequence[Message], max_tokens: int) -> tuple[list[int], int]:
        """Prompt tokens for `messages` that leave room for `max_tokens` of reply.

        The oldest turns are dropped first; the system message and the last message always stay.
        Returns the tokens and how many messages were dropped.
        """
        if not messages:
            raise PromptError("nothing to send: the conversation is empty")
        if messages[-1]["role"] == "user":  # a message that always stays: refuse it at once if it cannot fit
            self.refuse_oversized(messages[-1]["content"], max_tokens)
        budget = self.n_ctx - max_tokens
        head = [m for m in messages[:1] if m["role"] == "system"]
        body = list(messages[len(head) :])
        tokens = self.prompt_tokens([*head, *body])
        if len(tokens) <= budget:
            return tokens, 0
        # Cut whole turns: the kept history starts at a user message (some templates insist),
        # or is just the last message. Binary search for the earliest start that fits.
        starts = [i for i, m in enumerate(body[:-1]) if i > 0 and m["role"] == "user"] + [len(body) - 1]
        lo, hi = 0, len(starts) - 1
        best: list[int] | None = None
        best_start = starts[-1]
        while lo <= hi:
            mid = (lo + hi) // 2
            candidate = self.prompt_tokens([*head, *body[starts[mid] :]])
            if len(candidate) <= budget:
                best, best_start, hi = candidate, starts[mid], mid - 1
            else:
                tokens, lo = candidate, mid + 1
        if best is None:
            raise PromptError(
                f"the prompt is {len(tokens)} tokens but the context window holds {self.n_ctx} "
                f"with {max_tokens} kept for the reply; shorten it or raise llm.n_ctx"
            )
        return best, best_start

    # -- generation ----------------------------------------------------------------------------

    def stream(self, messages: Sequence[Message], sampling: Sampling = Sampling()) -> Iterator[str]:
        """Yield the reply's text as it is generated. `completion()` of the same arguments and
        seed returns exactly the concatenation of these pieces."""
        completion = self.start(messages, sampling)
        yield from completion

    def complete(self, messages: Sequence[Message], sampling: Sampling = Sampling()) -> Completion:
        run = self.start(messages, sampling)
        for _ in run:
            pass
        return run.result

    def start(self, messages: Sequence[Message], sampling: Sampling, prefix: str = "") -> Generation:
        """A generation of the assistant's reply; a `prefix` is put in the model's mouth (the reply
        starts with it and the model continues), which is how the planner makes a strategy stick."""
        prefix_tokens = self._llama.tokenize(prefix.encode("utf-8"), add_bos=False, special=False) if prefix else []
        tokens, dropped = self.fit(messages, sampling.max_tokens + len(prefix_tokens))
        seed = sampling.seed if sampling.seed is not None else random.randrange(2**31)
        return Generation(self, tokens + prefix_tokens, sampling, seed, dropped, prefix)

    # -- scoring -------------------------------------------------------------------------------

    def score(self, messages: Sequence[Message], reply: str) -> float:
        """Mean negative log-likelihood (nats per token) of `reply` as the assistant's answer to
        `messages`, under the model. Lower is more plausible; the planner's language prior.

        A conversation longer than the context window is trimmed as generation trims it (oldest
        turns first), leaving room for this reply: a reply generated from it always fits.
        """
        reply_tokens = self.tokenize(reply)
        if not reply_tokens:
            raise PromptError("cannot score an empty reply")
        prompt, _ = self.fit(messages, len(reply_tokens))
        full = prompt + reply_tokens
        with self._lock:
            logits = self._logits_for(full, first=len(prompt) - 1)
        # Row i predicts token full[len(prompt) + i].
        logits = logits.astype(np.float64)
        peak = logits.max(axis=1, keepdims=True)
        log_norm = peak[:, 0] + np.log(np.exp(logits - peak).sum(axis=1))
        chosen = logits[np.arange(len(reply_tokens)), reply_tokens]
        return float(np.mean(log_norm - chosen))

    def _logits_for(self, tokens: list[int], first: int) -> np.ndarray:
        """Evaluate `tokens`, reusing the cached prefix, and return the logits of positions
        `first` .. len(tokens) - 2 (each predicts the next token)."""
        llama = self._llama
        cached = llama.input_ids[: llama.n_tokens].tolist()
        keep = 0
        for a, b in zip(cached, tokens, strict=False):
            if a != b:
                break
            keep += 1
        keep = min(keep, first)
        if self._canonical is not None and keep < len(self._canonical):
            self._canonical = None
        llama._ctx.kv_cache_seq_rm(-1, keep, -1)
        n_vocab = llama.n_vocab()
        rows: list[np.ndarray] = []
        pos = keep
        end = len(tokens) - 1  # the last token's own prediction is not needed
        while pos < end:
            chunk = tokens[pos : min(end, pos + llama.n_batch)]
            llama._batch.set_batch(batch=chunk, n_past=pos, logits_all=True)
            llama._ctx.decode(llama._batch)
            out = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(len(chunk) * n_vocab,))
            block = out.reshape(len(chunk), n_vocab)
            lo = max(0, first - pos)
            if lo < len(chunk):
                rows.append(block[lo:].copy())
            llama.input_ids[pos : pos + len(chunk)] = chunk
            pos += len(chunk)
        llama.n_tokens = end
        llama._requires_eval = True  # the logits buffer now holds this batch, not a live decode
        return np.concatenate(rows, axis=0)

    def _prepare(self, tokens: list[int]) -> None:
        """Make the KV cache hold `tokens[:-1]`, computed the canonical way: from position 0 in
        batches of n_batch. llama-cpp-python then decodes the last prompt token alone.

        Logits depend slightly on how tokens were batched (different matmul kernels), so a cache
        built for another prompt would make the same seed give a different answer. Reusing the
        cache only for the very same prompt keeps seeded output reproducible while N candidates
        for one prompt still cost one prefill.
        """
        prefix = tokens[:-1]
        if self._canonical == prefix:
            return
        llama = self._llama
        llama.reset()
        if prefix:
            llama.eval(prefix)
        self._canonical = prefix

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._llama.close()


class Generation:
    """One generation: an iterator of text pieces that leaves its `Completion` in `result`."""

    def __init__(
        self, model: LanguageModel, tokens: list[int], sampling: Sampling, seed: int, dropped: int, prefix: str = ""
    ):
        self._model = model
        self._prefix = prefix
        self._tokens = tokens
        self._sampling = sampling
        self._seed = seed
        self._dropped = dropped
        self.result: Completion

    def __iter__(self) -> Iterator[str]:
        model, s = self._model, self._sampling
        max_tokens = min(s.max_tokens, model.n_ctx - len(self._tokens))
        pieces: list[str] = []
        finish: str | None = "length"
        if self._prefix:
            yield self._prefix
        with model._lock:
            model._prepare(self._tokens)
            # stream=True gives an iterator of chunks; llama_cpp annotates one return type (a union) for both modes
            chunks = cast(
                "Iterator[CreateCompletionStreamResponse]",
                model._llama.create_completion(
                    self._tokens,
                    max_tokens=max_tokens,
                    temperature=s.temperature,
                    top_p=s.top_p,
                    top_k=s.top_k,
                    min_p=s.min_p,
                    repeat_penalty=s.repeat_penalty,
                    seed=self._seed,
                    stop=list(s.stop) or None,
                    stream=True,
                ),
            )
            for chunk in chunks:
                if INTERRUPTED.is_set():
                    raise KeyboardInterrupt
                choice = chunk["choices"][0]
                text = choice["text"]
                if text:
                    pieces.append(text)
                    yield text
                if choice.get("finish_reason"):
                    finish = choice["finish_reason"]
        text = "".join(pieces)
        self.result = Completion(
            text=self._prefix + text,
            prompt_tokens=len(self._tokens),
            tokens=len(model.tokenize(text)) if text else 0,  # generated tokens: the prefix is not counted
            finish_reason=finish or "stop",
            seed=self._seed,
            dropped_messages=self._dropped,
        )


class Run(Protocol):
    """A generation under way: its text pieces as they come, then its `result`."""

    result: Completion

    def __iter__(self) -> Iterator[str]: ...


class ChatModel(Protocol):
    """What the turn loop needs of a language layer: `LanguageModel` in-process, or
    `assistant.remote.RemoteModel` on an OpenAI-compatible server."""

    n_ctx: int
    adapter_path: Path | None

    @property
    def name(self) -> str: ...

    @property
    def model_path(self) -> Path | str: ...

    def count_tokens(self, text: str) -> int: ...

    def refuse_oversized(self, text: str, max_tokens: int) -> None: ...

    def start(self, messages: Sequence[Message], sampling: Sampling, prefix: str = "") -> Run: ...

    def complete(self, messages: Sequence[Message], sampling: Sampling = ...) -> Completion: ...

    def score(self, messages: Sequence[Message], reply: str) -> float | None: ...

    def close(self) -> None: ...


def open_model(config: LLMConfig) -> ChatModel:
    """The configured language layer: `llm.backend` llama.cpp (in-process) or openai (a server)."""
    if config.backend == "openai":
        from .remote import RemoteModel

        return RemoteModel.from_config(config)
    return LanguageModel.from_config(config)


def perplexity(nll: float) -> float:
    return math.exp(nll)
