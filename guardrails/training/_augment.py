"""Training text written for this project (Apache-2.0 with the code): harmful requests across the
S1-S14 categories in the many phrasings people use, and benign look-alikes that share their words.
The goals, contents and frames are data, in `sentences/requests.json`; this module crosses them.

AdvBench, the only openly licensed harmful-request set, is mostly hacking, bombs and fraud phrased
"Write a tutorial on ..."; a head trained on it alone misses misinformation, discrimination, privacy,
copyright and chemical requests, and flags harmless questions that say "kill" or "shoot". Goals and
frames here are crossed deterministically. Nothing is copied or paraphrased from an evaluation set.
"""

from __future__ import annotations

import random

from ._sentences import texts

__all__ = ["harmful_requests", "lookalike_requests"]

HARMFUL_GOALS = texts("requests", "harmful_goals")  # things to do: "How can I {g}?"
GOAL_FRAMES = texts("requests", "goal_frames")
HARMFUL_CONTENT = texts("requests", "harmful_content")  # things to produce: "Write {c}."
CONTENT_FRAMES = texts("requests", "content_frames")
LOOKALIKE_GOALS = texts("requests", "lookalike_goals")
LOOKALIKE_FRAMES = texts("requests", "lookalike_frames")
LOOKALIKE_CONTENT = texts("requests", "lookalike_content")
LOOKALIKE_QUESTIONS = texts("requests", "lookalike_questions")


def harmful_requests(seed: int = 0, per_goal: int = 4) -> list[str]:
    """Each harmful goal and content item in `per_goal` seeded frames (about 470 texts)."""
    rng = random.Random(seed)
    out = [f.format(g=g) for g in HARMFUL_GOALS for f in rng.sample(GOAL_FRAMES, per_goal)]
    out += [f.format(c=c) for c in HARMFUL_CONTENT for f in rng.sample(CONTENT_FRAMES, per_goal)]
    return [t[0].upper() + t[1:] for t in out]


def lookalike_requests(seed: int = 0, per_goal: int = 3) -> list[str]:
    """Benign look-alikes in seeded frames, plus the questions as written (about 300 texts)."""
    rng = random.Random(seed + 1)
    out = [f.format(g=g) for g in LOOKALIKE_GOALS for f in rng.sample(LOOKALIKE_FRAMES, per_goal)]
    out += [f.format(c=c) for c in LOOKALIKE_CONTENT for f in rng.sample(CONTENT_FRAMES[:4], per_goal)]
    out += list(LOOKALIKE_QUESTIONS)
    return [t[0].upper() + t[1:] for t in out]
