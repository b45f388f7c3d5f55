"""Policy packs: validation with file/line/key errors, layering, the floor, exemplar categories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from guardrails import ExemplarObjective, GuardrailsConfig, PolicyError, Scope, default_energy, load_pack

DATA = Path(__file__).parent / "data"


def _pack(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pack.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_baseline_pack_is_shipped_and_valid() -> None:
    pack = load_pack("baseline")
    assert pack.name == "baseline" and pack.messages["refusal"]
    assert pack.objectives["S4"].hard and pack.objectives["S9"].hard


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[objectives.S4]\nenabled = false\n", r"pack\.toml:2: objectives\.S4\.enabled: S4 is in the safety floor"),
        ("[objectives]\nS9.hard = false\n", r"pack\.toml:2: objectives\.S9\.hard: S9 is in the safety floor"),
        ("[pack]\nname = 'x'\n\n[objectives.S1]\nweight = -1\n", r"pack\.toml:5: objectives\.S1\.weight: must be"),
        ("[objectives.S2]\ntreshold = 0.4\n", r"pack\.toml:2: objectives\.S2\.treshold: unknown key"),
        ("[objectives.S99]\nweight = 1\n", r"pack\.toml:1: objectives\.S99: unknown objective 'S99'"),
        ("[categories.x]\ndescription = 'd'\n", r"categories\.x: a category name is"),
        ("[categories.ok_name]\ndescription = 'd'\npositive = ['only one']\n", r":3: categories\.ok_name\.positive"),
        ("[categories.c1]\ndescription = 'd'\npositive = ['a', 'b']\nscopes = ['everywhere']\n", r":4: .*scopes"),
        ("[objectives.S1\nweight = 1\n", r"invalid TOML"),
        ("[extra]\nk = 1\n", r"pack\.toml:1: extra: unknown section"),
        # An array of tables where a table belongs: the error had no line.
        ("[pack]\nname = 'x'\n[[objectives.S1]]\nweight = 1\n", r"pack\.toml:3: objectives\.S1: must be a table"),
        # A blank refusal was accepted: refused requests got a reply of nothing.
        ("[messages]\nrefusal = '  '\n", r"pack\.toml:2: messages\.refusal: must not be empty"),
    ],
)
def test_invalid_packs_name_file_line_and_key(tmp_path: Path, body: str, expected: str) -> None:
    with pytest.raises(PolicyError, match=expected):
        load_pack(_pack(tmp_path, body))


def test_a_pack_that_begins_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    # Notepad writes one first: it was "invalid TOML ... at line 1, column 1", a cause nobody can see.
    path = tmp_path / "family.toml"
    path.write_bytes(b"\xef\xbb\xbf[pack]\nname = 'family'\n\n[objectives.S1]\nweight = -1\n")
    with pytest.raises(PolicyError, match=r"family\.toml:5: objectives\.S1\.weight: must be"):  # lines still right
        load_pack(path)


def test_not_utf8_pack_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(b"[pack]\nname = '\xff\xfe'\n")
    with pytest.raises(PolicyError, match="not UTF-8"):
        load_pack(path)


def test_floor_threshold_cannot_be_raised(tmp_path: Path) -> None:
    pack = _pack(tmp_path, "[objectives.S9]\nthreshold = 0.999\n")
    with pytest.raises(PolicyError, match=r"pack\.toml:2: objectives\.S9\.threshold: S9 is in the safety floor"):
        default_energy(GuardrailsConfig(packs=[str(pack)]))


def test_pack_layers_on_baseline_with_a_new_category() -> None:
    energy = default_energy(GuardrailsConfig(packs=[str(DATA / "guardrails_pack_family.toml")]))
    names = {o.name for o in energy.objectives}
    assert "S6" not in names and "S4" in names and "S9" in names
    assert energy.get("toxicity").threshold == 0.3 and energy.get("toxicity").weight == 2.0
    assert energy.policy["language"] == "fr" and energy.policy["packs"] == ["baseline", "family-fr"]
    assert energy.policy["messages"]["refusal"] == "Je ne peux pas aider avec cela."
    assert energy.policy["messages"]["self_harm"]  # the baseline's message stays
    gambling = energy.get("gambling")
    assert isinstance(gambling, ExemplarObjective) and gambling.scopes == {Scope.INPUT, Scope.INCOMING}
    bet, garden = energy.assess(
        [
            "Which site has the best odds for betting on the Champions League final?",
            "How often should I water tomato plants?",
        ]
    )
    assert bet.term("gambling").flagged, bet.p
    assert not garden.term("gambling").flagged and garden.term("gambling").p < 0.3


def test_a_pack_is_read_only_up_to_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `broca policy validate /dev/zero` read the device to the end: memory ran out, with a traceback.
    monkeypatch.setattr("guardrails._policy.MAX_PACK_BYTES", 100)  # the real limit is 4 MiB
    big = _pack(tmp_path, "# a comment that makes the pack longer than the limit\n" * 3)
    for path in ("/dev/zero", str(big)):
        result = CliRunner().invoke(cli, ["policy", "validate", path])
        assert (result.exit_code, result.stdout) == (65, "")
        assert result.stderr == f"error: {path}: too large: over the 100-byte limit for a policy pack\n"


def test_policy_cli_validate_and_show(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["policy", "validate", "--json", str(DATA / "guardrails_pack_family.toml"), "baseline"])
    assert ok.exit_code == 0, ok.output
    rows = [json.loads(line) for line in ok.output.splitlines()]
    assert rows[0]["name"] == "family-fr" and rows[0]["categories"]["gambling"]["positive"] == 4
    bad = runner.invoke(cli, ["policy", "validate", str(_pack(tmp_path, "[objectives.S4]\nenabled = false\n"))])
    assert bad.exit_code == 65
    assert bad.output.startswith("error: ") and "pack.toml:2: objectives.S4.enabled" in bad.output
    assert "Traceback" not in bad.output
    missing = runner.invoke(cli, ["policy", "validate", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 66 and "no such policy pack" in missing.output  # EX_NOINPUT
    shown = runner.invoke(cli, ["policy", "show", "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["packs"] == ["baseline"]
    by_name = {o["name"]: o for o in data["objectives"]}
    assert by_name["S9"]["hard"] and by_name["prompt_injection"]["scopes"] == ["incoming", "input"]


def test_a_packs_trained_heads_score_its_categories(tmp_path: Path) -> None:
    """An installed pack keeps `heads.npz` beside its policy: the trained head, not the exemplar
    prototypes, then scores the category. This head is built by hand to point at gardening, so
    only the head can explain a garden question being flagged as gambling."""
    import numpy as np

    from guardrails import reset_default_energy
    from memory.embedder import default_embedder

    folder = tmp_path / "installed"
    folder.mkdir()
    policy = folder / "policy.toml"
    policy.write_text((DATA / "guardrails_pack_family.toml").read_text(encoding="utf-8"), encoding="utf-8")
    garden_text, bet_text = (
        "How often should I water tomato plants?",
        "Which site has the best odds on tonight's match?",
    )
    direction = default_embedder().embed([garden_text])[0]
    heads = {
        "categories": np.array(["gambling"]),
        "coef": (40 * direction)[None, :].astype(np.float32),
        "intercept": np.array([-20.0], dtype=np.float32),
    }
    # Heads of a pack built with the earlier English encoder read noise on these vectors: refused.
    np.savez(folder / "heads.npz", embedder=np.array("all-MiniLM-L6-v2"), **heads)  # type: ignore[arg-type]
    reset_default_energy()
    with pytest.raises(PolicyError, match=r"trained on all-MiniLM-L6-v2.*rebuild the pack"):
        default_energy(GuardrailsConfig(packs=[str(policy)]))
    np.savez(folder / "heads.npz", embedder=np.array(default_embedder().name), **heads)  # type: ignore[arg-type]
    reset_default_energy()
    energy = default_energy(GuardrailsConfig(packs=[str(policy)]))
    garden, bet = energy.assess([garden_text, bet_text])
    assert garden.term("gambling").p > 0.99
    assert bet.term("gambling").p < 0.5
    whole = (folder / "heads.npz").read_bytes()
    # Not numpy; and a copy cut short (a zip whose directory is missing: it was a BadZipFile traceback).
    for damaged in (b"not numpy", whole[: len(whole) // 2]):
        (folder / "heads.npz").write_bytes(damaged)
        reset_default_energy()
        with pytest.raises(PolicyError, match=r"heads\.npz: not a readable heads file"):
            default_energy(GuardrailsConfig(packs=[str(policy)]))


def test_injection_has_a_threshold_per_scope_and_head_and_a_pack_sets_all(tmp_path: Path) -> None:
    from guardrails._heads import load_head

    fitted = load_head("prompt_injection").meta["scope_thresholds"]
    documents = load_head("prompt_injection_documents").meta["scope_thresholds"]["incoming"]
    assert fitted["incoming"] > fitted["input"]  # a document's clean paragraphs read like instructions
    text = "Please summarise the attached report and list three action items for the team."
    energy = default_energy(GuardrailsConfig())
    (typed,) = energy.assess([text], Scope.INPUT)
    short, mail = energy.assess([text, text], Scope.INCOMING, meta=[{"kind": "text"}, {"kind": "mail"}])
    assert typed.term("prompt_injection").threshold == pytest.approx(fitted["input"])
    # The shield's short messages read the typed head at its incoming threshold; mail, like any
    # document, the documents' head.
    assert short.term("prompt_injection").threshold == pytest.approx(fitted["incoming"])
    # The same head on the same text; one text alone runs on two BLAS threads, a batch on one: float sums.
    assert typed.term("prompt_injection").p == pytest.approx(short.term("prompt_injection").p, rel=1e-4)
    assert mail.term("prompt_injection").threshold == pytest.approx(documents)
    assert mail.term("prompt_injection").p != pytest.approx(short.term("prompt_injection").p)
    pack = _pack(tmp_path, "[objectives.prompt_injection]\nthreshold = 0.4\n")
    strict = default_energy(GuardrailsConfig(packs=[str(pack)]))
    for scope, meta in ((Scope.INPUT, {}), (Scope.INCOMING, {"kind": "mail"}), (Scope.INCOMING, {})):
        (verdict,) = strict.assess([text], scope, meta=[meta])
        assert verdict.term("prompt_injection").threshold == pytest.approx(0.4)
