"""Community packs: build (adapter + heads), install with verification, list, load by name."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from assistant.cli import cli
from finetune.packs import PackError, build_pack, install_pack, installed_pack, list_packs

DATA = Path(__file__).parent / "data"
PACK_SOURCE = Path(__file__).parent.parent / "packs" / "kdconv-zh"
pytestmark = [
    pytest.mark.filterwarnings("ignore:`is_gradient_checkpointing` is deprecated:FutureWarning"),
    pytest.mark.filterwarnings("ignore:Could not find a config file:UserWarning"),
    pytest.mark.filterwarnings("ignore::finetune.data.FinetuneWarning"),
]


def make_source(root: Path) -> Path:
    source = root / "src"
    source.mkdir()
    toml = (PACK_SOURCE / "pack.toml").read_text(encoding="utf-8")
    toml = toml.split("[train]")[0] + (
        "[train]\nrank = 4\nalpha = 8\nmax_len = 96\ngrad_accum = 1\nmax_steps = 2\n"
        "eval_fraction = 0.2\neval_limit = 2\nsave_every = 10\n"
    )
    (source / "pack.toml").write_text(toml, encoding="utf-8")
    shutil.copy(DATA / "finetune_chat.jsonl", source / "chat.jsonl")
    shutil.copy(DATA / "finetune_examples.jsonl", source / "examples.jsonl")
    shutil.copy(PACK_SOURCE / "policy.toml", source / "policy.toml")
    return source


@pytest.fixture(scope="module")
def built(tmp_path_factory):  # type: ignore[no-untyped-def]
    source = make_source(tmp_path_factory.mktemp("pack"))
    return build_pack(source, threads=1)


def test_build_writes_one_file_with_hashed_manifest(built) -> None:  # type: ignore[no-untyped-def]
    path = Path(built["pack"])
    assert path.name == "kdconv-zh-0.1.0.brocapack"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert names == {"manifest.json", "pack.toml", "adapter.gguf", "policy.toml", "heads.npz"}
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert manifest["metrics"]["train"]["steps"] == 2
    assert manifest["metrics"]["heads"]["offensive"]["n"] == 20


def test_install_then_load_by_name(built) -> None:  # type: ignore[no-untyped-def]
    pack = install_pack(Path(built["pack"]))
    assert pack.name == "kdconv-zh" and pack.language == "zh" and pack.system_prompt
    again = installed_pack("kdconv-zh")
    assert again.adapter_path.is_file() and again.policy_path.is_file()
    heads = np.load(again.heads_path)
    assert list(heads["categories"]) == ["offensive"] and heads["coef"].shape == (1, 384)
    assert [p.name for p in list_packs()] == ["kdconv-zh"]
    with pytest.raises(PackError, match="already installed"):
        install_pack(Path(built["pack"]))
    assert install_pack(Path(built["pack"]), force=True).name == "kdconv-zh"


def test_installed_adapter_runs_in_llama_cpp(built) -> None:  # type: ignore[no-untyped-def]
    from assistant.llm import LanguageModel, Sampling

    pack = install_pack(Path(built["pack"]), force=True)
    model = LanguageModel(adapter=pack.adapter_path, n_ctx=512, n_threads=1)
    try:
        reply = model.complete(
            [{"role": "system", "content": pack.system_prompt}, {"role": "user", "content": "你喜欢什么电影？"}],
            Sampling(max_tokens=8, seed=1),
        )
    finally:
        model.close()
    assert reply.tokens > 0


def test_a_tampered_pack_is_refused_and_nothing_is_installed(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tampered = tmp_path / "t.brocapack"
    with zipfile.ZipFile(built["pack"]) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data.replace(b"offensive", b"0ffensive") if item.filename == "policy.toml" else data)
    with pytest.raises(PackError, match=r"policy\.toml does not match its hash"):
        install_pack(tampered)
    assert list_packs() == []
    garbage = tmp_path / "g.brocapack"
    garbage.write_bytes(b"not a zip")
    with pytest.raises(PackError, match="not a pack file"):
        install_pack(garbage)


def test_source_problems_are_clear(tmp_path: Path) -> None:
    source = make_source(tmp_path)
    (source / "examples.jsonl").write_text('{"text": "x", "label": "spam"}\n')
    with pytest.raises(PackError, match="categories the policy does not define: spam"):
        build_pack(source)
    (source / "policy.toml").unlink()
    with pytest.raises(PackError, match=r"has no policy\.toml"):
        build_pack(source)


def test_cli_list_json_and_errors(built) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    assert runner.invoke(cli, ["pack", "list", "--json"]).stdout == ""
    result = runner.invoke(cli, ["pack", "install", built["pack"], "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "kdconv-zh"
    records = [json.loads(line) for line in runner.invoke(cli, ["pack", "list", "--json"]).stdout.splitlines()]
    assert [r["name"] for r in records] == ["kdconv-zh"]
    absent = runner.invoke(cli, ["pack", "build", "/nonexistent"])
    assert absent.exit_code == 66 and absent.stderr == "error: pack source folder not found: /nonexistent\n"
    missing = runner.invoke(cli, ["pack", "install", "/nonexistent.brocapack"])
    assert missing.exit_code == 66 and missing.stderr == "error: pack file not found: /nonexistent.brocapack\n"
    with pytest.raises(PackError, match="not installed"):
        installed_pack("nope")


def test_a_damaged_installed_pack_does_not_hide_the_others(built) -> None:  # type: ignore[no-untyped-def]
    # One pack missing a file made `pack list` a single error naming it, listing nothing.
    from finetune.packs import packs_dir

    runner = CliRunner()
    assert runner.invoke(cli, ["pack", "install", built["pack"]]).exit_code == 0
    damaged = packs_dir() / "aaa-damaged"
    shutil.copytree(packs_dir() / "kdconv-zh", damaged)
    (damaged / "heads.npz").unlink()
    for args, listed in ((["pack", "list"], "kdconv-zh"), (["pack", "list", "--json"], '"name": "kdconv-zh"')):
        result = runner.invoke(cli, args)
        assert result.exit_code == 65
        assert len(result.stdout.splitlines()) == 1 and listed in result.stdout
        assert result.stderr == "error: pack aaa-damaged is incomplete (heads.npz is missing); reinstall it\n"


def _hostile_pack(path: Path, files: dict[str, object]) -> Path:
    """A zip that passes for a pack up to its manifest's file entries."""
    from finetune.packs import FORMAT, SHIPPED_FILES

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": FORMAT, "name": "hostile", "files": files}))
        for name in SHIPPED_FILES:
            archive.writestr(name, b"x")
    return path


def test_a_manifest_without_hashes_or_a_data_dir_that_is_a_file_is_one_line(
    tmp_path: Path, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from finetune.packs import SHIPPED_FILES

    runner = CliRunner()
    # A file entry that is not {"sha256": ...} was an AttributeError traceback.
    pack = _hostile_pack(tmp_path / "h.brocapack", {name: "deadbeef" for name in SHIPPED_FILES})
    result = runner.invoke(cli, ["pack", "install", str(pack)])
    assert result.exit_code == 65 and result.stderr == f"error: {pack}: the manifest must give each file a sha256\n"
    assert list_packs() == []
    # A data dir that cannot hold packs/ was a NotADirectoryError traceback.
    blocker = isolated_env / "data-file"
    blocker.write_text("mine\n")
    monkeypatch.setenv("BROCA_DATA_DIR", str(blocker))
    good = _hostile_pack(tmp_path / "g.brocapack", {name: {"sha256": "0" * 64} for name in SHIPPED_FILES})
    result = runner.invoke(cli, ["pack", "install", str(good)])
    assert result.exit_code == 65 and result.stderr.startswith(f"error: {blocker / 'packs'}: cannot create the packs")
    assert result.stderr.count("\n") == 1 and blocker.read_text() == "mine\n"


@pytest.mark.parametrize(
    ("train", "problem"),
    [
        ('[train]\nrank = "eight"\n', "[train] rank must be a whole number, got 'eight'"),
        ("[train]\nmax_steps = 1.5\n", "[train] max_steps must be a whole number, got 1.5"),
        ("[train]\nlr = true\n", "[train] lr must be a number, got True"),
        ("[train]\ntarget_modules = 5\n", "[train] target_modules must be a list of module names, got 5"),
        ("train = 5\n", "'train' must be a [train] table"),
    ],
)
def test_train_settings_of_the_wrong_type_are_one_line(tmp_path: Path, train: str, problem: str) -> None:
    # Each was a TypeError or ValueError traceback from deep in the trainer.
    source = make_source(tmp_path)
    toml = source / "pack.toml"
    toml.write_text(toml.read_text(encoding="utf-8").split("[train]")[0] + train, encoding="utf-8")
    result = CliRunner().invoke(cli, ["pack", "build", str(source)])
    assert (result.exit_code, result.stdout) == (65, "")
    assert result.stderr == f"error: {toml}: {problem}\n"


@pytest.mark.parametrize(
    ("manifest", "problem"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"format": 1, "name": "caf\xe9"}', "'utf-8' codec can't decode byte 0xe9 in position 26"),
    ],
)
def test_a_manifest_that_is_not_json_text_is_one_line(tmp_path: Path, manifest: bytes, problem: str) -> None:
    # A pack file comes from elsewhere: its manifest was a RecursionError or UnicodeDecodeError traceback.
    pack = tmp_path / "bad.brocapack"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("manifest.json", manifest)
    result = CliRunner().invoke(cli, ["pack", "install", str(pack)])
    assert (result.exit_code, result.stdout) == (65, "")
    assert result.stderr.startswith(f"error: {pack}: manifest.json is invalid: {problem}")
    assert result.stderr.count("\n") == 1 and list_packs() == []


@pytest.mark.parametrize(
    ("declared", "problem"), [(16, "inflates past its manifest's 16 bytes"), (None, "inflates past 4,096 bytes")]
)
def test_a_pack_that_inflates_past_its_manifest_is_refused_without_being_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declared: int | None, problem: str
) -> None:
    # Each file was read whole into memory before its hash was checked: a small zip of gigabytes of
    # zeros (a zip bomb) would fill memory, then disk. Now it is streamed, and stops at the size the
    # manifest gives, or at MAX_FILE_BYTES where it gives none.
    from finetune.packs import FORMAT, SHIPPED_FILES

    monkeypatch.setattr("finetune.packs.MAX_FILE_BYTES", 4096)  # the real limit is 2 GiB
    entry: dict[str, object] = {"sha256": "0" * 64} | ({"bytes": declared} if declared is not None else {})
    pack = tmp_path / "bomb.brocapack"
    with zipfile.ZipFile(pack, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifest.json",
            json.dumps({"format": FORMAT, "name": "bomb", "files": dict.fromkeys(SHIPPED_FILES, entry)}),
        )
        for name in SHIPPED_FILES:
            archive.writestr(name, b"\0" * (8 * 1024 * 1024))
    assert pack.stat().st_size < 100_000
    result = CliRunner().invoke(cli, ["pack", "install", str(pack)])
    assert (result.exit_code, result.stdout) == (65, "")
    assert result.stderr == f"error: {pack}: pack.toml {problem} (corrupt or hostile)\n"
    assert list_packs() == []
