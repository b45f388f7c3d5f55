"""Incoming content as the shield sees it: RFC 822 mail or plain text, parsed with the stdlib.

Parsing never raises on hostile input: broken MIME, unknown charsets and odd encodings are decoded
as well as can be and noted in `defects`. Only input that is not text at all (binary junk) or is
empty is refused, with an `UnreadableMessage` naming the item.
"""

from __future__ import annotations

import email
import email.policy
import functools
import hashlib
import html
import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from memory.base.errors import UnreadableMessage
from memory.base.text import KINDS

__all__ = [
    "KINDS",
    "Link",
    "ParsedMessage",
    "UnreadableMessage",
    "looks_like_mail",
    "message_hash",
    "parse_message",
    "plain_kind",
]

# Scanning looks at this much of a message; the original is always kept whole.
SCAN_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 200_000

# What incoming content is, and which trained models read it. Documents (plain text that is long or
# runs over several lines: a pasted mail body, an imported file, a web page) are read by the models
# trained on mail: the ones trained on SMS put 37 % of clean BIPIA training documents and 41 % of
# SpamAssassin training ham bodies in quarantine. Documents keep a quarantine cut of their own.
MODEL_OF = {"text": "text", "mail": "mail", "document": "mail"}
DOCUMENT_CHARS = 1000  # longer than any SMS of the training split (790 characters at most)
DOCUMENT_LINES = 3  # non-empty lines

_HEADER_LINE = re.compile(rb"^(?:From [^\r\n]*|[!-9;-~]+:[^\r\n]*)\r?$")
_URL = re.compile(r"""(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]{}]+""")
# A domain written without a link ("royalmail-reschedule.uk-parcels.info/rm"), as scam texts write
# them so that no link preview or filter sees a URL. Top-level domains from a list, so that file
# names (setup.py, notes.md) and abbreviations (e.g.) are not read as domains.
_TLDS = frozenset(
    {"com", "net", "org", "info", "biz", "io", "co", "me", "eu", "gov", "edu", "mobi", "asia", "pro", "app", "dev"}
    | {"us", "uk", "de", "fr", "es", "it", "pt", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "pl", "cz", "sk"}
    | {"hu", "ro", "bg", "gr", "ie", "ru", "ua", "by", "kz", "cn", "hk", "tw", "jp", "kr", "in", "id", "th", "vn"}
    | {"my", "sg", "ph", "au", "nz", "ca", "mx", "br", "ar", "cl", "pe", "ve", "ec", "uy", "tr", "sa", "ae", "qa"}
    | {"kw", "eg", "ma", "ng", "ke", "za", "il", "ir", "pk", "bd", "lk", "np", "cc", "ly", "to", "ws", "pw", "su"}
    | {"xyz", "top", "click", "link", "live", "online", "site", "store", "shop", "page", "icu", "cyou", "sbs"}
    | {"cfd", "bond", "lat", "buzz", "vip", "club", "life", "today", "world", "support", "help", "center", "ltd"}
    | {"tk", "ml", "ga", "cf", "gq", "win", "bid", "loan", "fun", "rest", "monster", "work", "digital", "services"}
    | {"tech", "cloud", "email"}
)
_WRITTEN_DOMAIN = re.compile(
    r"(?i)(?<![\w@.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:"
    + "|".join(sorted(_TLDS, key=len, reverse=True))
    + r"))(?![\w-]|\.[a-z0-9])"
)
_DOMAINISH = re.compile(r"(?i)^(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/:?#]\S*)?$")


@dataclass
class Link:
    href: str
    text: str  # the visible text of the anchor ("" for bare URLs in plain text)

    @property
    def domain(self) -> str:
        return url_domain(self.href)


@dataclass
class ParsedMessage:
    """What the objectives read. `raw` is the untouched original (for --headers and --move)."""

    id: str
    raw: bytes
    kind: str  # "mail" (an RFC 822 header block), "document" or "text" (see KINDS)
    subject: str = ""
    from_name: str = ""
    from_addr: str = ""
    reply_to: str = ""
    to: list[str] = field(default_factory=list)
    header_names: set[str] = field(default_factory=set)
    headers: dict[str, str] = field(default_factory=dict)  # selected headers, decoded
    body: str = ""  # text of the body: text parts, HTML rendered to text
    has_html: bool = False
    has_text_part: bool = False
    links: list[Link] = field(default_factory=list)
    images: int = 0
    attachments: list[str] = field(default_factory=list)
    charsets: set[str] = field(default_factory=set)
    encodings: set[str] = field(default_factory=set)
    defects: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def text(self) -> str:
        """Subject and body: what text-reading objectives score."""
        return f"{self.subject}\n{self.body}".strip() if self.subject else self.body.strip()

    @property
    def model_kind(self) -> str:
        """The kind of content whose trained models read this message ("text" or "mail")."""
        return MODEL_OF.get(self.kind, "text")

    @property
    def digest(self) -> str:
        return message_hash(self.raw)

    @property
    def from_domain(self) -> str:
        return self.from_addr.rpartition("@")[2].lower().strip(".>")

    @property
    def reply_to_domain(self) -> str:
        return self.reply_to.rpartition("@")[2].lower().strip(".>")

    @functools.cached_property
    def written_domains(self) -> frozenset[str]:
        """Domains the body writes out without a link (what link rules would not see)."""
        linked = {link.domain.removeprefix("www.") for link in self.links}
        written = {d.lower().removeprefix("www.") for d in _WRITTEN_DOMAIN.findall(self.body[:20_000])}
        return frozenset(written - linked - {""})

    def meta(self) -> dict[str, Any]:
        """The per-text metadata handed to objectives in `Batch.meta`."""
        return {"message": self, "kind": self.kind, "id": self.id}


def message_hash(raw: bytes) -> str:
    """Identity of a message for learning: line endings and a leading mbox 'From ' line ignored."""
    data = raw.replace(b"\r\n", b"\n")
    if data.startswith(b"From "):
        data = data.split(b"\n", 1)[1] if b"\n" in data else b""
    return hashlib.sha256(data.strip()).hexdigest()


def url_domain(url: str) -> str:
    candidate = url.strip()
    if candidate.lower().startswith("www."):
        candidate = "http://" + candidate
    try:
        host = urlsplit(candidate).hostname or ""
    except ValueError:
        return ""
    return host.lower().strip(".")


def is_ip_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host.isdigit() and len(host) > 6  # decimal-encoded IPv4 (http://3232235777/)
    return True


def looks_like_mail(data: bytes) -> bool:
    """True when `data` starts with an RFC 822 header block (or an mbox 'From ' line)."""
    head = data.lstrip(b"\r\n")[:8192]
    lines = head.split(b"\n")
    headerish = 0
    for line in lines[:40]:
        if not line.strip(b"\r"):
            break
        if line[:1] in (b" ", b"\t") and headerish:
            continue  # a folded header line
        if not _HEADER_LINE.match(line):
            return False
        headerish += 1
    return headerish >= 1 and bool(re.match(rb"(?i)^(From |[a-z0-9-]+:)", head)) and _has_known_header(head)


def _has_known_header(head: bytes) -> bool:
    known = (b"from:", b"to:", b"subject:", b"date:", b"received:", b"message-id:", b"return-path:", b"mime-version:")
    lowered = head.lower()
    return any(lowered.startswith(k) or b"\n" + k in lowered for k in known) or lowered.startswith(b"from ")


def _check_readable(raw: bytes, ident: str) -> None:
    if not raw.strip():
        raise UnreadableMessage(f"{ident}: empty message")
    sample = raw[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise UnreadableMessage(f"{ident}: not a text message (binary data)")


def plain_kind(text: str) -> str:
    """ "document" for plain text that is long or runs over several lines, else "text"."""
    if len(text) > DOCUMENT_CHARS:
        return "document"
    lines = 0
    for line in text.splitlines():
        lines += bool(line.strip())
        if lines >= DOCUMENT_LINES:
            return "document"
    return "text"


def parse_message(data: bytes | str, ident: str = "-", kind: str | None = None) -> ParsedMessage:
    """Parse one message: RFC 822 mail when it has a header block (or `kind="mail"`), else plain
    text, a "document" when long or over several lines (`plain_kind`). `kind` forces one of KINDS."""
    raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else bytes(data)
    if kind is not None and kind not in KINDS:
        raise UnreadableMessage(f"{ident}: unknown kind {kind!r} (one of: {', '.join(KINDS)})")
    _check_readable(raw, ident)
    if kind is None and looks_like_mail(raw):
        kind = "mail"
    scan = raw[:SCAN_BYTES]
    if kind != "mail":
        text = _decode_bytes(scan, None)
        kind = kind or plain_kind(text)
        msg = ParsedMessage(id=ident, raw=raw, kind=kind, body=_clip(text), truncated=len(raw) > SCAN_BYTES)
        msg.links = [Link(href=u, text="") for u in _URL.findall(msg.body)]
        return msg
    return _parse_mail(raw, scan, ident)


def _clip(text: str) -> str:
    return text[:MAX_TEXT_CHARS]


def _decode_bytes(data: bytes, charset: str | None) -> str:
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def _unsurrogate(text: str, charset: str | None = None) -> str:
    """8-bit bytes the parser kept as surrogate escapes, back to text: as UTF-8, else in `charset`
    (the message's own), else UTF-8 with U+FFFD where undecodable."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return raw.decode("utf-8", "replace")


def _decode_header(value: str, defects: list[str], name: str) -> str:
    """An RFC 2047 header value as text, unfolded; undecodable words are kept as they are."""
    try:
        text = str(make_header(decode_header(value)))
    except Exception as exc:  # unknown charset, broken encoded word: keep the raw value
        defects.append(f"header {name}: {type(exc).__name__}")
        text = value
    return " ".join(text.split())


def _raw_headers(part: Message) -> dict[str, str]:
    """First value of each header, unparsed: the modern policy's header objects are costly and
    the shield needs only a few of them."""
    out: dict[str, str] = {}
    items = list(part.raw_items() if isinstance(part, EmailMessage) else part.items())
    # A subject or name written in raw 8-bit bytes (no RFC 2047 word) is in the mail's charset: older
    # Chinese, Korean and Japanese mail programs wrote GB2312, EUC-KR or Shift_JIS so.
    content_type = next((str(value) for key, value in items if key.lower() == "content-type"), "")
    charset = _content_type({"content-type": content_type})[1].get("charset") or None
    for key, value in items:
        out.setdefault(key.lower(), _unsurrogate(str(value), charset))
    return out


_PARAM = re.compile(r"""(?i);\s*([a-z0-9*_-]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))""")


def _content_type(raw: dict[str, str]) -> tuple[str, dict[str, str]]:
    value = raw.get("content-type", "text/plain")
    ctype = value.split(";", 1)[0].strip().lower() or "text/plain"
    if "/" not in ctype:
        ctype = "text/plain"  # RFC 2045: an invalid type is read as text/plain
    params = {
        m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3)) for m in _PARAM.finditer(value)
    }
    return ctype, params


SELECTED_HEADERS = (
    "subject",
    "from",
    "reply-to",
    "to",
    "cc",
    "date",
    "message-id",
    "content-type",
    "x-mailer",
    "user-agent",
    "x-priority",
    "importance",
    "precedence",
    "list-id",
    "in-reply-to",
    "references",
)


def _parse_mail(raw: bytes, scan: bytes, ident: str) -> ParsedMessage:
    try:
        parsed = email.message_from_bytes(scan, policy=email.policy.default)
    except Exception as exc:  # the parser is lenient; this is a last resort
        msg = ParsedMessage(id=ident, raw=raw, kind="text", body=_clip(_decode_bytes(scan, None)))
        msg.defects.append(f"unparseable mail: {type(exc).__name__}")
        return msg
    msg = ParsedMessage(id=ident, raw=raw, kind="mail", truncated=len(raw) > SCAN_BYTES)
    defects = msg.defects
    top = _raw_headers(parsed)
    msg.header_names = set(top)
    for name in SELECTED_HEADERS:
        if name in top:
            value = _decode_header(top[name], defects, name)
            if value:
                msg.headers[name] = value
    msg.subject = msg.headers.get("subject", "")
    msg.from_name, msg.from_addr = parseaddr(msg.headers.get("from", ""))
    msg.from_addr = msg.from_addr.lower()
    msg.reply_to = parseaddr(msg.headers.get("reply-to", ""))[1].lower()
    msg.to = [addr.lower() for _, addr in getaddresses([msg.headers.get("to", "")]) if addr]
    msg.defects.extend(type(d).__name__ for d in parsed.defects)

    texts: list[str] = []
    for part in _walk(parsed, defects):
        part_headers = top if part is parsed else _raw_headers(part)
        ctype, params = _content_type(part_headers)
        charset = (params.get("charset") or "").strip().lower()
        if charset:
            msg.charsets.add(charset)
        cte = part_headers.get("content-transfer-encoding", "").strip().lower()
        if cte:
            msg.encodings.add(cte)
        disposition = part_headers.get("content-disposition", "")
        filename = _filename(part, defects) if ("name" in disposition.lower() or "name" in params) else ""
        if filename or disposition.strip().lower().startswith("attachment"):
            msg.attachments.append(filename or f"(unnamed {ctype})")
            continue
        if part.is_multipart() or not ctype.startswith("text/"):
            continue
        content = _part_text(part, charset, defects)
        if ctype == "text/html":
            msg.has_html = True
            rendered = html_to_text(content)
            texts.append(rendered.text)
            msg.links.extend(rendered.links)
            msg.images += rendered.images
        else:
            msg.has_text_part = True
            texts.append(content)
            msg.links.extend(Link(href=u, text="") for u in _URL.findall(content))
    body = "\n".join(t for t in texts if t.strip())
    msg.body = _clip(unicodedata.normalize("NFKC", _unsurrogate(body)))
    return msg


def _walk(parsed: Message, defects: list[str]) -> list[Message]:
    try:
        return list(parsed.walk())
    except Exception as exc:
        defects.append(f"mime structure: {type(exc).__name__}")
        return [parsed]


def _filename(part: Message, defects: list[str]) -> str:
    try:
        return part.get_filename() or ""
    except Exception as exc:
        defects.append(f"attachment name: {type(exc).__name__}")
        return ""


def _part_text(part: Message, charset: str, defects: list[str]) -> str:
    """A text part decoded: transfer encoding (base64, quoted-printable), then its charset; an
    unknown or wrong charset falls back to UTF-8, then Latin-1, so text always comes out."""
    try:
        payload = part.get_payload(decode=True)
    except Exception as exc:
        defects.append(f"payload: {type(exc).__name__}")
        payload = None
    if payload is None:
        raw_payload = part.get_payload()
        return _unsurrogate(raw_payload) if isinstance(raw_payload, str) else ""
    if not isinstance(payload, bytes):
        return str(payload)
    return _decode_bytes(payload, charset or None)


@dataclass
class RenderedHTML:
    text: str
    links: list[Link]
    images: int


class _HTMLText(HTMLParser):
    """HTML to text with the stdlib's tolerant parser; anchors keep their visible text."""

    SKIP = frozenset({"script", "style", "head", "title", "noscript"})
    BLOCK = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "td", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[Link] = []
        self.images = 0
        self._skip = 0
        self._anchor: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._anchor = []
        elif tag == "img":
            self.images += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag == "a" and self._anchor is not None:
            if self._href and not self._href.lower().startswith(("mailto:", "#", "javascript:")):
                self.links.append(Link(href=self._href.strip(), text=" ".join("".join(self._anchor).split())))
            self._anchor = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data)
        if self._anchor is not None:
            self._anchor.append(data)


def html_to_text(markup: str) -> RenderedHTML:
    parser = _HTMLText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is tolerant; never let markup stop a scan
        return RenderedHTML(html.unescape(re.sub(r"<[^>]*>", " ", markup)), parser.links, parser.images)
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n", text)
    return RenderedHTML(text.strip(), parser.links, parser.images)


def visible_domain(text: str) -> str:
    """The domain an anchor's visible text shows, when it looks like a URL or a domain."""
    match = _DOMAINISH.match(text.strip())
    if not match:
        return ""
    domain = match.group(1).lower()
    return domain if "." in domain and not domain.replace(".", "").isdigit() else ""
