"""`broca doctor`: does every moving part load and work on this machine?"""

from __future__ import annotations

import importlib.metadata
import platform
import time
from collections.abc import Callable
from typing import Any

import click

from memory.base.config import config_path, data_dir

from . import __version__
from .config import Config

__all__ = ["run_checks"]


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _check(name: str, func: Callable[[], str]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail, ok = func(), True
    except Exception as exc:  # a doctor reports every failure instead of stopping at the first
        detail, ok = f"{type(exc).__name__}: {exc}", False
    return {"name": name, "ok": ok, "detail": detail, "seconds": round(time.perf_counter() - started, 3)}


def run_checks(ctx: click.Context) -> dict[str, Any]:
    from .config import get_config

    state: dict[str, Any] = {}

    def config_check() -> str:
        cfg = get_config(ctx)
        state["config"] = cfg
        return f"{cfg.source}{'' if cfg.source.exists() else ' (absent: defaults)'}"

    def loaded_config() -> Config:
        """The configuration config_check loaded; the checks that need it are skipped without it."""
        cfg = state.get("config")
        if cfg is None:
            raise RuntimeError("skipped: the configuration did not load")
        return cfg

    def model_check() -> str:
        from .llm import Sampling, open_model

        cfg = loaded_config()
        model = open_model(cfg.llm)
        state["model_path"] = str(model.model_path)
        result = model.complete(
            [{"role": "user", "content": "Say hello."}], Sampling(temperature=0, max_tokens=8, seed=0)
        )
        if not result.text.strip():
            raise RuntimeError("the model generated nothing")
        if cfg.llm.backend == "openai":
            return f"{model.name} on {cfg.llm.base_url}: generated {result.tokens} tokens"
        extra = "on" if getattr(model, "use_extra_bufts", False) else "off (AMX build)"
        return f"{model.name}: generated {result.tokens} tokens; extra buffers {extra}"

    def embedder_check() -> str:
        from memory.embedder import blas_kernel, default_embedder

        embedder = default_embedder()
        vectors = embedder.embed(["hello world"])
        if vectors.shape != (1, embedder.dim):
            raise RuntimeError(f"unexpected embedding shape {vectors.shape}")
        # Its speed here, on 64 short distinct texts (the cache would serve repeats): a quarter of a
        # second on two cores, enough to tell a slow BLAS kernel from a good one.
        texts = [f"Short message number {i} about the weather, a parcel or a meeting." for i in range(64)]
        started = time.perf_counter()
        embedder.model.encode(texts, embedder.batch_size)
        rate = len(texts) / (time.perf_counter() - started)
        return (
            f"{embedder.name}, {embedder.dim} dimensions, languages: {embedder.languages}; "
            f"{rate:.0f} texts/s; BLAS {blas_kernel()}"
        )

    def vec_check() -> str:
        from memory.sqlite import sqlite_versions

        versions = sqlite_versions()
        state["sqlite"] = versions
        return f"sqlite {versions['sqlite']}, sqlite-vec {versions['sqlite-vec']}"

    def guardrails_check() -> str:
        from .session import load_energy

        cfg = loaded_config()
        energy = load_energy(cfg)
        verdict = energy.assess(["hello"])[0]
        energy.score("hello", ["Hello! How can I help?"])
        hard = sorted(o.name for o in energy.objectives if o.hard)
        return f"{len(energy.objectives)} objectives ({len(verdict.terms)} on input), hard: {', '.join(hard)}"

    def memory_check() -> str:
        from .session import open_store

        cfg = loaded_config()
        if not cfg.memory.url and not cfg.memory_path.exists():
            return f"{cfg.memory_path} (not created yet)"
        store = open_store(cfg)
        if store is None:
            raise RuntimeError("the memory package provides no Store")
        try:
            return f"{store.path}: {store.count(None)} memories"
        finally:
            store.close()

    checks = [
        _check("config", config_check),
        _check("language model", model_check),
        _check("embedder", embedder_check),
        _check("sqlite-vec", vec_check),
        _check("guardrails", guardrails_check),
        _check("memory", memory_check),
    ]
    versions = {
        "broca": __version__,
        "python": platform.python_version(),
        **{dist: _version(dist) for dist in ("llama-cpp-python", "torch", "sentence-transformers", "textual")},
        **state.get("sqlite", {}),
    }
    cfg = state.get("config")
    paths = {
        "config": str(config_path()),
        "data dir": str(data_dir()),
        "model": state.get("model_path", ""),
        "memory": str(cfg.memory_path) if cfg else "",
    }
    return {"ok": all(c["ok"] for c in checks), "checks": checks, "versions": versions, "paths": paths}
