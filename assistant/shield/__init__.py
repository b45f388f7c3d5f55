"""The shield: a spam-style filter for incoming content, built on the guardrails energy.

from assistant.shield import Shield, parse_message
shield = Shield()                               # the shipped model, no owner data
[result] = shield.scan([parse_message(raw_bytes, "msg-1")])
result.verdict, result.energy, result.reasons   # "quarantine", 7.9, ["token_stats +5.1 ..."]
"""

from __future__ import annotations

from .core import DELIVER, QUARANTINE, REJECT, Shield, ShieldResult, external_objectives, untrusted_block
from .mail import Link, ParsedMessage, UnreadableMessage, message_hash, parse_message
from .model import Artifact
from .objectives import HeaderRules, SpamHead, TokenStats, UrlRules
from .tokens import OwnerStore, TokenModel, tokenize

__all__ = [
    "DELIVER",
    "QUARANTINE",
    "REJECT",
    "Artifact",
    "HeaderRules",
    "Link",
    "OwnerStore",
    "ParsedMessage",
    "Shield",
    "ShieldResult",
    "SpamHead",
    "TokenModel",
    "TokenStats",
    "UnreadableMessage",
    "UrlRules",
    "external_objectives",
    "message_hash",
    "parse_message",
    "tokenize",
    "untrusted_block",
]
