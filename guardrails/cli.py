"""`broca guardrails` (check, eval, train, list, weights, calibration) and `broca policy` (validate, show).

A thin layer over the Python API; heavy imports (the encoder, scikit-learn) happen inside commands.
`broca guardrails train-encoder` also trains on the shield's messages, so it registers on this group
from `assistant.guardrails_cli` (the group `broca` loads): guardrails imports no `assistant`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from memory.base.clikit import BrocaGroup, emit_json, emit_jsonl, get_section, stdin
from memory.base.errors import BrocaError, EvalDataError, InputError, MissingEvalDataError, NoInputError, UsageError
from memory.base.inputs import MiB, read_limited
from memory.base.jsonl import jsonl_lines
from memory.base.text import KINDS

from .config import GuardrailsConfig

__all__ = ["data_dir_option", "data_error", "guardrails_cli", "policy_cli"]


def data_error(exc: Exception) -> BrocaError:
    """The evaluation data's problem as the CLI reports it: missing (66) or malformed (65)."""
    return (NoInputError if isinstance(exc, MissingEvalDataError) else InputError)(str(exc))


# Options several commands share, defined once so that their types, defaults and help agree.
data_dir_option = click.option(
    "--data-dir", type=click.Path(path_type=Path), help="The evaluation data folder (default: ../shared/eval-data)."
)
cache_dir_option = click.option(
    "--cache-dir", type=click.Path(path_type=Path), help="Cache embeddings here between runs."
)


def target_fpr_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--target-fpr; `what` names the threshold it sets."""
    return click.option(
        "--target-fpr",
        type=click.FloatRange(0.001, 0.5),
        default=0.05,
        show_default=True,
        help=f"{what}: at most this false-positive rate on the validation slice.",
    )


def _config(ctx: click.Context) -> GuardrailsConfig:
    return get_section(ctx, "guardrails", GuardrailsConfig)


def _energy(ctx: click.Context) -> Any:
    from ._default import default_energy

    return default_energy(_config(ctx))


def _described_energy(ctx: click.Context) -> Any:
    """The energy for commands that show its settings without scoring: its heads are loaded first,
    since the objectives fall back to a threshold of 0.5 where a head cannot be read (the error
    comes when it scores), which would show settings that are not in force."""
    from ._heads import heads_folder, load_head, present_heads

    heads_dir = heads_folder(_config(ctx).heads)
    for name in present_heads(heads_dir):
        load_head(name, heads_dir)
    return _energy(ctx)


# What `check` reads, a text or a JSONL file: the limit the shield sets for its data files.
MAX_INPUT_BYTES = 64 * MiB


def _read_bytes(path: str, what: str) -> bytes:
    if path == "-":
        return read_limited(stdin().buffer, MAX_INPUT_BYTES, what, name="standard input")
    return read_limited(Path(path).expanduser(), MAX_INPUT_BYTES, what, name=path)


def _records(text: str | None, jsonl: str | None) -> list[dict[str, Any]]:
    from ._text import decode

    if (text is None) == (jsonl is None):
        raise UsageError("give a TEXT argument or --jsonl FILE (one of them)")
    if jsonl is None:
        assert text is not None
        if text == "-":
            text = decode(_read_bytes("-", "a text to check"))
        if not text.strip():
            raise InputError("the text is empty")
        return [{"id": 1, "text": text}]
    records = []
    lines = decode(_read_bytes(jsonl, "a JSONL file to check")).splitlines()
    for n, line in jsonl_lines(lines):
        try:
            obj = json.loads(line, parse_constant=_not_json)
        except json.JSONDecodeError as exc:
            raise InputError(f"{jsonl}:{n}: not JSON ({exc.msg})") from None
        except ValueError as exc:
            raise InputError(f"{jsonl}:{n}: not JSON ({exc})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise InputError(f"{jsonl}:{n}: expected an object with a string 'text'")
        if not isinstance(obj.get("input"), str | None):  # it is scored as text: a number broke that
            raise InputError(f"{jsonl}:{n}: 'input' must be a string (the request the text replies to)")
        if isinstance(obj.get("id"), float) and not math.isfinite(obj["id"]):  # 1e400: echoed back as Infinity
            raise InputError(f"{jsonl}:{n}: 'id' must be a finite number or a string")
        kind = obj.get("kind")
        if kind is not None and kind not in KINDS:
            raise InputError(f"{jsonl}:{n}: unknown kind {kind!r} (known: {', '.join(KINDS)})")
        records.append({"id": obj.get("id", n), "text": obj["text"], "input": obj.get("input"), "kind": kind})
    if not records:
        raise InputError(f"{jsonl}: no records")
    return records


def _not_json(constant: str) -> Any:
    """Python reads NaN and Infinity; JSON has neither, and an `id` of NaN came back out as invalid JSON."""
    raise ValueError(f"{constant} is not a JSON value")


def _finite(x: float) -> float | None:
    return round(x, 4) if math.isfinite(x) else None


@click.group("guardrails", cls=BrocaGroup)
def guardrails_cli() -> None:
    """Score texts with the guardrail objectives; evaluate and train their heads."""


@guardrails_cli.command("check")
@click.argument("text", required=False)
@click.option(
    "--jsonl",
    type=str,
    help="JSON Lines file ('-': standard input): 'text', optional 'id', 'input' and 'kind' (text, mail, document).",
)
@click.option(
    "--scope",
    type=click.Choice(["input", "output", "incoming"]),
    default="input",
    show_default=True,
    help="input: the owner's request; output: a reply (give --input); incoming: documents, or what a "
    "record's 'kind' says (mail and short messages are read as the shield reads them).",
)
@click.option("--input", "request", help="For --scope output: the request the text replies to.")
@click.option("--only", multiple=True, help="Score only this objective (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per text.")
@click.pass_context
def check(
    ctx: click.Context,
    text: str | None,
    jsonl: str | None,
    scope: str,
    request: str | None,
    only: tuple[str, ...],
    as_json: bool,
) -> None:
    """Score TEXT ('-': standard input) or every record of --jsonl with the energy's objectives."""
    from ._energy import UnknownObjectiveError
    from ._objective import Batch, Scope

    records = _records(text, jsonl)
    energy = _energy(ctx)
    inputs: list[str] | None = None
    if scope == "output":
        inputs = []
        for r in records:
            given = r.get("input") or request
            if given is None:
                raise InputError("--scope output needs the request: --input TEXT, or 'input' in each record")
            inputs.append(given)
    try:
        meta = [{"kind": r["kind"]} if r.get("kind") else {} for r in records]
        verdicts = energy.evaluate(
            Batch(texts=[r["text"] for r in records], inputs=inputs, meta=meta), Scope(scope), only=list(only) or None
        )
    except UnknownObjectiveError as exc:  # an --only value the energy does not have: a usage mistake
        raise UsageError(str(exc)) from None
    out = []
    for record, verdict in zip(records, verdicts, strict=True):
        out.append(
            {
                "id": record["id"],
                "flagged": verdict.flagged,
                "vetoed": verdict.vetoed,
                "energy": _finite(verdict.energy),
                "p": {k: round(v, 4) for k, v in verdict.p.items()},
                "reasons": verdict.reasons,
                # Which hidden span of the text (an HTML comment, tag characters, ...) a flag came from.
                "spans": [
                    {"objective": t.name, "channel": t.channel, "text": t.span}
                    for t in verdict.terms
                    if t.flagged and t.channel
                ],
            }
        )
    if as_json:
        emit_jsonl(out)
        return
    for item in out:
        mark = "VETO" if item["vetoed"] else "FLAG" if item["flagged"] else "ok  "
        energy_text = "inf" if item["energy"] is None else f"{item['energy']:.2f}"
        click.echo(f"[{mark}] {item['id']}: energy {energy_text}")
        for reason in item["reasons"]:
            click.echo(f"    {reason}")


@guardrails_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per objective.")
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool) -> None:
    """List the objectives of the active energy: scopes, hard or soft, threshold, weight."""
    rows = [_describe(o) for o in _described_energy(ctx).objectives]
    if as_json:
        emit_jsonl(rows)
        return
    for r in rows:
        kind = "hard" if r["hard"] else "soft"
        click.echo(
            f"{r['name']:<18} {kind}  t={r['threshold']:.3f}  w={r['weight']:.2f}  "
            f"{','.join(r['scopes']):<22} {r['title']}"
        )


def _describe(o: Any) -> dict[str, Any]:
    return {
        "name": o.name,
        "title": getattr(o, "title", "") or o.name,
        "description": o.description,
        "scopes": sorted(str(s) for s in o.scopes),
        "hard": bool(o.hard),
        "threshold": round(float(o.threshold), 4),
        "weight": float(o.weight),
        "kind": type(o).__name__,
    }


@guardrails_cli.command("eval")
@click.option("--dataset", required=True, help="A folder of the evaluation data (e.g. openai-moderation).")
@data_dir_option
@cache_dir_option
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N rows.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
@click.pass_context
def eval_cmd(
    ctx: click.Context, dataset: str, data_dir: Path | None, cache_dir: Path | None, limit: int | None, as_json: bool
) -> None:
    """Precision, recall, F1, AUPRC and false-positive rate on a dataset's evaluation split."""
    from .training._data import EVAL_DATASETS, default_data_dir, eval_set
    from .training._eval import evaluate

    if dataset not in EVAL_DATASETS:  # a name the command does not know is a usage mistake, as in shield eval
        raise UsageError(f"no guardrail evaluation for dataset {dataset!r} (known: {', '.join(EVAL_DATASETS)})")
    try:
        data = eval_set(data_dir or default_data_dir(), dataset)
    except EvalDataError as exc:
        raise data_error(exc) from None
    result = evaluate(_energy(ctx), data, cache_dir=cache_dir, limit=limit)
    if as_json:
        emit_json(result)
        return
    for key, value in result.items():
        click.echo(f"{key:>20}  {value}")


@guardrails_cli.command("train")
@data_dir_option
@click.option(
    "--out", type=click.Path(path_type=Path), help="Where to write the heads (default: the package's heads/ folder)."
)
@click.option("--head", "heads", multiple=True, help="Train only this head (repeatable): hazard, toxicity, ...")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of sampling, splits and solvers.")
@target_fpr_option("Threshold")
@cache_dir_option
@click.option(
    "--adapter",
    type=click.Path(path_type=Path),
    help="The encoder adapter the heads read through (default: the shipped heads/encoder.npz).",
)
@click.option("--no-adapter", is_flag=True, help="Train the heads on the plain embedding.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON report per head.")
def train_cmd(
    data_dir: Path | None,
    out: Path | None,
    heads: tuple[str, ...],
    seed: int,
    target_fpr: float,
    cache_dir: Path | None,
    adapter: Path | None,
    no_adapter: bool,
    as_json: bool,
) -> None:
    """Train the guardrail heads from the training splits (deterministic for a seed)."""
    from memory.embedder import load_adapter

    from ._heads import HEAD_NAMES, INPUT_HEADS, default_adapter
    from .training._data import default_data_dir
    from .training._train import train_heads
    from .training._weights_fit import fit_energy_weights

    unknown = [h for h in heads if h not in HEAD_NAMES]
    if unknown:
        raise InputError(f"unknown head {unknown[0]!r} (known: {', '.join(HEAD_NAMES)})")
    if adapter is not None and no_adapter:
        raise InputError("--adapter and --no-adapter exclude each other")
    out = out or Path(__file__).resolve().parent / "heads"
    encoder = None if no_adapter else (load_adapter(adapter) if adapter is not None else default_adapter())
    try:
        reports = train_heads(
            data_dir or default_data_dir(),
            out,
            seed=seed,
            target_fpr=target_fpr,
            names=heads or HEAD_NAMES,
            cache_dir=cache_dir,
            adapter=encoder,
        )
        # The weights depend on every input head: refit them whenever all of those were retrained.
        weights = (
            fit_energy_weights(
                data_dir or default_data_dir(), out, seed=seed, target_fpr=target_fpr, cache_dir=cache_dir
            )
            if set(INPUT_HEADS) <= set(heads or HEAD_NAMES)
            else None
        )
    except EvalDataError as exc:
        raise data_error(exc) from None
    if as_json:
        emit_jsonl(reports if weights is None else [*reports, {"name": "energy weights", **weights}])
        return
    for r in reports:
        if "val_auprc" not in r:  # the category router: no threshold, an accuracy
            accuracy = r.get("val_accuracy")
            click.echo(f"{r['name']}: n={r['n_train']}+{r['n_val']} val accuracy {accuracy} -> {r['path']}")
            continue
        click.echo(
            f"{r['name']}: n={r['n_train']}+{r['n_val']} val AUPRC {r['val_auprc']}, recall {r['val_recall']} "
            f"at FPR {r['val_false_positive_rate']} (threshold {r['threshold']}), ECE {r['val_ece']} -> {r['path']}"
        )
    if weights is not None:
        _echo_weights(weights)


def _echo_weights(w: dict[str, Any]) -> None:
    click.echo(
        f"energy weights: n={w['n']} ({w['positives']} violations) AUPRC {w['auprc']} "
        f"(hand-set weights {w['auprc_hand_weights']}), recall {w['recall']} at FPR {w['false_positive_rate']} "
        f"(energy threshold {w['energy_threshold']}), ECE {w['ece']}"
    )
    click.echo("  " + "  ".join(f"{k}={v:g}" for k, v in w["weights"].items()))


@guardrails_cli.command("weights")
@data_dir_option
@click.option(
    "--heads",
    "heads_dir",
    type=click.Path(path_type=Path),
    help="The heads to weigh; energy.json is written beside them (default: the package's heads/ folder).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the heads' validation slice.")
@target_fpr_option("Energy threshold")
@cache_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the fitted weights and their report as one JSON object.")
def weights_cmd(
    data_dir: Path | None, heads_dir: Path | None, seed: int, target_fpr: float, cache_dir: Path | None, as_json: bool
) -> None:
    """Fit the energy's weights w_k on the heads' validation slice (non-negative logistic regression)."""
    from .training._data import default_data_dir
    from .training._weights_fit import fit_energy_weights

    heads_dir = heads_dir or Path(__file__).resolve().parent / "heads"
    try:
        report = fit_energy_weights(
            data_dir or default_data_dir(), heads_dir, seed=seed, target_fpr=target_fpr, cache_dir=cache_dir
        )
    except EvalDataError as exc:
        raise data_error(exc) from None
    if as_json:
        emit_json(report)
        return
    _echo_weights(report)


@guardrails_cli.command("calibration")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per head and one for the energy.")
@click.pass_context
def calibration_cmd(ctx: click.Context, as_json: bool) -> None:
    """The active heads' calibration (method, validation ECE, threshold) and the fitted energy weights."""
    from ._heads import heads_folder, load_head, present_heads
    from ._weights import WEIGHTS_FILE, load_weights, weights_path

    heads_dir = heads_folder(_config(ctx).heads)
    rows: list[dict[str, Any]] = []
    for name in present_heads(heads_dir):
        meta = load_head(name, heads_dir).meta
        rows.append(
            {"name": name, **{k: meta.get(k) for k in ("calibration", "val_ece", "val_auprc", "threshold", "n_val")}}
        )
    weights = load_weights(heads_dir)
    if weights is not None:
        keys = ("ece", "auprc", "auprc_hand_weights", "energy_threshold", "n", "weights", "command")
        rows.append({"name": "energy", "calibration": "logistic on the terms", **{k: weights.get(k) for k in keys}})
    if as_json:
        emit_jsonl(rows)
        return
    for r in rows:
        click.echo(
            f"{r['name']:<17} ECE {r.get('val_ece', r.get('ece'))}  AUPRC {r.get('val_auprc', r.get('auprc'))}  "
            f"{r['calibration']}"
        )
    if weights is None:
        why = "it cannot be read or is malformed" if weights_path(heads_dir).exists() else "none beside the heads"
        click.echo(f"energy weights: hand-set ({WEIGHTS_FILE}: {why})")
    else:
        _echo_weights(weights)


@click.group("policy", cls=BrocaGroup)
def policy_cli() -> None:
    """Validate and show policy packs (guardrails/POLICY.md)."""


@policy_cli.command("validate")
@click.argument("packs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per valid pack.")
@click.pass_context
def validate(ctx: click.Context, packs: tuple[str, ...], as_json: bool) -> None:
    """Check each pack (a TOML file, or a shipped pack's name); the first error is reported with its line."""
    from ._plugins import load_plugins
    from ._policy import load_pack

    # A pack may tune the installed plugins' objectives, as it may when the energy loads it.
    plugins = {o.name for o in load_plugins()} if _config(ctx).plugins else set()
    for ref in packs:
        pack = load_pack(ref, extra_names=plugins)
        if as_json:
            emit_json({"ok": True, **pack.to_dict()})
        else:
            click.echo(
                f"ok: {pack.path} (pack {pack.name!r}, {len(pack.objectives)} objective settings, "
                f"{len(pack.categories)} categories)"
            )


@policy_cli.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the effective policy as one JSON object.")
@click.pass_context
def show(ctx: click.Context, as_json: bool) -> None:
    """The effective policy: the packs in force, their messages, and every objective's settings."""
    energy = _described_energy(ctx)
    policy = dict(energy.policy or {})
    data = {**policy, "objectives": [_describe(o) for o in energy.objectives]}
    if as_json:
        emit_json(data)
        return
    click.echo(f"packs: {', '.join(policy.get('packs', []))}   language: {policy.get('language', '')}")
    for key, message in policy.get("messages", {}).items():
        click.echo(f"message.{key}: {message}")
    for o in data["objectives"]:
        kind = "hard" if o["hard"] else "soft"
        click.echo(f"{o['name']:<18} {kind}  t={o['threshold']:.3f}  w={o['weight']:.2f}  {','.join(o['scopes'])}")
