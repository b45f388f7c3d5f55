"""What an AI would read in a text: hidden channels surfaced, invisible characters dropped.

An instruction aimed at an assistant is often written where a person does not see it: an HTML
comment, an element styled invisible, Unicode tag characters (invisible, but read by a model's
tokenizer), a base64 block, rot13, leetspeak, or fake chat markup ("<|im_start|>system",
"[INST]", "### System:") meant to pass for the conversation's own. Read as part of a long page,
such an instruction is a small share of what the heads see; decoded, it is not seen at all.

`reveal` returns the text the heads read (NFKC-normalised, zero-width and bidi controls removed, so
that "ig<ZWSP>nore" is "ignore" and fullwidth letters are letters) and each hidden span on its
own, named by its channel. `Energy` scores the spans as further pieces of their text (the worst piece
counts, as for chunks) and a term that a span triggered names it. Only reading changes: the text
shown to the owner and quoted to the model is the original (quoted as data, without its invisible
characters: `visible`).

Everything here is bounded (spans per channel, characters per span) and never raises on any input.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

__all__ = ["CHANNELS", "Hidden", "Revealed", "reveal", "visible"]

# Every channel a span comes from, as a reason names it.
CHANNELS = {
    "html-comment": "an HTML comment",
    "hidden-html": "HTML styled or marked invisible",
    "html-attribute": "an HTML attribute (alt, title, aria-label)",
    "markdown-comment": "a Markdown comment",
    "tag-characters": "invisible Unicode tag characters",
    "variation-selectors": "bytes hidden in Unicode variation selectors",
    "base64": "a base64 block",
    "rot13": "rot13",
    "leetspeak": "leetspeak",
    "role-markup": "forged chat or tool markup",
}
MAX_SPANS = 16  # per channel: a page of a thousand comments is read by its first ones
SPAN_CHARS = 2000  # a hidden span is read on its head, as a chunk of the text would be
MIN_SPAN_CHARS = 8  # "<!-- x -->" or an empty hidden <div> says nothing to read

# Zero-width characters, soft hyphen, word joiners and bidi controls: nothing a reader sees, but a
# tokenizer splits words at them ("ig\u200bnore" is not "ignore" to the heads' n-grams or encoder).
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
# Unicode tags (U+E0000-E007F) mirror ASCII and are invisible everywhere: "ASCII smuggling".
_TAGS = re.compile("[\U000e0000-\U000e007f]+")
# Variation selectors carry a byte each when strung after one visible character ("emoji smuggling").
_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]{8,}")
_ANY_SELECTOR = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_MARKUP = re.compile(r"<[a-zA-Z!/]")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0*)?(?:px|pt|em|rem|%)?\s*(?:;|!|$)"
    r"|opacity\s*:\s*0(?:\.0*)?\s*(?:;|!|$)|(?<![-\w])color\s*:\s*(?:white|transparent|#fff(?:fff)?\b"
    r"|rgba?\(\s*255\s*,\s*255\s*,\s*255\s*(?:,\s*1(?:\.0*)?\s*)?\)|rgba\([^)]*,\s*0(?:\.0*)?\s*\))"
    r"|(?:left|top|text-indent)\s*:\s*-\d{3,}|(?:height|width)\s*:\s*0(?:px)?\s*;[^\"']*overflow\s*:\s*hidden"
    r"|clip\s*:\s*rect\(\s*0",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(r"background", re.IGNORECASE)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
# Attributes an agent reading the page reads and a person rarely sees.
_READ_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "placeholder", "content", "data-instructions")
_START_TAG = re.compile(r"<([a-zA-Z][\w:-]*)((?:\s[^<>]*)?)>")
_ATTRIBUTE = re.compile(r"([\w:-]+)\s*=\s*(\"([^\"]*)\"|'([^']*)'|[^\s\"'>]+)")
_TAG = re.compile(r"<[^<>]*>")
_MARKDOWN_COMMENT = re.compile(r"^\s*\[(?://|comment|_)\]:\s*#\s*[(\"'](.+?)[)\"']\s*$", re.MULTILINE | re.IGNORECASE)
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])")
_ROT13 = re.compile(r"\brot[-_ ]?13\b", re.IGNORECASE)
_LEET_WORD = re.compile(r"(?<![\w@$])(?=[\w@$]*[A-Za-z])(?=[\w@$]*[013457@$])[A-Za-z0-9@$]{3,}(?![\w@$])")
_LEET = str.maketrans("013457@$", "oieastas")
_WORD = re.compile(r"\w+")
# Markup of a chat template or an agent's tool protocol, in text that is neither: a forged turn.
_ROLE_MARKUP = re.compile(
    r"<\|(?:im_start|im_end|system|user|assistant|endoftext|start_header_id|end_header_id|eot_id)\|>"
    r"|\[/?INST\]|<</?SYS>>"
    r"|</?(?:system|system_prompt|instructions?|assistant|admin|tool_call|function_call|tool_result)\b[^>]*>"
    r"|^[ \t>*_#-]*(?:system|developer|assistant|admin(?:istrator)?)(?:\s+(?:prompt|message|note|override|update))?"
    r"\s*:(?!//)"
    r"|^[ \t]*#{1,4}[ \t]*(?:system|new instructions?|instructions? for (?:the )?(?:ai|assistant|model|llm))\b"
    r"|\"role\"\s*:\s*\"(?:system|developer|tool)\"",
    re.IGNORECASE | re.MULTILINE,
)
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Hidden:
    """A span of a text that a person reading it would not see as written."""

    channel: str  # html-comment, hidden-html, html-attribute, markdown-comment, tag-characters, ...
    text: str  # what an AI reads there (decoded where it was encoded)


@dataclass(frozen=True)
class Revealed:
    text: str  # the text as the heads read it: NFKC, invisible characters removed
    hidden: list[Hidden] = field(default_factory=list)


def visible(text: str) -> str:
    """`text` without the characters nobody sees (zero-width, bidi controls, tags, selector runs)."""
    text = _TAGS.sub("", text)
    text = _SELECTORS.sub("", text)
    return _INVISIBLE.sub("", text)


def reveal(text: str) -> Revealed:
    """The text the heads read, and its hidden spans (see the module's docstring)."""
    hidden: list[Hidden] = []
    hidden += islice(_tag_characters(text), MAX_SPANS)
    hidden += islice(_selector_bytes(text), MAX_SPANS)
    shown = unicodedata.normalize("NFKC", visible(text))
    if _MARKUP.search(shown):
        hidden += _html(shown)  # capped per channel inside: it yields three
    hidden += islice((Hidden("markdown-comment", m.group(1)) for m in _MARKDOWN_COMMENT.finditer(shown)), MAX_SPANS)
    encoded = list(islice(_base64_blocks(shown), MAX_SPANS))
    hidden += [span for span, _ in encoded]
    for _, block in encoded:  # read decoded: as letters and digits, a block reads as noise to the heads
        shown = shown.replace(block, " ")
    if _ROT13.search(shown):
        hidden.append(Hidden("rot13", codecs.encode(shown[:SPAN_CHARS], "rot13")))
    hidden += _leetspeak(shown)
    hidden += islice(_role_markup(shown), MAX_SPANS)
    kept: list[Hidden] = []
    seen = {" ".join(shown.split())}  # a span that is the whole text is no hidden part of it
    for span in hidden:
        body = " ".join(span.text.split())[:SPAN_CHARS]
        if len(body) >= MIN_SPAN_CHARS and body not in seen:
            seen.add(body)
            kept.append(Hidden(span.channel, body))
    return Revealed(shown, kept)


def _tag_characters(text: str) -> Iterator[Hidden]:
    for match in _TAGS.finditer(text):
        yield Hidden(
            "tag-characters", "".join(chr(ord(c) - 0xE0000) for c in match.group() if 0x20 <= ord(c) - 0xE0000 < 0x7F)
        )


def _selector_bytes(text: str) -> Iterator[Hidden]:
    for match in _SELECTORS.finditer(text):
        data = bytes(
            ord(c) - 0xFE00 if ord(c) <= 0xFE0F else ord(c) - 0xE0100 + 16 for c in _ANY_SELECTOR.findall(match.group())
        )
        decoded = data.decode("utf-8", errors="ignore")
        if _mostly_text(decoded):
            yield Hidden("variation-selectors", decoded)


def _mostly_text(s: str) -> bool:
    """Decoded bytes that read as words, not as noise that happened to decode."""
    if len(s) < MIN_SPAN_CHARS:
        return False
    printable = sum(c.isprintable() or c in "\n\t" for c in s)
    letters = sum(c.isalpha() for c in s)
    return printable >= 0.95 * len(s) and letters >= 0.5 * len(s) and (" " in s or len(s) < 40)


def _base64_blocks(text: str) -> Iterator[tuple[Hidden, str]]:
    """Each base64 block that decodes to text: decoded, and the block as written."""
    for match in _BASE64.finditer(text):
        block = match.group()
        if len(block) > 4 * SPAN_CHARS:
            block = block[: 4 * SPAN_CHARS]
        try:
            data = base64.b64decode(
                block + "=" * (-len(block) % 4), altchars=b"-_" if "-" in block or "_" in block else None
            )
            decoded = data.decode("utf-8")
        except (binascii.Error, ValueError):
            continue
        if _mostly_text(decoded):
            yield Hidden("base64", decoded), match.group()


def _leetspeak(text: str) -> list[Hidden]:
    words = _WORD.findall(text[: 4 * SPAN_CHARS])
    leet = _LEET_WORD.findall(text[: 4 * SPAN_CHARS])
    # Digits among letters in three words and a fifth of them: model numbers, codes and dates in
    # ordinary text ("mp3", "A4", "2nd") rarely make that share.
    if len(leet) < 3 or len(leet) < 0.2 * max(1, len(words)):
        return []
    return [Hidden("leetspeak", _LEET_WORD.sub(lambda m: m.group().translate(_LEET), text[: 4 * SPAN_CHARS]))]


def _role_markup(text: str) -> Iterator[Hidden]:
    for match in _ROLE_MARKUP.finditer(text):
        end = _PARAGRAPH_END.search(text, match.end())
        stop = min(end.start() if end else len(text), match.start() + SPAN_CHARS)
        yield Hidden("role-markup", text[match.start() : stop])


def _html(markup: str) -> list[Hidden]:
    """Comments, the text of elements styled or marked invisible, and the attributes an agent reads.
    Regular expressions, not a parser: html.parser takes quadratic time on unclosed tags ("<div<div..."),
    and these patterns never look past the next angle bracket."""
    spans: list[Hidden] = []
    counts: dict[str, int] = {}

    def add(channel: str, text: str) -> None:
        text = html.unescape(_TAG.sub(" ", text))
        if counts.get(channel, 0) < MAX_SPANS and len(text.strip()) >= MIN_SPAN_CHARS:
            counts[channel] = counts.get(channel, 0) + 1
            spans.append(Hidden(channel, text))

    start = markup.find("<!--")
    while start >= 0 and counts.get("html-comment", 0) < MAX_SPANS:
        end = markup.find("-->", start + 4)
        if end < 0:  # nothing further closes: no later "<!--" can either
            break
        add("html-comment", markup[start + 4 : min(end, start + 4 + SPAN_CHARS)])
        start = markup.find("<!--", end + 3)
    hidden_tags = 0
    for match in _START_TAG.finditer(markup):
        tag, attributes = match.group(1).lower(), match.group(2)
        values = _values(attributes)
        for name in _READ_ATTRIBUTES:
            if len(values.get(name, "")) >= 20:
                add("html-attribute", values[name])
        if tag in _VOID or attributes.rstrip().endswith("/") or hidden_tags >= 4 * MAX_SPANS:
            continue
        if _hides(tag, attributes, values):
            hidden_tags += 1
            closing = re.compile(rf"</{re.escape(tag)}\s*>", re.IGNORECASE)
            close = closing.search(markup, match.end(), match.end() + 4 * SPAN_CHARS)
            add("hidden-html", markup[match.end() : close.start() if close else match.end() + SPAN_CHARS])
    return spans


def _values(attributes: str) -> dict[str, str]:
    return {m.group(1).lower(): _attribute_value(m) for m in _ATTRIBUTE.finditer(attributes)}


def _attribute_value(match: re.Match[str]) -> str:
    for group in (3, 4):
        if match.group(group) is not None:
            return match.group(group)
    return match.group(2)


def _hides(tag: str, attributes: str, values: dict[str, str]) -> bool:
    """Whether an element's content is invisible: hidden, aria-hidden, or a style that hides it
    (white text on a background of its own is a button, not a hiding place)."""
    style = values.get("style", "")
    unquoted = re.sub(r"([\"']).*?\1", "", attributes)
    return (
        re.search(r"(?<![-\w])hidden(?![-\w])", unquoted) is not None
        or values.get("aria-hidden", "").lower() == "true"
        or tag in ("template", "noscript")
        or (bool(_HIDDEN_STYLE.search(style)) and not ("color" in style.lower() and _BACKGROUND.search(style)))
    )
