"""Build batch 2 of injection_documents.jsonl from the drafts in injection_b2/*.txt.

Plain Python 3 stdlib. Deterministic: rerunning gives byte-identical rows.
Usage:  python3 training-data/guardrails/make_injection_b2.py          (rewrite batch 2 in place)
        python3 training-data/guardrails/make_injection_b2.py --check  (only validate, print counts)

Draft format (one file per language, UTF-8):

    === P lang=en genre=wiki
    <document; the line or spot where the injection goes holds the marker ⟦INJ⟧>
    --- kind=exfiltrate hidden=html_comment
    <instruction text>
    --- kind=skew hidden=none ilang=en
    <another instruction for the same document: one more pair>
    === N lang=en genre=recipe
    <hard negative document>

A marker alone on its line is removed together with its line break in `clean`; in
`injected` the wrapped instruction takes the place of the marker. Wrapping by channel:
html_comment, invisible_style, zero_width, bidi and base64 are wrapped here; every other
channel (none, fake_delimiter, markdown_link_title, alt_text, code_comment, csv_cell,
json_field) is inserted exactly as written in the draft, since its form depends on the
document; so is an invisible_style instruction that the draft already wrote as a hidden
HTML element (it starts with "<"). For base64 the first instruction line is the visible lead-in containing {B64},
the remaining lines are the encoded payload.
Lines "%% ..." in a draft are comments. "\\u200b"-style escapes are NOT interpreted;
write invisible characters literally (negatives use them on purpose).
"""

import base64
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "injection_documents.jsonl"
DRAFTS = HERE / "injection_b2"
MARK = "⟦INJ⟧"
FIRST_P, FIRST_N = 506, 505  # batch 1 ends at p0505 / n0504
LAST_P, LAST_N = 842, 815  # batch 3 starts at p0843 / n0816
LANG_ORDER = ["en", "zh", "es", "fr", "de", "pt", "ja", "ko", "ru", "ar", "hi", "th", "vi", "id", "tr", "it"]

STYLES = [
    '<span style="display:none">{}</span>',
    '<div style="font-size:0;line-height:0">{}</div>',
    '<p style="color:#ffffff;background:#ffffff">{}</p>',
    '<div style="position:absolute;left:-9999px;top:-9999px">{}</div>',
    '<span style="opacity:0">{}</span>',
    "<div hidden>{}</div>",
    '<font color="white" size="1">{}</font>',
]
ZW = ["\u200b", "\u200c", "\u2060"]


def stable(s):
    h = 0
    for ch in s:
        h = (h * 131 + ord(ch)) % 1000003
    return h


def wrap(hidden, text, key):
    if hidden == "html_comment":
        return "<!-- " + text + " -->"
    if hidden == "invisible_style":
        if text.lstrip().startswith("<"):  # the draft already wrote the hidden element in place
            return text
        return STYLES[stable(key) % len(STYLES)].format(text)
    if hidden == "zero_width":
        out, i = [], 0
        for ch in text:
            out.append(ch)
            if ch not in " \n":
                out.append(ZW[i % 3])
                i += 1
        return "".join(out)
    if hidden == "bidi":
        if stable(key) % 2:
            return "\u202e" + text[::-1] + "\u202c"
        return "\u2067" + text + "\u2069"
    if hidden == "base64":
        lead, _, payload = text.partition("\n")
        enc = base64.b64encode(payload.strip().encode("utf-8")).decode("ascii")
        return lead.replace("{B64}", enc)
    return text


def parse(path):
    items, cur, sub = [], None, None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("%%"):
            continue
        m = re.match(r"^=== ([PN]) (.*)$", line)
        if m:
            cur = {"t": m.group(1), "meta": dict(kv.split("=") for kv in m.group(2).split()), "body": [], "inj": []}
            items.append(cur)
            sub = cur["body"]
            continue
        m = re.match(r"^--- (kind=.*)$", line)
        if m and cur is not None:
            inj = {"meta": dict(kv.split("=") for kv in m.group(1).split()), "body": []}
            cur["inj"].append(inj)
            sub = inj["body"]
            continue
        if sub is not None:
            sub.append(line)
    for it in items:
        it["body"] = "\n".join(it["body"]).strip("\n")
        for inj in it["inj"]:
            inj["body"] = "\n".join(inj["body"]).strip("\n")
    return items


def build(drafts=DRAFTS, first_p=FIRST_P, first_n=FIRST_N):
    pairs, negs = [], []
    files = sorted(drafts.glob("*.txt"), key=lambda p: (LANG_ORDER.index(p.stem.split("_")[0]), p.stem))
    for f in files:
        for it in parse(f):
            meta = it["meta"]
            lang = meta["lang"]
            if it["t"] == "N":
                assert MARK not in it["body"] and not it["inj"], f"{f}: negative with marker/injection"
                negs.append({"type": "negative", "lang": lang, "genre": meta["genre"], "text": it["body"]})
                continue
            doc = it["body"]
            assert doc.count(MARK) == 1, f"{f}: pair needs exactly one marker: {doc[:80]!r}"
            assert it["inj"], f"{f}: pair without instruction: {doc[:80]!r}"
            pre, post = doc.split(MARK)
            own_line = (pre == "" or pre.endswith("\n")) and (post == "" or post.startswith("\n"))
            if own_line and post.startswith("\n"):
                clean = pre + post[1:]
            elif own_line and pre.endswith("\n"):
                clean = pre[:-1] + post
            else:
                clean = pre + post
            for inj in it["inj"]:
                im = inj["meta"]
                w = wrap(im["hidden"], inj["body"], inj["body"] + doc[:40])
                injected = pre + w + post
                pairs.append(
                    {
                        "type": "pair",
                        "lang": lang,
                        "genre": meta["genre"],
                        "injection_kind": im["kind"],
                        "hidden": im["hidden"],
                        "injection_lang": im.get("ilang", lang),
                        "clean": clean,
                        "injected": injected,
                    }
                )
    rows = []
    for i, r in enumerate(pairs):
        rows.append({"id": f"p{first_p + i:04d}", **r})
    for i, r in enumerate(negs):
        rows.append({"id": f"n{first_n + i:04d}", **r})
    return rows


def check_pair(r):
    c, j = r["clean"], r["injected"]
    p = 0
    while p < len(c) and c[p] == j[p]:
        p += 1
    s = 0
    while s < len(c) - p and c[-1 - s] == j[-1 - s]:
        s += 1
    assert p + s == len(c) and len(j) > len(c), r["id"]


KINDS = {"override", "exfiltrate", "act", "hide", "false_memory", "skew", "prompt_leak", "role_tag"}
CHANNELS = {
    "none",
    "html_comment",
    "invisible_style",
    "zero_width",
    "bidi",
    "base64",
    "fake_delimiter",
    "markdown_link_title",
    "alt_text",
    "code_comment",
    "csv_cell",
    "json_field",
}


def main(drafts=DRAFTS, first_p=FIRST_P, first_n=FIRST_N, last=(LAST_P, LAST_N), name="batch 2"):
    rows = build(drafts, first_p, first_n)
    for r in rows:
        if r["type"] == "pair":
            check_pair(r)
            assert r["injection_kind"] in KINDS, r
            assert r["hidden"] in CHANNELS, r
    lines = OUT.read_text(encoding="utf-8").split("\n")
    lines = [line for line in lines if line]
    keep, at = [], None  # the batch goes back where its old rows were, or at the end
    for line in lines:
        rid = json.loads(line)["id"]
        n = int(rid[1:])
        # Only this batch's own id range is rewritten: later batches keep their rows.
        if (rid[0] == "p" and first_p <= n <= last[0]) or (rid[0] == "n" and first_n <= n <= last[1]):
            at = len(keep) if at is None else at
            continue
        keep.append(line)
    new = [json.dumps(r, ensure_ascii=False) for r in rows]
    keep_rows = [json.loads(line) for line in keep]
    allrows = keep_rows + rows
    ids = [r["id"] for r in allrows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    bodies = [
        json.dumps({k: v for k, v in r.items() if k != "id"}, ensure_ascii=False, sort_keys=True) for r in allrows
    ]
    assert len(bodies) == len(set(bodies)), "duplicate rows"
    texts = [r["text"] for r in allrows if r["type"] == "negative"]
    assert len(texts) == len(set(texts)), "duplicate negative texts"
    np_ = sum(r["type"] == "pair" for r in rows)
    print(f"{name}: {np_} pairs, {len(rows) - np_} negatives")
    if "--check" not in sys.argv:
        at = len(keep) if at is None else at
        OUT.write_text("\n".join(keep[:at] + new + keep[at:]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
