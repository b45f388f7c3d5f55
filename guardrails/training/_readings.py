"""Training rows of a document read exactly as the incoming scope reads it at run time.

`Energy.evaluate` cleans a text (`_text.clean`), reveals it (`_reveal.reveal`: invisible characters
dropped, NFKC, hidden channels surfaced) and scores the chunks of the revealed text and the chunks of
each hidden span, the worst counting. The documents' head must learn from the same pieces: trained on
the raw text, it saw "i<U+200B>g<U+200B>n<U+200B>o<U+200B>r<U+200B>e" and base64 blocks that it never
meets at run time, and never saw the decoded spans that it does meet.
"""

from __future__ import annotations

import difflib

from .._reveal import reveal
from .._text import chunk, clean

__all__ = ["document_readings", "pair_readings"]

# A piece of the insertion this long (after revealing) marks a chunk that holds it.
MIN_PIECE = 8
PROBE = 40
NEW_SHARE = 0.5  # a hidden span is the insertion's when less than this share of it is the clean text


def document_readings(text: str) -> list[str]:
    """The pieces the incoming scope scores for `text`: chunks of the revealed text, then chunks of
    each hidden span (in the order `Energy.evaluate` builds them)."""
    found = reveal(clean(text))
    return chunk(found.text) + [part for span in found.hidden for part in chunk(span.text)]


def pair_readings(before: str, after: str) -> list[tuple[str, int]]:
    """Rows of a document (`before`) and the same document with an instruction inserted (`after`),
    read as the incoming scope reads them: every piece of the clean document is 0; a chunk of the
    injected one that holds part of what was inserted is 1 (a chunk only shifted by the insertion is
    left out: neither clean nor attacked), and so is a hidden span the clean document does not have
    and that is mostly new text (the insertion was hidden there)."""
    clean_found, found = reveal(clean(before)), reveal(clean(after))
    clean_spans = [part for span in clean_found.hidden for part in chunk(span.text)]
    out = [(c, 0) for c in chunk(clean_found.text) + clean_spans]
    matcher = difflib.SequenceMatcher(None, clean_found.text, found.text, autojunk=False)
    inserted = [found.text[j1:j2] for op, _, _, j1, j2 in matcher.get_opcodes() if op in ("insert", "replace")]
    pieces = [x.strip()[:PROBE] for x in inserted if len(x.strip()) >= MIN_PIECE]
    out += [(c, 1) for c in chunk(found.text) if any(piece in c for piece in pieces)]
    known = {" ".join(s.split()) for s in clean_spans}
    for span in found.hidden:
        for part in chunk(span.text):
            if " ".join(part.split()) not in known and _mostly_new(part, clean_found.text):
                out.append((part, 1))
    return out


def _mostly_new(part: str, clean_text: str) -> bool:
    """Whether most of a hidden span is not in the clean document: decoded or hidden content is; the
    span a forged closing tag opens ("<|im_end|> and the rest of the clean paragraph") is not, and
    is left out (neither an attack nor clean)."""
    blocks = difflib.SequenceMatcher(None, part, clean_text, autojunk=False).get_matching_blocks()
    shared = sum(b.size for b in blocks if b.size >= MIN_PIECE)
    return shared < NEW_SHARE * len(part)
