"""URL and header rules, SpamAssassin style: each rule is a named 0/1 (or small count) feature.

Their weights are not hand-set: each rule family is a logistic regression fitted on the training
split (see `train.py`), so a rule that fires on ham as often as on spam earns no weight.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

import numpy as np

from .brands import BRANDS, brands_named, owned_by, owns_any, registered_domain, registered_name, subdomain_labels
from .mail import ParsedMessage, is_ip_host, visible_domain

__all__ = ["HEADER_RULES", "URL_RULES", "rule_hits", "rule_matrix"]

SHORTENERS = frozenset(
    {"bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly", "tiny.cc"}
)
# Top-level domains that abuse reports rank high, cheap to register in bulk. No country's own
# domain is here (.ru, .cn were: every link a Russian or Chinese owner gets would count as risky).
RISKY_TLDS = frozenset(
    {"zip", "mov", "xyz", "top", "click", "work", "country", "gq", "tk", "ml", "cf", "ga", "biz", "info"}
    | {"icu", "cyou", "sbs", "cfd", "bond", "lat", "buzz", "vip", "rest", "monster", "pw", "su", "win", "bid"}
    | {"loan", "link", "live", "online", "site", "support", "help"}
)
EXECUTABLE = re.compile(r"(?i)\.(exe|scr|pif|com|bat|cmd|js|jse|vbs|vbe|wsf|hta|jar|msi|lnk|iso|img|ps1)$")
DOUBLE_EXT = re.compile(r"(?i)\.(pdf|doc|docx|xls|xlsx|jpg|png|txt|zip)\.[a-z0-9]{2,4}$")
_PHONE = re.compile(r"(?<!\d)(?:\+?\d[\d -]{8,}\d)(?!\d)")
_SHORTCODE = re.compile(r"(?i)\b(?:txt|text|send|reply|call)\b[^.\n]{0,20}\b\d{5}\b")
_MONEY = re.compile(r"(?:[$£€]\s?\d[\d,.]*|\d[\d,.]*\s?(?:usd|gbp|eur|pounds?|dollars?)\b)", re.I)
_CONFUSABLE = str.maketrans({"0": "o", "1": "l", "3": "e", "5": "s", "@": "a", "$": "s", "7": "t", "4": "a"})


# The domain names whose variants mark an imitation.
IMITATED = tuple(sorted({stem for brand in BRANDS for stem in brand.imitated}))


# Letters a reader takes for one another at a glance (digits are folded by _CONFUSABLE first).
_SIMILAR = frozenset(
    frozenset(pair) for pair in ("il", "mn", "uv", "vw", "ce", "ao", "ae", "gq", "ij", "sz", "ck", "bd", "ft")
)


def _typo_of(part: str, stem: str) -> bool:
    """One slip a reader does not notice: a letter swapped for a similar one (amazom, paypai), or one
    letter added or dropped (gooogle, netflx). Not any swap: shoppe is a word, not shopee."""
    if part == stem or abs(len(part) - len(stem)) > 1:
        return False
    if len(part) == len(stem):
        diff = [(x, y) for x, y in zip(part, stem, strict=True) if x != y]
        return len(diff) == 1 and frozenset(diff[0]) in _SIMILAR
    short, long = (part, stem) if len(part) < len(stem) else (stem, part)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@functools.lru_cache(maxsize=8192)  # a pure function of the domain; mail repeats its domains
def lookalike(domain: str) -> bool:
    """A domain that imitates a brand (`data/brands.toml`): punycode, mixed scripts, digit swaps,
    one-edit typos, or a brand's name in a subdomain of some other registered domain
    (paypal.com.secure-login.xyz)."""
    if not domain:
        return False
    labels = [label for label in domain.split(".") if label]
    if any(label.startswith("xn--") for label in labels):
        return True
    if any(ord(c) > 127 for c in domain):
        scripts = {unicodedata.name(c, "?").split()[0] for c in domain if c.isalpha()}
        return len(scripts) > 1 or "LATIN" not in scripts
    name = registered_name(domain)
    if owns_any(name):
        return False
    parts = [p.translate(_CONFUSABLE) for p in name.split("-")]
    sub_labels = subdomain_labels(domain)
    sub_parts = {p.translate(_CONFUSABLE) for label in sub_labels for p in label.split("-")}
    sub_joined = "".join(sub_labels).replace("-", "").translate(_CONFUSABLE)
    for stem in IMITATED:
        if stem in parts or stem in sub_parts:
            return True  # paypa1.com, paypal-secure.com, paypal.com.account-check.xyz
        if len(stem) >= 6 and (stem in sub_joined or any(_typo_of(p, stem) for p in parts)):
            return True  # securepaypal.login.xyz; amazom.com (not for short names: chaser.org is not chase)
    return False


def _link_domains(msg: ParsedMessage) -> list[str]:
    return [d for d in (link.domain for link in msg.links) if d]


def _domains(msg: ParsedMessage) -> list[str]:
    """Linked and written-out domains: scam texts write "parcel-fee.top/x" without a scheme."""
    return _link_domains(msg) + sorted(msg.written_domains)


def _brand_offsite(msg: ParsedMessage) -> bool:
    """A short text names a brand and sends the reader to a domain no brand it names owns: "USPS:
    pay the redelivery fee at usps-help.top". Texts only: a mail's sender is checked by the header
    rules, and mail bodies name brands they do not speak for (newsletters, discussions)."""
    if msg.kind != "text":
        return False
    domains = _domains(msg)
    brands = brands_named(msg.body[:2000]) if domains else []
    return any(not any(owned_by(b, d) for b in brands) for d in domains) if brands else False


def _mismatched_anchor(msg: ParsedMessage) -> bool:
    for link in msg.links:
        shown = visible_domain(link.text)
        actual = link.domain
        if shown and actual and registered_domain(shown) != registered_domain(actual):
            return True
    return False


Rule = Callable[[ParsedMessage], float]

URL_RULES: dict[str, tuple[str, Rule]] = {
    "has_url": ("contains a link", lambda m: float(bool(m.links))),
    "many_urls": ("more than 5 links", lambda m: float(len(m.links) > 5)),
    "ip_url": ("a link to a bare IP address", lambda m: float(any(is_ip_host(d) for d in _link_domains(m)))),
    "anchor_mismatch": (
        "a link's visible text shows another domain than it goes to",
        lambda m: float(_mismatched_anchor(m)),
    ),
    "lookalike_url": (
        "a link to a lookalike or punycode domain",
        lambda m: float(any(lookalike(d) for d in _domains(m))),
    ),
    "shortener": ("a link through a URL shortener", lambda m: float(any(d in SHORTENERS for d in _link_domains(m)))),
    "risky_tld": (
        "a link to a top-level domain common in abuse",
        lambda m: float(any(d.rsplit(".", 1)[-1] in RISKY_TLDS for d in _domains(m))),
    ),
    "at_in_url": ("a link with '@' hiding the real host", lambda m: float(any("@" in link.href for link in m.links))),
    "port_url": (
        "a link with an explicit port",
        lambda m: float(any(re.match(r"(?i)^https?://[^/]+:\d+", link.href) for link in m.links)),
    ),
    "click_here": (
        "a 'click here'-style link",
        lambda m: float(any(re.search(r"(?i)click|here|unsubscribe|remove", link.text) for link in m.links)),
    ),
    "phone_number": ("a phone number to call or text", lambda m: float(bool(_PHONE.search(m.body)))),
    "short_code": ("asks to text or call a short code", lambda m: float(bool(_SHORTCODE.search(m.body)))),
    "money": ("mentions an amount of money", lambda m: float(bool(_MONEY.search(m.text)))),
    # New rules go last: a model saved before `rules` names were recorded lists its weights in
    # this order (see model.Artifact.load).
    "brand_offsite": (
        "speaks for a brand but sends you to a domain that is not the brand's",
        lambda m: float(_brand_offsite(m)),
    ),
    "written_domain": (
        "a web address written out without a link",
        lambda m: float(bool(m.written_domains)),
    ),
}


def _caps_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if len(letters) >= 6 else 0.0


def _display_name_spoof(m: ParsedMessage) -> bool:
    shown = re.search(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", m.from_name)
    if shown and m.from_domain and registered_domain(shown.group(1).lower()) != registered_domain(m.from_domain):
        return True
    named = brands_named(m.from_name)
    return bool(named) and not any(owned_by(brand, m.from_domain) for brand in named)


def _mail(rule: Rule) -> Rule:
    return lambda m: rule(m) if m.kind == "mail" else 0.0


HEADER_RULES: dict[str, tuple[str, Rule]] = {
    "reply_to_mismatch": (
        "Reply-To goes to another domain than From",
        _mail(
            lambda m: float(
                bool(m.reply_to) and registered_domain(m.reply_to_domain) != registered_domain(m.from_domain)
            )
        ),
    ),
    "display_name_spoof": (
        "the sender's display name shows another address or brand",
        _mail(lambda m: float(_display_name_spoof(m))),
    ),
    "lookalike_from": ("the sender's domain is a lookalike", _mail(lambda m: float(lookalike(m.from_domain)))),
    "no_message_id": ("no Message-ID", _mail(lambda m: float("message-id" not in m.header_names))),
    "no_date": ("no Date", _mail(lambda m: float("date" not in m.header_names))),
    "no_to": ("no To (undisclosed recipients)", _mail(lambda m: float(not m.to))),
    "subject_caps": ("a shouting subject", _mail(lambda m: float(_caps_ratio(m.subject) > 0.6))),
    "subject_bang": ("'!' or '$' in the subject", _mail(lambda m: float(bool(re.search(r"[!$]", m.subject))))),
    "fake_reply": (
        "'Re:' in the subject of a message that replies to nothing",
        _mail(
            lambda m: float(
                m.subject.lower().startswith("re:") and not ({"in-reply-to", "references"} & m.header_names)
            )
        ),
    ),
    "is_reply": ("a reply in a thread", _mail(lambda m: float(bool({"in-reply-to", "references"} & m.header_names)))),
    "html_only": ("HTML without a text alternative", _mail(lambda m: float(m.has_html and not m.has_text_part))),
    "images": ("images in the body", _mail(lambda m: float(m.images > 0))),
    "executable_attachment": (
        "an executable or double-extension attachment",
        _mail(lambda m: float(any(EXECUTABLE.search(a) or DOUBLE_EXT.search(a) for a in m.attachments))),
    ),
    "base64_text": (
        "a base64-encoded text body",
        _mail(lambda m: float("base64" in m.encodings and not m.attachments)),
    ),
    "high_priority": (
        "marked urgent (X-Priority/Importance)",
        _mail(
            lambda m: float(
                m.headers.get("x-priority", "3")[:1] in "12" or "high" in m.headers.get("importance", "").lower()
            )
        ),
    ),
    "mailing_list": ("from a mailing list", _mail(lambda m: float("list-id" in m.header_names))),
    "mime_defects": ("malformed MIME", _mail(lambda m: float(bool(m.defects)))),
}


def rule_matrix(messages: list[ParsedMessage], rules: dict[str, tuple[str, Rule]]) -> np.ndarray:
    return np.array([[rule(m) for _, rule in rules.values()] for m in messages], dtype=np.float64).reshape(
        len(messages), len(rules)
    )


def rule_hits(msg: ParsedMessage, rules: dict[str, tuple[str, Rule]]) -> list[str]:
    return [name for name, (_, rule) in rules.items() if rule(msg)]
