"""Owner facts in many languages (`assistant.facts`), and the planner's multilingual refusal cue."""

from __future__ import annotations

import pytest

from assistant import session
from assistant.facts import LANGUAGES, extract_facts, languages_of, owner_note
from assistant.planner import looks_like_refusal, refuses

F, P = "fact", "preference"

FACTS = [
    # English (the patterns broca always had, and their edges)
    ("en", "My name is Ana.", [(F, "My name is Ana.")]),
    ("en", "my email is ana@example.com", [(F, "My email is ana@example.com.")]),
    ("en", "I work for a not-for-profit", [(F, "I work for a not-for-profit.")]),
    ("en", "Fun fact: I’m allergic to peanuts", [(F, "I’m allergic to peanuts.")]),
    ("en", "My dog's name is Rex, and I live in Tallinn.", [(F, "My dog's name is Rex."), (F, "I live in Tallinn.")]),
    # Chinese
    ("zh", "我叫小明", [(F, "我叫小明。")]),
    ("zh", "你好，我的名字是王小明。", [(F, "我的名字是王小明。")]),
    ("zh", "我住在北京", [(F, "我住在北京。")]),
    ("zh", "我现在住在上海，在一家银行工作", [(F, "我现在住在上海。")]),
    ("zh", "我在腾讯工作", [(F, "我在腾讯工作。")]),
    ("zh", "我对花生过敏！", [(F, "我对花生过敏。")]),
    ("zh", "我的生日是五月三日；我住在杭州", [(F, "我的生日是五月三日。"), (F, "我住在杭州。")]),
    ("zh", "我最喜欢的颜色是蓝色", [(F, "我最喜欢的颜色是蓝色。")]),
    ("zh", "我叫小明，你叫什么？", [(F, "我叫小明。")]),
    ("zh", "我住在台北，而且我對貓過敏", [(F, "我住在台北。"), (F, "我對貓過敏。")]),
    # Japanese
    ("ja", "私の名前は田中です。", [(F, "私の名前は田中です。")]),
    ("ja", "田中と申します", [(F, "田中と申します。")]),
    ("ja", "私は東京に住んでいます", [(F, "私は東京に住んでいます。")]),
    ("ja", "大阪で働いています。卵アレルギーです。", [(F, "大阪で働いています。"), (F, "卵アレルギーです。")]),
    ("ja", "私の誕生日は5月3日です", [(F, "私の誕生日は5月3日です。")]),
    # Korean
    ("ko", "제 이름은 민수입니다.", [(F, "제 이름은 민수입니다.")]),
    ("ko", "저는 서울에 살아요", [(F, "저는 서울에 살아요.")]),
    ("ko", "삼성에서 일해요. 땅콩 알레르기가 있어요.", [(F, "삼성에서 일해요."), (F, "땅콩 알레르기가 있어요.")]),
    # Spanish
    ("es", "Hola, me llamo Lucía y vivo en Madrid.", [(F, "Me llamo Lucía."), (F, "Vivo en Madrid.")]),
    ("es", "Trabajo en un hospital", [(F, "Trabajo en un hospital.")]),
    ("es", "Soy alérgica a las nueces", [(F, "Soy alérgica a las nueces.")]),
    ("es", "Mi perro se llama Toby", [(F, "Mi perro se llama Toby.")]),
    ("es", "Me llamo Ana, ¿y tú?", [(F, "Me llamo Ana.")]),
    # Portuguese
    ("pt", "Meu nome é João e moro em Lisboa.", [(F, "Meu nome é João."), (F, "Moro em Lisboa.")]),
    ("pt", "Eu trabalho numa escola", []),  # "numa" is no preposition we read: nothing rather than a guess
    ("pt", "Eu trabalho na Petrobras", [(F, "Eu trabalho na Petrobras.")]),
    ("pt", "Sou alérgico a camarão", [(F, "Sou alérgico a camarão.")]),
    # French
    ("fr", "Je m'appelle Camille et j'habite à Lyon.", [(F, "Je m'appelle Camille."), (F, "J'habite à Lyon.")]),
    ("fr", "Bonjour, je m’appelle Luc", [(F, "Je m’appelle Luc.")]),
    ("fr", "Je travaille chez Airbus", [(F, "Je travaille chez Airbus.")]),
    ("fr", "Je suis allergique aux arachides", [(F, "Je suis allergique aux arachides.")]),
    ("fr", "Ma femme s'appelle Claire", [(F, "Ma femme s'appelle Claire.")]),
    # German
    ("de", "Ich heiße Max und ich wohne in Berlin.", [(F, "Ich heiße Max."), (F, "Ich wohne in Berlin.")]),
    ("de", "Seit 2010 wohne ich in Hamburg", [(F, "Seit 2010 wohne ich in Hamburg.")]),
    ("de", "Ich arbeite bei Siemens", [(F, "Ich arbeite bei Siemens.")]),
    ("de", "Ich bin allergisch gegen Nüsse", [(F, "Ich bin allergisch gegen Nüsse.")]),
    ("de", "Mein Geburtstag ist am 3. Mai", [(F, "Mein Geburtstag ist am 3. Mai.")]),
    # Italian
    ("it", "Mi chiamo Giulia e abito a Roma.", [(F, "Mi chiamo Giulia."), (F, "Abito a Roma.")]),
    ("it", "Lavoro in una banca", [(F, "Lavoro in una banca.")]),
    ("it", "Sono allergico alle noci", [(F, "Sono allergico alle noci.")]),
    # Russian
    ("ru", "Меня зовут Анна, я живу в Москве.", [(F, "Меня зовут Анна."), (F, "Я живу в Москве.")]),
    ("ru", "Я работаю в Яндексе", [(F, "Я работаю в Яндексе.")]),
    ("ru", "У меня аллергия на орехи", [(F, "У меня аллергия на орехи.")]),
    # Arabic
    ("ar", "اسمي أحمد وأعيش في القاهرة.", [(F, "اسمي أحمد."), (F, "أعيش في القاهرة.")]),
    ("ar", "أعمل في مستشفى", [(F, "أعمل في مستشفى.")]),
    ("ar", "عندي حساسية من الفول السوداني", [(F, "عندي حساسية من الفول السوداني.")]),
    # Hindi
    ("hi", "मेरा नाम राहुल है।", [(F, "मेरा नाम राहुल है।")]),
    ("hi", "मैं दिल्ली में रहता हूँ", [(F, "मैं दिल्ली में रहता हूँ।")]),
    ("hi", "मुझे मूंगफली से एलर्जी है", [(F, "मुझे मूंगफली से एलर्जी है।")]),
    # Thai
    ("th", "ผมชื่อสมชาย ผมทำงานที่ธนาคาร", [(F, "ผมชื่อสมชาย."), (F, "ผมทำงานที่ธนาคาร.")]),
    ("th", "ฉันอาศัยอยู่ที่เชียงใหม่", [(F, "ฉันอาศัยอยู่ที่เชียงใหม่.")]),
    ("th", "ฉันแพ้ถั่ว", [(F, "ฉันแพ้ถั่ว.")]),
    # Vietnamese
    ("vi", "Tên tôi là Lan và tôi sống ở Hà Nội.", [(F, "Tên tôi là Lan."), (F, "Tôi sống ở Hà Nội.")]),
    ("vi", "tôi làm việc tại FPT", [(F, "Tôi làm việc tại FPT.")]),
    ("vi", "Tôi bị dị ứng với tôm", [(F, "Tôi bị dị ứng với tôm.")]),
    # Indonesian
    ("id", "Nama saya Budi dan saya tinggal di Jakarta.", [(F, "Nama saya Budi."), (F, "Saya tinggal di Jakarta.")]),
    ("id", "Aku kerja di Gojek", [(F, "Aku kerja di Gojek.")]),
    ("id", "Saya alergi udang", [(F, "Saya alergi udang.")]),
    # Turkish
    ("tr", "Benim adım Ayşe.", [(F, "Benim adım Ayşe.")]),
    ("tr", "istanbul'da yaşıyorum", [(F, "İstanbul'da yaşıyorum.")]),
    ("tr", "Bir bankada çalışıyorum", [(F, "Bir bankada çalışıyorum.")]),
    ("tr", "Fıstığa alerjim var", [(F, "Fıstığa alerjim var.")]),
]

PREFERENCES = [
    ("en", "I really love jazz", [(P, "I really love jazz.")]),
    ("en", "I don't like coriander", [(P, "I don't like coriander.")]),
    ("zh", "我喜欢爵士乐", [(P, "我喜欢爵士乐。")]),
    ("zh", "我不喜欢香菜", [(P, "我不喜欢香菜。")]),
    ("zh", "我很討厭下雨", [(P, "我很討厭下雨。")]),
    ("ja", "猫が大好きです", [(P, "猫が大好きです。")]),
    ("ja", "辛いものが苦手です", [(P, "辛いものが苦手です。")]),
    ("ko", "저는 커피를 정말 좋아해요", [(P, "저는 커피를 정말 좋아해요.")]),
    ("es", "Me encanta el café", [(P, "Me encanta el café.")]),
    ("es", "No me gusta el frío", [(P, "No me gusta el frío.")]),
    ("es", "Odio madrugar", [(P, "Odio madrugar.")]),
    ("pt", "Eu gosto de futebol", [(P, "Eu gosto de futebol.")]),
    ("pt", "Adoro praia", [(P, "Adoro praia.")]),
    ("fr", "J'adore le fromage", [(P, "J'adore le fromage.")]),
    ("fr", "Je n'aime pas le café", [(P, "Je n'aime pas le café.")]),
    ("de", "Ich mag keine Pilze", [(P, "Ich mag keine Pilze.")]),
    ("de", "Ich esse gern Pizza", [(P, "Ich esse gern Pizza.")]),
    ("it", "Mi piace la pizza", [(P, "Mi piace la pizza.")]),
    ("it", "Odio il traffico", [(P, "Odio il traffico.")]),
    ("ru", "Я очень люблю чай", [(P, "Я очень люблю чай.")]),
    ("ru", "Мне нравится джаз", [(P, "Мне нравится джаз.")]),
    ("ar", "أحب القهوة", [(P, "أحب القهوة.")]),
    ("ar", "لا أحب الحر", [(P, "لا أحب الحر.")]),
    ("hi", "मुझे चाय पसंद है", [(P, "मुझे चाय पसंद है।")]),
    ("hi", "मुझे भीड़ पसंद नहीं है", [(P, "मुझे भीड़ पसंद नहीं है।")]),
    ("th", "ฉันชอบกาแฟ", [(P, "ฉันชอบกาแฟ.")]),
    ("vi", "Tôi rất thích cà phê", [(P, "Tôi rất thích cà phê.")]),
    ("id", "Aku suka banget kopi", [(P, "Aku suka banget kopi.")]),
    ("tr", "Kahveyi çok seviyorum", [(P, "Kahveyi çok seviyorum.")]),
]

REMEMBER = [
    ("en", "Remember that my sister is called Eva", [(F, "My sister is called Eva.")]),
    ("en", "please remember: the wifi code is 1234.", [(F, "The wifi code is 1234.")]),
    ("en", "Don't forget that the boiler is serviced in May", [(F, "The boiler is serviced in May.")]),
    ("zh", "记住我的车牌号是京A12345", [(F, "我的车牌号是京A12345。")]),
    ("zh", "請記住：我對貓過敏", [(F, "我對貓過敏。")]),
    ("ja", "覚えておいて：駐車場は3階です", [(F, "駐車場は3階です。")]),
    ("ja", "私の誕生日は5月3日だと覚えておいてください", [(F, "私の誕生日は5月3日だ。")]),
    ("ko", "기억해 줘: 주차는 3층이야", [(F, "주차는 3층이야.")]),
    ("ko", "나는 고양이를 좋아한다는 걸 기억해 줘", [(F, "나는 고양이를 좋아한다.")]),
    ("es", "Recuerda que el código del wifi es 1234", [(F, "El código del wifi es 1234.")]),
    ("pt", "Lembre-se de que meu voo é sexta", [(F, "Meu voo é sexta.")]),
    ("pt", "Lembra que a reunião é às 10h", [(F, "A reunião é às 10h.")]),
    ("fr", "Souviens-toi que ma fille s'appelle Léa", [(F, "Ma fille s'appelle Léa.")]),
    ("fr", "Retiens qu'il faut arroser les plantes", [(F, "Il faut arroser les plantes.")]),
    ("de", "Merk dir, dass mein Auto blau ist", [(F, "Mein Auto blau ist.")]),
    ("de", "Merk dir: ich parke in Ebene 3", [(F, "Ich parke in Ebene 3.")]),
    ("it", "Ricorda che il mio volo è venerdì", [(F, "Il mio volo è venerdì.")]),
    ("ru", "Запомни, что мой рейс в пятницу", [(F, "Мой рейс в пятницу.")]),
    ("ar", "تذكر أن موعدي يوم الجمعة", [(F, "موعدي يوم الجمعة.")]),
    ("hi", "याद रखो कि मेरी उड़ान शुक्रवार को है", [(F, "मेरी उड़ान शुक्रवार को है।")]),
    ("th", "จำไว้ว่าฉันแพ้ถั่ว", [(F, "ฉันแพ้ถั่ว.")]),
    ("vi", "Hãy nhớ rằng tôi dị ứng tôm", [(F, "Tôi dị ứng tôm.")]),
    ("id", "Ingat bahwa rapatnya hari Jumat", [(F, "Rapatnya hari Jumat.")]),
    ("tr", "Şunu hatırla: uçuşum cuma günü", [(F, "Uçuşum cuma günü.")]),
]

# Questions, negations and suppositions state nothing about the owner.
NOTHING = [
    ("en", "What is my name?"),
    ("en", "where do I live"),
    ("en", "I live in Paris, right?"),
    ("en", "My name is not Bob"),
    ("en", "I don't think my name is Bob"),
    ("en", "If my name is Bob, what's yours?"),
    ("en", "Pretend my name is Bob"),
    ("en", "I like it"),
    ("en", "I love you so much"),
    ("en", "Remember me?"),
    ("en", "remember that"),
    ("en", "remember what I said"),
    ("zh", "我住在哪里？"),
    ("zh", "我住在哪里"),
    ("zh", "我叫什么名字"),
    ("zh", "我不住在北京"),
    ("zh", "我对花生不过敏"),
    ("zh", "如果我叫小明，你会怎么样"),
    ("zh", "我住在北京，对吧？"),
    ("zh", "我爱你"),
    ("zh", "我叫外卖了"),
    ("zh", "他叫我住在这里"),
    ("zh", "记住我叫什么了吗"),
    ("ja", "どこに住んでいますか？"),
    ("ja", "東京に住んでいますか"),
    ("ja", "東京に住んでいません"),
    ("ja", "父は東京に住んでいます"),
    ("ko", "저는 어디에 살아요?"),
    ("ko", "서울에 안 살아요"),
    ("ko", "그는 서울에 살아요"),
    ("ko", "제 이름은 민수가 아니에요"),
    ("es", "¿Dónde vivo?"),
    ("es", "No vivo en Madrid"),
    ("es", "Si vivo en Madrid, ¿qué hago?"),
    ("es", "Vivo en Madrid, ¿verdad?"),
    ("es", "Me gusta el trabajo en equipo, ¿no?"),
    ("es", "Te amo mucho"),
    ("pt", "Onde eu moro?"),
    ("pt", "Eu não moro em Lisboa"),
    ("fr", "J'habite où ?"),
    ("fr", "Je n'habite pas à Paris"),
    ("fr", "Si j'habite à Paris, que faire"),
    ("fr", "Je t'aime"),
    ("de", "Wo wohne ich?"),
    ("de", "Ich heiße nicht Max"),
    ("de", "Wenn ich in Berlin wohne"),
    ("de", "Ich hätte gern einen Kaffee"),
    ("de", "Ich liebe dich"),
    ("it", "Dove abito?"),
    ("it", "Non abito a Roma"),
    ("it", "Ti amo tanto"),
    ("ru", "Где я живу?"),
    ("ru", "Я не живу в Москве"),
    ("ru", "Если бы я жил в Москве"),
    ("ar", "أين أسكن؟"),
    ("ar", "لا أسكن في القاهرة"),
    ("ar", "لو أسكن في القاهرة"),
    ("hi", "मैं कहाँ रहता हूँ?"),
    ("hi", "मेरा नाम क्या है"),
    ("hi", "मेरा नाम राहुल नहीं है"),
    ("hi", "मैं दिल्ली में नहीं रहता हूँ"),
    ("hi", "अगर मैं दिल्ली में रहता हूँ तो"),
    ("hi", "मेरा भाई दिल्ली में रहता है"),
    ("th", "ฉันชื่ออะไร"),
    ("th", "ผมอยู่บ้าน"),
    ("th", "ผมแพ้เกม"),
    ("th", "เพื่อนผมชื่อสมชาย"),
    ("th", "ถ้าฉันชื่อสมชาย"),
    ("th", "ผมรักคุณ"),
    ("vi", "Tôi sống ở đâu?"),
    ("vi", "tôi sống ở đâu"),
    ("vi", "Tôi không sống ở Hà Nội"),
    ("vi", "Bạn tôi thích cà phê"),
    ("vi", "Nếu tôi sống ở Hà Nội"),
    ("id", "Saya tinggal di mana?"),
    ("id", "saya tinggal di mana"),
    ("id", "Saya tidak tinggal di Jakarta"),
    ("id", "Teman saya tinggal di Bandung"),
    ("id", "Nama saya bukan Budi"),
    ("tr", "Nerede yaşıyorum?"),
    ("tr", "İstanbul'da mı yaşıyorum"),
    ("tr", "İstanbul'da yaşamıyorum"),
    ("tr", "Adım Ayşe değil"),
    ("tr", "Eğer İstanbul'da yaşıyorum"),
    ("tr", "Seni seviyorum"),
    ("tr", "Annem kahveyi seviyor"),
]


def _ids(cases: list[tuple[str, str, list[tuple[str, str]]]]) -> list[str]:
    return [f"{lang}-{i}" for i, (lang, _, _) in enumerate(cases)]


@pytest.mark.parametrize(("lang", "text", "expected"), FACTS, ids=_ids(FACTS))
def test_facts(lang: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert extract_facts(text) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), PREFERENCES, ids=_ids(PREFERENCES))
def test_preferences(lang: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert extract_facts(text) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), REMEMBER, ids=_ids(REMEMBER))
def test_remember_commands(lang: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert extract_facts(text) == expected


@pytest.mark.parametrize(("lang", "text"), NOTHING, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(NOTHING)])
def test_questions_negations_and_suppositions_state_nothing(lang: str, text: str) -> None:
    assert extract_facts(text) == []


def test_every_language_of_the_table_is_tested() -> None:
    codes = {lang.code for lang in LANGUAGES}
    assert len(codes) >= 12
    for cases in (FACTS, PREFERENCES, REMEMBER):
        assert codes <= {lang for lang, *_ in cases}
    assert codes <= {lang for lang, _ in NOTHING}


def test_clauses_split_at_every_scripts_punctuation() -> None:
    assert extract_facts("我叫小明。我住在北京！我喜欢猫？") == [(F, "我叫小明。"), (F, "我住在北京。")]
    assert extract_facts("私の名前は田中です！東京に住んでいます") == [
        (F, "私の名前は田中です。"),
        (F, "東京に住んでいます。"),
    ]
    assert extract_facts("اسمي أحمد، أسكن في دبي؛ أحب القهوة") == [
        (F, "اسمي أحمد."),
        (F, "أسكن في دبي."),
        (P, "أحب القهوة."),
    ]
    assert extract_facts("मेरा नाम राहुल है। मैं दिल्ली में रहता हूँ") == [
        (F, "मेरा नाम राहुल है।"),
        (F, "मैं दिल्ली में रहता हूँ।"),
    ]
    assert extract_facts("ผมชื่อสมชาย ใจดีครับ ผมชอบกาแฟ") == [(F, "ผมชื่อสมชาย ใจดีครับ."), (P, "ผมชอบกาแฟ.")]
    # "、" lists things in Chinese: the list stays one preference.
    assert extract_facts("我喜欢苹果、香蕉和橙子") == [(P, "我喜欢苹果、香蕉和橙子。")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("嗨我叫小红", [(F, "我叫小红。")]),
        ("안녕하세요 제 이름은 지수예요", [(F, "제 이름은 지수예요.")]),
        ("こんにちは、田中と申します", [(F, "田中と申します。")]),
        ("สวัสดีครับ ผมชื่อสมชาย", [(F, "ผมชื่อสมชาย.")]),
        ("Merhaba, adım Can", [(F, "Adım Can.")]),
        ("नमस्ते, मेरा नाम राहुल है", [(F, "मेरा नाम राहुल है।")]),
    ],
)
def test_a_greeting_is_not_part_of_the_fact(text: str, expected: list[tuple[str, str]]) -> None:
    assert extract_facts(text) == expected


@pytest.mark.parametrize(
    "text",
    ["I prefer not to say", "Prefiero no decirlo", "Je préfère ne pas répondre", "Я предпочитаю не говорить",
     "I work at 10am tomorrow", "I work in the morning"],
)  # fmt: skip
def test_declining_to_say_and_schedules_are_not_stored(text: str) -> None:
    assert extract_facts(text) == []


def test_numbers_and_addresses_keep_their_dots_and_commas() -> None:
    assert extract_facts("My email is ana.silva@example.com. I live in Tallinn") == [
        (F, "My email is ana.silva@example.com."),
        (F, "I live in Tallinn."),
    ]
    assert extract_facts("My phone number is 555 1,234") == [(F, "My phone number is 555 1,234.")]


def test_session_re_exports_the_extractor() -> None:
    assert session.extract_facts is extract_facts


@pytest.mark.parametrize(
    "reply",
    [
        "I'm sorry, but I cannot help with that.",
        "抱歉，我不能帮助你做这件事。",
        "申し訳ありませんが、お手伝いできません。",
        "죄송합니다. 그 요청은 도와드릴 수 없습니다.",
        "Lo siento, no puedo ayudarte con eso.",
        "Desculpe, não posso ajudar com isso.",
        "Je suis désolé, je ne peux pas vous aider.",
        "Es tut mir leid, dabei kann ich nicht helfen.",
        "Mi dispiace, non posso aiutarti.",
        "Извините, я не могу помочь с этим.",
        "عذراً، لا أستطيع مساعدتك في ذلك.",
        "माफ़ कीजिए, मैं इसमें मदद नहीं कर सकता।",
        "ขออภัย ฉันไม่สามารถช่วยเรื่องนี้ได้",
        "Xin lỗi, tôi không thể giúp việc đó.",
        "Maaf, saya tidak bisa membantu dengan itu.",
        "Üzgünüm, bu konuda yardımcı olamam.",
    ],
)
def test_the_planner_sees_refusals_in_every_language(reply: str) -> None:
    assert refuses(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Sure! Preheat the oven to 180 degrees and whisk the eggs.",
        "北京是中国的首都。",
        "Claro, aquí tienes una receta sencilla.",
        "Bien sûr, voici trois idées de dîner.",
        "Natürlich, hier ist eine Zusammenfassung.",
        "Конечно, вот краткий ответ.",
        "Tentu, berikut resepnya.",
    ],
)
def test_the_planner_does_not_take_answers_for_refusals(reply: str) -> None:
    assert not refuses(reply)


def test_the_evaluation_keeps_the_literatures_english_rule() -> None:
    # Evaluation numbers compare with the GCG paper's: its refusal rule stays the paper's list.
    assert not looks_like_refusal("Lo siento, no puedo ayudarte con eso.")
    assert refuses("Lo siento, no puedo ayudarte con eso.")


# A task for the assistant, one per language of the table: nothing in it is the owner's statement,
# neither a fact nor a note ("推荐几本适合四岁小孩的绘本" was kept as a note, then quoted as the answer
# to "我女儿叫什么？").
TASKS = [
    ("en", "Write a short email to my landlord saying I live in flat 4 and the heating is broken."),
    ("en", "Please recommend a café, I love quiet places."),
    ("zh", "推荐几本适合四岁小孩的绘本。"),
    ("zh", "帮我写一条请假的微信消息，说我在医院工作"),
    ("ja", "東京に住んでいる友達への手紙を書いてください。"),
    ("ko", "세 살 아이랑 갈 만한 곳 추천해 줘."),
    ("es", "Escríbeme un mensaje para mi jefe: vivo en Madrid y llego tarde."),
    ("pt", "Me ajuda a escrever um e-mail, moro em Lisboa."),
    ("fr", "Écris un message à ma sœur, j'habite à Lyon maintenant."),
    ("de", "Schreib mir bitte eine Nachricht an meinen Chef, ich wohne in Kassel."),
    ("it", "Scrivimi una mail per il mio capo, abito a Torino."),
    ("ru", "Напиши письмо начальнику, я живу в Казани."),
    ("ar", "اكتب رسالة إلى مديري، أسكن في دبي."),
    ("hi", "मेरे बॉस के लिए एक ईमेल लिखो"),
    ("th", "ช่วยเขียนอีเมลถึงหัวหน้า ผมอยู่ที่เชียงใหม่"),
    ("vi", "Viết giúp tôi một email, tôi sống ở Hà Nội."),
    ("id", "Tolong tuliskan email untuk bos saya, saya tinggal di Bandung."),
    ("tr", "Patronuma kısa bir e-posta yaz."),
]


@pytest.mark.parametrize(("lang", "text"), TASKS, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(TASKS)])
def test_a_task_for_the_assistant_states_nothing(lang: str, text: str) -> None:
    assert extract_facts(text) == []
    assert owner_note(text) == ""


def test_every_language_has_a_task_cue() -> None:
    assert {lang.code for lang in LANGUAGES} <= {lang for lang, _ in TASKS}


@pytest.mark.parametrize(
    "text",
    ["Yaz tatilinde Antalya'ya gidiyorum.", "Faz dois anos que moro em Lisboa.", "Sag ich ja: ich wohne in Kassel.",
     "ขอบคุณนะ ผมอยู่ที่เชียงใหม่", "I live in Tallinn. Can you recommend a café?"],
)  # fmt: skip
def test_look_alikes_of_a_task_still_state(text: str) -> None:
    assert extract_facts(text) or owner_note(text)


@pytest.mark.parametrize(
    "text",
    ['Summarise: "My name is Ana, I live in Porto and I work at Sonae."',
     'My sister said "I live in Paris now and I love it".',
     "他跟我说：“我叫王磊，住在成都，在一家银行工作。”",
     "友達に「私は大阪に住んでいて、猫が大好きです」と言われた。",
     "Mon collègue m'a écrit « J'habite à Lille et je travaille chez Decathlon »."],
)  # fmt: skip
def test_a_quotation_is_somebody_elses_words(text: str) -> None:
    assert extract_facts(text) == []
    assert owner_note(text) == ""


def test_a_short_quoted_name_is_a_value() -> None:
    assert extract_facts("私の猫の名前は「モチ」です。") == [(F, "私の猫の名前は「モチ」です。")]
    assert extract_facts('My cat\'s name is "Mochi".') == [(F, 'My cat\'s name is "Mochi".')]
    assert owner_note("We call our boat “Blue Heron”.") == "We call our boat “Blue Heron”."


# One language's cue word is another's ordinary word, or its own elsewhere in a clause: each of these
# was dropped whole, fact and note, before cues were held to the languages a sentence may be in.
CUE_LOOK_ALIKES = [
    "Tengo una perra que se llama Canela.",  # Italian and Portuguese "se" is "if"
    "Ho un gatto che si chiama Pepe.",  # Spanish and French "si" is "if"
    "O meu cão se chama Bolinha.",  # Portuguese's own "se", reflexive before its verb
    "Je suis si fière de ma fille.",  # French "si" as "so"
    "Cerca de mi casa hay una panadería nueva.",  # Italian "cerca" asks for a search
    "Me caso en octubre con Julián.",  # Portuguese "caso" is "in case"
]


@pytest.mark.parametrize("text", CUE_LOOK_ALIKES)
def test_a_cue_counts_only_in_the_languages_a_sentence_may_be_in(text: str) -> None:
    assert owner_note(text) == text


@pytest.mark.parametrize(
    "text",
    ["Si tuviera un jardín, plantaría tomates.", "Se eu tivesse um carro, iria a Sintra.",
     "Se avessi tempo, imparerei il violino.", "Si j'avais un chien, je l'appellerais Max.",
     "Je resterais à Lyon, si tu veux.", "Cerca una farmacia aperta vicino a me."],
)  # fmt: skip
def test_if_where_a_clause_starts_still_supposes(text: str) -> None:
    assert extract_facts(text) == []
    assert owner_note(text) == ""


@pytest.mark.parametrize(
    ("text", "codes"),
    [("Ho un gatto che si chiama Pepe.", {"it", "en"}), ("我住在成都。", {"zh", "ja"}),
     ("Kızımın adı Elif.", {"tr", "en"}), ("12:30", {lang.code for lang in LANGUAGES})],
)  # fmt: skip
def test_the_languages_a_text_may_be_in(text: str, codes: set[str]) -> None:
    assert languages_of(text) == codes
