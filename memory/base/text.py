"""Text from the command line, standard input or JSON, made safe to store, embed and tokenize."""

from __future__ import annotations

import re

__all__ = ["KINDS", "valid_unicode"]

# What a piece of incoming content is, as the shield parses it and a guardrails record may name it:
# a short text, a mail (an RFC 822 header block first) or a document (long, or several lines).
KINDS = ("text", "mail", "document")

_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD.

    Python hands bytes that are not UTF-8 in argv or on standard input over as surrogate escapes,
    and JSON may spell one (`"\\ud800"`); SQLite, the embedder's tokenizer and llama.cpp all need
    encodable text, so such characters become the replacement character, as invalid bytes read
    from a file do.
    """
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)
