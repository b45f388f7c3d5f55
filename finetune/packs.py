"""Community packs: a LoRA adapter, a policy and guardrail heads, built and shipped together.

A pack source is a folder:

    pack.toml       name, version, language, description, licence, system_prompt, [train] settings
    chat.jsonl      chat data for the adapter (OpenAI JSONL; ShareGPT and Alpaca accepted)
    policy.toml     the community's guardrail policy (format: guardrails/POLICY.md)
    examples.jsonl  labelled texts {"text", "label"} for the policy's categories ("safe": none)

The built pack's `heads.npz` holds one logistic-regression head per category over the shared
sentence embedding: `categories` (k names), `coef` (k x 384), `intercept` (k), `embedder` (its name);
P(category) = sigmoid(embedding @ coef[i] + intercept[i]).

`build_pack` trains the adapter and the heads and writes one `.brocapack` file (a zip with a
manifest of SHA-256 hashes); `install_pack` verifies it and unpacks it into
`<data dir>/packs/<name>/`; `installed_pack(name)` is what `broca chat --pack NAME` loads.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
import tomllib
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from memory.base.atomic import atomic_path
from memory.base.errors import BrocaError, ModelError, PackError, PackNotFoundError
from memory.base.inputs import MiB
from memory.base.jsonl import jsonl_lines, strip_bom

from .data import DataError

__all__ = [
    "PACK_SUFFIX",
    "Pack",
    "PackError",
    "build_pack",
    "install_pack",
    "installed_pack",
    "list_packs",
    "train_heads",
]

PACK_SUFFIX = ".brocapack"
FORMAT = 1
SOURCE_FILES = ("pack.toml", "chat.jsonl", "policy.toml", "examples.jsonl")
SHIPPED_FILES = ("pack.toml", "adapter.gguf", "policy.toml", "heads.npz")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
TRAIN_KEYS = {
    "rank",
    "alpha",
    "dropout",
    "target_modules",
    "lr",
    "warmup_steps",
    "max_len",
    "batch_size",
    "grad_accum",
    "epochs",
    "max_steps",
    "max_minutes",
    "eval_fraction",
    "eval_limit",
    "save_every",
    "seed",
}

FLOAT_TRAIN_KEYS = {"alpha", "dropout", "lr", "epochs", "max_minutes", "eval_fraction"}


@dataclass
class Pack:
    """An installed pack: what the chat UI needs to load it."""

    name: str
    version: str
    language: str
    description: str
    system_prompt: str
    path: Path
    adapter_path: Path
    policy_path: Path
    heads_path: Path
    manifest: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "language": self.language,
            "description": self.description,
            "path": str(self.path),
            "adapter": str(self.adapter_path),
            "policy": str(self.policy_path),
            "heads": str(self.heads_path),
            "metrics": self.manifest.get("metrics", {}),
        }


def packs_dir() -> Path:
    from memory.base.config import data_dir

    return data_dir() / "packs"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_pack_toml(path: Path) -> dict[str, Any]:
    try:
        meta = tomllib.loads(strip_bom(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise PackError(f"{path} is missing") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError(f"{path}: invalid TOML: {exc}") from None
    for key in ("name", "version", "language", "description"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise PackError(f"{path}: '{key}' must be a non-empty string")
    if not _NAME_RE.match(meta["name"]):
        raise PackError(f"{path}: name {meta['name']!r} must be lower-case letters, digits, '-' or '_'")
    train = meta.get("train", {})
    if not isinstance(train, dict):
        raise PackError(f"{path}: 'train' must be a [train] table")
    unknown = set(train) - TRAIN_KEYS
    if unknown:
        raise PackError(f"{path}: unknown [train] keys: {', '.join(sorted(unknown))}")
    # Types here, ranges in TrainConfig.check: a string where a number goes was a TypeError traceback.
    for key, value in train.items():
        if key == "target_modules":
            ok = isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)
            expected = "a list of module names"
        elif key in FLOAT_TRAIN_KEYS:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            expected = "a number"
        else:
            ok = isinstance(value, int) and not isinstance(value, bool)
            expected = "a whole number"
        if not ok:
            raise PackError(f"{path}: [train] {key} must be {expected}, got {value!r}")
    return meta


def validate_policy(path: Path, categories_needed: set[str] | None = None) -> list[str]:
    """The policy's category names, read by the guardrails loader (`guardrails.load_pack`), which
    reports a bad pack with its file, line and key."""
    if not path.is_file():
        raise PackError(f"{path} is missing")
    from guardrails import load_pack

    try:
        policy = load_pack(path)
    except BrocaError as exc:
        raise PackError(str(exc)) from None
    names = list(policy.categories)
    if not names:
        raise PackError(f"{path}: the policy defines no [categories.NAME] for the pack's examples")
    missing = (categories_needed or set()) - set(names) - {"safe"}
    if missing:
        raise PackError(f"{path}: examples use categories the policy does not define: {', '.join(sorted(missing))}")
    return names


def read_examples(path: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise PackError(f"{path} is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: unreadable: {exc}") from None
    for number, line in jsonl_lines(lines):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{number}: invalid JSON: {exc.msg}") from None
        except RecursionError:
            raise DataError(f"{path}:{number}: invalid JSON: nested too deeply") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            raise DataError(f'{path}:{number}: expected {{"text": ..., "label": ...}} with a non-empty text')
        if not isinstance(record.get("label"), str):
            raise DataError(f"{path}:{number}: 'label' must be a category name or \"safe\"")
        rows.append((record["text"], record["label"]))
    if not rows:
        raise DataError(f"{path}: no examples")
    return rows


# -- guardrail heads ------------------------------------------------------------------------------


def train_heads(examples: list[tuple[str, str]], categories: list[str], seed: int = 0) -> tuple[dict[str, Any], dict]:
    """One calibrated logistic-regression head per category on the shared sentence embeddings.

    Returns (arrays for heads.npz, metrics on a seeded 20 % validation slice of the examples).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from memory.embedder import default_embedder

    texts = [t for t, _ in examples]
    labels = np.array([label for _, label in examples])
    vectors = default_embedder().embed(texts)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(texts))
    n_val = max(1, len(texts) // 5)
    val, fit = order[:n_val], order[n_val:]
    used = [c for c in categories if (labels == c).any()]
    if not used:
        raise DataError("the examples hold no text labelled with a policy category")
    coef, intercept, metrics = [], [], {}
    for category in used:
        y = (labels == category).astype(int)
        if y[fit].min() == y[fit].max():
            raise DataError(f"category {category!r} needs examples both in and out of it")
        head = LogisticRegression(max_iter=1000, C=1.0, class_weight="balanced")
        head.fit(vectors[fit], y[fit])
        p = head.predict_proba(vectors[val])[:, 1]
        entry = {"n": int(y.sum()), "val_accuracy": round(float(((p >= 0.5) == y[val]).mean()), 4)}
        if y[val].min() != y[val].max():
            entry["val_auc"] = round(float(roc_auc_score(y[val], p)), 4)
        metrics[category] = entry
        coef.append(head.coef_[0].astype(np.float32))
        intercept.append(float(head.intercept_[0]))
    arrays = {
        "categories": np.array(used),
        "coef": np.stack(coef),
        "intercept": np.array(intercept, dtype=np.float32),
        "embedder": np.array(default_embedder().name),
    }
    return arrays, metrics


# -- build ----------------------------------------------------------------------------------------


def build_pack(
    source: Path,
    *,
    out: Path | None = None,
    work: Path | None = None,
    overrides: dict[str, Any] | None = None,
    resume: bool = False,
    on_step: Callable[..., None] | None = None,
    threads: int = 0,
    base: Any = None,
) -> dict[str, Any]:
    """Train the adapter and heads of the pack source `source`; write the `.brocapack` file."""
    import numpy as np

    from .export import export_adapter
    from .train import TrainConfig, train

    source = Path(source)
    if not source.exists():
        raise PackNotFoundError(f"pack source folder not found: {source}")
    if not source.is_dir():
        raise PackError(f"{source} is not a pack source folder")
    for name in SOURCE_FILES:
        if not (source / name).is_file():
            raise PackError(f"{source} has no {name} (a pack needs {', '.join(SOURCE_FILES)})")
    meta = read_pack_toml(source / "pack.toml")
    examples = read_examples(source / "examples.jsonl")
    categories = validate_policy(source / "policy.toml", {label for _, label in examples})
    work = Path(work) if work else source / "build"
    out = Path(out) if out else source / f"{meta['name']}-{meta['version']}{PACK_SUFFIX}"
    started = time.perf_counter()

    settings = {**meta.get("train", {}), **(overrides or {})}
    eval_limit = int(settings.pop("eval_limit", 64))
    if "target_modules" in settings:
        settings["target_modules"] = tuple(settings["target_modules"])
    try:
        config = TrainConfig(
            data=source / "chat.jsonl",
            out=work / "train",
            resume=resume,
            threads=threads,
            eval_limit=eval_limit,
            **settings,
        )
    except TypeError as exc:
        raise PackError(f"{source / 'pack.toml'}: bad [train] settings: {exc}") from None
    result = train(config, on_step=on_step, base=base)
    exported = export_adapter(result.adapter_dir, work / "adapter.gguf")
    arrays, head_metrics = train_heads(examples, categories, seed=config.seed)
    buffer = work / "heads.npz"
    with buffer.open("wb") as handle:
        np.savez(handle, **arrays)

    files = {
        "pack.toml": source / "pack.toml",
        "adapter.gguf": exported.path,
        "policy.toml": source / "policy.toml",
        "heads.npz": buffer,
    }
    from memory.base.gguf import embedded_model_path

    manifest = {
        "format": FORMAT,
        "name": meta["name"],
        "version": meta["version"],
        "language": meta["language"],
        "description": meta["description"],
        "licence": meta.get("licence", ""),
        "base_model": embedded_model_path().name,
        "files": {name: {"sha256": _sha256(path), "bytes": path.stat().st_size} for name, path in files.items()},
        "metrics": {
            "train": {k: v for k, v in result.to_dict().items() if k not in ("out", "adapter_dir", "warnings")},
            "heads": head_metrics,
        },
        "built_s": round(time.perf_counter() - started, 1),
    }
    with atomic_path(out) as tmp, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for name, path in files.items():
            archive.write(path, name)
    return {"pack": str(out), "manifest": manifest}


# -- install --------------------------------------------------------------------------------------


# A pack comes from elsewhere, and a small zip can inflate to gigabytes (a zip bomb): nothing in it is
# read past these, and a file not past the size its manifest gives. An adapter for a large model is a
# few hundred MiB.
MAX_MANIFEST_BYTES = MiB
MAX_FILE_BYTES = 2048 * MiB


def _read_manifest(archive: zipfile.ZipFile, file: Path) -> dict[str, Any]:
    try:
        with archive.open("manifest.json") as handle:
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
    except KeyError:
        raise PackError(f"{file} has no manifest.json; not a broca pack") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackError(f"{file}: manifest.json is corrupt: {exc}") from None
    if len(raw) > MAX_MANIFEST_BYTES:
        raise PackError(f"{file}: manifest.json is over {MAX_MANIFEST_BYTES:,} bytes; not a broca pack")
    try:
        manifest = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, or nested past json's limit
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise PackError(f"{file}: manifest.json is invalid: {reason}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackError(
            f"{file}: unsupported pack format {manifest.get('format') if isinstance(manifest, dict) else '?'}"
        )
    if not _NAME_RE.match(str(manifest.get("name", ""))):
        raise PackError(f"{file}: the manifest has no valid name")
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(SHIPPED_FILES):
        raise PackError(f"{file}: the manifest must list exactly {', '.join(SHIPPED_FILES)}")
    if not all(isinstance(entry, dict) and isinstance(entry.get("sha256"), str) for entry in files.values()):
        raise PackError(f"{file}: the manifest must give each file a sha256")
    return manifest


def _unpack(archive: zipfile.ZipFile, member: str, expected: dict[str, Any], dest: Path, file: Path) -> None:
    """Stream `member` to `dest`, hashing it on the way: never more than its manifest's size (or
    MAX_FILE_BYTES) is inflated, in memory or on disk."""
    declared = expected.get("bytes")
    if isinstance(declared, int) and not isinstance(declared, bool) and 0 <= declared <= MAX_FILE_BYTES:
        known, limit = True, declared
    else:
        known, limit = False, MAX_FILE_BYTES
    digest, size = hashlib.sha256(), 0
    try:
        out = dest.open("wb")
    except OSError as exc:
        raise PackError(f"{dest.parent}: cannot unpack {member}: {exc.strerror}") from None
    with out:
        try:
            with archive.open(member) as source:
                while chunk := source.read(1 << 20):
                    size += len(chunk)
                    if size > limit:
                        said = f"its manifest's {limit:,} bytes" if known else f"{limit:,} bytes"
                        raise PackError(f"{file}: {member} inflates past {said} (corrupt or hostile)")
                    digest.update(chunk)
                    try:
                        out.write(chunk)
                    except OSError as exc:  # a full disk is not a corrupt pack
                        raise PackError(f"{dest.parent}: cannot unpack {member}: {exc.strerror}") from None
        except KeyError:
            raise PackError(f"{file} lacks {member}") from None
        except (zipfile.BadZipFile, zlib.error, OSError) as exc:
            raise PackError(f"{file}: {member} is corrupt: {exc}") from None
    if digest.hexdigest() != expected.get("sha256") or (known and size != declared):
        raise PackError(f"{file}: {member} does not match its hash in the manifest (corrupt or altered)")


def install_pack(file: Path, *, force: bool = False, model_path: Path | None = None) -> Pack:
    """Verify `file` (hashes, adapter against the model, policy) and unpack it into the data dir."""
    from memory.base.gguf import embedded_model_path

    from .adapter import check_adapter_matches

    file = Path(file)
    if not file.is_file():
        raise PackNotFoundError(f"pack file not found: {file}")  # EX_NOINPUT, as in every command
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackError(f"{file} is not a pack file: {exc}") from None
    root = packs_dir()
    with archive:
        manifest = _read_manifest(archive, file)
        name = manifest["name"]
        target = root / name
        if target.exists() and not force:
            raise PackError(f"pack {name} is already installed at {target}; use --force to replace it")
        tmp = root / f".{name}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            tmp.mkdir(parents=True)
        except OSError as exc:  # a file where the data dir should be, a read-only place
            raise PackError(f"{root}: cannot create the packs folder: {exc.strerror}") from None
        try:
            for member, expected in manifest["files"].items():
                _unpack(archive, member, expected, tmp / member, file)
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
            read_pack_toml(tmp / "pack.toml")
            validate_policy(tmp / "policy.toml")
            try:
                check_adapter_matches(tmp / "adapter.gguf", Path(model_path) if model_path else embedded_model_path())
            except ModelError as exc:
                raise PackError(f"{file}: {exc}") from None
            from .run_folder import replace_dir

            replace_dir(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return installed_pack(name)


def installed_pack(name: str) -> Pack:
    """The installed pack `name` (for `broca chat --pack NAME`)."""
    if not _NAME_RE.match(name):
        raise PackError(f"{name!r} is not a pack name")
    path = packs_dir() / name
    manifest_path = path / "manifest.json"
    if not manifest_path.is_file():
        known = ", ".join(p.name for p in list_pack_dirs()) or "none"
        raise PackError(f"pack {name} is not installed (installed: {known}); run broca pack install FILE")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PackError(f"{manifest_path}: unreadable: {exc}") from None
    meta = read_pack_toml(path / "pack.toml")
    pack = Pack(
        name=meta["name"],
        version=meta["version"],
        language=meta["language"],
        description=meta["description"],
        system_prompt=str(meta.get("system_prompt", "")),
        path=path,
        adapter_path=path / "adapter.gguf",
        policy_path=path / "policy.toml",
        heads_path=path / "heads.npz",
        manifest=manifest,
    )
    for needed in (pack.adapter_path, pack.policy_path, pack.heads_path):
        if not needed.is_file():
            raise PackError(f"pack {name} is incomplete ({needed.name} is missing); reinstall it")
    return pack


def list_pack_dirs() -> list[Path]:
    root = packs_dir()
    return sorted(p for p in root.iterdir() if (p / "manifest.json").is_file()) if root.is_dir() else []


def list_packs() -> list[Pack]:
    return [installed_pack(p.name) for p in list_pack_dirs()]


def scan_packs() -> tuple[list[Pack], list[PackError]]:
    """The usable installed packs, and what is wrong with each of the others: one damaged pack does
    not hide the rest."""
    packs: list[Pack] = []
    problems: list[PackError] = []
    for folder in list_pack_dirs():
        try:
            packs.append(installed_pack(folder.name))
        except PackError as exc:
            problems.append(exc)
    return packs, problems
