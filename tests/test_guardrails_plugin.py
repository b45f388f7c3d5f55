"""A real third-party plugin package, installed with pip into a folder on sys.path, registers an
objective through the `broca.objectives` entry points; the energy picks it up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import GuardrailsConfig
from guardrails import ENTRY_POINT_GROUP, PluginError, Scope, default_energy, load_plugins, reset_default_energy

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
