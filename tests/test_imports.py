"""The import order of the four packages, read from the source (ast), function-level imports included.

Layers, lowest first: memory.base (imports nothing of broca) < memory < guardrails < finetune <
assistant. A module may import its own layer and those below, never a higher one; it may not import
another package's private (`_x`) module; and no chain of imports between modules may loop.
Benchmarks (`benchmarks/`) import no private module either. Inside guardrails, the runtime part never
imports the training part (`guardrails.training`), which imports the runtime part.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("memory", "guardrails", "finetune", "assistant")
LAYERS = {"memory.base": 0, "memory": 1, "guardrails": 2, "finetune": 3, "assistant": 4}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


MODULES = _modules()


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import in the file, at any depth, of a broca module: a
    `from x import y` names module x.y where that is a module, else x."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path, node)
            for alias in node.names:
                yield (f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target), node.lineno


def _broca(name: str) -> bool:
    return name.split(".")[0] in PACKAGES


def _in_base(name: str) -> bool:
    return name == "memory.base" or name.startswith("memory.base.")


def _home(name: str) -> str:
    """The layer a module belongs to: `memory.base`, else its top-level package."""
    return "memory.base" if _in_base(name) else name.split(".")[0]


def _layer(name: str) -> int:
    return LAYERS[_home(name)]


def _edges() -> list[tuple[str, str, int]]:
    """(importer, imported module, line) between broca modules, each import of a module once."""
    edges = []
    for module, path in MODULES.items():
        seen = set()
        for target, line in _imports(module, path):
            if _broca(target) and target != module and target not in seen:
                seen.add(target)
                edges.append((module, target, line))
    return edges


EDGES = _edges()


def _where(module: str, line: int) -> str:
    return f"{MODULES[module].relative_to(ROOT)}:{line}"


def test_the_scan_sees_every_package() -> None:
    assert {m.split(".")[0] for m in MODULES} == set(PACKAGES)
    assert "memory.base.errors" in MODULES and len(EDGES) > 100


def test_no_module_imports_a_higher_layer() -> None:
    upward = [
        f"{_where(src, line)}: {src} (layer {_layer(src)}) imports {dst} (layer {_layer(dst)})"
        for src, dst, line in EDGES
        if _layer(dst) > _layer(src)
    ]
    assert not upward, "imports against the layer order:\n" + "\n".join(upward)


def test_the_base_layer_imports_nothing_of_broca_but_itself() -> None:
    outside = [
        f"{_where(src, line)}: {src} imports {dst}" for src, dst, line in EDGES if _in_base(src) and not _in_base(dst)
    ]
    assert not outside, "the base layer imports the rest of broca:\n" + "\n".join(outside)


def _private_of_another_package(src: str, dst: str) -> bool:
    """`dst` is a private module (a `_x` part) outside the package (or base layer) that `src` is in."""
    return _home(src) != _home(dst) and any(part.startswith("_") for part in dst.split("."))


def test_no_module_imports_another_packages_private_module() -> None:
    private = [
        f"{_where(src, line)}: {src} imports {dst}" for src, dst, line in EDGES if _private_of_another_package(src, dst)
    ]
    assert not private, "imports of another package's private modules:\n" + "\n".join(private)


def _benchmark_imports() -> list[tuple[Path, str, int]]:
    """(script, imported broca module, line) for every import in `benchmarks/`, at any depth."""
    found = []
    for path in sorted((ROOT / "benchmarks").rglob("*.py")):
        for target, line in _imports(f"benchmarks.{path.stem}", path):
            if _broca(target):
                found.append((path, target, line))
    return found


def test_benchmarks_import_no_private_module() -> None:
    """Benchmarks are code too: they use the packages' public modules (`guardrails.training`,
    `memory.embedder`, ...), never a private (`_x`) one."""
    imports = _benchmark_imports()
    assert len(imports) > 20  # the scan reads the scripts
    private = [
        f"{path.relative_to(ROOT)}:{line}: imports {dst}"
        for path, dst, line in imports
        if any(part.startswith("_") for part in dst.split("."))
    ]
    assert not private, "benchmarks import private modules:\n" + "\n".join(private)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _graph() -> dict[str, set[str]]:
    """Module -> the modules it names in an import. The parent packages' `__init__` that Python runs
    first are not counted: each imports its own modules, so every package would be a cycle."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for src, dst, _ in EDGES:
        if dst in MODULES:
            graph[src].add(dst)
    return graph


def _describe(component: list[str]) -> str:
    members = set(component)
    lines = [f"cycle of {len(component)} modules: {', '.join(component)}"]
    lines += [f"  {_where(src, line)}: {src} -> {dst}" for src, dst, line in EDGES if src in members and dst in members]
    return "\n".join(lines)


def test_no_import_cycle_between_modules() -> None:
    cycles = _cycles(_graph())
    assert not cycles, "import cycles (function-level imports count):\n" + "\n".join(map(_describe, cycles))


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


# Guardrails' training part, and the one module above both parts: the command line, whose eval, train
# and weights commands run the training code (inside the command, so `check` loads none of it).
TRAINING = "guardrails.training"
ABOVE_BOTH = {"guardrails.cli"}


def _in_training(name: str) -> bool:
    return name == TRAINING or name.startswith(TRAINING + ".")


def _runtime(name: str) -> bool:
    return _home(name) == "guardrails" and not _in_training(name) and name not in ABOVE_BOTH


def test_the_guardrails_runtime_imports_nothing_of_its_training_part() -> None:
    """The heads ship and run without the code that made them: no runtime module names
    `guardrails.training` or a module in it, at any depth (function-level imports count)."""
    runtime = [m for m in MODULES if _runtime(m)]
    assert {"guardrails", "guardrails._builtins", "guardrails._energy", "guardrails._policy"} <= set(runtime)
    assert sum(map(_in_training, MODULES)) > 10  # the scan sees the training part
    crossing = [
        f"{_where(src, line)}: {src} imports {dst}" for src, dst, line in EDGES if _runtime(src) and _in_training(dst)
    ]
    assert not crossing, "the guardrails runtime imports its training part:\n" + "\n".join(crossing)
    upward = [
        f"{_where(src, line)}: {src} imports {dst}"
        for src, dst, line in EDGES
        if _in_training(src) and dst in ABOVE_BOTH
    ]
    assert not upward, "the training part imports the command line:\n" + "\n".join(upward)


def test_importing_guardrails_loads_no_training_code() -> None:
    """The same seen from Python: the package and its command line load no training module (a
    dynamic import the scan above cannot read would show here)."""
    code = (
        "import sys, guardrails, guardrails.cli; print(*sorted(m for m in sys.modules if m.startswith('guardrails')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    modules = loaded.stdout.split()
    assert "guardrails._builtins" in modules
    assert not [m for m in modules if _in_training(m)]
