"""`broca shield`: a spam-style filter for incoming mail and messages (see assistant/shield/).

Exit codes of `broca shield scan` (for procmail, maildrop, sieve pipelines):
  0   every message scanned (with --exit-code: every message delivered)
  1   with --exit-code: at least one message quarantined, none rejected
  2   with --exit-code: at least one message rejected
  65  some input items could not be read (the others were scanned and reported)
  66  an input path is missing or is not what its option says (before anything is read)
With --headers the message is always written to standard output, unchanged apart from the added
X-Broca-* headers (an unreadable one is passed through untouched), so a filter never loses mail.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from memory.base.clikit import BrocaGroup, emit_json

from .config import get_config
from .shield.datasets import DATASETS

__all__ = ["shield_cli"]

EX_DATAERR = 65
CHUNK = 64  # messages scored together: one embedding batch, bounded memory on big maildirs


def _items(files: tuple[Path, ...], mbox: Path | None, maildir: Path | None, jsonl: Path | None) -> Iterator[Any]:
    """Every input item, in order; paths given with an option are checked before anything is read."""
    from itertools import chain

    from .shield import sources

    streams: list[Iterable[Any]] = []
    if mbox is not None:
        streams.append(sources.read_mbox(mbox))
    if maildir is not None:
        streams.append(sources.read_maildir(maildir))
    if jsonl is not None:
        streams.append(sources.read_jsonl(jsonl))
    if files:
        streams.append(sources.read_files(list(files)))
    if not streams:
        if sys.stdin is None or sys.stdin.isatty():
            raise sources.SourceError(
                "no input: give files, --mbox, --maildir, --jsonl, or a message on standard input"
            )
        streams.append(sources.read_stdin())
    return chain.from_iterable(streams)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def input_options(func: Any) -> Any:
    options = [
        click.argument("files", nargs=-1, type=click.Path(path_type=Path)),
        click.option("--mbox", type=click.Path(path_type=Path), help="Read the messages of an mbox file."),
        click.option(
            "--maildir", type=click.Path(path_type=Path), help="Read the messages of a maildir (new/ and cur/)."
        ),
        click.option(
            "--jsonl", type=click.Path(path_type=Path), help="Read JSON Lines: 'text' and optional 'id' per line."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


class _ScanByDefault(BrocaGroup):
    """`broca shield --json < mail.eml` is `broca shield scan --json < mail.eml`: options before
    any subcommand belong to scan (the group has none of its own but --help)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0].startswith("-") and args[0] not in ctx.help_option_names:
            args = ["scan", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_ScanByDefault, invoke_without_command=True)
@click.pass_context
def shield_cli(ctx: click.Context) -> None:
    """Screen incoming mail and messages: deliver, quarantine or reject, with the reasons.

    With no subcommand and a message on standard input, scans it; options before any subcommand
    are scan's (`broca shield --json < mail.eml` is `broca shield scan --json < mail.eml`).
    """
    if ctx.invoked_subcommand is None:
        if sys.stdin is None or sys.stdin.isatty():
            click.echo(ctx.get_help())
            return
        ctx.invoke(scan)


def _parse(item: Any) -> Any:
    from .shield.mail import UnreadableMessage, parse_message

    if item.error is not None:
        return item.error
    try:
        return parse_message(item.data, item.id, kind=item.kind)
    except UnreadableMessage as exc:
        return str(exc)


SCAN_EPILOG = """\b
Exit codes: 0 scanned (with --exit-code: all delivered); 1 with --exit-code: some
quarantined; 2 with --exit-code: some rejected; 65 some items unreadable (the rest
were scanned); 66 an input path is missing or is not what its option says (checked
before anything is scanned). procmail: `:0fw | broca shield scan --headers`, then file
on `^X-Broca-Verdict: (quarantine|reject)`."""


@shield_cli.command(epilog=SCAN_EPILOG)
@input_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per message: id, verdict, energy, reasons.")
@click.option("--headers", is_flag=True, help="Write the message back with X-Broca-* headers (one message only).")
@click.option("--move", is_flag=True, help="File quarantined and rejected messages into the quarantine maildir.")
@click.option(
    "--quarantine",
    "quarantine_dir",
    type=click.Path(path_type=Path),
    help="Quarantine maildir (default: shield.quarantine).",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 if any message is quarantined, 2 if any is rejected.")
@click.option(
    "--no-guardrails", is_flag=True, help="Only the shield's own objectives (no prompt-injection/policy terms)."
)
@click.pass_context
def scan(
    ctx: click.Context,
    files: tuple[Path, ...] = (),
    mbox: Path | None = None,
    maildir: Path | None = None,
    jsonl: Path | None = None,
    as_json: bool = False,
    headers: bool = False,
    move: bool = False,
    quarantine_dir: Path | None = None,
    exit_code: bool = False,
    no_guardrails: bool = False,
) -> None:
    """Scan messages (files, --mbox, --maildir, --jsonl, or standard input) and print verdicts.

    A file argument is one RFC 822 message or plain text: a short message, or a document when it is
    over 1,000 characters or on three or more lines (read by the models trained on mail, with a cut
    fitted on clean documents). A --jsonl row may set "kind" (text, mail, document).

    With --move, messages read from a maildir or from files are moved into the quarantine
    (atomically, unaltered); from an mbox, stdin or JSON Lines a copy is filed and the source is
    left as it is.
    """
    from memory.progress import progress_task

    from .shield import Shield
    from .shield.core import QUARANTINE, REJECT, SEVERITY
    from .shield.sources import deliver_to_maildir

    config = get_config(ctx)
    items = _items(files, mbox, maildir, jsonl)
    if headers:
        worst = _headers_mode(config, list(items), no_guardrails)
        if exit_code and worst:
            sys.exit(worst)
        return
    shield = Shield.from_config(config, with_guardrails=not no_guardrails)
    qdir = quarantine_dir or quarantine_path(config)
    worst = 0
    failed = 0
    with progress_task(None, "scanning") as bar:  # drawn on a terminal only
        for chunk in _chunks(items, CHUNK):
            parsed = [(item, _parse(item)) for item in chunk]
            for _, outcome in parsed:
                if isinstance(outcome, str):
                    failed += 1
                    click.echo(f"error: {outcome}", err=True)
            good = [(item, m) for item, m in parsed if not isinstance(m, str)]
            results = shield.scan([m for _, m in good])
            for (item, _), result in zip(good, results, strict=True):
                record = result.to_dict()
                if move and result.verdict in (QUARANTINE, REJECT):
                    try:
                        path = deliver_to_maildir(qdir, item.data, item.path)
                    except OSError as exc:
                        failed += 1
                        click.echo(f"error: {item.id}: could not file into {qdir}: {exc}; left where it was", err=True)
                    else:
                        record["moved_to"] = str(path)
                worst = max(worst, SEVERITY[result.verdict])
                if as_json:
                    emit_json(record)
                else:
                    where = f"\t-> {record['moved_to']}" if "moved_to" in record else ""
                    reasons = "; ".join(result.summary()) or "no spam signs"
                    click.echo(f"{result.id}\t{result.verdict}\t{record['energy']}\t{reasons}{where}")
            bar.advance(len(chunk))
    if failed:
        click.echo(f"error: {failed} item(s) could not be scanned; the others were", err=True)
        sys.exit(EX_DATAERR)
    if exit_code and worst:
        sys.exit(worst)


def quarantine_path(config: Any) -> Path:
    return Path(config.shield.quarantine).expanduser() if config.shield.quarantine else config.data_dir / "quarantine"


def _headers_mode(config: Any, items: list[Any], no_guardrails: bool) -> int:
    """spamc style: the message back on stdout with X-Broca-Verdict, -Score and -Reasons added."""
    from .shield import Shield
    from .shield.core import SEVERITY
    from .shield.headers import add_headers
    from .shield.sources import SourceError

    if len(items) != 1:
        raise SourceError(f"--headers filters exactly one message; got {len(items)}")
    item = items[0]
    outcome = _parse(item)
    out = sys.stdout.buffer
    if isinstance(outcome, str):
        click.echo(f"error: {outcome}", err=True)
        if item.data is not None:
            out.write(item.data)  # passed through untouched: a filter never eats mail
            out.flush()
        sys.exit(EX_DATAERR)
    shield = Shield.from_config(config, with_guardrails=not no_guardrails)
    result = shield.scan([outcome])[0]
    out.write(add_headers(item.data, result))
    out.flush()
    return SEVERITY[result.verdict]


@shield_cli.command()
@input_options
@click.option("--spam", "label", flag_value=1, help="These messages are spam.")
@click.option("--ham", "label", flag_value=0, help="These messages are good mail (ham).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@click.pass_context
def learn(
    ctx: click.Context,
    files: tuple[Path, ...],
    mbox: Path | None,
    maildir: Path | None,
    jsonl: Path | None,
    label: int | None,
    as_json: bool,
) -> None:
    """Teach the shield your own mail: count these messages as spam (--spam) or ham (--ham).

    Each message is counted once, by its hash: learning it again is a no-op, learning it with the
    other label moves it.
    """
    from memory.base.errors import UsageError
    from memory.progress import progress

    from .shield import OwnerStore, tokenize
    from .shield.core import owner_path

    if label is None:  # a usage mistake (it exited 74, an I/O error, as a store failure does)
        raise UsageError("say what these messages are: --spam or --ham")
    config = get_config(ctx)
    store = OwnerStore(owner_path(config))
    pending: list[tuple[str, list[str]]] = []
    failed = 0
    for item in progress(_items(files, mbox, maildir, jsonl), description="reading"):  # on a terminal only
        outcome = _parse(item)
        if isinstance(outcome, str):
            failed += 1
            click.echo(f"error: {outcome}", err=True)
            continue
        pending.append((outcome.digest, tokenize(outcome)))
    result = store.learn(pending, label)  # one transaction: all of these or none
    record: dict[str, Any] = {
        "label": "spam" if label else "ham",
        **result.to_dict(),
        "failed": failed,
        "model": store.stats(),
    }
    if as_json:
        emit_json(record)
    else:
        click.echo(
            f"learned {record['label']}: {result.added} added, {result.moved} moved, {result.unchanged} already known"
            f"; your model: {record['model']['spam']} spam, {record['model']['ham']} ham"
        )
    if failed:
        click.echo(f"error: {failed} item(s) could not be read; the others were learned", err=True)
        sys.exit(EX_DATAERR)


@shield_cli.command("eval")
@click.option(
    "--dataset",
    type=click.Choice(list(DATASETS)),
    required=True,
    help="Which dataset's evaluation split to score (phishing-pot: all of it, as mail).",
)
@click.option("--data", "data_root", type=click.Path(path_type=Path), help="The eval-data folder (default: shared).")
@click.option("--limit", type=click.IntRange(min=1), help="Score an evenly spaced sample of this many messages.")
@click.option("--no-guardrails", is_flag=True, help="Only the shield's own objectives.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
@click.pass_context
def eval_cmd(
    ctx: click.Context, dataset: str, data_root: Path | None, limit: int | None, no_guardrails: bool, as_json: bool
) -> None:
    """Score a dataset's evaluation split: false-positive rate, recall, precision, F1."""
    from .shield import Shield
    from .shield.core import configured_model
    from .shield.evaluate import evaluate
    from .shield.model import Artifact

    config = get_config(ctx)
    # The shipped (or configured) model only: the owner's learned mail is not part of an evaluation.
    shield = Shield(Artifact.load(configured_model(config)), external=[] if no_guardrails else _external(config))
    report = evaluate(shield, dataset, data_root, limit=limit)
    if as_json:
        emit_json(report)
    else:
        for key, value in report.items():
            click.echo(f"{key:>26}  {value}")


def _external(config: Any) -> list[Any]:
    from .shield.core import external_objectives

    return external_objectives(config)


@shield_cli.command()
@click.option("--data", "data_root", type=click.Path(path_type=Path), help="The eval-data folder (default: shared).")
@click.option(
    "--out", type=click.Path(path_type=Path), required=True, help="Folder to write model.npz and model.json into."
)
@click.option("--cache", type=click.Path(path_type=Path), help="Embedding cache file (reused between runs).")
@click.option(
    "--head-mail",
    type=click.IntRange(min=1),
    help="Embed only this many training emails for the spam head (CPU budget).",
)
@click.option(
    "--no-guardrails",
    is_flag=True,
    help="Do not fit the thresholds from which guardrails' prompt-injection term quarantines alone.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the out-of-fold diagnostics as JSON.")
@click.pass_context
def train(
    ctx: click.Context,
    data_root: Path | None,
    out: Path,
    cache: Path | None,
    head_mail: int | None,
    no_guardrails: bool,
    as_json: bool,
) -> None:
    """Train the shield's model on the training splits of the SMS and SpamAssassin corpora.

    With guardrails' objectives available, also fits (on the training split's ham) the p from
    which their prompt-injection term quarantines a message on its own, per kind of content.
    """
    from .shield.train import train_on_shared

    log = (lambda _: None) if as_json else (lambda line: click.echo(line, err=True))
    external = [] if no_guardrails else _external(get_config(ctx))
    _, diagnostics = train_on_shared(data_root, out, cache, log=log, head_mail=head_mail, external=external)
    if as_json:
        emit_json(diagnostics)
    else:
        click.echo(f"wrote {out}/model.npz and model.json")


@shield_cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print as one JSON object.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """What the shield knows: its model (shield.model, else the shipped one) and the mail you taught it."""
    from .shield import OwnerStore
    from .shield.core import configured_model, owner_path
    from .shield.model import SHIPPED, Artifact

    config = get_config(ctx)
    model_dir = configured_model(config)  # the one scan uses: it always described the shipped one
    artifact = Artifact.load(model_dir)
    record = {
        "model": str(model_dir or SHIPPED),
        "model_info": {k: v for k, v in artifact.info.items() if k != "oof"},
        "model_tokens": len(set(artifact.tokens.spam) | set(artifact.tokens.ham)),
        "owner_model": str(owner_path(config)),
        "learned": OwnerStore(owner_path(config)).stats(),
        "quarantine": str(quarantine_path(config)),
    }
    if as_json:
        emit_json(record)
    else:
        for key, value in record.items():
            click.echo(f"{key:>16}  {value}")
