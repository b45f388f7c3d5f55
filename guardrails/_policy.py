"""Policy packs: TOML files that enable, weigh and tune objectives and add community categories
described by exemplar texts. The format is documented in guardrails/POLICY.md.

Packs layer: the shipped baseline first, then each configured pack in order; a later pack's setting
wins. The floor (S4, S9) stays enabled and hard, and no pack may raise its threshold.
"""

from __future__ import annotations

import io
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from memory.base.errors import NoInputError, PolicyError
from memory.base.inputs import NPZ_UNREADABLE, MiB, read_limited
from memory.base.jsonl import strip_bom

from ._builtins import BUILTIN_NAMES, BaseObjective
from ._objective import Batch, Scope
from ._taxonomy import FLOOR

__all__ = [
    "ExemplarObjective",
    "PolicyError",
    "PolicyPack",
    "apply_packs",
    "load_pack",
    "resolve_pack",
    "shipped_packs",
]

MAX_PACK_BYTES = 4 * MiB  # a pack is settings and a few phrases: kilobytes; /dev/zero stops here
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
OBJECTIVE_KEYS = {"enabled", "hard", "threshold", "weight"}
CATEGORY_KEYS = {
    "description",
    "scopes",
    "hard",
    "threshold",
    "weight",
    "positive",
    "negative",
    "language",
    "title",
    "sharpness",
}
PACK_KEYS = {"name", "version", "language", "description", "authors", "licence", "license"}
MESSAGE_KEYS = {"refusal", "redirect", "self_harm", "clarify"}
TOP_KEYS = {"pack", "messages", "objectives", "categories"}


@dataclass
class ObjectiveSetting:
    enabled: bool | None = None
    hard: bool | None = None
    threshold: float | None = None
    weight: float | None = None


@dataclass
class Category:
    name: str
    description: str
    positive: list[str]
    negative: list[str]
    scopes: frozenset[Scope]
    hard: bool = False
    threshold: float = 0.5
    weight: float = 1.0
    language: str = ""
    title: str = ""
    sharpness: float = 12.0


@dataclass
class PolicyPack:
    name: str
    path: Path
    version: str = ""
    language: str = "en"
    description: str = ""
    messages: dict[str, str] = field(default_factory=dict)
    objectives: dict[str, ObjectiveSetting] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": str(self.path),
            "version": self.version,
            "language": self.language,
            "description": self.description,
            "messages": dict(self.messages),
            "objectives": {k: {a: v for a, v in vars(s).items() if v is not None} for k, s in self.objectives.items()},
            "categories": {
                k: {
                    "title": c.title,
                    "description": c.description,
                    "scopes": sorted(str(s) for s in c.scopes),
                    "hard": c.hard,
                    "threshold": c.threshold,
                    "weight": c.weight,
                    "language": c.language,
                    "positive": len(c.positive),
                    "negative": len(c.negative),
                }
                for k, c in self.categories.items()
            },
        }


# ------------------------------------------------------------------------------------------ locating


def _key_line(text: str, table: str | None, key: str | None) -> int | None:
    """The line (1-based) of `key` inside `[table]`, or of the table header; None if not found.

    tomllib reports no positions for valid TOML, so this scans the text: table headers, plain keys,
    and dotted keys written in a parent table (`S4.enabled = false` under `[objectives]`).
    """
    current = ""
    header_line: int | None = None
    full = ".".join(x for x in (table, key) if x)
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip().replace('"', "").replace("'", "")
        m = re.match(r"^\[\[?\s*([^\[\]]+?)\s*\]", line)  # [table], or [[table]] (an array of them)
        if m:
            current = re.sub(r"\s*\.\s*", ".", m.group(1))
            if current == table:
                header_line = n
                if key is None:
                    return n
            if current == full:  # the key is itself a table: [extra]
                return n
            continue
        prefix = f"{current}." if current else ""
        if key is not None and full.startswith(prefix):
            rest = full[len(prefix) :]
            if re.match(rf"^{re.escape(rest)}\s*=", re.sub(r"\s*\.\s*", ".", line)):
                return n
    return header_line


class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def error(self, table: str | None, key: str | None, problem: str) -> PolicyError:
        line = _key_line(self.text, table, key)
        where = ".".join(x for x in (table, key) if x)
        loc = f"{self.path}:{line}" if line else str(self.path)
        return PolicyError(f"{loc}: {where}: {problem}" if where else f"{loc}: {problem}")

    def number(self, table: str, key: str, value: Any, lo: float, hi: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.error(table, key, f"expected a number, got {value!r}")
        if not lo <= value <= hi:
            raise self.error(table, key, f"must be between {lo} and {hi}, got {value}")
        return float(value)

    def boolean(self, table: str, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.error(table, key, f"expected true or false, got {value!r}")
        return value

    def string(self, table: str, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.error(table, key, f"expected a string, got {value!r}")
        return value

    def message(self, key: str, value: Any) -> str:
        """What the assistant says instead of an answer: a blank one would be a reply of nothing."""
        if not self.string("messages", key, value).strip():
            raise self.error("messages", key, "must not be empty (leave it out to keep the baseline's)")
        return value

    def strings(self, table: str, key: str, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(table, key, "expected a list of non-empty strings")
        return list(value)

    def table(self, table: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(None, table, "must be a table")
        return value

    def unknown(self, table: str, values: dict[str, Any], known: set[str]) -> None:
        for key in values:
            if key not in known:
                raise self.error(table, key, f"unknown key (known: {', '.join(sorted(known))})")


# ---------------------------------------------------------------------------------------------- loading


def shipped_packs() -> dict[str, Path]:
    folder = resources.files("guardrails") / "policies"
    return {Path(str(p)).stem: Path(str(p)) for p in folder.iterdir() if str(p).endswith(".toml")}


def resolve_pack(ref: str) -> Path:
    """A shipped pack's name ("baseline") or a path to a TOML file."""
    shipped = shipped_packs()
    if ref in shipped:
        return shipped[ref]
    path = Path(ref).expanduser()
    if not path.exists():
        known = ", ".join(sorted(shipped))
        raise NoInputError(f"{ref}: no such policy pack (a file path, or a shipped pack: {known})")
    return path


def load_pack(ref: str | Path, extra_names: set[str] | frozenset[str] = frozenset()) -> PolicyPack:
    """Parse and validate one pack. `extra_names`: objective names from plugins, also settable."""
    path = resolve_pack(str(ref)) if not isinstance(ref, Path) else ref
    try:  # a byte-order mark first (Notepad writes one) is no TOML
        text = strip_bom(read_limited(path, MAX_PACK_BYTES, "a policy pack").decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PolicyError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{path}: invalid TOML: {exc}") from None
    r = _Reader(path, text)
    for key in raw:
        if key not in TOP_KEYS:
            raise r.error(None, key, f"unknown section (known: {', '.join(sorted(TOP_KEYS))})")
    head = r.table("pack", raw.get("pack", {}))
    r.unknown("pack", head, PACK_KEYS)
    name = r.string("pack", "name", head.get("name", path.stem))
    pack = PolicyPack(
        name=name,
        path=path,
        version=str(head.get("version", "")),
        language=r.string("pack", "language", head.get("language", "en")),
        description=r.string("pack", "description", head.get("description", "")),
    )
    messages = r.table("messages", raw.get("messages", {}))
    r.unknown("messages", messages, MESSAGE_KEYS)
    pack.messages = {k: r.message(k, v) for k, v in messages.items()}

    known = set(BUILTIN_NAMES) | set(extra_names)
    objectives = r.table("objectives", raw.get("objectives", {}))
    for obj_name, values in objectives.items():
        table = f"objectives.{obj_name}"
        if obj_name not in known:
            raise r.error(table, None, f"unknown objective {obj_name!r} (known: {', '.join(sorted(known))})")
        values = r.table(table, values)
        r.unknown(table, values, OBJECTIVE_KEYS)
        setting = ObjectiveSetting()
        if "enabled" in values:
            setting.enabled = r.boolean(table, "enabled", values["enabled"])
        if "hard" in values:
            setting.hard = r.boolean(table, "hard", values["hard"])
        if "threshold" in values:
            setting.threshold = r.number(table, "threshold", values["threshold"], 0.0, 1.0)
        if "weight" in values:
            setting.weight = r.number(table, "weight", values["weight"], 0.0, 100.0)
        if obj_name in FLOOR:
            if setting.enabled is False:
                raise r.error(table, "enabled", f"{obj_name} is in the safety floor and cannot be disabled")
            if setting.hard is False:
                raise r.error(table, "hard", f"{obj_name} is in the safety floor and must stay hard")
        pack.objectives[obj_name] = setting

    categories = r.table("categories", raw.get("categories", {}))
    for cat_name, values in categories.items():
        table = f"categories.{cat_name}"
        if not NAME_RE.match(cat_name):
            raise r.error(table, None, "a category name is 2-48 lowercase letters, digits or _, starting with a letter")
        if cat_name in BUILTIN_NAMES:
            raise r.error(table, None, f"{cat_name!r} is a built-in objective: tune it under [objectives.{cat_name}]")
        if cat_name in known:
            raise r.error(table, None, f"{cat_name!r} is the name of an installed plugin's objective")
        values = r.table(table, values)
        r.unknown(table, values, CATEGORY_KEYS)
        if "description" not in values:
            raise r.error(table, None, "missing key 'description'")
        if "positive" not in values:
            raise r.error(table, None, "missing key 'positive' (exemplar texts of the category)")
        positive = r.strings(table, "positive", values["positive"])
        if len(positive) < 2:
            raise r.error(table, "positive", "give at least 2 positive exemplars")
        scopes_raw = r.strings(table, "scopes", values.get("scopes", ["input", "output"]))
        try:
            scopes = frozenset(Scope(s) for s in scopes_raw)
        except ValueError:
            raise r.error(table, "scopes", "scopes are input, output and/or incoming") from None
        pack.categories[cat_name] = Category(
            name=cat_name,
            description=r.string(table, "description", values["description"]),
            positive=positive,
            negative=r.strings(table, "negative", values.get("negative", [])),
            scopes=scopes,
            hard=r.boolean(table, "hard", values.get("hard", False)),
            threshold=r.number(table, "threshold", values.get("threshold", 0.5), 0.0, 1.0),
            weight=r.number(table, "weight", values.get("weight", 1.0), 0.0, 100.0),
            language=r.string(table, "language", values.get("language", pack.language)),
            title=r.string(table, "title", values.get("title", cat_name.replace("_", " ").capitalize())),
            sharpness=r.number(table, "sharpness", values.get("sharpness", 12.0), 1.0, 100.0),
        )
    return pack


# ---------------------------------------------------------------------------------------- exemplar heads


@dataclass
class ExemplarObjective(BaseObjective):
    """A community category scored by prototypes: how much closer a text is to the category's positive
    exemplars than to its negative ones (and to generic benign requests), squashed to (0, 1).

    p = sigmoid(sharpness * (max cos to positives - max cos to negatives - margin))
    """

    positive: list[str] = field(default_factory=list)
    negative: list[str] = field(default_factory=list)
    sharpness: float = 12.0
    margin: float = 0.05
    # A head trained on the community's labelled examples (`broca pack build`): when present it
    # replaces the prototype score, p = sigmoid(embedding . coef + intercept).
    head: tuple[np.ndarray, float] | None = field(default=None, repr=False)
    _vectors: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    def vectors(self) -> tuple[np.ndarray, np.ndarray]:
        if self._vectors is None:
            from memory.embedder import default_embedder

            from ._exemplars import BENIGN_CONTRAST

            emb = default_embedder()
            negatives = list(self.negative) + list(BENIGN_CONTRAST[:12])
            self._vectors = (emb.embed(self.positive), emb.embed(negatives))
        return self._vectors

    def probabilities(self, batch: Batch) -> np.ndarray:
        if len(batch) == 0:
            return np.zeros(0)
        emb = batch.embeddings()
        if self.head is not None:
            coef, intercept = self.head
            p = 1.0 / (1.0 + np.exp(-(emb @ coef + intercept)))
        else:
            pos, neg = self.vectors()
            s = (emb @ pos.T).max(axis=1) - (emb @ neg.T).max(axis=1) - self.margin
            p = 1.0 / (1.0 + np.exp(-self.sharpness * s))
        blank = np.array([not t.strip() for t in batch.texts])
        return np.where(blank, 0.0, p)


def pack_heads(policy_path: Path) -> dict[str, tuple[np.ndarray, float]]:
    """The trained category heads of an installed community pack: `heads.npz` beside its policy."""
    path = policy_path.parent / "heads.npz"
    if not path.is_file():
        return {}
    try:
        # Read whole first: numpy leaves its own file handle open when the zip is damaged.
        with np.load(io.BytesIO(path.read_bytes()), allow_pickle=False) as data:
            categories = [str(c) for c in data["categories"]]
            coef = np.asarray(data["coef"], dtype=np.float32)
            intercept = np.asarray(data["intercept"], dtype=np.float32)
            embedder = str(data["embedder"]) if "embedder" in data.files else "an unrecorded encoder"
    except NPZ_UNREADABLE as exc:
        raise PolicyError(f"{path}: not a readable heads file: {exc}") from None
    from memory.embedder import default_embedder

    # Heads learnt on another encoder's vectors score noise on these: the pack must be rebuilt.
    if embedder != default_embedder().name:
        raise PolicyError(
            f"{path}: heads trained on {embedder}, but the encoder is {default_embedder().name}; "
            "rebuild the pack (broca pack build)"
        )
    if coef.shape != (len(categories), 384) or intercept.shape != (len(categories),):
        raise PolicyError(f"{path}: heads of shape {coef.shape} do not fit {len(categories)} categories x 384")
    return {c: (coef[i], float(intercept[i])) for i, c in enumerate(categories)}


def apply_packs(objectives: list[Any], packs: list[PolicyPack]) -> tuple[list[Any], dict[str, Any]]:
    """The objectives after the packs' settings, and the merged policy (messages, language, packs)."""
    by_name = {o.name: o for o in objectives}
    if len(by_name) != len(objectives):  # the later would silently replace the earlier (a built-in)
        twice = sorted(name for name, n in Counter(o.name for o in objectives).items() if n > 1)
        raise ValueError(f"two objectives are named {twice[0]!r}")
    disabled: set[str] = set()
    policy: dict[str, Any] = {"packs": [], "language": "en", "messages": {}}
    floor_thresholds = {name: by_name[name].threshold for name in FLOOR if name in by_name}
    for pack in packs:
        policy["packs"].append(pack.name)
        policy["language"] = pack.language
        policy["messages"].update(pack.messages)
        for name, setting in pack.objectives.items():
            if name not in by_name:
                continue  # a plugin objective that is not installed here
            obj = by_name[name]
            if setting.enabled is not None:
                (disabled.discard if setting.enabled else disabled.add)(name)
            if setting.hard is not None:
                obj.hard = setting.hard
            if setting.threshold is not None:
                if name in floor_thresholds and setting.threshold > floor_thresholds[name]:
                    line = _key_line(
                        strip_bom(pack.path.read_text(encoding="utf-8")), f"objectives.{name}", "threshold"
                    )
                    raise PolicyError(
                        f"{pack.path}:{line}: objectives.{name}.threshold: {name} is in the safety floor; its "
                        f"threshold may be lowered, not raised above {floor_thresholds[name]:.3f}"
                    )
                obj.threshold = setting.threshold
                # The pack's threshold holds in every scope and for every head.
                for per in ("scope_thresholds", "head_thresholds"):
                    if hasattr(obj, per):
                        setattr(obj, per, {})
            if setting.weight is not None:
                obj.weight = setting.weight
        heads = pack_heads(pack.path)
        for name, cat in pack.categories.items():
            by_name[name] = ExemplarObjective(
                name=name,
                description=cat.description,
                scopes=cat.scopes,
                hard=cat.hard,
                threshold=cat.threshold,
                weight=cat.weight,
                title=cat.title,
                positive=cat.positive,
                negative=cat.negative,
                sharpness=cat.sharpness,
                head=heads.get(name),
            )
            disabled.discard(name)
    for name in FLOOR:  # belt and braces: validation already refuses this
        disabled.discard(name)
        if name in by_name:
            by_name[name].hard = True
    return [o for name, o in by_name.items() if name not in disabled], policy
