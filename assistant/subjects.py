"""Who or what a question about the owner, or a statement of theirs, is about: the owner's son or
daughter, sister or brother, cat or dog, email or phone number.

The slot head (`assistant.grounding`) reads *which kind* of fact a text gives or asks for (family,
pet, contact, ...), and within one kind its vectors hardly tell the members apart: "What's my cat
called?" matched "I have a dog named Farrusco" (P 0.81), "Wie heißt mein Sohn?" matched "Meine
Tochter Frieda hat am 17. Oktober Geburtstag", "What's my email?" matched "My phone is 600 111 482".
Quoting such a memory states a wrong fact as the owner's. The words that name these subjects are
few and closed (kinship terms, common pets, the two contact channels), so they are listed here, in
the 16 languages broca reads facts in, and an email address or a phone number is also known by its
shape.

A subject is compatible with itself and with its generic form (a son is a child; a wife, a
partner); two subjects of one group that are not compatible mean the memory is about someone or
something else.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .facts import languages_of

__all__ = ["SUBJECTS", "agreement", "compatible", "conflicts", "subjects_of"]

# subject: (group, generic subject or "", words). A word of Latin or Cyrillic letters matches as a
# whole word, or as a word start where it ends in "*" (stems and German compounds: "Handynummer");
# words of other scripts match anywhere (no spaces between words), so they are chosen long enough
# not to occur inside unrelated words ("딸" is kept from "딸기", strawberry; "丈夫" from "大丈夫";
# Thai "ลูก" from "ลูกค้า", customer). A word that is another language's ordinary word names its
# subject only in a text that may be in the languages after its "@" (`facts.languages_of`): "son"
# is French "his", "Kind" English "kind of", "loro" Italian "they", "mari" Indonesian "let's".
SUBJECTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # -- people --
    "child": ("person", "", (
        "child", "children", "kid", "kids", "孩子", "小孩", "子ども", "子供", "うちの子", "아이가", "아이는",
        "아이 ", "우리 아이", "아기", "niño", "niña", "criança", "enfant*", "Kind@de", "Kinder", "Kindes", "bambino",
        "bambina", "ребён*", "ребен*", "طفل", "बच्च*", "ลูก(?!ค้า)", "con tôi", "anak", "çocu*",
    )),
    "son": ("person", "child", (
        "son@en", "sons", "son's", "儿子", "息子", "아들", "hijo", "filho", "fils", "Sohn", "figlio", "сын*", "ابني",
        "ابن ", "बेटा", "बेटे", "ลูกชาย", "con trai", "anak laki*", "oğl*",
    )),
    "daughter": ("person", "child", (
        "daughter", "daughters", "daughter's", "女儿", "娘", "딸이", "딸은", "딸의", "딸 ", "우리 딸", "hija",
        "filha", "fille", "Tochter", "figlia", "доч*", "بنتي", "ابنتي", "ابنة", "बेटी", "ลูกสาว", "con gái",
        "anak perempuan", "kızım", "kızımın",
    )),
    "sibling": ("person", "", (
        "sibling", "siblings", "兄弟姐妹", "兄弟", "姉妹", "동생", "형제", "hermanos", "irmãos", "Geschwister",
        "fratelli", "kardeş*",
    )),
    "brother": ("person", "sibling", (
        "brother", "brothers", "brother's", "哥哥", "弟弟", "我哥", "我弟", "兄", "お兄", "弟", "오빠", "형이",
        "형은", "형의", "형님", "남동생", "hermano", "irmão", "frère", "Bruder", "Bruders", "fratello", "брат*",
        "أخي", "أخ ", "शقيق", "भाई", "พี่ชาย", "น้องชาย", "anh trai", "em trai", "saudara laki*", "kakak laki*",
        "adik laki*", "abim", "ağabey*", "erkek kardeş*",
    )),
    "sister": ("person", "sibling", (
        "sister", "sisters", "sister's", "姐姐", "妹妹", "我姐", "我妹", "姉", "お姉", "妹", "누나", "언니",
        "여동생", "hermana", "irmã", "sœur", "soeur", "Schwester", "sorella", "сестр*", "أختي", "أخت", "बहन",
        "พี่สาว", "น้องสาว", "chị gái", "em gái", "kakak perempuan", "adik perempuan", "ablam", "kız kardeş*",
    )),
    "partner": ("person", "", (
        "partner", "partner's", "spouse", "boyfriend", "girlfriend", "伴侣", "对象", "男朋友", "女朋友", "爱人",
        "パートナー", "彼氏", "彼女", "恋人", "배우자", "남자친구", "여자친구", "남친", "여친", "애인", "pareja",
        "novio", "novia", "parceir*", "namorad*", "compagn*", "conjoint*", "copain", "copine", "Partner*", "Freund",
        "Freundin", "ragazzo", "ragazza", "партнёр*", "партнер*", "парень", "девушк*", "شريك", "خطيب", "साथी",
        "แฟน", "người yêu", "pacar", "sevgili*", "eşim", "eşimin",
    )),
    "wife": ("person", "partner", (
        "wife", "wife's", "妻子", "老婆", "太太", "妻", "奥さん", "嫁", "아내", "와이프", "부인", "esposa", "mujer",
        "mulher", "femme", "Frau", "Ehefrau", "moglie", "жена", "жены", "жене", "жену", "زوجتي", "زوجة", "पत्नी",
        "ภรรยา", "เมีย", "vợ", "istri", "karım", "karımın",
    )),
    "husband": ("person", "partner", (
        "husband", "husband's", "(?<!大)丈夫", "老公", "(?<![大丈功])夫", "旦那", "남편", "esposo", "marido",
        "mari@fr", "Mann", "Ehemann", "marito", "муж*", "زوجي", "زوج ", "पति", "สามี", "chồng", "suami", "kocam",
        "kocamın",
    )),
    "mother": ("person", "parent", (
        "mother", "mom", "mum", "mother's", "妈妈", "母亲", "我妈", "母", "お母さん", "엄마", "어머니", "madre",
        "mamá", "mãe", "mère", "maman", "Mutter", "Mama", "mamma", "мам*", "мать", "матер*", "أمي", "والدتي", "माँ",
        "माता", "แม่(?!น้ำ)", "mẹ", "ibu", "annem*",
    )),
    "father": ("person", "parent", (
        "father", "dad", "father's", "爸爸", "父亲", "我爸", "父", "お父さん", "아빠", "아버지", "padre", "papá",
        "pai", "père", "papa", "Vater", "Papa", "papà", "пап*", "отец", "отца", "أبي", "والدي", "पिता", "पापा",
        "พ่อ", "bố", "ayah", "bapak", "babam*",
    )),
    "parent": ("person", "", (
        "parents", "父母", "両親", "부모", "padres", "pais", "parents", "Eltern", "genitori", "родител*", "والدي",
        "माता-पिता", "พ่อแม่", "bố mẹ", "orang tua", "ailem",
    )),
    "friend": ("person", "", (
        "friend", "friends", "friend's", "buddy", "朋友", "友達", "友人", "친구", "amigo", "amiga", "ami", "amie",
        "pote", "Freund", "Freundin", "Kumpel", "amico", "amica", "друг", "друга", "подруг*", "صديق*", "दोस्त",
        "เพื่อน", "bạn thân", "teman", "sahabat", "arkadaş*",
    )),
    # -- pets --
    "pet": ("pet", "", (
        "pet", "pets", "宠物", "ペット", "반려", "mascota", "animal de estimação", "pet", "animal de compagnie",
        "Haustier*", "animale domestico", "питом*", "حيوان", "पालतू", "สัตว์เลี้ยง", "thú cưng", "hewan peliharaan",
        "evcil",
    )),
    "cat": ("pet", "pet", (
        "cat", "cats", "cat's", "kitten", "猫", "ねこ", "ネコ", "고양이", "gato", "gata", "gatinh*", "mon chat",
        "ma chatte", "le chat", "un chat", "notre chat", "chaton", "Katze*", "Kater", "gatto", "gatta", "кот",
        "кота", "коту", "котом", "кошк*", "котик*", "قط", "قطة", "قطتي", "बिल्ली", "แมว", "mèo", "kucing", "kedi*",
    )),
    "dog": ("pet", "pet", (
        "dog", "dogs", "dog's", "puppy", "狗", "犬", "いぬ", "イヌ", "ワンちゃん", "강아지", "개가", "개는", "개의",
        "우리 개", "perro", "perra", "perrito", "cão", "cachorr*", "cadela", "chien", "chienne", "Hund*", "cane@it",
        "cagnolin*", "собак*", "пёс", "пса", "щен*", "كلب*", "कुत्त*", "หมา(?!ย)", "สุนัข", "chó", "anjing", "köpe*",
    )),
    "rabbit": ("pet", "pet", (
        "rabbit", "bunny", "兔", "うさぎ", "ウサギ", "토끼", "conejo", "coelho", "lapin", "Kaninchen", "Hase",
        "coniglio", "кролик*", "أرنب", "खरगोश", "กระต่าย", "thỏ", "kelinci", "tavşan*",
    )),
    "bird": ("pet", "pet", (
        "bird", "parrot", "budgie", "鹦鹉", "インコ", "앵무", "pájaro", "loro@es", "periquito", "pássaro", "papagaio",
        "oiseau", "perroquet", "perruche", "Vogel", "Papagei*", "Wellensittich*", "uccellin*", "pappagall*",
        "попуга*", "ببغاء", "तोता", "นกแก้ว", "vẹt", "burung", "kuş*", "papağan*",
    )),
    "fish": ("pet", "pet", (
        "fish", "goldfish", "金鱼", "金魚", "금붕어", "pez", "peces", "peixe*", "poisson*", "Fisch*", "pesce",
        "pesci", "рыбк*", "سمك", "मछली", "ปลา(?!ย)", "ikan", "balık*",
    )),
    "hamster": ("pet", "pet", (
        "hamster*", "仓鼠", "ハムスター", "햄스터", "hámster", "хомяк*", "هامستر", "หนูแฮมสเตอร์",
    )),
    # -- contact --
    "email": ("contact", "", (
        "e-mail*", "email*", "mail", "mail address", "邮箱", "电子邮件", "邮件地址", "メール", "이메일", "메일",
        "correo", "courriel", "adresse mail", "adresse e-mail", "E-Mail*", "Mail*", "почт*", "имейл", "بريد",
        "ईमेल", "อีเมล", "thư điện tử", "surel", "e-posta*", "eposta*",
    )),
    "phone": ("contact", "", (
        "phone", "phone number", "mobile@en,fr", "cell", "电话", "手机", "号码", "電話", "番号", "携帯", "전화", "번호",
        "휴대폰", "핸드폰", "teléfono", "móvil", "celular", "telefone", "telemóvel", "téléphone", "portable@fr",
        "numéro", "Telefon*", "Handy*", "Nummer", "telefono", "cellulare", "numero", "телефон*", "номер*", "هاتف*",
        "جوال", "موبايل", "رقم", "फ़ोन", "फोन", "नंबर", "मोबाइल", "โทรศัพท์", "เบอร์", "điện thoại", "số máy",
        "nomor", "telepon", "HP@id", "numara*", "cep@tr",
    )),
}  # fmt: skip

_WORDLIKE = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff' -]+\*?")
# An email address or a phone number (seven digits or more, with the usual separators) says which
# contact a statement gives whatever words come with it.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d@])\+?\d(?:[\d ()./-]{5,}\d)")
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def _term(word: str) -> str:
    if not _WORDLIKE.fullmatch(word):
        return word  # a pattern of its own ("(?<!大)丈夫") or a word of a script without spaces
    if word.endswith("*"):
        return rf"(?<!\w){re.escape(word[:-1])}"
    return rf"(?<!\w){re.escape(word)}(?!\w)"


@cache
def _patterns() -> dict[str, tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], frozenset[str]], ...]]]:
    """Per subject: one pattern of its words for any language, and each word kept to some languages."""
    table = {}
    for subject, (_, _, words) in SUBJECTS.items():
        # Normalised as the text is: NFKC writes Thai "ำ" as two characters.
        words = tuple(unicodedata.normalize("NFKC", w) for w in words)
        anywhere = [_term(w) for w in words if "@" not in w]
        kept = tuple(
            (re.compile(_term(word), re.IGNORECASE), frozenset(codes.split(",")))
            for word, _, codes in (w.partition("@") for w in words if "@" in w)
        )
        table[subject] = (re.compile("|".join(anywhere) or r"(?!)", re.IGNORECASE), kept)
    return table


def subjects_of(text: str) -> frozenset[str]:
    """The subjects `text` names (`SUBJECTS`' keys)."""
    text = unicodedata.normalize("NFKC", text)
    languages: frozenset[str] | None = None

    def names(subject: str) -> bool:
        nonlocal languages
        anywhere, kept = _patterns()[subject]
        if anywhere.search(text):
            return True
        for pattern, codes in kept:
            if pattern.search(text):
                languages = languages_of(text, english=False) if languages is None else languages
                if codes & languages:
                    return True
        return False

    found = {subject for subject in SUBJECTS if names(subject)}
    if _EMAIL.search(text):
        found.add("email")
    elif any(
        len(re.sub(r"\D", "", m.group(0))) >= 7 and not _DATE.fullmatch(m.group(0)) for m in _PHONE.finditer(text)
    ):
        found.add("phone")
    return frozenset(found)


def compatible(a: str, b: str) -> bool:
    """Whether subjects `a` and `b` may be the same: equal, or one the generic form of the other."""
    return a == b or SUBJECTS[a][1] == b or SUBJECTS[b][1] == a


def agreement(question: frozenset[str], memory: frozenset[str]) -> int:
    """-1 when a memory is about another subject than the question asks for (the question names a
    subject of a group, the memory names some of that group, and none of them is compatible with it);
    1 when it names the asked subject or a compatible one; 0 when neither names one the other can
    be compared with."""
    same = False
    for asked in question:
        group = SUBJECTS[asked][0]
        told = [s for s in memory if SUBJECTS[s][0] == group]
        if told and not any(compatible(asked, s) for s in told):
            return -1
        same = same or bool(told)
    return int(same)


def conflicts(question: frozenset[str], memory: frozenset[str]) -> bool:
    """Whether a memory is about another subject than the question asks for (`agreement` -1)."""
    return agreement(question, memory) < 0
