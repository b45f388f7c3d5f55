"""The project's hand-written training text, read from the JSON files in `sentences/` (see its
README: what each file holds, how it was written, its licence).

Each file holds named lists under "lists"; a list is "texts" (strings, or [a, b] pairs) or "groups"
(labelled runs of strings, read in file order as one list). The builders (`_statements`, `_augment`)
cross the lists with frames; the exemplars below are used as written. Lists come back as tuples, as
the builders' seeded `random.Random` draws read them, so a seed gives the texts it always gave.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

__all__ = ["INJECTION", "SELF_HARM", "SELF_HARM_CONTRAST", "SEXUAL", "pairs", "texts"]


@cache
def _lists(name: str) -> dict[str, list[object]]:
    """The lists of `sentences/<name>.json`, groups flattened in order."""
    path = resources.files("guardrails.training") / "sentences" / f"{name}.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[object]] = {}
    for key, entry in raw["lists"].items():
        if "groups" in entry:
            out[key] = [item for group in entry["groups"].values() for item in group]
        else:
            out[key] = list(entry["texts"])
    return out


def texts(name: str, key: str) -> tuple[str, ...]:
    """The list `key` of `sentences/<name>.json`, each item a string."""
    items = _lists(name)[key]
    if not all(isinstance(item, str) for item in items):
        raise ValueError(f"sentences/{name}.json: {key} holds something other than strings")
    return tuple(str(item) for item in items)


def pairs(name: str, key: str) -> tuple[tuple[str, str], ...]:
    """The list `key` of `sentences/<name>.json`, each item a pair of strings."""
    out = []
    for item in _lists(name)[key]:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(part, str) for part in item)):
            raise ValueError(f"sentences/{name}.json: {key} holds something other than pairs of strings")
        out.append((str(item[0]), str(item[1])))
    return tuple(out)


# Exemplars where no openly licensed training split covers a class (sentences/exemplars.json). The
# runtime's own lists (supportive replies, benign contrast requests) are in guardrails/_exemplars.py.
SELF_HARM = texts("exemplars", "self_harm")
SELF_HARM_CONTRAST = texts("exemplars", "self_harm_contrast")
SEXUAL = texts("exemplars", "sexual")
INJECTION = texts("exemplars", "injection")
