"""Owner facts and preferences from the owner's own words, in the languages people write to broca in.

`extract_facts(text)` returns `(kind, sentence)` pairs, kind "fact" or "preference", the sentence being
the owner's own words (never translated), first letter capitalised where the script has case, ending
with the script's full stop. It reads the owner's typed message only: documents and mail never reach it.

Everything language-specific lives in one table, `LANGUAGES`: per language, the "remember ..." commands,
the statement patterns (each with a named group `v`, the value: a name, a place, what is liked), and the
cues that void a statement: question words, negations, hypotheticals, the pronoun objects that say
nothing on their own ("I love you"). The algorithm is shared:

1. an explicit command ("remember that ...", 记住…, merk dir ...) stores its rest, whole;
2. otherwise the text is cut into sentences at the scripts' full stops, and questions are dropped (a
   "?"/"？"/"؟" sentence, or the part of a Spanish one from "¿"); then into clauses at commas,
   semicolons and per-language conjunctions before a first-person subject ("... and I live in");
3. each clause is tried against every language's statements; the first match is kept unless the
   clause asks, denies or supposes it.

Precision before recall: a wrong "fact" is recalled into every later conversation as something the
owner said, a missed one only means the owner says it again. So verb-final and pro-drop languages
anchor their patterns at the clause start (a Vietnamese "bạn tôi thích..." is "my friend likes...",
not "I like"), and "、" does not cut clauses: in Chinese it separates the items of a list, and in
Japanese a clause after it keeps the earlier clause's subject, which may be someone else's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

__all__ = ["LANGUAGES", "Language", "extract_facts", "language_of", "languages_of", "owner_note", "owner_statements"]

_FLAGS = re.IGNORECASE | re.DOTALL
NEVER = r"(?!)"  # a cue a language does not need: its patterns already exclude the case

# Values: to the end of the clause, as the English patterns always did. Preferences need two
# characters in scripts with spaces ("I like a" is no preference); CJK words are often one.
V = r"(?P<v>.{1,80})$"
V2 = r"(?P<v>.{2,80})$"
A = "['’]"  # apostrophes: keyboards and phones type either


@dataclass(frozen=True)
class Language:
    """One language's patterns and cues (compiled)."""

    code: str
    remember: tuple[re.Pattern[str], ...]  # whole-message commands; group `fact` is what to store
    # (pattern, "fact" | "preference"): group `v` is the value; an empty group `s`, where present, marks
    # where the stored sentence starts (after a greeting: "你好我叫小明" stores "我叫小明").
    statements: tuple[tuple[re.Pattern[str], str], ...]
    question: re.Pattern[str]  # in a clause: it asks, it does not state
    negation: re.Pattern[str]  # before a fact or opening its value (anywhere in it: verb-final): denies it
    hypothetical: re.Pattern[str]  # before a statement: supposes it ("if my name were")
    objects: re.Pattern[str]  # a preference's whole object that says nothing alone ("I love you")
    joiners: str  # where one clause ends and the next begins inside a sentence
    tags: str  # tag questions ("..., right?"): they make the whole sentence a question
    # A sentence that asks the assistant to do something ("Write an email to my landlord...",
    # "推荐几本绘本", "教えてください"): a task, so nothing in it is the owner's statement.
    request: re.Pattern[str]
    verb_final: bool = False  # negation and supposition may sit anywhere in the clause


def _language(
    code: str,
    *,
    remember: Iterable[str],
    facts: Iterable[str],
    preferences: Iterable[str],
    question: str,
    objects: str,
    negation: str = NEVER,
    hypothetical: str = NEVER,
    joiners: str = NEVER,
    tags: str = NEVER,
    request: str = NEVER,
    verb_final: bool = False,
) -> Language:
    return Language(
        code=code,
        remember=tuple(re.compile(p, _FLAGS) for p in remember),
        statements=tuple(
            [(re.compile(p, _FLAGS), "fact") for p in facts]
            + [(re.compile(p, _FLAGS), "preference") for p in preferences]
        ),
        question=re.compile(question, _FLAGS),
        negation=re.compile(negation, _FLAGS),
        hypothetical=re.compile(hypothetical, _FLAGS),
        objects=re.compile(objects, _FLAGS),
        joiners=joiners,
        tags=tags,
        request=re.compile(request, _FLAGS),
        verb_final=verb_final,
    )


# Boundaries for scripts whose vowel signs are combining marks (Devanagari, Thai, Arabic harakat):
# `\b` sees a word end inside such a word, so these languages delimit words by spaces.
_S = r"(?:^|(?<=\s))"
_E = r"(?=\s|$)"

_EN_OWNED = (
    r"name|first name|last name|surname|birthday|date of birth|email|e-mail|email address|phone number|"
    r"mobile number|address|home address|job|occupation|profession|"
    rf"(?:wife|husband|partner|boyfriend|girlfriend|son|daughter|dog|cat){A}s name|favou?rite [a-z]+"
)
_ZH_FIRST = r"^(?:(?:你好|您好|嗨|哈喽|哈囉|大家好|嗯|对了|對了|其实|其實|另外|顺便说一下|順便說一下)\s*)*(?P<s>)"
_JA_I = r"(?:私|わたし|わたくし|僕|ぼく|俺|おれ|あたし)"
_JA_HELLO = r"^(?:(?:こんにちは|こんばんは|はじめまして|初めまして|どうも)[、,！!\s]*)*(?P<s>)"
_JA_FIRST = _JA_HELLO + r"(?:(?:実は|じつは|ちなみに|" + _JA_I + r"(?:は|も)?|今|いま|現在|最近)[、,！!\s]*)*"
# "父も猫が好き" is the father's taste: no one else may be the topic before the object.
_JA_OTHERS = (
    r"(?!.*(?:父|母|兄|姉|弟|妹|夫|妻|彼|彼女|友達|友だち|息子|娘|家族|みんな|皆|さん|くん|君|ちゃん|様)(?:も|は))"
)
_KO_HELLO = r"^(?:(?:안녕하세요|안녕|반갑습니다)[,!.\s]*)*(?P<s>)"
_KO_FIRST = _KO_HELLO + r"(?:(?:저는|나는|전|난|제가|내가|지금|현재|요즘|사실)[,!.\s]*)*"
# A Korean clause's words before the predicate: none may be another person's topic ("그는", "친구는").
_KO_V = r"(?P<v>(?:\S+(?<![은는이가])\s+){0,3}?\S+?)"
_TH_I = r"(?:ฉัน|ผม|ดิฉัน|หนู|เรา|ชั้น)"
_TH_FIRST = r"^(?:สวัสดี(?:ครับ|ค่ะ|คะ)?\s*)?(?P<s>)"
_VI_I = r"(?:tôi|mình|tớ)"
_VI_FIRST = r"^(?:(?:xin chào|chào bạn|chào|à|ừ|thật ra|thực ra|nhân tiện)[,!\s]+)?(?P<s>)"
_ID_I = r"(?:saya|aku|gue|gua)"
_ID_FIRST = (
    r"^(?:(?:halo|hai|hi|selamat pagi|selamat siang|selamat sore|selamat malam|oh ya|btw|sebenarnya)[,!\s]+)?(?P<s>)"
)
_ID_OWNED = (
    r"ulang tahun|tanggal lahir|email|surel|alamat email|nomor (?:telepon|telpon|hp|handphone|whatsapp|wa)|"
    r"alamat|pekerjaan|profesi|nama (?:istri|suami|pacar|anjing|kucing|anak)|"
    r"(?:warna|makanan|minuman|film|buku|lagu|olahraga|kota) (?:favorit|kesukaan)"
)
# Before a Romance verb, a determiner makes it a noun ("el odio", "il lavoro") and an object pronoun
# makes its object a person ("te amo", "ti amo", "la adoro"): shared by Spanish, Portuguese and
# Italian, whose verbs look alike ("amo" is all three).
_ROMANCE_WORDS = r"el|la|lo|los|las|le|les|te|ti|me|mi|tu|su|un|o|a|os|as|vos|vi|li|il|del|de|di|bom"
_ROMANCE_NOT_AFTER = "".join(rf"(?<!\b{w} )" for w in _ROMANCE_WORDS.split("|")) + rf"(?<!{A})"
_TR_FIRST = r"^(?:(?:merhaba|selam|aslında|bu arada)[,!\s]+)?(?P<s>)"
_HI_AM = r"(?:हूँ|हूं)"  # the first person singular of "to be": the subject is the owner
# "If" in Spanish and French ("si") and in Portuguese and Italian ("se") is also a reflexive pronoun
# ("se llama", "se chama", "si chiama", "ela se mudou") or "so" ("je suis si contente"): it supposes
# only where a clause starts (the sentence's start, after a comma or a conjunction). "Si, vivo en
# Madrid" is a yes typed without its accent.
_CLAUSE_START = r"(?:^|(?<=[,;:(])\s*|\b(?:y|e|o|pero|et|ou|mais|ma|mas|però|porque|perché|parce que)\s+)"


def _romance_if(word: str) -> str:
    return rf"{_CLAUSE_START}{word}\b(?!\s*,)"


LANGUAGES: tuple[Language, ...] = (
    _language(
        "en",
        remember=[
            rf"^\s*(?:please\s+)?(?:remember|don{A}t forget|do not forget|keep in mind)(?:\s+that)?\s*[:,]?\s+"
            r"(?P<fact>.+?)\s*$",
        ],
        facts=[
            rf"\bmy (?:{_EN_OWNED}) is " + V,
            r"\bI live (?:in|at) " + V,
            # "I work at 10am", "I work for two hours", "I work in the morning": a schedule, no workplace.
            r"\bI work (?:in|at|for) (?!\d|(?:the |a |an |two |three |a few )?(?:morning|afternoon|evening|night|"
            r"weekends?|hours?|minutes?|days?|while)\b)" + V,
            rf"\bI(?:{A}m| am) allergic to " + V,
        ],
        preferences=[
            r"\bI (?:really |also |just |truly |absolutely )?"
            rf"(?:like|love|prefer|hate|dislike|can{A}t stand|don{A}t like|do not like) " + V2,
        ],
        question=r"^(?:do|does|did|am|is|are|was|were|can|could|would|will|should|shall|what|where|who|whom|"
        r"whose|when|why|how|which)\b|\b(?:what|where|who|which)\s*$",
        objects=r"(?:it|that|this|them|you|him|her|these|those)(?:\s+(?:so much|a lot|too|very much|as well))?",
        negation=rf"\b(?:not|never|no longer|don{A}t|do not|doesn{A}t|didn{A}t|isn{A}t|ain{A}t)\b",
        hypothetical=r"\b(?:if|unless|suppose|supposing|imagine|pretend|pretending|as though|as if|wish|"
        rf"whether|let{A}s say|what if)\b",
        joiners=r"\s+(?:and|but)\s+(?=(?:I|my)\b)",
        tags=rf"right|correct|isn{A}t it|is it|don{A}t I|do I|am I|aren{A}t I|ok|okay|yes|no|true|eh|huh|yeah|"
        r"really",
        request=r"^(?:(?:hey|hi|ok|okay|so|now|also|and|pls|plz)[,!\s]+)*(?:please\s+)?"
        rf"(?:(?:can|could|would|will) you|"
        rf"I(?:{A}d| would) like you to|I (?:want|need) you to|write|draft|compose|summari[sz]e|translate|recommend|"
        r"suggest|give me|tell me|show me|list|explain|help me|find|create|generate|rewrite|proofread|remind me|"
        r"make (?:me|a|an|some)|plan (?:a|an|my)|correct|shorten|describe|compare|convert|calculate)\b",
    ),
    _language(
        "zh",
        remember=[
            r"^\s*(?:请|請|你)?(?:帮我|幫我|给我|給我)?(?:记住|記住|记一下|記一下|记下|記下|别忘了|別忘了|不要忘记|"
            r"不要忘記|"
            r"请记得|請記得)(?!了)[：:，,\s]*(?P<fact>.+?)\s*$",
        ],
        facts=[
            _ZH_FIRST + r"我(?:的)?名字(?:是|叫)" + V,
            # 叫 is also "to order, to call, to wake": 我叫外卖 is a take-away, not a name.
            _ZH_FIRST + r"我叫(?!了|过|過|他|她|你|它|人|们|們|个|個|做|出|来|來|起|醒|声|聲|车|車|外卖|外賣)" + V,
            _ZH_FIRST + r"我姓(?P<v>.{1,6})$",
            _ZH_FIRST
            + r"我(?:的)?(?:生日|电子邮件|電子郵件|电子邮箱|電子郵箱|邮箱|郵箱|电话号码|電話號碼|电话|電話|手机号码?|"
            r"手機號碼?|"
            r"地址|住址|工作|职业|職業|(?:妻子|老婆|太太|丈夫|老公|先生|男朋友|女朋友|伴侣|伴侶|儿子|兒子|女儿|女兒|"
            r"狗|猫|貓|"
            r"小狗|小猫|小貓)(?:的)?名字|最(?:喜欢|喜歡|爱|愛)的[^是]{1,8})(?:是|叫|在)" + V,
            _ZH_FIRST + r"我(?:现在|現在|目前|一直)?(?:住在|住于|住於|居住在|生活在)" + V,
            _ZH_FIRST + r"我(?:现在|現在|目前|一直)?在(?P<v>.{1,30}?)(?:工作|上班|任职|任職)$",
            _ZH_FIRST + r"我(?:现在|現在|目前)?(?:工作在|上班在|就职于|就職於|任职于|任職於)" + V,
            _ZH_FIRST + r"我(?:对|對)(?P<v>.{1,30}?)(?<![不没沒])(?:过敏|過敏)$",
            _ZH_FIRST + r"我(?:有)?(?P<v>[^不没沒有]{1,20}?)(?:过敏|過敏)(?:症)?$",
        ],
        preferences=[
            _ZH_FIRST + r"我(?:很|真|非常|特别|特別|最|真的|超|也|还|還|一直|挺|比较|比較|更|超级|超級|蛮|蠻)*"
            r"(?:不|不太|一点也不|一點也不|并不|並不)?(?:喜欢|喜歡|爱|愛|讨厌|討厭|痛恨|偏爱|偏愛|受不了|热爱|熱愛)"
            r"(?P<v>.{1,40})$",
        ],
        question=r"什么|什麼|哪|谁|誰|多少|怎么|怎麼|怎样|怎樣|为什么|為什麼|几(?!乎)|幾(?!乎)|是不是|对不对|對不對|"
        r"有没有|有沒有|[吗嗎呢吧]\s*$",
        objects=r"(?:你|您|他|她|它|这|這|那|这个|這個|那个|那個|他们|他們|她们|她們|你们|你們|它们|它們)(?:了|啊|呀|"
        r"哦|们)*",
        # Negation needs no list: every pattern puts the verb right after 我 (我不住在 never matches).
        hypothetical=r"如果|要是|假如|假设|假設|假使|倘若|万一|萬一|想象|想像|假装|假裝|即使|就算|但愿|但願|希望",
        joiners=r"(?:而且|并且|並且|但是|可是|不过|不過|还有|還有)(?=我)",
        tags=r"对吧|對吧|对不对|對不對|是吧|是不是|对吗|對嗎|是吗|是嗎|好吗|好嗎|吧|吗|嗎|呢",
        request=r"^(?:(?:你好|您好|嗨|请|請|麻烦你?|麻煩你?|劳驾|勞駕)[，,！!\s]*)*(?:帮我|幫我|帮忙|幫忙|给我|給我|替我|"
        r"推荐|推薦|告诉我|告訴我|翻译|翻譯|总结|總結|概括|解释|解釋|列出|介绍一下|介紹一下|提醒我|写一|寫一|写个|寫個|"
        r"写封|寫封|写首|寫首|你能|你可以|能不能|可不可以|讲个|講個|讲一个|講一個|说个|說個)",
    ),
    _language(
        "ja",
        remember=[
            r"^\s*(?:これを|これ)?(?:覚えて(?:おいて|て)?|メモして)(?:ください|下さい|ね)?[：:、,]\s*(?P<fact>.+?)\s*$",
            r"^\s*(?P<fact>.+?)(?:ということ|ってこと|って|と|こと)を?(?:ちゃんと)?覚えて(?:おいて|いて|て)"
            r"(?:ください|下さい|ね|な|よ)?[。！!]?\s*$",
        ],
        facts=[
            _JA_HELLO + _JA_I + r"の名前は" + V,
            _JA_FIRST + r"(?P<v>[^はがをに、]{1,20})(?:と申します|といいます|と言います|って言います|っていいます)$",
            r"^" + _JA_I + r"の(?:誕生日|メール(?:アドレス)?|メアド|電話番号|携帯番号|住所|仕事|職業|"
            r"(?:妻|夫|彼女|彼氏|パートナー|息子|娘|犬|猫)の名前|(?:一番)?好きな[^は]{1,8})は" + V,
            _JA_FIRST + r"(?P<v>[^はがもを、]{1,30})に住んで(?:います|いる|る|ます|おります)$",
            _JA_FIRST + r"(?P<v>[^はがもを、]{1,30})(?:で働いて|に勤めて|で勤めて|に勤務して|で仕事をして)"
            r"(?:います|いる|る|ます|おります)$",
            _JA_FIRST
            + r"(?P<v>[^はがもを、]{1,30}?)(?:の|に)?アレルギー(?:があります|がある|があるんです|です|だ|持ちです)$",
        ],
        preferences=[
            _JA_FIRST + _JA_OTHERS + r"(?P<v>[^はを、]{1,40}?)が(?:とても|すごく|大変|本当に|ほんとに)?"
            r"(?:大好き|好き|大嫌い|嫌い|苦手)(?:じゃない|じゃありません|ではない|ではありません)?"
            r"(?:です|だ|なんです|なんだ|だよ|よ)?$",
        ],
        question=r"どこ|何|なに|誰|だれ|いつ|どう|どれ|どの|どちら|なぜ|いくつ|いくら|(?:か|かな|かしら)\s*$",
        objects=r"(?:あなた|君|きみ|彼|彼女|それ|これ|あれ|お前)",
        # Negation and supposition change the verb's ending (住んでいません, 住んでいれば): the
        # patterns, anchored at the clause's end, do not match them.
        hypothetical=r"もし|もしも|仮に|たとえ",
        tags=r"よね|ですよね|だよね|でしょう|でしょ|ね|か|じゃない",
        request=r"(?:ください|下さい|てくれ(?:る|ない|ませんか)?|て(?:ほしい|欲しい)(?:です)?|お願い(?:します|いたします)?|"
        r"教えて|書いて|作って|翻訳して|まとめて|考えて|選んで)\s*$",
    ),
    _language(
        "ko",
        remember=[
            r"^\s*(?:이거\s*|이것\s*)?(?:기억해\s*(?:줘|주세요|둬|두세요)?|잊지\s*마(?:세요)?|메모해\s*(?:줘|주세요)?)"
            r"\s*[:：,]\s*(?P<fact>.+?)\s*$",
            r"^\s*(?P<fact>.+?다)는\s*(?:것|걸|거|사실)(?:을|를)?\s*(?:꼭\s*)?(?:기억해|잊지\s*마)\s*(?:줘|주세요|둬|"
            r"두세요|세요)?"
            r"[.!]?\s*$",
            r"^\s*(?P<fact>.+?)(?:이)?라는\s*(?:것|걸|거|사실)(?:을|를)?\s*(?:꼭\s*)?(?:기억해|잊지\s*마)\s*"
            r"(?:줘|주세요|둬|두세요|세요)?[.!]?\s*$",
        ],
        facts=[
            _KO_HELLO + r"(?:제|내|저의|나의)\s*이름은\s*(?P<v>(?!.*아니).{1,30})$",
            _KO_FIRST + r"(?P<v>\S{1,20}?)(?:이)?라고\s*(?:합니다|해요|해|불러요)$",
            r"^(?:제|내|저의|나의)\s*(?:생일|생년월일|이메일|메일\s*주소|이메일\s*주소|전화번호|핸드폰\s*번호|"
            r"휴대폰\s*번호|주소|직업|"
            r"아내\s*이름|남편\s*이름|여자\s*친구\s*이름|남자\s*친구\s*이름|아들\s*이름|딸\s*이름|강아지\s*이름|"
            r"고양이\s*이름|"
            r"개\s*이름|(?:가장\s*|제일\s*)?좋아하는\s*\S{1,8})(?:은|는)\s*(?P<v>(?!.*아니).{1,40})$",
            _KO_FIRST + _KO_V + r"에(?:서)?\s*(?:살아요|살고\s*있(?:어요|습니다|어|다)|삽니다|살아|산다|"
            r"거주(?:해요|합니다|하고\s*있어요|하고\s*있습니다))$",
            _KO_FIRST + _KO_V + r"에서\s*(?:일해요|일합니다|일하고\s*있(?:어요|습니다|어|다)|일해|"
            r"근무(?:해요|합니다|하고\s*있어요|하고\s*있습니다))$",
            _KO_FIRST + _KO_V + r"(?:에\s*대한\s*|에\s*)?\s*알레르기가\s*있(?:어요|습니다|어|다)$",
        ],
        preferences=[
            _KO_FIRST + _KO_V + r"(?:을|를)\s*(?:정말\s*|진짜\s*|너무\s*|아주\s*|제일\s*|가장\s*)?"
            r"(?:좋아해요|좋아합니다|좋아해|좋아한다|사랑해요|사랑합니다|사랑해|싫어해요|싫어합니다|싫어해|싫어한다|"
            r"좋아하지\s*않아요|좋아하지\s*않습니다|안\s*좋아해요)$",
            # "X이/가 좋아요" is also "X is good" (날씨가 좋아요): a preference only after "I".
            r"^(?:저는|나는|전|난)\s+"
            + _KO_V
            + r"(?:이|가)\s*(?:정말\s*|너무\s*|제일\s*)?(?:좋아요|좋습니다|싫어요|싫습니다)$",
        ],
        question=r"어디|무엇|뭐|누구|언제|어떻게|왜|몇|어느|무슨|(?:나요|니|까|냐)\s*$",
        objects=r"(?:너|당신|그|그녀|그것|이것|저것|그거|이거|저거)",
        hypothetical=r"만약|만일|가령",
        joiners=r"\s+(?:그리고|그런데|근데|하지만)\s+",
        tags=r"그렇죠|맞죠|맞지|그치|그렇지|맞아요",
        request=r"(?:줘|줘요|주세요|주실래요|주시겠어요|줄래|줄래요|부탁해|부탁해요|부탁합니다|부탁드려요|부탁드립니다)\s*$",
    ),
    _language(
        "es",
        remember=[
            r"^\s*(?:por favor,?\s+)?(?:recuerda|recuerde|acuérdate de|acuérdese de|no olvides|no olvide|ten en cuenta|"
            r"apunta|anota)(?:\s+que)?\s*[:,]?\s+(?P<fact>.+?)\s*$",
        ],
        facts=[
            r"\b(?:me llamo|mi nombre es)\s+" + V,
            r"\b(?:mi|mis) (?:cumpleaños|correo(?: electrónico)?|e-?mail|(?:número de )?teléfono|móvil|celular|"
            r"dirección|"
            r"trabajo|profesión|(?:color|comida|película|libro|canción|grupo|deporte|bebida|plato|ciudad)\s+"
            r"(?:favorit[oa]|preferid[oa])) (?:es|son)\s+" + V,
            r"\bmi (?:esposa|esposo|mujer|marido|novia|novio|pareja|perro|perra|gato|gata|hij[oa]) se llama\s+" + V,
            r"\b(?:yo\s+)?(?:vivo|resido) en\s+" + V,
            # "el trabajo en equipo" is teamwork: after a determiner, "trabajo" is the noun.
            r"(?<!\bel )(?<!\bun )(?<!\bmi )(?<!\btu )(?<!\bsu )(?<!\bde )(?<!\bdel )\b(?:yo\s+)?trabajo (?:en|para)\s+"
            + V,
            r"\b(?:yo\s+)?(?:soy alérgic[oa]|tengo alergia) (?:a|al)\s+" + V,
        ],
        preferences=[
            r"\b(?:a mí\s+)?(?:no\s+)?me (?:encanta|encantan|gusta|gustan|fascina|fascinan|chifla|chiflan)"
            r"(?:\s+(?:mucho|muchísimo|bastante|nada))?\s+" + V2,
            _ROMANCE_NOT_AFTER + r"\b(?:yo\s+)?(?:no\s+)?(?:odio|detesto|adoro|prefiero|amo)\s+" + V2,
        ],
        question=r"\b(?:qué|dónde|adónde|quién|quiénes|cuándo|cómo|cuál|cuáles|cuánto|cuánta|cuántos|cuántas|"
        r"por qué)\b",
        objects=r"(?:eso|esto|esa|ese|esta|este|ello|ti|tú|usted|él|ella|ellos|ellas|vos)(?:\s+(?:mucho|muchísimo))?",
        negation=r"\b(?:no|nunca|jamás|tampoco|ni)\b",
        hypothetical=_romance_if("si") + r"|\b(?:supongamos|supón|imagina|imagínate|finge|ojalá|como si|digamos)\b",
        joiners=r"\s+(?:y|e|pero|aunque|pues)\s+(?=(?:yo|me|mi|mis|vivo|resido|trabajo|soy|tengo|odio|adoro|prefiero|"
        r"amo|no)\b)",
        tags=r"verdad|no|cierto|sí|vale|eh|no es así|o no",
        request=r"^(?:por favor,?\s*)?(?:recomi[eé]nda(?:me|nos)|dime|dame|escr[ií]be(?:me)?|redacta|traduce|resume|"
        r"expl[ií]ca(?:me)?|ay[uú]dame|hazme|sugi[eé]re(?:me)?|busca|genera|corrige|enumera|cu[eé]ntame|"
        r"mu[eé]strame|recu[eé]rdame|puedes|podr[ií]as)\b",
    ),
    _language(
        "pt",
        remember=[
            r"^\s*(?:por favor,?\s+)?(?:lembre-se(?:\s+de)?|lembra-te(?:\s+de)?|lembre|lembra|memorize|memoriza|"
            r"não se esqueça(?:\s+de)?|não esqueça(?:\s+de)?|não esquece(?:\s+de)?|anota|anote)(?:\s+que)?\s*[:,]?\s+"
            r"(?P<fact>.+?)\s*$",
        ],
        facts=[
            r"\b(?:eu\s+)?(?:me chamo|chamo-me|(?:o\s+)?meu nome é)\s+" + V,
            r"\b(?:(?:o\s+)?meu|(?:a\s+)?minha) (?:aniversário|e-?mail|(?:número de )?telefone|celular|telemóvel|"
            r"endereço|"
            r"morada|trabalho|emprego|profissão|(?:cor|comida|filme|livro|música|banda|esporte|desporto|bebida|"
            r"cidade|prato)"
            r"\s+(?:favorit[oa]|preferid[oa])) é\s+" + V,
            r"\b(?:(?:a\s+)?minha|(?:o\s+)?meu) (?:esposa|marido|mulher|namorad[oa]|parceir[oa]|cachorro|cão|cadela|"
            r"gat[oa]|filh[oa]) (?:se chama|chama-se)\s+" + V,
            r"\b(?:eu\s+)?(?:moro|vivo|resido) (?:em|no|na|nos|nas)\s+" + V,
            r"(?<!\bo )(?<!\bum )(?<!\bmeu )(?<!\bseu )(?<!\bdo )(?<!\bde )\b(?:eu\s+)?trabalho (?:em|no|na|nos|nas|"
            r"para|pra)\s+" + V,
            r"\b(?:eu\s+)?(?:sou alérgic[oa]|tenho alergia) (?:a|à|ao|às|aos|de|do|da)\s+" + V,
        ],
        preferences=[
            _ROMANCE_NOT_AFTER
            + r"\b(?:eu\s+)?(?:não\s+)?(?:realmente\s+)?(?:gosto (?:muito\s+)?(?:de|do|da|dos|das)|adoro|amo|odeio|"
            r"detesto|"
            r"prefiro|curto)\s+" + V2,
        ],
        question=r"^(?:onde|aonde|quem|quando|qual|quais|como|por que|o que)\b|"
        r"\b(?:o que|que|qual|quais|onde|aonde|quem|quando|como|quanto|quanta|quantos|quantas|por que)\s*$",
        objects=r"(?:isso|isto|aquilo|você|vocês|ele|ela|eles|elas|ti|tu)(?:\s+(?:muito|demais))?",
        negation=r"\b(?:não|nunca|jamais|nem)\b",
        hypothetical=_romance_if("se")
        + r"|\b(?:suponha|supondo|imagina|imagine|finge|finja|tomara|oxalá|caso|digamos)\b",
        joiners=r"\s+(?:e|mas|porém)\s+(?=(?:eu|me|meu|minha|moro|vivo|trabalho|sou|tenho|gosto|adoro|amo|odeio|não|"
        r"o meu|a minha)\b)",
        tags=r"né|não é|certo|verdade|não|sim|ok",
        request=r"^(?:por favor,?\s*)?(?:me (?:recomenda|indica|diga|diz|d[aá]|mostra|ajuda|explica|conta|lembra)|"
        r"recomende|recomenda|indique|escreva|escreve|traduza|traduz|resuma|explique|ajude|sugira|busque|"
        r"gere|corrija|liste|mostre|lembre|pode|podes|poderia|voc[eê] pode)\b",
    ),
    _language(
        "fr",
        remember=[
            rf"^\s*(?:s{A}il (?:te|vous) pla[iî]t,?\s+)?(?:souviens-toi|souvenez-vous|rappelle-toi|rappelez-vous|"
            rf"retiens|"
            rf"retenez|n{A}oublie pas|n{A}oubliez pas)(?:\s+que\s+|\s+qu{A}|\s*[:,]?\s+)(?P<fact>.+?)\s*$",
        ],
        facts=[
            rf"\b(?:je m{A}appelle|mon nom est|mon prénom est|je me nomme|je me prénomme)\s+" + V,
            r"\b(?:mon|ma|mes) (?:anniversaire|e-?mail|mail|courriel|adresse(?: e-?mail| mail)?|"
            r"numéro(?: de téléphone| de "
            r"portable)?|téléphone|portable|métier|travail|boulot|profession|(?:couleur|plat|film|livre|chanson|"
            r"groupe|sport|"
            rf"boisson|ville)\s+(?:préférée?|favorite?)) (?:est|c{A}est)\s+" + V,
            r"\b(?:ma femme|mon mari|mon copain|ma copine|mon compagnon|ma compagne|mon partenaire|ma partenaire|"
            r"mon chien|"
            rf"ma chienne|mon chat|ma chatte|mon fils|ma fille) s{A}appelle\s+" + V,
            rf"\bj{A}habite(?:\s+(?:à|a|en|au|aux|dans|sur|près de))?\s+" + V,
            r"\bje (?:vis|réside|demeure) (?:à|a|en|au|aux|dans|près de)\s+" + V,
            r"\bje travaille (?:à|a|en|au|aux|chez|pour|dans)\s+" + V,
            rf"\b(?:je suis allergique|j{A}ai une allergie|j{A}ai des allergies) (?:à|a|au|aux)\s+" + V,
        ],
        preferences=[
            rf"\b(?:j{A}(?:aime|adore|préfère|déteste|apprécie)|je (?:n{A}aime|n{A}apprécie|ne supporte) pas|"
            r"je (?:hais|déteste|préfère|adore|kiffe))(?:\s+(?:beaucoup|bien|vraiment|trop|pas|énormément|"
            r"tellement))*\s+" + V2,
        ],
        question=rf"\best-ce qu|^(?:qu{A}est-ce|quoi|où|qui|quand|comment|pourquoi|combien|quel|quelle|quels|"
        rf"quelles)\b|"
        r"\b(?:quoi|où|qui|quand|comment|pourquoi|combien)\s*$",
        objects=r"(?:ça|cela|ceci|toi|vous|lui|elle|eux|elles)(?:\s+(?:beaucoup|bien|trop))?",
        negation=rf"(?:\bne\b|\bn{A}|\bpas\b|\bjamais\b|\bplus\b)",
        hypothetical=_romance_if("si")
        + rf"|\b(?:s{A}il|supposons|imagine|imaginons|imaginez|admettons|fais comme si|faisons comme si|"
        r"disons|même si)\b",
        joiners=rf"\s+(?:et|mais|puis)\s+(?=(?:je\b|j{A}|mon\b|ma\b|mes\b))",
        tags=rf"non|n{A}est-ce pas|hein|oui|c{A}est ça|d{A}accord|pas vrai|vrai",
        request=rf"^(?:s{A}il (?:te|vous) pla[iî]t,?\s*)?(?:peux-tu|pourrais-tu|pouvez-vous|pourriez-vous|[ée]cris|"
        r"r[ée]dige|traduis|r[ée]sume|explique|recommande|conseille|donne-moi|dis-moi|montre-moi|aide-moi|"
        r"fais-moi|propose|sugg[èe]re|cherche|trouve|g[ée]n[èe]re|corrige|raconte|rappelle-moi)\b",
    ),
    _language(
        "de",
        remember=[
            r"^\s*(?:bitte\s+)?(?:merk dir|merke dir|merken sie sich|vergiss nicht|vergessen sie nicht|denk daran|"
            r"denke daran|denken sie daran|notiere|notier dir)(?:\s*,?\s*dass\s+|\s*[:,]?\s+)(?P<fact>.+?)\s*$",
        ],
        facts=[
            r"\b(?:ich heiße|ich heisse|mein name ist|mein vorname ist|mein nachname ist)\s+" + V,
            # Verb second: "Übrigens heiße ich Max", "Seit 2010 wohne ich in Berlin": the whole clause.
            r"^.{0,40}?\b(?:heiße|heisse) ich\s+" + V,
            r"\bmein(?:e)? (?:geburtstag|e-?mail(?:-adresse)?|mailadresse|telefonnummer|handynummer|nummer|adresse|"
            r"anschrift|beruf|job|arbeit|lieblings\w+) (?:ist|sind)\s+" + V,
            r"\b(?:meine frau|mein mann|meine freundin|mein freund|mein partner|meine partnerin|mein hund|meine hündin|"
            r"meine katze|mein kater|mein sohn|meine tochter) (?:heißt|heisst)\s+" + V,
            r"\bich (?:wohne|lebe) (?:in|im|bei|am|an der|auf)\s+" + V,
            r"^.{0,40}?\b(?:wohne|lebe) ich (?:in|im|bei|am|an der|auf)\s+" + V,
            r"\bich arbeite (?:in|im|bei|für|an der|am)\s+" + V,
            r"^.{0,40}?\barbeite ich (?:in|im|bei|für|an der|am)\s+" + V,
            r"\bich bin allergisch (?:gegen|auf)\s+" + V,
            r"\bich habe (?:eine |einen )?(?P<v>\w*allergie\b.{0,60})$",
        ],
        preferences=[
            r"\bich (?:mag|liebe|hasse|bevorzuge|verabscheue)\s+(?:(?:kein|keine|keinen)\s+)?" + V2,
            # "ich esse gern Pizza"; "ich hätte gern" is a request, no taste.
            r"\bich (?!hätte|würde|möchte|wäre|will|bin|habe\b)\w+ (?:sehr |total |wirklich |besonders |am liebsten |"
            r"nicht )?gerne?\s+" + V2,
        ],
        question=r"^(?:wo|wie|was|wer|wann|warum|wieso|weshalb|welche[rsnm]?|woher|wohin|wieviel|wie viel)\b|"
        r"^(?:wohne|lebe|heiße|heisse|arbeite|bin|habe|mag|liebe)\s+ich\b|\b(?:wo|wie|was|wer)\s*$",
        objects=r"(?:dich|sie|ihn|es|das|euch|dies|ihr)(?:\s+(?:sehr|so))?",
        negation=r"\b(?:nicht|kein|keine|keinen|nie|niemals)\b",
        hypothetical=r"\b(?:wenn|falls|angenommen|stell dir vor|stellen sie sich vor|tu so als|ob|sofern|hätte|wäre|"
        r"würde)\b",
        joiners=r"\s+(?:und|aber|doch|sondern)\s+(?=(?:ich|mein|meine|meinen)\b)",
        tags=r"oder|nicht wahr|ne|gell|stimmt's|richtig|ja|nein",
        request=r"^(?:bitte,?\s*)?(?:kannst du|k[öo]nntest du|k[öo]nnen sie|k[öo]nnten sie|schreib|schreibe|"
        r"[üu]bersetze?|fasse|fass|erkl[äa]re?|empfiehl|gib mir|sag mir|zeig mir|hilf mir|mach mir|schlag|"
        r"such mir|finde|erstelle|korrigiere|erz[äa]hl mir|erinnere mich)\b",
    ),
    _language(
        "it",
        remember=[
            r"^\s*(?:per favore,?\s+)?(?:ricordati(?:\s+di)?|ricorda|ricordate|non dimenticare|memorizza|tieni a mente|"
            r"annota|segnati)(?:\s+che)?\s*[:,]?\s+(?P<fact>.+?)\s*$",
        ],
        facts=[
            r"\b(?:(?:io\s+)?mi chiamo|il mio nome è)\s+" + V,
            r"\b(?:il mio|la mia|i miei|le mie) (?:compleanno|e-?mail|indirizzo(?: e-?mail)?|numero(?: di telefono| di "
            r"cellulare)?|telefono|cellulare|lavoro|mestiere|professione|(?:colore|cibo|piatto|film|libro|canzone|"
            r"gruppo|"
            r"sport|bevanda|città)\s+preferit[oa]) è\s+" + V,
            r"\b(?:mia moglie|mio marito|il mio ragazzo|la mia ragazza|il mio fidanzato|la mia fidanzata|"
            r"il mio compagno|"
            r"la mia compagna|il mio cane|la mia cagna|il mio gatto|la mia gatta|mio figlio|mia figlia) si chiama\s+"
            + V,
            r"\b(?:io\s+)?(?:abito|vivo|risiedo) (?:a|ad|in|al|allo|alla|ai|nel|nella|nei|vicino a)\s+" + V,
            rf"(?<!\bil )(?<!\bun )(?<!\bmio )(?<!\bdel )(?<!\bdi )(?<!\bsul )\b(?:io\s+)?lavoro (?:a|ad|in|per|presso|"
            rf"da|al|alla|nel|nella|all{A})\s*" + V,
            rf"\b(?:io\s+)?(?:sono allergic[oa]|ho un{A}allergia|ho l{A}allergia) (?:a|ad|al|allo|alla|ai|agli|alle|"
            rf"all{A})\s*" + V,
        ],
        preferences=[
            r"\b(?:a me\s+)?(?:non\s+)?mi (?:piace|piacciono)(?:\s+(?:molto|tanto|un sacco))?\s+" + V2,
            _ROMANCE_NOT_AFTER + r"\b(?:io\s+)?(?:non\s+)?(?:amo|adoro|odio|detesto|preferisco)\s+" + V2,
        ],
        question=r"^(?:dove|chi|cosa|che cosa|quando|come|perché|quale|quali|quanto|quanti|quanta|quante)\b|"
        r"\b(?:dove|chi|cosa|quando|come|perché)\s*$",
        objects=r"(?:questo|quello|ciò|te|lui|lei|voi|loro|tu)(?:\s+(?:molto|tanto))?",
        negation=r"\b(?:non|mai|né)\b",
        hypothetical=_romance_if("se")
        + r"|\b(?:supponiamo|immagina|immaginiamo|fingi|fingiamo|facciamo finta|magari|anche se|"
        r"diciamo)\b",
        joiners=r"\s+(?:e|ed|ma|però)\s+(?=(?:io|mi|il mio|la mia|abito|vivo|lavoro|sono|ho|amo|adoro|odio|preferisco|"
        r"non)\b)",
        tags=r"vero|no|giusto|sì|eh|non è vero|o no",
        request=r"^(?:per favore,?\s*)?(?:puoi|potresti|scrivi|scrivimi|traduci|riassumi|spiega|spiegami|consiglia|"
        r"consigliami|dammi|dimmi|mostrami|aiutami|fammi|suggerisci|suggeriscimi|cerca|trova|genera|correggi|"
        r"elenca|raccontami|ricordami)\b",
    ),
    _language(
        "ru",
        remember=[
            r"^\s*(?:пожалуйста,?\s+)?(?:запомни(?:те)?|помни(?:те)?|не забудь(?:те)?|учти(?:те)?|заметь(?:те)?)"
            r"(?:\s*,?\s*что\s+|\s*[:,]?\s+)(?P<fact>.+?)\s*$",
        ],
        facts=[
            r"\b(?:меня зовут|зовут меня|моя фамилия)\s+" + V,
            r"\b(?:моё|мое) имя(?:\s*[—–-]\s*|\s+)" + V,
            # Russian drops "is": "мой день рождения 5 мая", "мой адрес — ...".
            r"\b(?:мой|моя|моё|мое|мои) (?:день рождения|имейл|e-?mail|емейл|электронная почта|почта|адрес(?: почты)?|"
            r"номер(?: телефона)?|телефон|работа|профессия|любим(?:ый|ая|ое|ые) \w+)(?:\s*[—–:-]\s*|\s+(?:это\s+)?)"
            + V,
            r"\b(?:мою жену|моего мужа|мою девушку|моего парня|моего партнёра|моего партнера|мою собаку|моего пса|"
            r"мою кошку|моего кота|моего сына|мою дочь) зовут\s+" + V,
            r"\b(?:я\s+)?(?:живу|проживаю) (?:в|во|на|у|под)\s+" + V,
            r"\b(?:я\s+)?работаю (?:в|во|на|у|для)\s+" + V,
            r"\bу меня (?:есть\s+)?аллергия на\s+" + V,
        ],
        preferences=[
            r"\b(?:я\s+)?(?:очень\s+|правда\s+|действительно\s+|просто\s+)?(?:не\s+)?"
            r"(?:люблю|обожаю|ненавижу|предпочитаю|терпеть не могу)\s+" + V2,
            r"\bмне (?:очень\s+|правда\s+)?(?:не\s+)?нрав(?:ится|ятся)\s+" + V2,
        ],
        question=r"^(?:как|что|кто)\b|\b(?:как|что|кто)\s*$|"
        r"\b(?:где|куда|откуда|когда|почему|зачем|какой|какая|какое|какие|сколько|ли)\b",
        objects=r"(?:тебя|вас|его|её|ее|их|это|то|этого|того)(?:\s+(?:очень|так))?",
        negation=r"\b(?:не|нет|никогда|ни)\b",
        hypothetical=r"\b(?:если|бы|б|допустим|представь|представим|предположим|пусть|как будто|будто)\b",
        joiners=r"\s+(?:и|а|но)\s+(?=(?:я|меня|мне|мой|моя|моё|мое|мои|у меня|живу|работаю|люблю|обожаю|ненавижу)\b)",
        tags=r"да|нет|правда|верно|так|не так ли|ага",
        request=r"^(?:пожалуйста,?\s*)?(?:напиши|переведи|объясни|посоветуй|порекомендуй|дай|скажи|покажи|помоги|"
        r"сделай|предложи|найди|составь|исправь|перечисли|расскажи|напомни|можешь|подскажи|придумай)(?!\w)",
    ),
    _language(
        "ar",
        remember=[
            r"^\s*(?:(?:من فضلك|رجاء|رجاءً|أرجوك)[\s،,]*)?(?:تذكر|تذكّر|تذكري|تذكّري|احفظ|احفظي|لا تنس|لا تنسى|لا تنسي)"
            r"(?:\s+(?:أن|أنّ)(?=\s))?[\s:،,]+(?P<fact>.+?)\s*$",
        ],
        facts=[
            _S + r"(?:أنا\s+)?(?:اسمي|إسمي|أسمي)\s+(?:هو\s+)?" + V,
            _S + r"(?:عيد ميلادي|تاريخ ميلادي|بريدي الإلكتروني|بريدي الالكتروني|بريدي|إيميلي|ايميلي|رقم هاتفي|"
            r"رقم جوالي|رقم تلفوني|رقمي|عنواني|عملي|وظيفتي|مهنتي|اسم زوجتي|اسم زوجي|اسم كلبي|اسم قطتي|اسم ابني|"
            r"اسم ابنتي|(?:لوني|طعامي|فيلمي|كتابي|مشروبي|رياضتي) المفضلة?)\s+(?:هو\s+|هي\s+)?" + V,
            _S + r"(?:أنا\s+)?(?:أسكن|اسكن|أعيش|اعيش|أقيم|اقيم|أقطن)\s+(?:في\s+|ب)" + V,
            _S + r"(?:أنا\s+)?(?:أعمل|اعمل|أشتغل|اشتغل)\s+(?:في\s+|لدى\s+|لصالح\s+|مع\s+|عند\s+|ب)" + V,
            _S + r"(?:أنا\s+)?(?:لدي|لديّ|عندي|أعاني من)\s+(?:حساسية|حساسيه)\s+(?:من|ضد|تجاه|ل)\s*" + V,
            _S + r"(?:أنا\s+)?(?:مصاب|مصابة)\s+بحساسية\s+(?:من|ضد)\s+" + V,
        ],
        preferences=[
            _S + r"(?:أنا\s+)?(?:لا\s+)?(?:أحب|احب|أحبّ|أكره|اكره|أفضل|أفضّل|افضل|أعشق|اعشق)\s+" + V2,
        ],
        question=_S + r"(?:أين|اين|ماذا|متى|كيف|هل|لماذا|كم|أي|أيّ|ما هو|ما هي|من هو|من هي)" + _E,
        objects=r"(?:هذا|هذه|ذلك|تلك|أنت|أنتِ|انت|هو|هي|هم)(?:\s+(?:كثيرا|كثيراً|جدا|جداً))?",
        negation=_S + r"(?:لا|لم|لن|لست|لسنا|ليس|ما|مش|مو)" + _E,
        hypothetical=_S + r"(?:لو|إذا|اذا|لنفترض|افترض|تخيل|تخيّل|كأن|كأنني|ليت)" + _E,
        # "و" (and) is written onto the next word: "اسمي أحمد وأعيش في القاهرة".
        joiners=r"\s+و(?=(?:أنا|اسمي|أسكن|اسكن|أعيش|اعيش|أعمل|اعمل|أحب|احب|أكره|اكره|عندي|لدي)" + _E + r")|"
        r"\s+(?:لكن|ولكن)\s+",
        tags=r"صح|صحيح|أليس كذلك|مش كذا",
        request=r"^(?:(?:من فضلك|لو سمحت|رجاء)[،,\s]*)?(?:اكتب|ترجم|لخص|لخّص|اشرح|انصحني|اقترح|أعطني|اعطني|قل لي|"
        r"أرني|ساعدني|ابحث|صحح|اذكر|ذكرني|ذكّرني|هل يمكنك|ممكن تكتب|ممكن تساعدني)" + _E,
    ),
    _language(
        "hi",
        remember=[
            r"^\s*(?:कृपया\s+)?(?:याद रखो|याद रखें|याद रखिए|याद रखिये|याद रखना|याद कर लो|याद कर लीजिए|ध्यान रखो|"
            r"भूलना मत|मत भूलना)\s*(?:कि\s+)?[:,]?\s*(?P<fact>.+?)\s*$",
        ],
        # Verb last: a pattern is the whole clause, and "हूँ" (I am) makes the owner its subject.
        facts=[
            r"^(?:(?:नमस्ते|नमस्कार|हाय)[,!।\s]*)?(?P<s>)(?:मेरा|मेरा पूरा) नाम\s+(?P<v>.{1,40}?)\s*(?:है|हैं)?$",
            r"^(?:मेरा|मेरी|मेरे)\s+(?:जन्मदिन|ईमेल|फ़ोन नंबर|फोन नंबर|मोबाइल नंबर|नंबर|पता|काम|पेशा|नौकरी|"
            r"पत्नी का नाम|"
            r"पति का नाम|बेटे का नाम|बेटी का नाम|कुत्ते का नाम|बिल्ली का नाम|"
            r"पसंदीदा\s+\S+)\s+(?P<v>.{1,60}?)\s*(?:है|हैं)?$",
            r"^(?:मैं\s+)?(?P<v>.{1,60}?)\s+(?:में|मे)\s+(?:रहता|रहती)\s+" + _HI_AM + r"$",
            r"^(?:मैं\s+)?(?P<v>.{1,60}?)\s+(?:में|पर|के लिए|के यहाँ)\s+(?:काम|नौकरी)\s+(?:करता|"
            r"करती)\s+" + _HI_AM + r"$",
            r"^(?:मुझे|मुझको)\s+(?P<v>.{1,60}?)\s+से\s+(?:एलर्जी|ऐलर्जी)\s+(?:है|हैं)$",
        ],
        preferences=[
            r"^(?:मुझे|मुझको)\s+(?P<v>.{1,60}?)\s+(?:बहुत\s+|सच में\s+)?(?:पसंद|पसन्द|नापसंद|अच्छा लगता|अच्छी लगती|"
            r"अच्छे लगते|बुरा लगता|बुरी लगती)\s+(?:नहीं\s+)?(?:है|हैं)$",
            r"^(?:मैं\s+)?(?P<v>.{1,60}?)\s+से\s+(?:बहुत\s+)?(?:प्यार|नफ़रत|नफरत)\s+(?:करता|करती)\s+" + _HI_AM + r"$",
        ],
        question=_S + r"(?:क्या|कौन|कौनसा|कौनसी|कहाँ|कहां|कब|कैसे|कैसा|कैसी|क्यों|किस|किसे|किसको|कितना|कितनी|"
        r"कितने)" + _E,
        objects=r"(?:तुम|आप|उस|इस|यह|वह|ये|वो|उन)",
        negation=_S + r"(?:नहीं|न|ना|मत)" + _E,
        hypothetical=_S + r"(?:अगर|यदि|काश|मान लो|मान लीजिए|सोचो)" + _E,
        joiners=r"\s+(?:और|लेकिन|पर|मगर|तथा)\s+(?=(?:मैं|मेरा|मेरी|मेरे|मुझे|मुझको)" + _E + r")",
        tags=r"ना|न|है ना|सही",
        verb_final=True,
        request=_S + r"(?:दो|दीजिए|दीजिये|बताओ|बताइए|बताइये|लिखो|लिखिए|लिखिये|समझाओ|समझाइए|सुझाओ|सुझाइए|कीजिए|कीजिये|"
        r"करो|कर दो|बना दो|याद दिलाना)\s*$",
    ),
    _language(
        "th",
        remember=[
            # Not จำ alone: จำนวน (amount) starts with it.
            r"^\s*(?:ช่วย|กรุณา)?(?:จำไว้|จำว่า|อย่าลืม)(?:นะ|ด้วย)?(?:ครับ|"
            r"ค่ะ)?(?:ว่า)?\s*[:,]?\s*(?P<fact>\S.*?)\s*$",
        ],
        # No spaces between words, so every pattern starts at the clause start with "I":
        # "เพื่อนผมชื่อ..." (my friend's name is) must not match "ผมชื่อ".
        facts=[
            _TH_FIRST + _TH_I + r"\s*ชื่อ\s*(?!อะไร|เล่นว่าอะไร)(?P<v>\S.{0,40})$",
            _TH_FIRST + r"ชื่อ(?:ของ)?" + _TH_I + r"(?:คือ)?\s*(?P<v>\S.{0,40})$",
            # อยู่ alone is also "I'm at (home, work)": only "reside", or "my home is in".
            _TH_FIRST + _TH_I + r"\s*(?:อาศัยอยู่|พักอาศัยอยู่)\s*(?:ที่|ใน)?\s*(?P<v>\S.{0,40})$",
            _TH_FIRST + r"บ้าน(?:ของ)?" + _TH_I + r"อยู่\s*(?:ที่|ใน)?\s*(?P<v>\S.{0,40})$",
            _TH_FIRST + _TH_I + r"\s*ทำงาน(?:อยู่)?\s*(?:ที่|ใน|กับ|ให้)\s*(?P<v>\S.{0,40})$",
            # แพ้ is also "to lose" (ผมแพ้เกม): not before a game, a contest, or "to".
            _TH_FIRST + _TH_I + r"\s*(?:มีอาการ)?แพ้\s*(?!เกม|การ|ให้|แล้ว|อะไร)(?P<v>\S.{0,40})$",
        ],
        preferences=[
            _TH_FIRST + _TH_I + r"\s*(?:ไม่|ไม่ค่อย)?(?:ชอบ|รัก|เกลียด|หลงรัก)\s*(?P<v>\S.{0,40})$",
        ],
        question=r"อะไร|ที่ไหน|ไหน|ใคร|เมื่อไร|เมื่อไหร่|ยังไง|อย่างไร|ทำไม|เท่าไร|เท่าไหร่|กี่|ไหม|มั้ย|หรือเปล่า|"
        r"หรือไม่|"
        r"หรือยัง|เหรอ|หรอ|ป่ะ",
        objects=r"(?:คุณ|เธอ|เขา|มัน|นี่|นั่น|อันนี้|อันนั้น|แก)(?:มาก|นะ|ครับ|ค่ะ|จัง|เลย|\s)*",
        hypothetical=r"ถ้า|หาก|สมมติ|สมมุติ|แม้ว่า|ถึงแม้",
        # Thai writes no full stop: a space before "I", or after a polite particle, ends a sentence;
        # other spaces may sit inside a name ("สมชาย ใจดี").
        joiners=r"\s+(?=(?:สวัสดี|"
        r"" + _TH_I + r"|ชื่อ(?:ของ)?" + _TH_I + r"))|\s*(?:และ|แต่|แล้วก็)\s*(?=" + _TH_I + r")|"
        r"(?:(?<=ครับ)|(?<=ค่ะ)|(?<=คะ)|(?<=นะ)|(?<=จ้า)|(?<=จ้ะ))\s+",
        tags=r"ใช่ไหม|ใช่มั้ย|ใช่ไหมครับ|ใช่ไหมคะ",
        request=r"^(?:ช่วย|รบกวน|ขอ(?:คำ|ไอเดีย|สูตร|รายชื่อ)|แนะนำ(?:หนังสือ|ร้าน|ที่|หนัง|เพลง)|เขียน|แปล|สรุป|อธิบาย|บอก(?:หน่อย|ฉัน|ผม))|"
        r"(?:ให้หน่อย|หน่อย(?:ครับ|ค่ะ|นะ)?)\s*$",
    ),
    _language(
        "vi",
        remember=[
            r"^\s*(?:(?:hãy|làm ơn|xin)\s+(?:ghi\s+)?nhớ|ghi nhớ|đừng quên|nhớ\s+(?=rằng|:))\s*(?:rằng\s+|là\s+|:\s*|"
            r",\s*)?"
            r"(?P<fact>.+?)\s*$",
        ],
        # The possessor follows the noun ("bạn tôi" is "my friend"): patterns start at the clause start.
        facts=[
            _VI_FIRST + r"(?:tên (?:của )?(?:tôi|mình|tớ|em) là|(?:tôi|mình|tớ|em) tên là|(?:tôi|mình|tớ) tên)\s+" + V,
            _VI_FIRST + r"(?:sinh nhật|ngày sinh|email|địa chỉ email|số điện thoại|sđt|địa chỉ|nghề nghiệp|nghề|"
            r"công việc|tên (?:vợ|chồng|bạn gái|bạn trai|con chó|con mèo|chó|mèo|con trai|con gái)|"
            r"(?:màu|món ăn|món|bộ phim|phim|cuốn sách|sách|bài hát|môn thể thao|đồ uống|thành phố) "
            r"(?:yêu thích|ưa thích)(?: nhất)?) (?:của )?" + _VI_I + r"\s+(?:là\s+|vào\s+|:\s*)?" + V,
            _VI_FIRST + _VI_I + r"\s+(?:hiện\s+|hiện đang\s+|đang\s+)?(?:sống|cư trú)\s+(?:ở|tại)\s+" + V,
            _VI_FIRST + _VI_I + r"\s+(?:hiện\s+|hiện đang\s+|đang\s+)?làm(?:\s+việc)?\s+(?:ở|tại|cho)\s+" + V,
            _VI_FIRST + _VI_I + r"\s+(?:bị\s+)?dị ứng\s+(?:với\s+)?" + V,
        ],
        preferences=[
            _VI_FIRST + _VI_I + r"\s+(?:rất\s+|thực sự\s+|thật sự\s+|cực kỳ\s+)?(?:không\s+|chẳng\s+)?"
            r"(?:thích|yêu|ghét|mê|ưa)(?:\s+nhất)?\s+" + V2,
        ],
        question=r"\b(?:gì|đâu|ai|nào|sao|bao nhiêu|bao giờ|khi nào|mấy)\b|\b(?:không|chưa|à|hả|hở|chứ|nhỉ)\s*$",
        objects=r"(?:bạn|anh|em|chị|cô|nó|cái đó|cái này|điều đó|điều này|cậu|ông|bà)(?:\s+(?:lắm|nhiều|quá))?",
        negation=r"\b(?:không|chẳng|chả|chưa)\b",
        hypothetical=r"\b(?:nếu|giả sử|giá mà|giả như|tưởng tượng)\b",
        joiners=r"\s+(?:và|nhưng|còn|mà)\s+(?=(?:tôi|mình|tớ|tên|sinh nhật)\b)",
        tags=r"phải không|đúng không|đúng chứ|nhỉ|hả|à|chứ",
        request=r"^(?:làm ơn|vui lòng|hãy|bạn (?:có thể|hãy|giúp)|giúp (?:tôi|mình)|gợi ý|viết|dịch|tóm tắt|giải thích|"
        r"kể|nhắc (?:tôi|mình))\b",
    ),
    _language(
        "id",
        remember=[
            r"^\s*(?:tolong\s+)?(?:ingat(?:lah)?|ingat-ingat|catat(?:lah)?|jangan lupa)(?:\s+(?:bahwa|"
            r"kalau))?\s*[:,]?\s+"
            r"(?P<fact>.+?)\s*$",
        ],
        # "teman saya tinggal di" is "my friend lives in": patterns start at the clause start.
        facts=[
            _ID_FIRST + r"(?:nama (?:saya|aku|gue|gua)|namaku)\s+(?:adalah\s+|ialah\s+)?" + V,
            _ID_FIRST + _ID_I + r"\s+bernama\s+" + V,
            _ID_FIRST + rf"(?:(?:{_ID_OWNED}) (?:saya|aku|gue)|(?:{_ID_OWNED})ku)\s+(?:adalah\s+|ialah\s+|:\s*)?" + V,
            _ID_FIRST
            + _ID_I
            + r"\s+(?:sekarang\s+|saat ini\s+)?(?:tinggal|menetap|berdomisili|bermukim)\s+(?:di\s+)?"
            + V,
            _ID_FIRST + _ID_I + r"\s+(?:sekarang\s+|saat ini\s+)?(?:bekerja|kerja)\s+(?:di|untuk|pada|buat)\s+" + V,
            _ID_FIRST + _ID_I + r"\s+(?:punya\s+|mempunyai\s+|memiliki\s+)?alergi\s+(?:terhadap\s+|sama\s+|dengan\s+|"
            r"pada\s+)?" + V,
        ],
        preferences=[
            _ID_FIRST + _ID_I + r"\s+(?:sangat\s+|benar-benar\s+|paling\s+)?(?:tidak\s+|nggak\s+|ngga\s+|gak\s+|ga\s+|"
            r"kurang\s+)?(?:suka|cinta|benci|lebih suka|senang|doyan|menyukai|mencintai|membenci)\s+"
            r"(?:banget\s+|sekali\s+)?(?:dengan\s+|sama\s+|akan\s+)?" + V2,
        ],
        question=r"\b(?:apa|apakah|di mana|dimana|mana|siapa|kapan|bagaimana|gimana|kenapa|mengapa|berapa)\b|\w+kah\b",
        objects=r"(?:kamu|anda|dia|itu|ini|mereka|kalian|engkau|kau)(?:\s+(?:banget|sekali))?",
        negation=r"\b(?:tidak|tak|bukan|belum|nggak|ngga|gak|ga|enggak)\b",
        hypothetical=r"\b(?:jika|kalau|kalo|seandainya|andaikan|andai|misalnya|apabila|bayangkan|anggap)\b",
        joiners=r"\s+(?:dan|tapi|tetapi|namun|serta)\s+(?=(?:saya|aku|gue|nama)\b)",
        tags=r"kan|ya|bukan|betul|benar|iya",
        request=r"^(?:tolong|mohon|bisakah|bisa (?:tolong|kamu|kau|bantu)|tuliskan|terjemahkan|ringkas(?:kan)?|"
        r"jelaskan|rekomendasikan|sarankan|berikan|ceritakan|ingatkan|buatkan|carikan)\b",
    ),
    _language(
        "tr",
        remember=[
            r"^\s*(?:lütfen\s+)?(?:şunu\s+)?(?:hatırla|unutma|aklında tut|not al|kaydet)(?:\s+ki\s+|\s*[:,]\s*)"
            r"(?P<fact>.+?)\s*$",
        ],
        # Verb last, with "-(y)orum", "-(y)ım" for "I": the whole clause, from its start.
        facts=[
            _TR_FIRST + r"(?:benim\s+)?(?:adım|ismim)\s+" + V,
            _TR_FIRST + r"(?:benim\s+)?(?:doğum günüm|doğum tarihim|e-?postam|mail adresim|e-?posta adresim|"
            r"telefon numaram|numaram|adresim|mesleğim|işim|eşimin adı|karımın adı|kocamın adı|sevgilimin adı|"
            r"köpeğimin adı|kedimin adı|oğlumun adı|kızımın adı|en sevdiğim \S+)\s+" + V,
            _TR_FIRST + r"(?:ben\s+)?(?:şu an\s+|şimdi\s+|artık\s+|hâlâ\s+)?(?P<v>(?:\S+\s+){0,2}\S+?)"
            rf"{A}?(?:da|de|ta|te)\s+(?:yaşıyorum|oturuyorum|ikamet ediyorum|yaşarım|otururum)$",
            _TR_FIRST + r"(?:ben\s+)?(?:şu an\s+|şimdi\s+)?(?P<v>(?:\S+\s+){0,3}\S+?)"
            rf"(?:{A}?(?:da|de|ta|te)|\s+için)\s+(?:çalışıyorum|çalışırım)$",
            _TR_FIRST + r"(?:benim\s+)?(?P<v>(?:\S+\s+){0,2}\S+?)"
            rf"(?:{A}?(?:ya|ye|a|e)\s+(?:karşı\s+)?|\s+)alerjim\s+var$",
        ],
        preferences=[
            _TR_FIRST + r"(?:ben\s+)?(?P<v>(?:\S+\s+){0,3}?\S+?)\s+(?:çok\s+|gerçekten\s+|hiç\s+)?"
            r"(?:seviyorum|severim|bayılırım|bayılıyorum|nefret ederim|nefret ediyorum|sevmiyorum|sevmem|"
            r"tercih ederim|tercih ediyorum|hoşlanırım|hoşlanıyorum|hoşlanmam|hoşlanmıyorum)$",
        ],
        question=r"\bm[ıiuü](?:yım|yim|yum|yüm|sın|sin|sun|sün|yız|yiz|yuz|yüz|dır|dir|dur|dür)?\b|"
        r"\b(?:ne|neyi|neden|niye|nerede|nereye|nereden|nereli|kim|kimi|hangi|nasıl|kaç|ne zaman)\b",
        objects=r"(?:seni|sizi|onu|bunu|şunu|onları|bunları)",
        negation=r"\b(?:değil|değilim|yok)\b",
        hypothetical=r"\b(?:eğer|şayet|keşke|farz et|diyelim ki|varsayalım)\b",
        joiners=r"(?<=yorum)\s+(?:ve|ama|fakat)\s+|\s+(?:ve|ama|fakat)\s+(?=(?:ben|benim|adım|ismim)\b)",
        tags=r"değil mi|öyle mi|doğru mu|di mi|tamam mı",
        verb_final=True,
        request=r"(?<!\w)(?:öner|önerir misin|söyle|yaz|çevir|özetle|açıkla|anlat|hatırlat|göster|listele|bul|ver)"
        r"(?:in|iniz)?(?:\s+lütfen)?\s*$",
    ),
)

# A sentence ends at a run of full stops of any script; "." only before a space or the end, so that
# "1.5", "ana@example.com" and "v2.0" stay whole, and not in a German date ("am 3. Mai").
_MONTHS_DE = (
    r"jan|januar|feb|februar|märz|mär|apr|april|mai|jun|juni|jul|juli|aug|august|sep|sept|september|okt|"
    r"oktober|nov|november|dez|dezember"
)
_SENTENCE_END = re.compile(
    rf"((?:[!?！？؟。｡…।॥\n]|\.(?![^\s.!?…])(?!(?<=\d\.)\s+(?:{_MONTHS_DE})\b))+)", re.IGNORECASE
)
_QUESTION_MARKS = frozenset("?？؟")
# Commas and semicolons of every script, but not a comma between digits (1,000) nor "、" (see the
# module's docstring); a colon only before a space ("Fun fact: I ..."), not in "10:30".
_CLAUSE = re.compile(
    r"(?<!\d),\s*|,(?!\d)\s*|[，;；؛،]\s*|:(?=\s)\s*|：\s*|" + "|".join(f"(?:{lang.joiners})" for lang in LANGUAGES),
    re.IGNORECASE,
)
# CJK, kana and Hangul: one character is about a word.
_DENSE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# -- the languages a text is written in ----------------------------------------------------------

_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
)
# Letters only Vietnamese writes: "â", "ê" and "ô" are French and Portuguese too ("âge", "você").
_VIETNAMESE = re.compile(r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# Letters only Turkish writes among these languages ("ç", "ö" and "ü" are French, Portuguese, German).
_TURKISH = re.compile(r"[ığşİĞŞ]")
# Words that mark a Latin-script language: the words of short questions about the owner first (what
# `language_of` was made for), then the commonest function words of a statement. English is what is
# left.
_LATIN = {
    "vi": r"tôi|mình|của|không|là|ở|đâu|gì|nào|bạn|tên",
    "tr": r"ben|benim|nerede|ne|nedir|mı|mi|mu|mü|adım|adı|hangi|kim|neresi|ediyorum|yaşıyorum|bir|ve|bu|çok|için|"
    r"var|yok|ama",
    "id": r"saya|aku|apa|di mana|dimana|siapa|kapan|nama|tinggal|kerja|yang|tidak|apakah|dan|ini|itu|dengan|untuk|"
    r"ada|sudah|juga|punya|kita|kami|ke|dari|mau|akan|bisa|lagi",
    "es": r"yo|mi|mis|me|dónde|donde|qué|cómo|cuál|cuándo|quién|vivo|llamo|trabajo|es|el|la|los|las|soy|tengo|un|una|"
    r"que|de|del|en|con|por|para|y|pero|muy|tiene|se|si|lo|al|está|este|esta|hijo|hija|hermano|hermana|perro",
    "pt": r"eu|meu|minha|onde|qual|quando|quem|moro|trabalho|como|chamo|é|o|os|as|você|não|sou|tenho|um|uma|que|de|"
    r"do|da|em|no|na|com|por|para|e|mas|muito|tem|se|ao|está|este|esta|filho|filha|irmão|irmã|cachorro|me|te|a|à|"
    r"pra|pro|tá|tô|também|já|aqui",
    "fr": r"je|j|mon|ma|mes|où|quel|quelle|quand|qui|comment|est|suis|habite|travaille|m|appelle|le|les|tu|un|une|"
    r"que|de|du|des|en|dans|avec|pour|et|mais|très|ai|il|elle|se|si|ce|cette|sa|son|pas|ne|nous|chez|la",
    "de": r"ich|mein|meine|meinen|wo|was|wie|wann|wer|welche|welcher|wohne|arbeite|heiße|heisse|ist|bin|du|ein|eine|"
    r"einen|und|der|die|das|den|dem|mit|für|in|auf|nicht|habe|hat|sehr|aber|zu|von|im|am|mir|mich|wir|er|sie|es",
    "it": r"io|mio|mia|miei|dove|qual|quale|quando|chi|come|abito|vivo|lavoro|chiamo|è|sono|il|gli|di|un|una|uno|"
    r"che|ho|ha|hai|per|con|non|mi|si|se|ci|lo|la|le|me|te|a|al|alla|allo|alle|ai|del|della|nel|nella|sei|anche|"
    r"molto|ma|e|questo|questa|figlio|figlia|vicino|cosa|piace|piacciono",
}
_LATIN_WORDS = {code: re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE) for code, words in _LATIN.items()}
_EN_WORDS = re.compile(
    r"(?<!\w)(?:i|my|me|what|where|who|when|which|how|do|does|is|am|the|you|an|and|of|have|has|with|for|but|very|"
    r"it|this|that|was|are)(?!\w)",
    re.IGNORECASE,
)
_LATIN_LETTER = re.compile(r"[a-z]", re.IGNORECASE)


def _latin_scores(text: str) -> dict[str, int]:
    scores = {code: len(pattern.findall(text)) for code, pattern in _LATIN_WORDS.items()}
    scores["en"] = len(_EN_WORDS.findall(text))
    return scores


def _by_script(text: str) -> list[str]:
    """The languages `text`'s scripts and own letters name, in `_SCRIPTS` order, then Vietnamese and
    Turkish."""
    codes = [code for code, script in _SCRIPTS if script.search(text)]
    codes += [code for code, letters in (("vi", _VIETNAMESE), ("tr", _TURKISH)) if letters.search(text)]
    return codes


def language_of(text: str) -> str:
    """The language a short message is written in, among those broca writes its own replies in:
    by script first, then by the commonest words of each Latin-script language ("en" by default)."""
    text = unicodedata.normalize("NFC", text)
    by_script = _by_script(text)
    if by_script:
        return by_script[0]
    scores = _latin_scores(text)
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] > scores["en"] else "en"


def languages_of(text: str, *, english: bool = True) -> frozenset[str]:
    """The codes of every language `text` may be written in: its scripts' (Han is Chinese or
    Japanese), and among the Latin-script languages those whose common words it uses most, and English
    with `english`; all of them for Latin text that uses none (its cues then count whatever its
    language)."""
    text = unicodedata.normalize("NFC", text)
    found = set(_by_script(text))
    if "zh" in found:
        found.add("ja")  # "札幌在住。" is Japanese without a kana
    if _LATIN_LETTER.search(text):
        scores = _latin_scores(text)
        top = max(scores.values())
        if top:
            # English as well: its cues are no other language's words, and a short English sentence
            # may use more of another language's little words ("a", "in") than of its own.
            found.update(code for code, n in scores.items() if n == top)
            if english:
                found.add("en")
        elif not found:
            found.update(scores)
    return frozenset(found) if found else frozenset(lang.code for lang in LANGUAGES)


def _cue(text: str, cue: str) -> bool:
    """Whether `text` holds the `cue` ("hypothetical", "request") of a language it may be written in:
    one language's cue word is another's ordinary word (Spanish "si", if, is Italian's "si chiama";
    Italian "cerca", look for, is Spanish "cerca de", near)."""
    codes = languages_of(text)
    return any(getattr(lang, cue).search(text) for lang in LANGUAGES if lang.code in codes)


_TAGS = re.compile("|".join(f"(?:{lang.tags})" for lang in LANGUAGES), re.IGNORECASE)
# A quotation is somebody else's words, or text the owner hands over for a task ('My sister said
# "I live in Paris now"', 'Summarise: "My name is Ana..."'): a sentence that holds one states nothing
# about the owner. A short one is a value, though: my cat "Mochi", 「モチ」, «Le Petit Café».
_QUOTATION = re.compile(r'"[^"]{1,2000}"|“[^”]{1,2000}”|„[^“”]{1,2000}[“”]|«[^»]{1,2000}»|‘[^’]{1,2000}’|'
                        r"「[^」]{1,2000}」|『[^』]{1,2000}』")  # fmt: skip
_QUOTED = "\ue000"  # where a quotation was: a private-use character no one types


_EDGE = " \t\r\n¡¿"
_TURKISH_CAPITALS = {"i": "İ", "ı": "I"}  # str.upper() makes both "I"
_TRAILING_STOPS = " \t\r\n.。．｡!！…।॥"


def _without_quotations(text: str) -> str:
    """`text` with each quotation longer than a name (four words, or 12 characters of a script
    without spaces, or any sentence stop) replaced by `_QUOTED`."""

    def replace(m: re.Match[str]) -> str:
        inner = m.group(0)[1:-1]
        dense = len(_DENSE.findall(inner))
        if len(inner.split()) >= 4 or dense >= 12 or _SENTENCE_END.search(inner.rstrip(_TRAILING_STOPS)):
            return _QUOTED
        return m.group(0)

    return _QUOTATION.sub(replace, text)


def _no_statement(body: str) -> bool:
    """A sentence that states nothing about the owner: a task for the assistant, or one that holds
    a quotation."""
    return _QUOTED in body or _cue(body.strip(_EDGE), "request")


def _full_stop(sentence: str) -> str:
    """The full stop of the script the sentence starts in: 。 for Chinese and Japanese, । for
    Devanagari, "." for the others (Thai has none of its own)."""
    for ch in sentence:
        if ch.isalpha():
            code = ord(ch)
            if 0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF:
                return "。"
            if 0x0900 <= code <= 0x097F:
                return "।"
            return "."
    return "."


def _sentence(text: str, lang: Language) -> str:
    """The stored form: trimmed, capitalised (the Turkish dotted capital for "i"), one full stop."""
    text = text.strip(_EDGE).rstrip(_TRAILING_STOPS).strip(_EDGE)
    if not text:
        return ""
    first = _TURKISH_CAPITALS.get(text[0], text[0]) if lang.code == "tr" else text[0]
    return first.upper() + text[1:] + _full_stop(text)


def _sentences(text: str) -> Iterator[str]:
    """The statements of `text`, clause by clause, questions, tasks and quotations left out."""
    pieces = _SENTENCE_END.split(_without_quotations(text))
    for i in range(0, len(pieces), 2):
        body = pieces[i]
        end = pieces[i + 1] if i + 1 < len(pieces) else ""
        if _no_statement(body):
            continue
        asks = any(ch in _QUESTION_MARKS for ch in end)
        if "¿" in body:  # Spanish opens its questions: what comes before "¿" still states...
            body, tail = body.split("¿", 1)
            if _TAGS.fullmatch(tail.strip(" \t,")):  # ...unless it is a tag: "Vivo en Madrid, ¿verdad?"
                continue
            asks = False
        clauses = [c.strip(_EDGE) for c in _CLAUSE.split(body)]
        clauses = [c for c in clauses if c]
        if asks and clauses:
            # "My name is Ana, what's yours?" states its first clause; "I live in Paris, right?"
            # asks about all of it.
            if len(clauses) == 1 or _TAGS.fullmatch(clauses[-1]):
                continue
            clauses = clauses[:-1]
        yield from clauses


def _accepts(lang: Language, clause: str, m: re.Match[str], kind: str) -> bool:
    if lang.question.search(clause):
        return False
    value = m.group("v").strip()
    before = clause[: m.start()]
    # Verb-final patterns take the whole clause: a supposition may sit anywhere in it.
    if lang.hypothetical.search(clause if lang.verb_final else before):
        return False
    if kind == "preference":
        # Dislikes are preferences too ("I don't like coriander", "no me gusta"): a negation before
        # the object is part of the pattern. One that opens the object declines to say: "I prefer
        # not to say", "prefiero no decirlo".
        return not (lang.objects.fullmatch(value.rstrip(_TRAILING_STOPS)) or lang.negation.match(value))
    if lang.negation.search(before) or lang.negation.match(value):
        return False
    return not (lang.verb_final and lang.negation.search(m.group(0)))


def _explicit(text: str) -> list[tuple[str, str]] | None:
    """The fact of a "remember ..." command, [] for one that asks instead, None for no command."""
    for lang in LANGUAGES:
        for pattern in lang.remember:
            m = pattern.match(text)
            if m is None:
                continue
            fact = m.group("fact").strip()
            bare = fact.rstrip(_TRAILING_STOPS)
            # "Remember me?", "remember what I said", "记住我叫什么了吗", "remember that": nothing to store.
            if not bare or fact[-1] in _QUESTION_MARKS or lang.question.search(bare) or lang.objects.fullmatch(bare):
                return []
            return [("fact", _sentence(fact, lang))]
    return None


def extract_facts(text: str) -> list[tuple[str, str]]:
    """(kind, text) of the facts and preferences the owner states about themselves, in any of the
    languages of `LANGUAGES`; kind is "fact" or "preference"."""
    text = unicodedata.normalize("NFC", text)
    explicit = _explicit(text)
    if explicit:
        return explicit
    found: list[tuple[str, str]] = []
    for clause in _sentences(text):
        found.extend(_statement(clause))
    return found


def _statement(clause: str) -> list[tuple[str, str]]:
    for lang in LANGUAGES:
        for pattern, kind in lang.statements:
            m = pattern.search(clause)
            if m is None:
                continue
            if not _accepts(lang, clause, m, kind):
                return []  # a clause that asks, denies or supposes is no statement in any language
            # The sentence starts at `s` where a pattern marks it: a greeting before it is no fact.
            start = m.start("s") if "s" in pattern.groupindex else m.start()
            sentence = _sentence(clause[start : m.end()], lang)
            return [(kind, sentence)] if sentence else []
    return []


def owner_statements(text: str) -> str:
    """What the owner states in `text`, in their own words: its sentences without the questions and
    the suppositions ("If I lived in Paris..."). For the statements no pattern of `LANGUAGES` reads
    ("We've moved! We're in Hobart now", "ITエンジニアとして働いてます"): kept as the owner's note,
    they can still answer a later question, quoted as said."""
    text = unicodedata.normalize("NFC", text)
    pieces = _SENTENCE_END.split(_without_quotations(text))
    kept = []
    for i in range(0, len(pieces), 2):
        body = pieces[i].strip(_EDGE)
        end = pieces[i + 1] if i + 1 < len(pieces) else ""
        if (
            not body
            or any(ch in _QUESTION_MARKS for ch in end)
            or "¿" in body
            or _cue(body, "hypothetical")
            or _no_statement(body)
        ):
            continue
        kept.append(body + end.strip())
    return " ".join(kept).strip()


# How much a message must state besides its facts for the rest to be kept as a note: 12 letters
# ("by the way" is not worth one; "I go three times a week" is), a CJK, kana or Hangul character
# counting as 3, since one of them is about a word ("住在杭州" is a fact).
NOTE_MIN_WEIGHT = 12


def owner_note(text: str, facts: Sequence[tuple[str, str]] = ()) -> str:
    """The owner's statements in `text` to keep whole as a note, beside the `facts` read from it: all
    of them when no fact was read, else all of them when they say more than the facts. A pattern
    reads one clause of a sentence, and the rest is often a second fact no pattern reads: "我叫林晓雯，
    住在杭州", "はじめまして。佐藤美咲です。札幌に住んでいます。" (only the city is read). "" when
    there is nothing more to keep."""
    said = owner_statements(text)
    if not facts or not said:
        return said
    rest = unicodedata.normalize("NFC", said).casefold()
    for _, fact in facts:
        rest = rest.replace(unicodedata.normalize("NFC", fact).casefold().rstrip(".。!！ "), " ")
    weight = sum(3 if _DENSE.match(ch) else 1 for ch in rest if ch.isalnum())
    return said if weight >= NOTE_MIN_WEIGHT else ""
