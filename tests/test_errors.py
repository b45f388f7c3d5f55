"""One error hierarchy in one module, exit codes decided by category."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

from memory.base import errors
from memory.base.errors import BrocaError

ROOT = Path(__file__).resolve().parent.parent
ERRORS = ROOT / "memory" / "base" / "errors.py"
CATEGORIES = {
    "BrocaError": 1,
    "UsageError": 2,
    "InputError": 65,
    "NoInputError": 66,
    "SoftwareError": 70,
    "OutputError": 74,
    "TempFailError": 75,
    "ConfigError": 78,
    "Interrupted": 130,
}
BUILTIN_EXCEPTIONS = {
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)
}


def test_every_exception_class_is_defined_in_the_errors_module() -> None:
    """A class anywhere else that derives from an exception (builtin or ours) belongs in errors.py."""
    ours = set(errors.__all__)
    elsewhere = []
    for package in ("memory", "guardrails", "finetune", "assistant"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ERRORS:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef):
                    bases = {ast.unparse(b).split(".")[-1] for b in node.bases}
                    if bases & (ours | BUILTIN_EXCEPTIONS) and not node.name.endswith("Warning"):
                        elsewhere.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name}")
    assert not elsewhere, "exception classes outside memory/base/errors.py:\n" + "\n".join(elsewhere)


def test_exit_codes_are_set_by_the_categories_only() -> None:
    setting = {
        node.name
        for node in ast.parse(ERRORS.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
        for statement in node.body
        if isinstance(statement, ast.Assign) and any(getattr(t, "id", "") == "exit_code" for t in statement.targets)
    }
    assert setting == set(CATEGORIES)
    assert {name: getattr(errors, name).exit_code for name in CATEGORIES} == CATEGORIES


def test_every_error_is_in_one_category() -> None:
    """Each BrocaError takes the exit code of the first category in its MRO (a class in two lists
    the one it exits with first)."""
    for name in errors.__all__:
        cls = getattr(errors, name)
        if isinstance(cls, type) and issubclass(cls, BrocaError):
            first = next(c.__name__ for c in cls.__mro__ if c.__name__ in CATEGORIES)
            assert cls.exit_code == CATEGORIES[first], name
