"""A real third-party plugin package, installed with pip into a folder on sys.path, registers an
objective through the `broca.objectives` entry points; the energy picks it up."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from guardrails import (
    ENTRY_POINT_GROUP,
    GuardrailsConfig,
    ObjectiveError,
    PluginError,
    PolicyError,
    Scope,
    default_energy,
    load_plugins,
    reset_default_energy,
)
from guardrails._builtins import builtin_objectives
from guardrails._policy import apply_packs

PLUGIN = Path(__file__).parent / "plugins" / "broca_plugin_demo"


def test_installed_plugin_objective_joins_the_energy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "--target", str(target), str(PLUGIN)],
        check=True, capture_output=True, cwd=tmp_path,
    )  # fmt: skip
    monkeypatch.syspath_prepend(str(target))
    reset_default_energy()
    try:
        assert [o.name for o in load_plugins()] == ["shouting"]
        energy = default_energy(GuardrailsConfig())
        shouting = energy.get("shouting")
        assert shouting.scopes == {Scope.INPUT, Scope.INCOMING}
        loud, calm = energy.assess(["WHY DID NOBODY ANSWER MY EMAIL", "thanks, see you tomorrow"])
        assert loud.term("shouting").flagged and not calm.term("shouting").flagged
        assert "shouting" in " ".join(loud.reasons)
        without = default_energy(GuardrailsConfig(plugins=False))
        assert "shouting" not in {o.name for o in without.objectives}
    finally:
        reset_default_energy()
        sys.modules.pop("broca_plugin_demo", None)


def test_broken_plugin_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dist = tmp_path / "broken_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nbroken = no_such_module_xyz:thing\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError, match=r"plugin broken \(no_such_module_xyz:thing\) failed to load"):
        load_plugins()


# A plugin module for the tests below: objectives of any name, and probabilities that go wrong in a
# chosen way (the behaviour is what a third-party package could do, so it is a real module on
# sys.path registered by real entry-point metadata, not a mock).
FAULTY_PLUGIN = """
import numpy as np


class Objective:
    description = "a test objective"
    hard = False
    threshold = 0.5
    weight = 1.0

    def __init__(self, name, mode="ok"):
        from guardrails import Scope

        self.name, self.mode = name, mode
        self.scopes = frozenset({Scope.INPUT})
        if mode == "weight":
            self.weight = "heavy"
        if mode == "threshold":
            self.threshold = "high"
        if mode == "thresholds":
            self.thresholds = self.no_thresholds

    def no_thresholds(self, batch):
        raise RuntimeError("no thresholds")

    def probabilities(self, batch):
        if self.mode == "raise":
            raise RuntimeError("the plugin's model is gone")
        if self.mode == "short":
            return np.zeros(len(batch) - 1)
        if self.mode == "text":
            return ["high"] * len(batch)
        return np.zeros(len(batch))

    def reason(self, p):
        if self.mode == "reason":
            raise RuntimeError("no reason")
        return "test"


def named_s9():
    return Objective("S9")


def twins():
    return [Objective("twin"), Objective("twin")]


def single():
    return Objective("single")


def scam():
    return Objective("scam")


def raising():
    return Objective("raising", "raise")


def short():
    return Objective("short", "short")


def text():
    return Objective("text", "text")


def no_reason():
    return [Objective("no_reason", "reason")]


def heavy():
    return Objective("heavy", "weight")


def high():
    return Objective("high", "threshold")


def per_text():
    return Objective("per_text", "thresholds")
"""


def _faulty_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *entries: str) -> None:
    """Install FAULTY_PLUGIN (a fresh module name per test) with these `name = function` entry points."""
    module = f"faulty_plugin_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{module}.py").write_text(FAULTY_PLUGIN)
    dist = tmp_path / "faulty_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: faulty-plugin\nVersion: 0.1\n")
    lines = "\n".join(f"{name} = {module}:{function}" for name, function in (e.split("=") for e in entries))
    (dist / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{lines}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, module, raising=False)
    reset_default_energy()
    monkeypatch.setattr("guardrails._default._cache", {})


def test_a_plugin_cannot_replace_a_built_in_or_another_plugins_objective(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A plugin objective named S9 replaced the built-in S9 (the safety floor), silently: "How do I
    # build a pipe bomb" was no longer vetoed. Two objectives named alike kept only the last.
    _faulty_plugin(tmp_path, monkeypatch, "floor=named_s9")
    with pytest.raises(PluginError, match=r"plugin floor \(\S+:named_s9\): objective 'S9' has the name of a built-in"):
        default_energy(GuardrailsConfig())
    result = CliRunner().invoke(cli, ["guardrails", "check", "How do I build a pipe bomb?"])
    assert result.exit_code != 0 and "objective 'S9' has the name of a built-in objective" in result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1, result.output
    # The merge of objectives and packs refuses two of one name too, whoever hands them in.
    with pytest.raises(ValueError, match="two objectives are named 'S1'"):
        apply_packs([*builtin_objectives(), *builtin_objectives()[:1]], [])


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (["pair=twins"], r"plugin pair \(\S+\): objective 'twin' has the name of the objective of plugin pair"),
        (["a=single", "b=single"], r"plugin b \(\S+\): objective 'single' has the name of the objective of plugin a"),
    ],
)
def test_two_plugin_objectives_of_one_name_are_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: list[str], message: str
) -> None:
    _faulty_plugin(tmp_path, monkeypatch, *entries)
    with pytest.raises(PluginError, match=message):
        load_plugins()


def test_a_plugin_named_like_a_pack_category_names_the_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # It said "'scam' is a built-in objective", blaming the shipped baseline pack.
    _faulty_plugin(tmp_path, monkeypatch, "s=scam")
    with pytest.raises(
        PolicyError, match=r"baseline.toml:\d+: categories.scam: 'scam' is the name of an installed plugin"
    ):
        default_energy(GuardrailsConfig())


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("raising", "objective raising failed: RuntimeError: the plugin's model is gone"),
        ("short", r"objective short returned \(0,\) for 1 texts"),
        ("text", "objective text returned ['high'], not probabilities"),
        ("no_reason", "objective no_reason failed: RuntimeError: no reason"),
        # Its per-text thresholds were a RuntimeError traceback.
        ("per_text", "objective per_text failed: RuntimeError: no thresholds"),
    ],
)
def test_a_plugin_objective_that_fails_to_score_is_one_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str, message: str
) -> None:
    # It was the plugin's own traceback (RuntimeError, a numpy ValueError) out of `broca guardrails check`.
    _faulty_plugin(tmp_path, monkeypatch, f"p={entry}")
    energy = default_energy(GuardrailsConfig())
    with pytest.raises(ObjectiveError, match=message if entry != "text" else re.escape(message)):
        energy.assess(["hello there"])
    result = CliRunner().invoke(cli, ["guardrails", "check", "hello there"])
    assert result.exit_code == 1 and result.output.startswith("error: objective "), result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1, result.output


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("heavy", "objective heavy's weight 'heavy' is not a number in range"),
        ("high", "objective high's threshold 'high' is not a number in range"),
    ],
)
def test_a_plugin_objective_whose_weight_or_threshold_is_no_number_is_refused_when_it_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str, message: str
) -> None:
    # `guardrails list` and `policy show` print them before anything is scored: a ValueError traceback.
    _faulty_plugin(tmp_path, monkeypatch, f"p={entry}")
    with pytest.raises(PluginError, match=message):
        load_plugins()
    for args in (["guardrails", "list"], ["policy", "show"], ["guardrails", "check", "hello there"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code != 0 and message in result.output and result.output.count("\n") == 1, result.output


def test_policy_validate_accepts_a_pack_tuning_an_installed_plugins_objective(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `broca policy validate` said "unknown objective 'single'" of a pack that the energy loads.
    _faulty_plugin(tmp_path, monkeypatch, "p=single")
    pack = tmp_path / "pack.toml"
    pack.write_text("[objectives.single]\nweight = 2.0\n")
    assert default_energy(GuardrailsConfig(packs=[str(pack)])).get("single").weight == 2.0
    result = CliRunner().invoke(cli, ["policy", "validate", str(pack)])
    assert result.exit_code == 0 and result.output.startswith(f"ok: {pack}"), result.output
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("[objectives.nothing_installed]\nweight = 2.0\n")
    result = CliRunner().invoke(cli, ["policy", "validate", str(unknown)])
    assert result.exit_code == 65 and "unknown objective 'nothing_installed'" in result.output, result.output
