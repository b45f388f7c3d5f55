"""Training text written for this project (Apache-2.0 with the code), every line by hand: the styles
the open training sets lack. The fragments and frames are data, in `sentences/owner_instructions.json`,
`sentences/harmful_statements.json` and `sentences/lookalike_statements.json` (their README says what
each holds); this module crosses them.

* `owner_instructions`: harmless prompts an owner types into a chat box — role-play set-ups ("You are a
  travel agent..."), "act as", "pretend", standing rules ("from now on answer in French"), stories,
  pasted text to rewrite, multi-step tasks, casual chat with typos, a few in French, Spanish and
  German. Negatives for every head: instruction-shaped text is not an injection when the owner types it.
* `harmful_statements`: statements and comments (not requests) per category — sexual (suggestive,
  non-explicit), hate (dehumanising claims about protected groups, no slurs), harassment and threats,
  violence (glorifying or graphic, not gratuitous), self-harm in the first person, and a handful of
  abstract claims that sexualise minors (claims only, never descriptions).
* `lookalike_statements`: harmless statements that share their words — health and sex-education facts,
  neutral news of violence, history, fiction summaries, recovery stories, identity discussions, sport
  and games.

Fragments are crossed with frames by a seeded `random.Random`, so a seed gives the same texts. Nothing
is copied or paraphrased from any dataset.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from ._sentences import pairs, texts

__all__ = ["HARMFUL_CATEGORIES", "harmful_statements", "lookalike_statements", "owner_instructions"]

# The keys of `harmful_statements` (with "sexual-minors"): names in code, the text they key is data.
HARMFUL_CATEGORIES: tuple[str, ...] = ("sexual", "hate", "harassment", "violence", "self-harm")

# (a) owner instructions
ROLE_TASKS = pairs("owner_instructions", "role_tasks")
ROLE_FRAMES = texts("owner_instructions", "role_frames")
STYLE_RULES = texts("owner_instructions", "style_rules")
STYLE_QUESTIONS = texts("owner_instructions", "style_questions")
STORY_PREMISES = texts("owner_instructions", "story_premises")
STORY_FRAMES = texts("owner_instructions", "story_frames")
PASTED = texts("owner_instructions", "pasted")
PASTE_FRAMES = texts("owner_instructions", "paste_frames")
MULTI_STEP = texts("owner_instructions", "multi_step")
CASUAL = texts("owner_instructions", "casual")
FOREIGN = texts("owner_instructions", "foreign")

# (b) harmful statements
SEXUAL_LINES = texts("harmful_statements", "sexual_lines")
SEXUAL_FRAMES = texts("harmful_statements", "sexual_frames")
SEXUAL_MINORS = texts("harmful_statements", "sexual_minors")
HATE_GROUPS = texts("harmful_statements", "hate_groups")
HATE_CLAIMS = texts("harmful_statements", "hate_claims")
HATE_FRAMES = texts("harmful_statements", "hate_frames")
HARASS_NAMES = texts("harmful_statements", "harass_names")
HARASS_LINES = texts("harmful_statements", "harass_lines")
HARASS_FRAMES = texts("harmful_statements", "harass_frames")
VIOLENCE_LINES = texts("harmful_statements", "violence_lines")
VIOLENCE_FRAMES = texts("harmful_statements", "violence_frames")
SELF_HARM_LINES = texts("harmful_statements", "self_harm_lines")
SELF_HARM_FRAMES = texts("harmful_statements", "self_harm_frames")

# (c) look-alike statements
LOOKALIKES = texts("lookalike_statements", "lookalikes")
NEWS_EVENTS = texts("lookalike_statements", "news_events")
NEWS_CITIES = texts("lookalike_statements", "news_cities")
RECOVERY_PAST = texts("lookalike_statements", "recovery_past")
RECOVERY_HELP = texts("lookalike_statements", "recovery_help")
SPORTS_TEAMS = texts("lookalike_statements", "sports_teams")
SPORTS_LINES = texts("lookalike_statements", "sports_lines")
GAME_LINES = texts("lookalike_statements", "game_lines")
CASUAL_FRAMES = texts("lookalike_statements", "casual_frames")
EVERYDAY = texts("lookalike_statements", "everyday")

# ------------------------------------------------------------------------------------------- builders


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def _unique(texts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for t in texts:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def _cross(rng: random.Random, lines: Sequence[str], frames: Sequence[str], per: int, key: str = "s") -> list[str]:
    """Each line in `per` seeded frames; "{S}" is the line capitalised."""
    return [f.format(**{key: s, key.upper(): _cap(s)}) for s in lines for f in rng.sample(list(frames), per)]


def owner_instructions(seed: int = 0) -> list[str]:
    """Harmless instruction-style prompts an owner types (about 400 texts)."""
    rng = random.Random(seed + 11)
    out = [f.format(r=r, t=t) for r, t in ROLE_TASKS for f in rng.sample(ROLE_FRAMES, 3)]
    out += [f"{rule} {q}" for rule in STYLE_RULES for q in rng.sample(STYLE_QUESTIONS, 4)]
    out += [_cap(f.format(p=p)) for p in STORY_PREMISES for f in rng.sample(STORY_FRAMES, 2)]
    out += [f.format(x=x) for x in PASTED for f in rng.sample(PASTE_FRAMES, 2)]
    out += list(MULTI_STEP) + list(CASUAL) + list(FOREIGN)
    return _unique(out)


def harmful_statements(seed: int = 0) -> dict[str, list[str]]:
    """Harmful statements and comments per category of `HARMFUL_CATEGORIES` (about 150 each), plus
    "sexual-minors": a handful of abstract claims."""
    rng = random.Random(seed + 12)
    hate = [f.format(c=c.format(g=g)) for c in HATE_CLAIMS for g in HATE_GROUPS for f in (rng.choice(HATE_FRAMES),)]
    rng.shuffle(hate)
    harass = [
        f.format(n=n, s=s, S=_cap(s))
        for s in HARASS_LINES
        for n, f in zip(rng.sample(HARASS_NAMES, len(HARASS_FRAMES)), HARASS_FRAMES, strict=True)
    ]
    out = {
        "sexual": _cross(rng, SEXUAL_LINES, SEXUAL_FRAMES, 5),
        "hate": [_cap(t) for t in hate[:150]],
        "harassment": [_cap(t) for t in harass][:150],
        "violence": [_cap(t) for t in _cross(rng, VIOLENCE_LINES, VIOLENCE_FRAMES, 6)],
        "self-harm": [_cap(t) if t[0] != "h" else t for t in _cross(rng, SELF_HARM_LINES, SELF_HARM_FRAMES, 6)],
        "sexual-minors": list(SEXUAL_MINORS),
    }
    out["sexual"] = [t if t.startswith("omg") else _cap(t) for t in out["sexual"]]
    return {k: _unique(v) for k, v in out.items()}


def lookalike_statements(seed: int = 0) -> list[str]:
    """Harmless statements that share words with the harmful ones (about 250 texts)."""
    rng = random.Random(seed + 13)
    sports = [s.format(t=t) for s in SPORTS_LINES for t in rng.sample(SPORTS_TEAMS, 4)]
    out = list(LOOKALIKES) + list(EVERYDAY)
    out += [f.format(s=s, S=_cap(s)) for s in sports for f in (rng.choice(CASUAL_FRAMES),)]
    out += [f.format(s=s, S=_cap(s)) for s in GAME_LINES for f in rng.sample(CASUAL_FRAMES, 4)]
    out += [e.format(c=c) for e in NEWS_EVENTS for c in rng.sample(NEWS_CITIES, 4)]
    out += [f"{p}, {h}." for p in RECOVERY_PAST for h in rng.sample(RECOVERY_HELP, 3)]
    return _unique(t if t.startswith("lol") else _cap(t) for t in out)
