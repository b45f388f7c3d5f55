"""Batch 3 of the shield's own data: full RFC 822 mail, built from hand-written drafts.

    python3 training-data/shield/make_batch3.py          # rebuild batch 3 from batch3/*.txt
    python3 training-data/shield/make_batch3.py --check  # only validate

The words of every message are in the drafts (batch3/<lang>.txt, written message by message); this
script only wraps them: it renders a draft's body as text/plain, as HTML in one of several layouts
(tables with inline styles, Outlook-style Word HTML, bare <p> mail, hidden preheaders, buttons) or as
multipart/alternative with both, picks a transfer encoding (8bit, quoted-printable, base64),
sometimes encodes the Subject as an RFC 2047 encoded-word, and adds Date (2024-2026, the region's
time zone), Message-ID and To where the draft leaves them out. Choices are seeded by the draft's
text, so a rebuild gives the same rows.

Draft format: records start with a line "@@ scam <kind>" or "@@ legit <kind>", then header lines
(From, To, Reply-To, Subject, plus the script's own: Pre = hidden preheader, Brand = "Name|#colour"
for a brand bar, Opt = any of plain/html/multi/word/bare/8bit/qp/b64/enc/raw/stub/attach/ics, TZ; Attach and
AttachUrl name a small HTML attachment that redirects, Ics = "summary|YYYYMMDDTHHMM|place" a calendar
invite),
a line "---", then the body: paragraphs split by blank lines, "# heading", "[[label|url]]" for a
button, "{label|url}" for an inline link (the label may show another domain than the href),
"* item" lists, "| key | value" table rows, and "~~" before a small-print footer.
Batch 1 and 2 rows (ids up to s1944 / l1892) are kept; batch 3 rows are rebuilt after them.
"""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import html
import json
import quopri
import random
import re
import sys
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from email.header import Header
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRAFTS = HERE / "batch3"
LAST = {"scams": 1944, "legit": 1892}
ORDER = ["en", "de", "pt", "es", "fr", "it", "zh", "ja", "ar", "ru", "tr", "ko", "id", "vi", "th", "hi"]
MAX_CHARS = 6000

TZ = {
    "en": ["+0000", "+0100", "-0500", "-0400", "-0800", "+1000"],
    "de": ["+0100", "+0200"],
    "pt": ["-0300"],
    "es": ["+0100", "+0200", "-0600", "-0500", "-0300"],
    "fr": ["+0100", "+0200"],
    "it": ["+0100", "+0200"],
    "zh": ["+0800"],
    "ja": ["+0900"],
    "ar": ["+0300", "+0400", "+0200"],
    "ru": ["+0300"],
    "tr": ["+0300"],
    "ko": ["+0900"],
    "id": ["+0700"],
    "vi": ["+0700"],
    "th": ["+0700"],
    "hi": ["+0530"],
}
PT_PT = (
    "sapo.pt",
    "Caixadirecta",
    "MB WAY",
    "flytap",
    "Caixa Geral",
    "telemóvel",
    ".pt>",
    "ctt.pt",
    "portaldasfinancas",
    "cgd.pt",
    "millenniumbcp",
    "novobanco",
    "meo.pt",
)

NAMES = {
    "en": [
        "Emily Carter",
        "James O'Neill",
        "Priya Nair",
        "Tom Hughes",
        "Rachel Kim",
        "Daniel Brooks",
        "Megan Ellis",
        "Oliver Grant",
        "Hannah Lowe",
        "Marcus Reid",
        "Chloe Adams",
        "Liam Foster",
        "Grace Turner",
        "Ben Walsh",
    ],
    "de": [
        "Julia Brandt",
        "Markus Vogel",
        "Sabine Köhler",
        "Tobias Lang",
        "Anja Winter",
        "Stefan Huber",
        "Katrin Roth",
        "Florian Maier",
        "Nina Scholz",
        "Jens Albrecht",
        "Lea Hartmann",
        "Uwe Kessler",
        "Miriam Seidel",
    ],
    "pt": [
        "Ana Paula Ribeiro",
        "Rafael Monteiro",
        "Camila Duarte",
        "Thiago Nogueira",
        "Juliana Prado",
        "Bruno Caldeira",
        "Larissa Teixeira",
        "Felipe Araújo",
        "Beatriz Lopes",
        "Gustavo Pires",
    ],
    "es": [
        "Lucía Serrano",
        "Javier Molina",
        "Carmen Ortega",
        "Diego Paredes",
        "Marta Iglesias",
        "Andrés Fuentes",
        "Sofía Navarro",
        "Pablo Cabrera",
    ],
    "fr": [
        "Claire Fontaine",
        "Julien Marchand",
        "Sophie Leroy",
        "Nicolas Garnier",
        "Émilie Roux",
        "Thomas Perrin",
        "Camille Lemoine",
        "Hugo Bertrand",
    ],
    "it": [
        "Giulia Ferri",
        "Marco Bellini",
        "Chiara Esposito",
        "Luca Marino",
        "Francesca Greco",
        "Davide Conti",
        "Sara Lombardi",
        "Alessandro Riva",
    ],
    "zh": ["王丽娟", "陈志强", "刘晓燕", "张伟", "林佳怡", "黄俊杰"],
    "ja": ["佐藤 美咲", "田中 健一", "鈴木 彩", "高橋 翔", "伊藤 真由美"],
    "ar": ["أحمد الشمري", "فاطمة الزهراني", "محمد العتيبي", "سارة القحطاني", "خالد المصري"],
    "ru": ["Анна Соколова", "Дмитрий Волков", "Ольга Морозова", "Сергей Лебедев", "Ирина Павлова"],
    "tr": ["Elif Yıldız", "Mehmet Kaya", "Zeynep Aydın", "Burak Şahin", "Ayşe Demir"],
    "ko": ["김민지", "이준호", "박서연", "최동현", "정하은"],
    "id": ["Rina Wulandari", "Budi Santoso", "Dewi Lestari", "Agus Prasetyo", "Putri Maharani"],
    "vi": ["Nguyễn Thu Hà", "Trần Minh Quân", "Lê Thị Hồng", "Phạm Văn Long", "Đỗ Ngọc Anh"],
    "th": ["สมชาย ใจดี", "กนกวรรณ ศรีสุข", "ณัฐพล วงศ์ทอง", "พิมพ์ชนก แก้วมณี"],
    "hi": ["Priya Sharma", "Rahul Verma", "Anjali Gupta", "अमित कुमार", "नेहा सिंह", "Vikram Iyer"],
}
LOGINS = {
    "en": ["emily.carter84", "jo.neill", "priya.n", "tomhughes.uk", "rkim.mail", "dbrooks77", "m.ellis", "ogrant"],
    "de": ["julia.brandt", "m.vogel81", "sabine.koehler", "t.lang", "anja.winter", "s.huber", "katrin.roth"],
    "pt": ["anapaula.ribeiro", "rafa.monteiro", "camiladuarte", "thiago.nog", "ju.prado", "bruno.caldeira"],
    "es": ["lucia.serrano", "jmolina", "carmen.ortega", "dparedes", "marta.iglesias"],
    "fr": ["claire.fontaine", "j.marchand", "sophie.leroy", "nico.garnier", "emilie.roux"],
    "it": ["giulia.ferri", "m.bellini", "chiara.esposito", "luca.marino", "f.greco"],
    "zh": ["wang.lijuan", "chenzq88", "liuxiaoyan", "zhangwei_sh", "lin.jiayi"],
    "ja": ["misaki.sato", "k.tanaka", "aya.suzuki", "sho.takahashi"],
    "ar": ["ahmed.alshammari", "f.zahrani", "m.otaibi", "sara.q"],
    "ru": ["anna.sokolova", "d.volkov", "olga.morozova", "s.lebedev"],
    "tr": ["elif.yildiz", "mehmetkaya", "zeynep.aydin", "burak.sahin"],
    "ko": ["minji.kim", "junho.lee", "seoyeon.park", "donghyun.c"],
    "id": ["rina.wulandari", "budi.santoso", "dewi.lestari", "agus.pras"],
    "vi": ["thuha.nguyen", "minhquan.tran", "hong.le", "long.pham"],
    "th": ["somchai.j", "kanokwan.s", "nattapon.w", "pimchanok.k"],
    "hi": ["priya.sharma91", "rahul.verma", "anjali.g", "amit.kumar", "neha.singh", "vikram.iyer"],
}
FREEMAIL = {
    "en": ["gmail.com", "outlook.com", "yahoo.com", "hotmail.co.uk", "icloud.com", "btinternet.com"],
    "de": ["web.de", "gmx.de", "t-online.de", "gmail.com", "posteo.de", "gmx.at", "bluewin.ch"],
    "pt": ["gmail.com", "uol.com.br", "hotmail.com", "bol.com.br", "terra.com.br", "outlook.com"],
    "es": ["gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"],
    "fr": ["orange.fr", "free.fr", "gmail.com", "laposte.net", "sfr.fr", "wanadoo.fr"],
    "it": ["libero.it", "gmail.com", "virgilio.it", "alice.it", "tiscali.it"],
    "zh": ["qq.com", "163.com", "126.com", "gmail.com", "sina.com"],
    "ja": ["yahoo.co.jp", "gmail.com", "docomo.ne.jp", "icloud.com"],
    "ar": ["gmail.com", "hotmail.com", "yahoo.com", "outlook.sa"],
    "ru": ["mail.ru", "yandex.ru", "rambler.ru", "bk.ru", "gmail.com"],
    "tr": ["gmail.com", "hotmail.com", "yandex.com.tr", "outlook.com.tr"],
    "ko": ["naver.com", "daum.net", "gmail.com", "kakao.com"],
    "id": ["gmail.com", "yahoo.co.id", "outlook.co.id"],
    "vi": ["gmail.com", "yahoo.com.vn", "outlook.com"],
    "th": ["gmail.com", "hotmail.com", "outlook.co.th"],
    "hi": ["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"],
}
PT_FREEMAIL = ["sapo.pt", "gmail.com", "hotmail.com", "outlook.pt"]
RELAYS = [
    "mta-07.sendrelay-cloud.net",
    "smtp.bulkpost-eu.top",
    "out3.mailer-nodes.xyz",
    "srv114.cheaphost-vps.site",
    "relay.masspost-global.click",
    "mx2.fastsend-mail.online",
    "node9.smtpout-pool.icu",
]
MAILERS_LEGIT = [
    "Microsoft Outlook 16.0",
    "Apple Mail (2.3774.500.171.1.1)",
    "Mozilla Thunderbird 128.3.1",
    "Zimbra 9.0.0_GA_4546",
    "Salesforce Marketing Cloud",
    "Braze",
    "Mailchimp Mailer",
]
LEGIT_RELAYS = [
    "email.amazonses.com",
    "mta.sendgrid.net",
    "mail.mailgun.org",
    "s7.exacttarget.com",
    "sparkpostmail.com",
]
MAILERS_SCAM = [
    "PHPMailer 6.8.1 (https://github.com/PHPMailer/PHPMailer)",
    "Microsoft Outlook 16.0",
    "Foxmail 7.2",
    "Open-Xchange Mailer v7.10",
    "WPMailSMTP/Mailer/smtp 3.11.1",
    "SendBlaster 4",
]

COLOURS = [
    "#0b5cab",
    "#d40511",
    "#003087",
    "#1a1a1a",
    "#00695c",
    "#6a1b9a",
    "#e50914",
    "#ff9900",
    "#0078d4",
    "#c8102e",
    "#004b87",
    "#f5a623",
    "#820ad1",
    "#ec7000",
    "#cc092f",
]


# ---------------------------------------------------------------------------------------------- drafts
class Draft:
    def __init__(self, label: str, kind: str, lang: str, headers: dict[str, str], body: str, line: int):
        self.label, self.kind, self.lang, self.headers, self.body, self.line = label, kind, lang, headers, body, line

    @property
    def opts(self) -> set[str]:
        return set(self.headers.get("Opt", "").split())


def read_drafts(path: Path) -> list[Draft]:
    lang = path.stem
    out: list[Draft] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].startswith("@@ "):
            i += 1
            continue
        start = i
        _, label, kind = lines[i].split()
        assert label in ("scam", "legit"), (path, i)
        i += 1
        headers: dict[str, str] = {}
        while lines[i].strip() != "---":
            if lines[i].strip():
                name, _, value = lines[i].partition(":")
                headers[name.strip()] = value.strip()
            i += 1
        i += 1
        body: list[str] = []
        while i < len(lines) and not lines[i].startswith("@@ "):
            body.append(lines[i])
            i += 1
        assert "From" in headers and "Subject" in headers, (path, start)
        out.append(Draft(label, kind, lang, headers, "\n".join(body).strip("\n"), start + 1))
    return out


def blocks(body: str) -> tuple[list[tuple[str, object]], list[str]]:
    """(kind, content) blocks of the main body and the footer's paragraphs."""
    main, _, foot = body.partition("\n~~")
    out: list[tuple[str, object]] = []
    for para in re.split(r"\n\s*\n", main.strip()):
        lines = [ln for ln in para.split("\n") if ln.strip()]
        if not lines:
            continue
        if all(ln.startswith("* ") for ln in lines):
            out.append(("list", [ln[2:] for ln in lines]))
        elif all(ln.startswith("| ") for ln in lines):
            out.append(("table", [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]))
        elif len(lines) == 1 and lines[0].startswith("# "):
            out.append(("h", lines[0][2:]))
        elif len(lines) == 1 and re.fullmatch(r"\[\[.+\|.+\]\]", lines[0].strip()):
            label, url = lines[0].strip()[2:-2].rsplit("|", 1)
            out.append(("button", (label, url)))
        else:
            out.append(("p", lines))
    footer = [p.strip() for p in re.split(r"\n\s*\n", foot.strip()) if p.strip()]
    return out, footer


LINK = re.compile(r"\{([^{}|]+)\|([^{}]+)\}")


# ---------------------------------------------------------------------------------------------- text
def plain_inline(text: str, style: int) -> str:
    def sub(m: re.Match[str]) -> str:
        label, url = m.group(1), m.group(2)
        if label.strip() == url.strip():
            return url
        if style == 0:
            return f"{label} ({url})"
        if style == 1:
            return f"{label} <{url}>"
        return f"{label} [{url}]"

    return LINK.sub(sub, text)


def render_plain(d: Draft, rng: random.Random) -> str:
    body, footer = blocks(d.body)
    style = rng.randrange(3)
    bullet = rng.choice(["- ", "* ", "• "])
    out: list[str] = []
    for kind, content in body:
        if kind == "p":
            out.append("\n".join(plain_inline(ln, style) for ln in content))  # type: ignore[union-attr]
        elif kind == "h":
            out.append(plain_inline(str(content), style))
        elif kind == "list":
            out.append("\n".join(bullet + plain_inline(x, style) for x in content))  # type: ignore[union-attr]
        elif kind == "table":
            rows = content  # type: ignore[assignment]
            out.append("\n".join(": ".join(plain_inline(c, style) for c in r) for r in rows))  # type: ignore[union-attr]
        elif kind == "button":
            label, url = content  # type: ignore[misc]
            form = rng.randrange(3)
            out.append(
                f"{label}: {url}" if form == 0 else f"{label.upper()}\n{url}" if form == 1 else f">> {label} <<\n{url}"
            )
    if footer:
        out.append(rng.choice(["--", "____________________", "-- ", "-" * 30]))
        out.extend(plain_inline(f, style) for f in footer)
    return "\n\n".join(out).replace("\n-- \n\n", "\n-- \n") + "\n"


# ---------------------------------------------------------------------------------------------- html
def html_inline(text: str, colour: str, underline: bool) -> str:
    parts: list[str] = []
    pos = 0
    for m in LINK.finditer(text):
        parts.append(html.escape(text[pos : m.start()], quote=False))
        deco = "underline" if underline else "none"
        parts.append(
            f'<a href="{html.escape(m.group(2))}" style="color:{colour};text-decoration:{deco}">'
            f"{html.escape(m.group(1), quote=False)}</a>"
        )
        pos = m.end()
    parts.append(html.escape(text[pos:], quote=False))
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", "".join(parts))


def strip_bold(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text)


def preheader(d: Draft, rng: random.Random) -> str:
    pre = d.headers.get("Pre")
    if not pre:
        return ""
    pad = "&zwnj;&nbsp;" * rng.randint(0, 40)
    style = rng.choice(
        [
            "display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;",
            "display:none!important;visibility:hidden;mso-hide:all;font-size:1px;line-height:1px;max-height:0;overflow:hidden",
            "display:none;max-height:0;overflow:hidden",
        ]
    )
    return f'<div style="{style}">{html.escape(pre, quote=False)}{pad}</div>\n'


def brand(d: Draft, rng: random.Random) -> tuple[str, str]:
    value = d.headers.get("Brand", "")
    name, _, colour = value.partition("|")
    return name.strip(), (colour.strip() or rng.choice(COLOURS))


def html_blocks(d: Draft, rng: random.Random, colour: str, font: str, button_style: int) -> tuple[str, str]:
    body, footer = blocks(d.body)
    underline = rng.random() < 0.6
    out: list[str] = []
    size = rng.choice(["14px", "15px", "16px"])
    pstyle = f"margin:0 0 16px 0;font-family:{font};font-size:{size};line-height:1.5;color:#222222"
    for kind, content in body:
        if kind == "p":
            inner = "<br>\n".join(html_inline(ln, colour, underline) for ln in content)  # type: ignore[union-attr]
            out.append(f'<p style="{pstyle}">{inner}</p>')
        elif kind == "h":
            size = rng.choice(["20px", "22px", "24px"])
            out.append(
                f'<h1 style="margin:0 0 18px 0;font-family:{font};font-size:{size};color:#111111">'
                f"{html_inline(str(content), colour, underline)}</h1>"
            )
        elif kind == "list":
            items = "".join(f'<li style="margin-bottom:6px">{html_inline(x, colour, underline)}</li>' for x in content)  # type: ignore[union-attr]
            out.append(f'<ul style="{pstyle};padding-left:20px">{items}</ul>')
        elif kind == "table":
            rows = "".join(
                "<tr>"
                + "".join(
                    f'<td style="padding:6px 10px;border-bottom:1px solid #e5e5e5;font-family:{font};font-size:14px;'
                    + ("color:#666666" if j == 0 else "color:#111111;font-weight:bold")
                    + f'">{html_inline(c, colour, underline)}</td>'
                    for j, c in enumerate(r)
                )
                + "</tr>"
                for r in content  # type: ignore[union-attr]
            )
            out.append(
                '<table role="presentation" cellpadding="0" cellspacing="0" width="100%" '
                f'style="margin:0 0 18px 0;border-collapse:collapse">{rows}</table>'
            )
        elif kind == "button":
            label, url = content  # type: ignore[misc]
            label, url = html.escape(label, quote=False), html.escape(url)
            if button_style == 0:
                out.append(
                    f'<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 22px 0"><tr>'
                    f'<td align="center" bgcolor="{colour}" style="border-radius:4px">'
                    f'<a href="{url}" target="_blank" style="display:inline-block;padding:12px 28px;font-family:{font};'
                    f'font-size:15px;font-weight:bold;color:#ffffff;text-decoration:none">{label}</a></td></tr></table>'
                )
            elif button_style == 1:
                out.append(
                    f'<p style="text-align:center;margin:24px 0"><a href="{url}" style="background-color:{colour};'
                    f"color:#ffffff;padding:14px 32px;border-radius:24px;text-decoration:none;font-family:{font};"
                    f'font-weight:600;display:inline-block">{label}</a></p>'
                )
            else:
                out.append(f'<p style="{pstyle}"><a href="{url}"><b>{label}</b></a></p>')
    foot = "".join(
        f'<p style="margin:0 0 8px 0;font-family:{font};font-size:11px;line-height:1.4;color:#888888">'
        f"{html_inline(f, '#888888', True)}</p>"
        for f in footer
    )
    return "\n".join(out), foot


def render_html(d: Draft, rng: random.Random, layout: str) -> str:
    name, colour = brand(d, rng)
    font = rng.choice(
        [
            "Arial,Helvetica,sans-serif",
            "'Segoe UI',Tahoma,Geneva,sans-serif",
            "Helvetica Neue,Helvetica,Arial,sans-serif",
            "Verdana,Arial,sans-serif",
            "Roboto,Arial,sans-serif",
        ]
    )
    pre = preheader(d, rng)
    lang_attr = d.lang
    if layout == "word":
        body, foot = blocks(d.body)
        paras = []
        for kind, content in body:
            if kind == "p":
                paras.append(
                    "<p class=MsoNormal>"
                    + "<br>\n".join(html_inline(ln, "#0563C1", True) for ln in content)
                    + "<o:p></o:p></p>"
                )  # type: ignore[union-attr]
            elif kind in ("h",):
                paras.append(f"<p class=MsoNormal><b>{html_inline(str(content), '#0563C1', True)}</b><o:p></o:p></p>")
            elif kind == "list":
                paras.extend(
                    f"<p class=MsoListParagraph>&middot;&nbsp;{html_inline(x, '#0563C1', True)}<o:p></o:p></p>"
                    for x in content
                )  # type: ignore[union-attr]
            elif kind == "table":
                paras.extend(
                    "<p class=MsoNormal>" + ": ".join(html_inline(c, "#0563C1", True) for c in r) + "<o:p></o:p></p>"
                    for r in content
                )  # type: ignore[union-attr]
            elif kind == "button":
                label, url = content  # type: ignore[misc]
                paras.append(
                    f'<p class=MsoNormal><a href="{html.escape(url)}">'
                    f"{html.escape(label, quote=False)}</a><o:p></o:p></p>"
                )
            paras.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")
        paras.extend(
            '<p class=MsoNormal><span style="font-size:8.0pt;color:gray">'
            f"{html_inline(f, 'gray', True)}</span><o:p></o:p></p>"
            for f in foot
        )
        return (
            '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">\n'
            '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n'
            '<style><!-- p.MsoNormal, li.MsoNormal {margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;} '
            "a:link {color:#0563C1;text-decoration:underline;} --></style></head>\n"
            f'<body lang={lang_attr.upper()} link="#0563C1" vlink="#954F72"><div class=WordSection1>\n'
            + "\n".join(paras)
            + "\n</div></body></html>\n"
        )
    if layout == "bare":
        inner, foot = html_blocks(d, rng, colour, font, 2)
        inner = re.sub(r' style="[^"]*"', "", inner)
        center = rng.random() < 0.3
        top = f"<b>{html.escape(name)}</b><br><br>\n" if name else ""
        body = f"{pre}{top}{inner}\n{foot}"
        if center:
            body = f"<center>{body}</center>"
        return f'<html><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>\n'
    bstyle = rng.randrange(2)
    inner, foot = html_blocks(d, rng, colour, font, bstyle)
    if layout == "div":
        head = (
            (
                f'<div style="font-family:{font};font-size:22px;font-weight:bold;color:{colour};margin:0 0 20px 0">'
                f"{html.escape(name)}</div>\n"
            )
            if name
            else ""
        )
        return (
            f'<!DOCTYPE html><html lang="{lang_attr}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>\n'
            f'<body style="margin:0;padding:24px;background:#ffffff">\n{pre}'
            f'<div style="max-width:580px;margin:0 auto;font-family:{font}">\n{head}{inner}\n'
            f'<hr style="border:none;border-top:1px solid #dddddd;margin:24px 0">\n{foot}\n</div></body></html>\n'
        )
    # "card": centred 600px table on a grey background, brand bar on top
    bar = ""
    if name:
        bar = (
            f'<tr><td bgcolor="{colour}" style="padding:18px 32px;font-family:{font};font-size:20px;font-weight:bold;'
            f'color:#ffffff">{html.escape(name)}</td></tr>\n'
        )
    return (
        f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" lang="{lang_attr}"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1.0"><title></title></head>\n'
        f'<body style="margin:0;padding:0;background-color:#f2f3f5">\n{pre}'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f2f3f5">'
        '<tr><td align="center" style="padding:24px 8px">\n'
        '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" '
        'style="max-width:600px;background-color:#ffffff;border-radius:6px">\n'
        f"{bar}"
        f'<tr><td style="padding:28px 32px 8px 32px">\n{inner}\n</td></tr>\n'
        f'<tr><td style="padding:16px 32px 24px 32px;border-top:1px solid #eeeeee">\n{foot}\n</td></tr>\n'
        "</table>\n</td></tr></table>\n</body></html>\n"
    )


# ---------------------------------------------------------------------------------------------- mime
def encode_body(text: str, cte: str) -> str:
    raw = text.encode("utf-8")
    if cte == "base64":
        return base64.encodebytes(raw).decode("ascii")
    if cte == "quoted-printable":
        return quopri.encodestring(raw).decode("ascii") + ("\n" if not raw.endswith(b"\n") else "")
    return text


def leaf(ctype: str, text: str, cte: str, rng: random.Random) -> tuple[list[str], str]:
    q = rng.random() < 0.5
    charset = 'charset="utf-8"' if q else rng.choice(["charset=UTF-8", "charset=utf-8", 'charset="UTF-8"'])
    return [f"Content-Type: {ctype}; {charset}", f"Content-Transfer-Encoding: {cte}"], encode_body(text, cte)


def encoded_word(value: str, rng: random.Random) -> str:
    enc = Header(value, "utf-8", header_name="Subject").encode()
    if rng.random() < 0.5:
        enc = enc.replace("=?utf-8?", "=?UTF-8?")
    return enc


def display_header(value: str, rng: random.Random, encode: bool) -> str:
    """Encode a non-ASCII display name in From/To when asked (the address stays as it is)."""
    m = re.fullmatch(r'"?([^"<]*?)"?\s*<([^>]+)>', value)
    if not m or not encode or value.isascii():
        return value
    name, addr = m.group(1).strip(), m.group(2)
    return f"{Header(name, 'utf-8').encode()} <{addr}>"


def domain_of(addr: str) -> str:
    m = re.search(r"@([A-Za-z0-9.\-]+)", addr)
    return m.group(1).lower() if m else "mail.example"


def brand_label(domain: str) -> str:
    labels = domain.split(".")
    for label in reversed(labels[:-1]):
        if label not in ("co", "com", "gov", "org", "net", "ac", "or", "ne", "go"):
            return label
    return labels[0]


def is_pt_pt(d: Draft) -> bool:
    blob = d.headers.get("From", "") + d.headers.get("To", "") + d.body[:400]
    euro = "€" in d.body and "R$" not in d.body  # Portugal pays in euros, Brazil in reais
    return euro or any(k in blob for k in PT_PT) or ("TZ" in d.headers and d.headers["TZ"] in ("+0000", "+0100"))


def make_date(d: Draft, rng: random.Random) -> str:
    start = datetime(2024, 1, 2, tzinfo=UTC)
    span = (datetime(2026, 11, 28, tzinfo=UTC) - start).total_seconds()
    when = start + timedelta(seconds=rng.uniform(0, span))
    if "TZ" in d.headers:
        tz = d.headers["TZ"]
    elif d.lang == "pt" and is_pt_pt(d):
        tz = "+0100" if 4 <= when.month <= 10 else "+0000"
    elif d.lang in ("de", "fr", "it") or (d.lang == "es" and rng.random() < 0.6):
        tz = "+0200" if 4 <= when.month <= 10 else "+0100"
    elif d.lang == "en":
        blob = d.headers.get("From", "") + d.headers.get("To", "") + d.body
        summer = 4 <= when.month <= 10
        if ".au" in blob or "A$" in blob or "ATO" in blob or "myGov" in blob:
            tz = "+1000" if summer else "+1100"
        elif ".uk" in blob or "£" in blob or "HMRC" in blob:
            tz = "+0100" if summer else "+0000"
        else:
            tz = rng.choice(["-0400", "-0700"] if summer else ["-0500", "-0800"])
    else:
        tz = rng.choice(TZ[d.lang])
    sign = 1 if tz[0] == "+" else -1
    offset = timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5])) * sign
    local = when.astimezone(timezone(offset))
    return local.strftime("%a, %d %b %Y %H:%M:%S ") + tz


MALE = {
    "en": ["James", "Tom", "Daniel", "Oliver", "Marcus", "Liam", "Ben"],
    "de": ["Markus", "Tobias", "Stefan", "Florian", "Jens", "Uwe", "Thomas"],
    "pt": ["Rafael", "Thiago", "Bruno", "Felipe", "Gustavo"],
    "es": ["Javier", "Diego", "Andrés", "Pablo"],
    "fr": ["Julien", "Nicolas", "Thomas", "Hugo"],
    "it": ["Marco", "Luca", "Davide", "Alessandro"],
}
FEMALE = {
    "en": ["Emily", "Priya", "Rachel", "Megan", "Hannah", "Chloe", "Grace"],
    "de": ["Julia", "Sabine", "Anja", "Katrin", "Nina", "Lea", "Miriam"],
    "pt": ["Ana Paula", "Camila", "Juliana", "Larissa", "Beatriz"],
    "es": ["Lucía", "Carmen", "Marta", "Sofía"],
    "fr": ["Claire", "Sophie", "Émilie", "Camille"],
    "it": ["Giulia", "Chiara", "Francesca", "Sara"],
}
MALE_TITLES = {"herr", "mr", "monsieur", "m.", "sr.", "sr", "sig.", "signor", "señor", "senhor", "bapak", "pak"}
FEMALE_TITLES = {
    "frau",
    "mrs",
    "ms",
    "miss",
    "madame",
    "mme",
    "sra.",
    "sra",
    "signora",
    "sig.ra",
    "señora",
    "senhora",
    "ibu",
}
GREETING = re.compile(
    r"^(?:Hi|Hello|Hey|Dear|Hallo|Hej|Liebe|Lieber|Guten Tag|Olá|Oi|Hola|Bonjour|Ciao|Gentile|Caro|Cara|"
    r"Estimad[oa]|Prezad[oa]|Sehr geehrte[r]?|Bom apetite|Obrigado por viajar|Thanks for riding|"
    r"Merci d'avoir choisi Uber|Gracias por viajar con Cabify|Obrigado por viajar com a (?:Bolt|99)|"
    r"Danke für deine Fahrt|Thanks for riding|Exmo\(a\)\. Sr\(a\)\.)"
    r",?\s+((?:Herr|Frau|Mr|Mrs|Ms|Miss|Monsieur|Madame|Mme|Sr|Sra|Signora|Sig|Bapak|Ibu)\.?\s+)?"
    r"([A-ZÀ-Ý][\w'À-ÿ-]+(?:\s+[A-ZÀ-Ý][\w'À-ÿ-]+)*)"
)
NOT_NAMES = {
    "Customer",
    "Kunde",
    "Kundin",
    "Kunden",
    "Cliente",
    "Client",
    "Taxpayer",
    "Parents",
    "Valued",
    "Team",
    "Executive",
    "Amazon",
    "Member",
    "Nutzer",
    "Nutzerin",
    "User",
    "Sir",
    "Madam",
    "Damen",
    "Steuerpflichtige",
    "Contribuinte",
    "Contribuyente",
    "Usuario",
    "Utente",
    "Signori",
    "Mandantin",
    "Eltern",
    "Kolleginnen",
    "Mitglied",
    "Beitragszahlerin",
    "Kindergeldberechtigte",
    "Tutti",
    "Equipo",
    "Plantilla",
    "Famílias",
    "Families",
    "Everyone",
    "Leserin",
    "Ledger",
    "Trezor",
    "MetaMask",
    "Coinbase",
    "Binance",
    "Netflix",
    "PayPal",
    "EE",
    "Disney",
    "Dropbox",
    "Mitglieder",
    "Colleagues",
    "All",
    "Apple",
    "Sparkasse",
}


def greeting_name(d: Draft) -> tuple[str, str] | None:
    """(title gender, name) from a draft's salutation, so that To names the person the body greets."""
    first = next((ln.lstrip("# ").strip() for ln in d.body.split("\n") if ln.strip()), "")
    m = GREETING.match(first)
    known = {w for n in NAMES.get(d.lang, []) + MALE.get(d.lang, []) + FEMALE.get(d.lang, []) for w in n.split()}
    if not m or m.group(2).split()[0] in NOT_NAMES or not set(m.group(2).split()) <= known:
        return None
    title = (m.group(1) or "").strip().lower()
    gender = "m" if title in MALE_TITLES else "f" if title in FEMALE_TITLES else ""
    return gender, m.group(2)


def ascii_login(name: str) -> str:
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        name = name.replace(a, b)
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().replace("'", "")


def make_to(d: Draft, rng: random.Random) -> str:
    pool = PT_FREEMAIL if d.lang == "pt" and is_pt_pt(d) else FREEMAIL[d.lang]
    account = re.search(r"\| Apple Account \| (\S+@\S+) \|", d.body)
    if account:  # Apple's receipts go to the Apple Account's address
        return account.group(1)
    name = rng.choice(NAMES[d.lang])
    greeted = greeting_name(d) if d.lang in MALE else None
    if greeted:
        gender, said = greeted
        if gender:  # "Herr Lang", "Ms Kim": the surname, with a first name of that gender
            name = f"{rng.choice(MALE[d.lang] if gender == 'm' else FEMALE[d.lang])} {said.split()[-1]}"
        elif len(said.split()) >= 2:  # a full name
            name = said
        else:  # a first name
            surnames = [n.split()[-1] for n in NAMES[d.lang]]
            name = f"{said} {rng.choice(surnames)}"
    ascii_name = ascii_login(name)
    parts = ascii_name.split()
    if len(parts) >= 2 and ascii_name.isascii() and len(ascii_name) >= len(name) - 1:
        first, last = parts[0], parts[-1]
        login = rng.choice(
            [f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last}", f"{first}_{last[0]}", f"{last}.{first}"]
        )
        named = rng.random() < (0.45 if d.label == "legit" else 0.3)
    else:
        login = rng.choice(LOGINS[d.lang])
        named = rng.random() < 0.15
    login += str(rng.randint(1, 99)) if rng.random() < 0.3 else ""
    addr = f"{login}@{rng.choice(pool)}"
    return f"{name} <{addr}>" if named else addr


def build(d: Draft) -> str:
    """The message; where it would reach MAX_CHARS, the same draft with fewer layers (8bit, one part)."""
    text = _build(d, set())
    for extra in ({"8bit"}, {"8bit", "html"}, {"8bit", "plain"}):
        if len(text) < MAX_CHARS:
            break
        text = _build(d, extra)
    return text


def _build(d: Draft, force: set[str]) -> str:
    seed = int(hashlib.sha256((d.lang + d.headers["Subject"] + d.body).encode()).hexdigest()[:12], 16)
    rng = random.Random(seed)
    opts = d.opts
    if force:
        opts = (opts - {"qp", "b64", "plain", "html", "multi"}) | force
    struct = next((o for o in ("plain", "html", "multi") if o in opts), None)
    if struct is None:
        struct = rng.choices(["plain", "html", "multi"], [0.3, 0.3, 0.4])[0]
    layout = next((o for o in ("word", "bare", "div", "card") if o in opts), None)
    if layout is None:
        layout = rng.choices(["card", "div", "bare", "word"], [0.4, 0.3, 0.15, 0.15])[0]
    cte_opt = next((o for o in ("8bit", "qp", "b64") if o in opts), None)

    def pick_cte() -> str:
        if cte_opt:
            return {"8bit": "8bit", "qp": "quoted-printable", "b64": "base64"}[cte_opt]
        return rng.choices(["8bit", "quoted-printable", "base64"], [0.5, 0.3, 0.2])[0]

    from_dom = domain_of(d.headers["From"])
    subject = d.headers["Subject"]
    if "enc" in opts or ("raw" not in opts and not subject.isascii() and rng.random() < 0.25):
        subject = encoded_word(subject, rng)
    head = [f"From: {display_header(d.headers['From'], rng, rng.random() < 0.15)}"]
    head.append(f"To: {d.headers.get('To') or make_to(d, rng)}")
    if "Cc" in d.headers:
        head.append(f"Cc: {d.headers['Cc']}")
    head.append(f"Subject: {subject}")
    head.append(f"Date: {make_date(d, rng)}")
    mid_dom = rng.choice(RELAYS) if d.label == "scam" and rng.random() < 0.35 else from_dom
    mid = f"{rng.getrandbits(64):016x}.{rng.randint(100000, 999999)}@{mid_dom}"
    if d.label == "legit" and rng.random() < 0.4:
        mid = f"{rng.getrandbits(96):024x}-{rng.randint(1000, 9999)}@{mid_dom}"
    if d.label == "legit" and rng.random() < 0.2:  # bulk senders' own relays
        mid = f"{rng.getrandbits(96):024x}@{rng.choice(LEGIT_RELAYS)}"
    head.append(f"Message-ID: <{mid}>")
    if "Reply-To" in d.headers:
        head.append(f"Reply-To: {d.headers['Reply-To']}")
    head.append("MIME-Version: 1.0")
    # Mailer and bulk-sender headers on both sides: phishing goes out through PHP scripts and abused
    # bulk-mail accounts, genuine mail through Outlook and the same bulk-mail services.
    if rng.random() < 0.2:
        pool = MAILERS_SCAM if d.label == "scam" else MAILERS_LEGIT
        head.append(f"X-Mailer: {'Microsoft Outlook 16.0' if 'word' in opts else rng.choice(pool)}")
    if rng.random() < 0.2:
        head.append(
            f"Feedback-ID: {rng.randint(1, 9)}:{rng.getrandbits(32):08x}:{brand_label(from_dom)}:"
            f"{rng.choice(['ses', 'sfmc', 'sendgrid', 'mailgun'])}"
        )
    unsub = d.headers.get("List-Unsubscribe")
    if (
        not unsub
        and d.label == "scam"
        and d.kind in ("lottery_prize", "subscription_renewal", "crypto_wallet")
        and rng.random() < 0.4
    ):
        unsub = f"<mailto:unsubscribe@{from_dom}?subject=unsubscribe>"
    if unsub:
        head.append(f"List-Unsubscribe: {unsub}")
        if rng.random() < 0.7:
            head.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")

    plain = render_plain(d, rng)
    parts: list[tuple[list[str], str]] = []
    if struct == "plain":
        parts.append(leaf("text/plain", plain, pick_cte(), rng))
    else:
        markup = render_html(d, rng, layout)
        if struct == "html":
            parts.append(leaf("text/html", markup, pick_cte(), rng))
        else:
            if "stub" in opts:
                plain = rng.choice(
                    [
                        "Please view this message in an HTML-capable mail program.\n",
                        "To view this message, open it in a browser or an HTML e-mail client.\n",
                        "This is a multi-part message in MIME format.\n",
                    ]
                )
            parts.append(leaf("text/plain", plain, pick_cte(), rng))
            parts.append(leaf("text/html", markup, pick_cte(), rng))
    if struct in ("plain", "html") and "attach" not in opts and "ics" not in opts:
        ((h, b),) = parts
        return "\n".join(head + h) + "\n\n" + b
    boundary = rng.choice(
        [
            f"----=_Part_{rng.randint(10000, 99999)}_{rng.randint(100000000, 999999999)}."
            f"{rng.randint(1700000000, 1790000000)}",
            f"b1_{rng.getrandbits(128):032x}",
            f"=_{rng.getrandbits(64):016x}",
            f"000000000000{rng.getrandbits(48):012x}",
        ]
    )

    def multipart(sub: str, bnd: str, items: list[tuple[list[str], str]]) -> tuple[list[str], str]:
        chunks = [f"--{bnd}\n" + "\n".join(h) + "\n\n" + b.rstrip("\n") + "\n" for h, b in items]
        return [f'Content-Type: multipart/{sub}; boundary="{bnd}"'], "\n".join(chunks) + f"\n--{bnd}--\n"

    if "ics" in opts:
        inner = multipart("alternative", boundary + "_alt", parts) if len(parts) > 1 else parts[0]
        summary, start, place = (x.strip() for x in d.headers["Ics"].split("|"))
        uid = f"{rng.getrandbits(64):016x}@{from_dom}"
        cal = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//" + from_dom + "//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:{start}00\r\nDTSTART:{start}00\r\nSUMMARY:{summary}\r\nLOCATION:{place}\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        att = (
            [
                'Content-Type: text/calendar; charset="utf-8"; method=REQUEST; name="invite.ics"',
                'Content-Disposition: attachment; filename="invite.ics"',
                "Content-Transfer-Encoding: base64",
            ],
            base64.encodebytes(cal.encode()).decode("ascii"),
        )
        h, b = multipart("mixed", boundary, [inner, att])
    elif "attach" in opts:
        inner = multipart("alternative", boundary + "_alt", parts) if len(parts) > 1 else parts[0]
        name = d.headers.get("Attach", "document.html")
        target = d.headers.get("AttachUrl", "https://docs-view.example/")
        payload = (
            f'<html><head><meta http-equiv="refresh" content="0; url={target}"></head><body>Loading...</body></html>\n'
        )
        att = (
            [
                f'Content-Type: text/html; name="{name}"',
                f'Content-Disposition: attachment; filename="{name}"',
                "Content-Transfer-Encoding: base64",
            ],
            base64.encodebytes(payload.encode()).decode("ascii"),
        )
        h, b = multipart("mixed", boundary, [inner, att])
    else:
        h, b = multipart("alternative", boundary, parts)
    return "\n".join(head + h) + "\n\n" + b


# ---------------------------------------------------------------------------------------------- checks
def decoded_text(raw: str) -> str:
    msg = email.message_from_string(raw, policy=email.policy.default)
    texts = []
    for part in msg.walk():
        if part.get_content_maintype() == "text" and not part.get_filename():
            texts.append(part.get_content())
    return "\n".join(texts)


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"\d", "", text)
    return " ".join(text.split())


def grams(text: str, n: int = 5) -> set[str]:
    t = norm(text)
    return {t[i : i + n] for i in range(max(0, len(t) - n + 1))}


def check_row(row: dict[str, str]) -> list[str]:
    problems = []
    raw = row["text"]
    if len(raw) >= MAX_CHARS:
        problems.append(f"{len(raw)} chars")
    msg = email.message_from_string(raw, policy=email.policy.default)
    for h in ("From", "To", "Subject", "Date", "Message-ID"):
        if not msg.get(h):
            problems.append(f"no {h}")
    if msg.defects:
        problems.append(f"defects {msg.defects}")
    if not decoded_text(raw).strip():
        problems.append("empty body")
    year = int(re.search(r"\d{4}", msg["Date"]).group(0))
    if not 2024 <= year <= 2026:
        problems.append("date")
    return problems


def main() -> None:
    check_only = "--check" in sys.argv
    drafts: dict[str, list[Draft]] = {}
    for path in sorted(DRAFTS.glob("*.txt")):
        drafts[path.stem] = read_drafts(path)
    new = {"scams": [], "legit": []}  # type: dict[str, list[dict[str, str]]]
    for lang in ORDER:
        for d in drafts.get(lang, []):
            new["scams" if d.label == "scam" else "legit"].append(
                {
                    "lang": lang,
                    "channel": "email",
                    "kind": d.kind,
                    "text": build(d),
                    "_draft": f"{lang}:{d.line}",
                    "_body": d.headers["Subject"] + "\n" + LINK.sub(r"\1", d.body),
                }
            )
    olds = {}
    bad = 0
    for name, prefix in (("scams", "s"), ("legit", "l")):
        path = HERE / f"{name}.jsonl"
        old = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        old = [r for r in old if int(r["id"][1:]) <= LAST[name]]
        olds[name] = old
        for i, row in enumerate(new[name]):
            row["id"] = f"{prefix}{LAST[name] + 1 + i:04d}"
    all_old_texts = {norm(r["text"]) for name in olds for r in olds[name]}
    seen: dict[str, str] = {}
    bodies: dict[str, list[tuple[str, set[str]]]] = {}
    for name in olds:  # earlier batches' mail, by subject and body
        for r in olds[name]:
            if r["channel"] == "email":
                msg = email.message_from_string(r["text"], policy=email.policy.default)
                words = str(msg["Subject"] or "") + "\n" + re.sub(r"<[^>]+>", " ", decoded_text(r["text"]))
                bodies.setdefault(r["lang"], []).append((r["id"], grams(words)))
    for name in ("scams", "legit"):
        for row in new[name]:
            for p in check_row(row):
                print(row["_draft"], p)
                bad += 1
            n = norm(row["text"])
            if n in all_old_texts or n in seen:
                print(row["_draft"], "duplicate text", seen.get(n))
                bad += 1
            seen[n] = row["_draft"]
            g = grams(row["_body"])  # the draft's own words, not the layout around them
            for other, og in bodies.get(row["lang"], []):
                jac = len(g & og) / max(1, len(g | og))
                if jac > 0.42:
                    print(row["_draft"], f"too close to {other} ({jac:.2f})")
                    bad += 1
            bodies.setdefault(row["lang"], []).append((row["_draft"], g))
    print({k: len(v) for k, v in new.items()}, "problems:", bad)
    if check_only or bad:
        return
    for name in ("scams", "legit"):
        path = HERE / f"{name}.jsonl"
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            for r in olds[name]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
            for r in new[name]:
                out = {"id": r["id"], "lang": r["lang"], "channel": r["channel"], "kind": r["kind"], "text": r["text"]}
                f.write(json.dumps(out, ensure_ascii=False) + "\n")
        tmp.replace(path)


if __name__ == "__main__":
    main()
