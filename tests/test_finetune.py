"""LoRA training, export to a llama.cpp adapter, and the checks that llama.cpp sees what torch saw.

Real components throughout: the embedded GGUF dequantised by transformers, peft, our GGUF writer,
llama.cpp through `assistant.llm.LanguageModel`. Tiny data and few steps keep it CI-cheap.
"""

from __future__ import annotations

import copy
import errno
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.llm import LanguageModel, embedded_model_path
from finetune.adapter import check_adapter_matches, read_gguf_fields, read_gguf_header
from finetune.data import FinetuneWarning, load_conversations
from finetune.export import export_adapter
from finetune.train import TrainConfig, TrainError, TrainInterrupted, train
from memory.base.errors import ModelError

DATA = Path(__file__).parent / "data"
# peft and transformers warn about things of theirs that do not concern these tests.
pytestmark = [
    pytest.mark.filterwarnings("ignore:`is_gradient_checkpointing` is deprecated:FutureWarning"),
    pytest.mark.filterwarnings("ignore:Could not find a config file:UserWarning"),
]
TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


@pytest.fixture(scope="module")
def loaded_base():  # type: ignore[no-untyped-def]
    from finetune.base import load_base

    return load_base()


def fresh(base):  # type: ignore[no-untyped-def]
    """train() wraps the model in place: each run gets its own copy of the loaded weights."""
    return copy.copy(base).__class__(
        copy.deepcopy(base.model), base.tokenizer, base.template, base.path, base.architecture
    )


def tiny(tmp_path: Path, **changes) -> TrainConfig:  # type: ignore[no-untyped-def]
    settings = dict(
        data=DATA / "finetune_chat.jsonl",
        out=tmp_path / "run",
        eval_data=str(DATA / "finetune_heldout.jsonl"),
        rank=4,
        alpha=8.0,
        lr=5e-3,
        warmup_steps=1,
        max_len=128,
        grad_accum=1,
        max_steps=6,
        save_every=2,
        threads=1,
    )
    settings.update(changes)
    return TrainConfig(**settings)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def trained(loaded_base, tmp_path_factory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("trained")
    with pytest.warns(FinetuneWarning, match="were cut"):
        result = train(tiny(tmp), base=fresh(loaded_base))
    return result


def test_training_writes_adapter_curve_and_checkpoints(trained) -> None:  # type: ignore[no-untyped-def]
    out = trained.out
    assert trained.steps == 6 and trained.stopped == "done"
    assert (out / "adapter" / "adapter_model.safetensors").is_file()
    rows = (out / "loss.csv").read_text().splitlines()
    assert rows[0] == "step,tokens,loss,lr,eval_loss,elapsed_s" and len(rows) == 1 + 1 + 6
    assert (out / "loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads((out / "metrics.json").read_text())["steps"] == 6
    assert (out / "checkpoints" / "latest").read_text() == "step-000006"
    assert trained.eval_loss_after < trained.eval_loss_before  # it learned something that generalises
    assert trained.tokens_per_s > 0 and trained.peak_rss_mb > 0


def test_export_writes_a_llama_cpp_lora_gguf(trained, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = export_adapter(trained.adapter_dir, tmp_path / "a.gguf")
    fields = read_gguf_fields(result.path)
    assert fields["general.type"] == "adapter" and fields["adapter.type"] == "lora"
    assert fields["adapter.lora.alpha"] == 8.0 and fields["general.architecture"] == "llama"
    _, shapes = read_gguf_header(result.path)
    assert shapes["blk.0.attn_q.weight.lora_a"] == (576, 4)
    assert shapes["blk.0.attn_k.weight.lora_b"] == (4, 192)
    assert len(shapes) == 30 * 7 * 2 == result.tensors
    check_adapter_matches(result.path, embedded_model_path())


def test_held_out_perplexity_falls_in_llama_cpp_as_in_torch(trained, loaded_base, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The required check: llama.cpp's fall in held-out NLL is >= 80 % of torch's."""
    from peft import PeftModel

    from finetune.evaluate import llama_examples, llama_nll, torch_nll

    gguf = export_adapter(trained.adapter_dir, tmp_path / "a.gguf").path
    conversations = load_conversations(DATA / "finetune_heldout.jsonl")
    base_lm = LanguageModel(n_ctx=512, n_threads=1)
    examples = llama_examples(base_lm, conversations, 128)
    llama_before = llama_nll(base_lm, examples)[0]
    base_lm.close()
    adapted_lm = LanguageModel(n_ctx=512, n_threads=1, adapter=gguf)
    llama_after = llama_nll(adapted_lm, examples)[0]
    adapted_lm.close()
    peft_model = PeftModel.from_pretrained(fresh(loaded_base).model, str(trained.adapter_dir))
    torch_after = torch_nll(peft_model, examples)[0]
    with peft_model.disable_adapter():
        torch_before = torch_nll(peft_model, examples)[0]
    assert torch_before - torch_after > 0.05
    assert llama_before - llama_after >= 0.8 * (torch_before - torch_after)


def test_large_adapter_moves_llama_cpp_logits_as_it_moves_torch(loaded_base, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Effects, not raw logits: adapter minus base in each runtime agree within 20 %, and only
    with llama.cpp's Q/K row permutation applied to lora_b."""
    import torch
    from peft import LoraConfig, get_peft_model

    from finetune.evaluate import llama_logits, torch_logits

    torch.manual_seed(0)
    lora = LoraConfig(r=4, lora_alpha=8, target_modules=list(TARGETS), init_lora_weights=False, task_type="CAUSAL_LM")
    model = get_peft_model(fresh(loaded_base).model, lora)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "lora_B" in name:
                parameter.mul_(3.0)  # a large effect: about 13 logits on average
    model.save_pretrained(str(tmp_path / "random"))
    ids = loaded_base.tokenize(
        "<|im_start|>user\n你好，今天天气怎么样？<|im_end|>\n<|im_start|>assistant\n今天是晴天。"
    )
    torch_effect = torch_logits(model, ids)
    with model.disable_adapter():
        torch_effect = torch_effect - torch_logits(model, ids)
    assert np.abs(torch_effect).mean() > 5

    base_lm = LanguageModel(n_ctx=256, n_threads=1)
    base_logits = llama_logits(base_lm, ids)
    base_lm.close()
    errors = {}
    for permute in (True, False):
        path = export_adapter(tmp_path / "random", tmp_path / f"p{permute}.gguf", permute=permute).path
        lm = LanguageModel(n_ctx=256, n_threads=1, adapter=path)
        llama_effect = llama_logits(lm, ids) - base_logits
        lm.close()
        errors[permute] = np.linalg.norm(llama_effect - torch_effect) / np.linalg.norm(torch_effect)
    assert errors[True] < 0.20
    assert errors[False] > errors[True] + 0.1  # the permutation is what makes them agree


def test_ctrl_c_saves_and_resume_finishes(loaded_base, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = tiny(tmp_path, max_steps=4, save_every=10, eval_data="", eval_fraction=0.0)

    def interrupt(info) -> None:  # type: ignore[no-untyped-def]
        if info.step == 2:
            os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, handled by the training loop

    with pytest.warns(FinetuneWarning), pytest.raises(TrainInterrupted, match="interrupted at step 2/4"):
        train(config, on_step=interrupt, base=fresh(loaded_base))
    assert (config.out / "checkpoints" / "latest").read_text() == "step-000002"
    assert (config.out / "loss.csv").read_text().count("\n") == 1 + 2

    with pytest.raises(TrainError, match="already holds a run"):
        train(config, base=fresh(loaded_base))
    changed = tiny(tmp_path, max_steps=4, rank=8, eval_data="", eval_fraction=0.0, resume=True)
    with pytest.warns(FinetuneWarning), pytest.raises(TrainError, match="other data or settings"):
        train(changed, base=fresh(loaded_base))

    config.resume = True
    with pytest.warns(FinetuneWarning):
        result = train(config, base=fresh(loaded_base))
    assert result.steps == 4
    steps = [line.split(",")[0] for line in (config.out / "loss.csv").read_text().splitlines()[1:]]
    assert steps == ["1", "2", "3", "4"]


def test_a_failed_checkpoint_keeps_the_previous_one(loaded_base, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Disk full cannot be produced here, so torch.save is made to fail like it (mocked)."""
    import torch

    real_save = torch.save
    calls = {"n": 0}

    def failing_save(obj, f, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            f.write(b"partial")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(obj, f, *args, **kwargs)

    monkeypatch.setattr(torch, "save", failing_save)
    config = tiny(tmp_path, max_steps=6, save_every=2, eval_data="", eval_fraction=0.0)
    with pytest.warns(FinetuneWarning) as caught:
        train(config, base=fresh(loaded_base))
    assert any("checkpoint at step 4 not saved (No space left on device)" in str(w.message) for w in caught)
    names = sorted(p.name for p in (config.out / "checkpoints").iterdir())
    assert names == ["latest", "step-000002", "step-000006"]  # no partial step-000004 left behind


def _write_adapter(path: Path, tensors: dict[str, np.ndarray], alpha: float = 8.0) -> Path:
    import gguf

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
    for name, array in tensors.items():
        writer.add_tensor(name, array)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@pytest.mark.parametrize(
    ("tensors", "message"),
    [
        ({"blk.0.attn_q.weight.lora_a": np.zeros((4, 100), np.float32)}, "does not fit"),
        ({"blk.0.attn_q.weight.lora_a": np.zeros((4, 576), np.float32)}, "has no blk.0.attn_q.weight.lora_b"),
        (
            {
                "blk.0.attn_q.weight.lora_a": np.zeros((4, 576), np.float32),
                "blk.0.attn_q.weight.lora_b": np.zeros((576, 8), np.float32),
            },
            "rank 4 but",
        ),
        (
            {
                "blk.0.attn_q.weight.lora_a": np.full((4, 576), np.nan, np.float32),
                "blk.0.attn_q.weight.lora_b": np.zeros((576, 4), np.float32),
            },
            "NaN",
        ),
        ({"blk.99.attn_q.weight.lora_a": np.zeros((4, 576), np.float32)}, "does not have"),
    ],
)
def test_mismatched_adapters_are_refused(tmp_path: Path, tensors, message: str) -> None:  # type: ignore[no-untyped-def]
    path = _write_adapter(tmp_path / "bad.gguf", tensors)
    with pytest.raises(ModelError, match=message):
        check_adapter_matches(path, embedded_model_path())


def test_truncated_adapter_is_one_error_line(tmp_path: Path) -> None:
    good = _write_adapter(
        tmp_path / "good.gguf",
        {
            "blk.0.attn_q.weight.lora_a": np.zeros((4, 576), np.float32),
            "blk.0.attn_q.weight.lora_b": np.zeros((576, 4), np.float32),
        },
    )
    check_adapter_matches(good, embedded_model_path())
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(good.read_bytes()[:-4000])
    result = CliRunner().invoke(cli, ["ask", "--adapter", str(cut), "hi"])
    assert result.exit_code != 0
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_cli_export_and_eval(trained, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    out = tmp_path / "cli.gguf"
    result = runner.invoke(cli, ["finetune", "export", str(trained.out), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["tensors"] == 420
    result = runner.invoke(
        cli,
        [
            "finetune",
            "eval",
            "--adapter",
            str(out),
            "--data",
            str(DATA / "finetune_heldout.jsonl"),
            "--limit",
            "1",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["conversations"] == 1 and record["tokens"] > 50
    assert record["ppl_adapter"] < record["ppl_base"]
    bad = DATA / "finetune_bad.jsonl"
    result = runner.invoke(
        cli, ["finetune", "eval", "--adapter", str(out), "--data", str(bad), "--skip-invalid", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["conversations"] == 2
    assert [line.split(": skipped")[0] for line in result.stderr.splitlines()] == [
        f"warning: {bad}:2",
        f"warning: {bad}:3",
    ]
    missing = runner.invoke(cli, ["finetune", "export", str(tmp_path / "nope"), "--out", str(out)])
    assert missing.exit_code != 0 and "not a PEFT adapter directory" in missing.stderr


@pytest.mark.parametrize(("option", "value"), [("--epochs", "inf"), ("--lr", "nan"), ("--max-minutes", "inf")])
def test_train_refuses_numbers_that_are_not_finite(tmp_path: Path, option: str, value: str) -> None:
    # --epochs inf passed the range check and, after the model had loaded, was an OverflowError.
    data = Path(__file__).parent / "data" / "finetune_chat.jsonl"
    result = CliRunner().invoke(cli, ["finetune", "train", str(data), "--out", str(tmp_path / "run"), option, value])
    assert result.exit_code == 2 and f"'{value}' is not a finite number" in result.output
    assert not (tmp_path / "run").exists()
    with pytest.raises(TrainError, match="numbers must be finite"):
        TrainConfig(data=data, out=tmp_path / "run", epochs=float("inf")).check()


@pytest.mark.parametrize("where", ["under", "at"])
def test_train_refuses_an_out_that_cannot_be_a_folder_before_training(tmp_path: Path, where: str) -> None:
    # A path under a regular file trained for the whole run, then failed to write the adapter.
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me\n")
    out = blocker / "run" if where == "under" else blocker
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["finetune", "train", str(DATA / "finetune_chat.jsonl"), "--out", str(out)])
    assert time.perf_counter() - started < 10  # no model loaded, no step trained
    assert result.exit_code == 1
    it = f"{blocker} is" if where == "under" else "it is"
    assert (
        result.stderr == f"error: cannot use {out} as the run folder: {it} a file, not a folder; choose another --out\n"
    )
    assert blocker.read_text() == "keep me\n"


def test_a_file_that_is_no_chat_data_is_refused_before_torch_is_imported(tmp_path: Path) -> None:
    # `broca finetune train notes.txt` (or /dev/zero) imported torch, accelerate and peft, seconds,
    # before it read the file and refused it. A fresh interpreter: this one has torch loaded already.
    notes = tmp_path / "notes.txt"
    notes.write_text("not chat data\n")
    code = (
        "import sys\nfrom pathlib import Path\nfrom finetune.data import DataError\n"
        "from finetune.train import TrainConfig, train\n"
        "try:\n    train(TrainConfig(data=Path(sys.argv[1]), out=Path(sys.argv[2])))\n"
        "except DataError as exc:\n    print('torch' in sys.modules, exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(notes), str(tmp_path / "run")], capture_output=True, text=True, check=True
    )
    assert (
        done.stdout
        == f"False {notes}:1: invalid JSON: Expecting value (column 1) (use --skip-invalid to drop bad lines)\n"
    )
    assert not (tmp_path / "run").exists()


def test_the_run_folder_check_creates_nothing(tmp_path: Path) -> None:
    from finetune.train import check_run_folder

    (tmp_path / "runs").mkdir()
    check_run_folder(tmp_path / "runs" / "a" / "b" / "run")
    check_run_folder(tmp_path / "runs")
    assert list((tmp_path / "runs").iterdir()) == []


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_export_refuses_an_out_that_is_not_a_file(trained, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    # A FIFO was written in place: the export blocked until something read it, then blocked again
    # reading it back to check it. In a child process with a time limit, so this test cannot hang.
    out = tmp_path / "adapter.gguf"
    if kind == "fifo":
        os.mkfifo(out)
    else:
        out.mkdir()
        (out / "keep.txt").write_text("mine\n")
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "finetune", "export", str(trained.out), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 66
    what = "a FIFO" if kind == "fifo" else "a folder"
    assert (
        result.stderr == f"error: cannot write {out}: it is {what}, not a file; give --out the path of a .gguf file\n"
    )
    assert stat.S_ISFIFO(out.stat().st_mode) if kind == "fifo" else [p.name for p in out.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    ("config", "base_record", "shape", "problem"),
    [
        (b"[]", None, (4, 576), "adapter_config.json: unreadable: expected a JSON object"),
        (b"\xff\xfe{}", None, (4, 576), "adapter_config.json: unreadable: 'utf-8' codec can't decode"),
        (b'{"peft_type": "LORA", "lora_alpha": "x"}', None, (4, 576), "lora_alpha must be a positive number"),
        (b'{"peft_type": "LORA", "lora_alpha": 0}', None, (4, 576), "lora_alpha must be a positive number, got 0"),
        (b'{"peft_type": "LORA", "alpha_pattern": {"q_proj": null}}', None, (4, 576), "alpha_pattern['q_proj']"),
        (b'{"peft_type": "LORA"}', b"{", (4, 576), "broca_base.json: unreadable: Expecting property name"),
        (b'{"peft_type": "LORA"}', None, (4,), "lora_A and lora_B must be matrices"),
    ],
)
def test_a_malformed_adapter_folder_is_one_export_error_line(
    tmp_path: Path, config: bytes, base_record: bytes | None, shape: tuple[int, ...], problem: str
) -> None:
    # An adapter folder from elsewhere (or a damaged run): each of these was a traceback
    # (AttributeError, UnicodeDecodeError, ValueError, ZeroDivisionError, IndexError, JSONDecodeError).
    from safetensors.numpy import save_file

    run = tmp_path / "adapter"
    run.mkdir()
    (run / "adapter_config.json").write_bytes(config)
    if base_record is not None:
        (run / "broca_base.json").write_bytes(base_record)
    prefix = "base_model.model.model.layers.0.self_attn.q_proj"
    b_shape = (576, shape[0]) if len(shape) == 2 else shape
    save_file(
        {
            f"{prefix}.lora_A.weight": np.zeros(shape, np.float32),
            f"{prefix}.lora_B.weight": np.zeros(b_shape, np.float32),
        },
        str(run / "adapter_model.safetensors"),
    )
    result = CliRunner().invoke(cli, ["finetune", "export", str(run), "--out", str(tmp_path / "a.gguf")])
    assert (result.exit_code, result.stdout) == (66, "")
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert problem in result.stderr and not (tmp_path / "a.gguf").exists()
