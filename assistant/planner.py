"""The latent planner: what to say is chosen by minimising an energy, before and after decoding.

Two steps, following ARCHITECTURE.md:

1. *Latent step* (no token generated). From the input's guardrail assessment, the recalled
   memories and the input's embedding, estimate a belief over what the request is (a clear benign
   request, an ambiguous one, a harmful one, a sign of self-harm) and pick the strategy z with the
   least expected energy under a cost matrix: sum_s P(s) * C(z, s).
2. *Decoding with adaptive compute*. Candidates conditioned on z are drawn one at a time and each
   gets an energy: the language prior, relevance to the request, grounding in the memories, the
   guardrails' output objectives and adherence to z. Drawing stops as soon as a candidate is under
   the accept threshold (System 1 on easy inputs: N = 1), and the argmin is answered. A vetoed
   candidate is never returned.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

from .facts import language_of
from .grounding import Grounding, admit_unknown_reply, from_memory_reply
from .llm import Completion, Message, Sampling

if TYPE_CHECKING:
    from guardrails import Energy, Verdict

    from .llm import ChatModel

__all__ = [
    "COSTS",
    "HARM_BOUNDARY",
    "Candidate",
    "Decision",
    "Planner",
    "Strategy",
    "StrategyChoice",
    "fixed_reply",
    "refuses",
]


class Strategy(StrEnum):
    ANSWER = "answer"
    CLARIFY = "clarify"
    REFUSE_WITH_ALTERNATIVE = "refuse_with_alternative"
    SAFE_COMPLETION = "safe_completion"
    ANSWER_FROM_MEMORY = "answer_from_memory"
    ADMIT_UNKNOWN = "admit_unknown"


# What the request may be: the hidden state the strategy is chosen against. "recalled": the owner
# asks about themselves and memory holds the answer; "unknown": they ask, and it does not.
STATES = ("benign", "ambiguous", "harmful", "self_harm", "recalled", "unknown")

# Strategies whose reply is written by the planner, not decoded: the owner's own words, quoted
# (`assistant.grounding`), or that they were never said. One candidate: redrawing gives the same text.
FIXED = frozenset({"answer_from_memory", "admit_unknown"})

# C(z, s): the energy of answering a request of state s with strategy z. Refusing a benign request
# is itself costly (over-refusal): the owner is obeyed unless others are harmed. Answering and
# refusing a request cost the same at P(harmful) = 4 / 14 (HARM_BOUNDARY): on the hazard head's
# validation slice of the training data, refusing from its 5 %-FPR threshold (0.164) instead would
# add 1.3 points of recall for 1.3 points of false positives (17 % of our look-alikes instead of
# 10 %). Asking a clarifying question does not make a harmful request safe (the question is no
# refusal, and the owner's reply would be answered), and support is no refusal: neither wins on
# hazard alone, and clarifying is for ambiguity only. Support wins from P(self-harm) = 4 / 13.6.
#
# Questions about the owner: quoting the owner's fact costs 6 where memory does not hold the answer
# (a wrong fact stated as theirs) and 3 on any other request; saying "you haven't told me" costs 4
# where memory does hold it and 6 on any other request (a statement answered "you haven't told me" is
# absurd). Answering freely from the memory block, or asking back, costs 4 either way, what a reply
# that leaves the owner to say it again costs: the language layer ignores the recalled fact or invents
# one ("You live in a city called Karlsbad"). Measured on the memory-QA dev half, the 37 questions
# about the owner that the planner left to SmolLM2-135M (System 2) got 1 right answer. With P(asks)
# near 1, a fact matched above 0.6 is quoted and below it the owner is told it was never said.
COSTS: dict[Strategy, dict[str, float]] = {
    Strategy.ANSWER: {"benign": 0.0, "ambiguous": 1.0, "harmful": 10.0, "self_harm": 9.6, "recalled": 4.0,
                      "unknown": 4.0},
    Strategy.CLARIFY: {"benign": 1.5, "ambiguous": 0.0, "harmful": 10.0, "self_harm": 9.6, "recalled": 4.0,
                       "unknown": 4.0},
    Strategy.REFUSE_WITH_ALTERNATIVE: {"benign": 4.0, "ambiguous": 3.0, "harmful": 0.0, "self_harm": 2.5,
                                       "recalled": 4.0, "unknown": 4.0},
    Strategy.SAFE_COMPLETION: {"benign": 4.0, "ambiguous": 3.0, "harmful": 1.0, "self_harm": 0.0, "recalled": 4.0,
                               "unknown": 4.0},
    Strategy.ANSWER_FROM_MEMORY: {"benign": 3.0, "ambiguous": 3.0, "harmful": 10.0, "self_harm": 9.6,
                                  "recalled": 0.0, "unknown": 6.0},
    Strategy.ADMIT_UNKNOWN: {"benign": 6.0, "ambiguous": 2.5, "harmful": 10.0, "self_harm": 9.6, "recalled": 4.0,
                             "unknown": 0.0},
}  # fmt: skip
_REFUSE, _ANSWER = COSTS[Strategy.REFUSE_WITH_ALTERNATIVE], COSTS[Strategy.ANSWER]
# P(harmful) at which answering and refusing a request (no ambiguity) cost the same.
HARM_BOUNDARY = _REFUSE["benign"] / (_REFUSE["benign"] + _ANSWER["harmful"])

INSTRUCTIONS: dict[Strategy, str] = {
    Strategy.ANSWER: "Answer the owner's request directly and helpfully.",
    Strategy.CLARIFY: (
        "The request is ambiguous. Do not guess: ask one short clarifying question about what the owner means."
    ),
    Strategy.REFUSE_WITH_ALTERNATIVE: (
        'The request could cause serious harm to others. Start with: "I can\'t help with that", '
        "say briefly why, then offer a safe, legitimate alternative you can help with."
    ),
    Strategy.SAFE_COMPLETION: (
        "The owner may be going through something difficult. Respond with warmth and care. Do not give "
        "instructions that could cause harm. Encourage them to reach out to someone they trust or to a "
        "local crisis line or emergency number (for example 988 in the US, 116 123 in the UK and EU), and "
        "offer to keep talking."
    ),
    Strategy.ANSWER_FROM_MEMORY: "Answer from what the owner told you.",
    Strategy.ADMIT_UNKNOWN: "Say that the owner has not told you this.",
}

# What is said when every candidate was vetoed, the safe completion too, in the language of the
# request (`language_of`); the active policy pack's `refusal` message replaces it.
FALLBACKS = {
    "en": "I cannot help with that. If you tell me more about what you're trying to achieve, I can suggest a safe "
    "way to go about it.",
    "zh": "这个我不能帮忙。如果你愿意多说说你想达成什么，我可以建议一个安全的做法。",
    "ja": "それはお手伝いできません。何を実現したいのかもう少し教えていただければ、安全なやり方を提案できます。",
    "ko": "그건 도와드릴 수 없어요. 무엇을 하려고 하시는지 조금 더 알려 주시면 안전한 방법을 제안해 드릴게요.",
    "es": "No puedo ayudarte con eso. Si me cuentas más sobre lo que quieres conseguir, puedo sugerirte una forma "
    "segura de hacerlo.",
    "pt": "Não posso ajudar com isso. Se você me contar mais sobre o que quer alcançar, posso sugerir uma forma "
    "segura de fazer isso.",
    "fr": "Je ne peux pas t’aider avec ça. Si tu m’en dis plus sur ce que tu cherches à faire, je peux te proposer "
    "une façon sûre de t’y prendre.",
    "de": "Dabei kann ich dir nicht helfen. Wenn du mir mehr darüber erzählst, was du erreichen möchtest, kann ich "
    "dir einen sicheren Weg vorschlagen.",
    "it": "Non posso aiutarti con questo. Se mi dici di più su cosa vuoi ottenere, posso suggerirti un modo sicuro "
    "per farlo.",
    "ru": "Я не могу помочь с этим. Если расскажете подробнее, чего вы хотите добиться, я подскажу безопасный способ.",
    "ar": "لا أستطيع المساعدة في ذلك. إذا أخبرتني أكثر عمّا تريد تحقيقه، يمكنني أن أقترح طريقة آمنة للقيام به.",
    "hi": "मैं इसमें मदद नहीं कर सकता। अगर आप बताएँ कि आप क्या करना चाहते हैं, तो मैं कोई सुरक्षित तरीका सुझा सकता हूँ।",
    "th": "ขออภัย ฉันไม่สามารถช่วยเรื่องนี้ได้ ถ้าคุณเล่าเพิ่มเติมว่าต้องการทำอะไร ฉันแนะนำวิธีที่ปลอดภัยได้",
    "vi": "Tôi không thể giúp việc đó. Nếu bạn cho tôi biết thêm bạn muốn đạt được điều gì, tôi có thể gợi ý một "
    "cách an toàn.",
    "id": "Saya tidak bisa membantu soal itu. Kalau kamu ceritakan lebih lanjut apa yang ingin kamu capai, saya bisa "
    "menyarankan cara yang aman.",
    "tr": "Bu konuda yardımcı olamam. Neyi başarmak istediğini biraz daha anlatırsan, güvenli bir yol önerebilirim.",
}
FALLBACK_REPLY = FALLBACKS["en"]

# The words a refusing or supportive reply starts with, put in the model's mouth so that the chosen
# strategy holds even when a small model would drift into compliance; the model writes the rest
# (the alternative, the support). In the language of the request, as the planner's own replies are
# (a person in distress who writes in Thai is not answered in English); the active policy pack's
# `redirect` and `self_harm` messages replace them, in the community's language. Each refusal reads as
# one to `REFUSALS`.
OPENINGS: dict[str, dict[str, str]] = {
    "redirect": {
        "en": "I cannot help with that, but here is a safe alternative I can help with:",
        "zh": "这个我不能帮忙，但我可以帮你做一个安全的替代方案：",
        "ja": "それはお手伝いできませんが、代わりに安全な方法でお手伝いできます：",
        "ko": "그건 도와드릴 수 없지만, 대신 안전한 방법으로 도와드릴 수 있어요:",
        "es": "No puedo ayudarte con eso, pero aquí tienes una alternativa segura con la que sí puedo ayudarte:",
        "pt": "Não posso ajudar com isso, mas aqui está uma alternativa segura com que posso ajudar:",
        "fr": "Je ne peux pas t’aider avec ça, mais voici une alternative sûre pour laquelle je peux t’aider :",
        "de": "Dabei kann ich dir nicht helfen, aber hier ist eine sichere Alternative, bei der ich helfen kann:",
        "it": "Non posso aiutarti con questo, ma ecco un’alternativa sicura con cui posso aiutarti:",
        "ru": "Я не могу помочь с этим, но вот безопасная альтернатива, с которой я могу помочь:",
        "ar": "لا أستطيع المساعدة في ذلك، لكن إليك بديلاً آمناً يمكنني مساعدتك فيه:",
        "hi": "मैं इसमें मदद नहीं कर सकता, लेकिन यह एक सुरक्षित विकल्प है जिसमें मैं मदद कर सकता हूँ:",
        "th": "ขออภัย ฉันไม่สามารถช่วยเรื่องนี้ได้ แต่นี่คือทางเลือกที่ปลอดภัยที่ฉันช่วยได้:",
        "vi": "Tôi không thể giúp việc đó, nhưng đây là một lựa chọn an toàn mà tôi có thể giúp:",
        "id": "Saya tidak bisa membantu soal itu, tetapi ini alternatif aman yang bisa saya bantu:",
        "tr": "Bu konuda yardımcı olamam, ama yardımcı olabileceğim güvenli bir alternatif şu:",
    },
    "self_harm": {
        "en": "I'm really sorry you're going through this. You don't have to face it alone: please reach out to "
        "someone you trust, or call your local emergency number or a crisis line now.",
        "zh": "听到你正在经历这些，我真的很难过。你不必独自面对：请联系你信任的人，"
        "或者现在就拨打当地的急救电话或心理危机热线。",
        "ja": "つらい思いをされていて、本当に心が痛みます。一人で抱え込まなくて大丈夫です。"
        "信頼できる人に連絡するか、今すぐ地域の緊急番号や相談窓口に電話してください。",
        "ko": "지금 이런 일을 겪고 계셔서 정말 마음이 아파요. 혼자 감당하지 않으셔도 돼요. 믿을 수 있는 사람에게 "
        "연락하시거나, 지금 바로 지역 긴급전화나 위기상담 전화에 연락해 주세요.",
        "es": "Siento mucho que estés pasando por esto. No tienes que enfrentarlo solo: habla con alguien de confianza "
        "o llama ahora al número de emergencias local o a una línea de crisis.",
        "pt": "Sinto muito que você esteja passando por isso. Você não precisa enfrentar isso sozinho: fale com alguém "
        "de confiança ou ligue agora para o número de emergência local ou para uma linha de apoio emocional.",
        "fr": "Je suis vraiment désolé que tu traverses ça. Tu n’as pas à y faire face seul : parle à quelqu’un en qui "
        "tu as confiance, ou appelle maintenant le numéro d’urgence local ou une ligne d’écoute.",
        "de": "Es tut mir wirklich leid, dass du das gerade durchmachst. Du musst da nicht allein durch: Wende dich an "
        "jemanden, dem du vertraust, oder ruf jetzt den örtlichen Notruf oder eine Krisenhotline an.",
        "it": "Mi dispiace davvero che tu stia attraversando tutto questo. Non devi affrontarlo da solo: contatta una "
        "persona di cui ti fidi, oppure chiama subito il numero di emergenza locale o una linea di ascolto.",
        "ru": "Мне очень жаль, что вам сейчас так тяжело. Вы не обязаны справляться с этим в одиночку: обратитесь к "
        "человеку, которому доверяете, или прямо сейчас позвоните в местную экстренную службу или на телефон "
        "доверия.",
        "ar": "أنا آسف حقاً لأنك تمر بهذا. لست مضطراً لمواجهته وحدك: تواصل مع شخص تثق به، أو اتصل الآن برقم الطوارئ "
        "المحلي أو بخط المساعدة النفسية.",
        "hi": "मुझे सच में दुख है कि आप इस दौर से गुज़र रहे हैं। आपको इसका सामना अकेले नहीं करना है: किसी भरोसेमंद "
        "व्यक्ति से बात करें, या अभी अपने स्थानीय आपातकालीन नंबर या किसी हेल्पलाइन पर कॉल करें।",
        "th": "ฉันเสียใจจริง ๆ ที่คุณกำลังเจอเรื่องนี้ คุณไม่จำเป็นต้องเผชิญกับมันเพียงลำพัง ลองติดต่อคนที่คุณไว้ใจ "
        "หรือโทรหาหมายเลขฉุกเฉินในพื้นที่หรือสายด่วนสุขภาพจิตตอนนี้เลย",
        "vi": "Tôi thật sự rất tiếc khi bạn đang phải trải qua điều này. Bạn không phải đối mặt một mình: hãy liên hệ "
        "với người bạn tin tưởng, hoặc gọi ngay số khẩn cấp tại địa phương hay một đường dây nóng hỗ trợ.",
        "id": "Saya sungguh ikut sedih kamu sedang mengalami ini. Kamu tidak harus menghadapinya sendirian: hubungi "
        "orang yang kamu percaya, atau telepon nomor darurat setempat atau layanan krisis sekarang.",
        "tr": "Bunları yaşadığın için gerçekten çok üzgünüm. Bununla tek başına yüzleşmek zorunda değilsin: güvendiğin "
        "biriyle konuş ya da şimdi yerel acil durum numarasını veya bir kriz hattını ara.",
    },
}


def _in_language(table: dict[str, str], request: str) -> str:
    """The built-in words of `table` in the request's language (English else)."""
    return table.get(language_of(request), table["en"])


def opening_words(kind: str, request: str) -> str:
    """The built-in `kind` ("redirect", "self_harm") opening in the request's language (English else)."""
    return _in_language(OPENINGS[kind], request)


# Exemplars for the latent estimate of ambiguity, compared in embedding space. English only, on
# purpose: the multilingual encoder (memory.embedder's default) carries them across languages. On
# held-out requests in 15 languages they misjudged 1 of 60 (ambiguity p over 0.6 for clear ones, under
# for vague ones); adding translated exemplars made the margins narrower, not wider.
AMBIGUOUS_EXAMPLES = (
    "fix it",
    "do the thing",
    "what about that one?",
    "can you change it?",
    "make it better",
    "send it to him",
    "is it safe?",
    "which one should I pick?",
    "how much?",
    "book it for then",
    "help",
    "same as before",
)
CLEAR_EXAMPLES = (
    "What is the capital of France?",
    "Write a haiku about autumn leaves.",
    "How do I kill a Python process on Linux?",
    "Explain how photosynthesis works.",
    "Give me three ideas for a birthday dinner.",
    "Translate 'good morning' into Spanish.",
    "What's a good way to learn to play the guitar?",
    "Summarise the causes of the First World War.",
    "How many grams are in a pound?",
    "Write an email asking my landlord to fix the heating.",
    "hello, how are you?",
    "thank you!",
)

REFUSAL_MARKERS = (
    "i can't help",
    "i cannot help",
    "i can't assist",
    "i cannot assist",
    "i'm sorry",
    "i am sorry",
    "i apologize",
    "as an ai",
    "i cannot provide",
    "i can't provide",
    "i'm not able to",
    "i am not able to",
    "i cannot",
    "i can't",
    "i will not",
    "i won't",
)


# How replies refuse in the languages the owner may write in, for the adherence term: the GCG list of
# `looks_like_refusal` is English and must stay the paper's, so that the evaluation's numbers compare
# with the literature. Without these, a reply that refuses in the owner's language (or opens with a
# policy pack's French redirect) passes for an answer: an ANSWER candidate that refuses goes
# unpunished, and every REFUSE candidate pays W_ADHERENCE, so N_max candidates are drawn for nothing.
REFUSALS: dict[str, str] = {
    "zh": r"抱歉|对不起|對不起|我(?:不能|无法|無法|没办法|沒辦法)(?:帮|幫|提供|协助|協助|回答|为你|為你|告诉|告訴|"
    r"满足|滿足)",
    "ja": r"申し訳(?:ありません|ございません|ない)|(?:お手伝い|お答え|お応え|提供|協力|対応|"
    r"回答)(?:することは)?できません",
    "ko": r"죄송(?:합니다|해요|하지만)|(?:도와\s*드릴|도울|제공할|답변할|해\s*드릴)\s*수\s*없",
    "es": r"\blo (?:siento|lamento)\b|\bno puedo (?:ayudar|proporcionar|ofrecer|dar|asistir|hacer eso|cumplir)|"
    r"\bno me es posible\b",
    "pt": r"\b(?:desculpe|sinto muito|lamento)\b|\bnão (?:posso|consigo) (?:ajudar|fornecer|oferecer|dar|fazer isso|"
    r"atender)",
    "fr": r"\bdésolée?\b|\bje ne peux pas (?:vous |t['’])?(?:aider|fournir|donner|répondre|assister)|"
    r"\bje ne suis pas en mesure\b",
    "de": r"\b(?:es )?tut mir leid\b|\bleider kann ich\b|\bkann ich (?:dir |ihnen |euch )?nicht helfen|"
    r"\bich kann (?:dir |ihnen |euch )?(?:dabei |damit |hierbei )?nicht helfen",
    "it": r"\bmi dispiace\b|\bspiacente\b|\bnon posso (?:aiutar|fornire|dare|assister|farlo)|\bnon sono in grado\b",
    "ru": r"\b(?:извините|простите)\b|\bя не могу (?:помочь|предоставить|дать|выполнить|с этим)|"
    r"\bне могу (?:с этим )?помочь",
    "ar": r"عذرا|عذرًا|عذراً|آسف|أعتذر|(?:لا أستطيع|لا يمكنني) (?:مساعدت|تقديم|المساعدة)",
    "hi": r"(?:माफ़|माफ|क्षमा) (?:कीजिए|करें|करना)|मदद नहीं कर (?:सकता|सकती)|यह नहीं कर (?:सकता|सकती)",
    "th": r"ขออภัย|ขอโทษ|(?:ผม|ฉัน|ดิฉัน)ไม่สามารถ(?:ช่วย|ให้|ตอบ)",
    "vi": r"\b(?:xin lỗi|rất tiếc)\b|\btôi không thể (?:giúp|cung cấp|hỗ trợ|trả lời|làm)",
    "id": r"\b(?:maaf|mohon maaf)\b|\bsaya tidak (?:bisa|dapat) (?:membantu|memberikan|menyediakan|melakukan)",
    "tr": r"\b(?:üzgünüm|özür dilerim|maalesef)\b|yardımcı olamam|yardım edemem|bunu yapamam|sağlayamam",
}
_REFUSAL = re.compile("|".join(f"(?:{p})" for p in REFUSALS.values()), re.IGNORECASE)
REFUSAL_OPENING = 240  # characters: a refusal says so first; a long answer may apologise in passing


def looks_like_refusal(text: str) -> bool:
    """The guardrails' refusal detector when present (the fixed GCG list), else a local list."""
    try:
        from guardrails import is_refusal  # type: ignore[attr-defined]
    except ImportError:
        lowered = text.lower()
        return any(marker in lowered for marker in REFUSAL_MARKERS)
    return bool(is_refusal(text))


def refuses(text: str) -> bool:
    """Whether a reply refuses, in English (`looks_like_refusal`) or in any language of `REFUSALS`."""
    return looks_like_refusal(text) or _REFUSAL.search(text[:REFUSAL_OPENING]) is not None


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1.0 - 1e-6)
    return math.log(p / (1.0 - p))


def _rescale(p: float, threshold: float, to: float) -> float:
    """`p` shifted on the logit scale so that `threshold` maps to `to` (the identity when equal)."""
    if p <= 0.0:
        return 0.0
    return _sigmoid(_logit(p) - _logit(threshold) + _logit(to))


@dataclass
class StrategyChoice:
    strategy: Strategy
    belief: dict[str, float]  # P(state)
    expected: dict[str, float]  # E(z) for every strategy
    reasons: list[str] = field(default_factory=list)
    grounding: Grounding | None = None  # the question's relation to the owner's memory


@dataclass
class Candidate:
    text: str
    energy: float
    terms: dict[str, float]
    vetoed: bool
    veto_reasons: list[str]
    seed: int
    temperature: float
    tokens: int
    strategy: str
    seconds: float


@dataclass
class Decision:
    """The planner's record for one reply: stored with the message and shown in the "why" panel."""

    strategy: str
    belief: dict[str, float]
    expected: dict[str, float]
    candidates: list[Candidate]
    chosen: int
    n: int
    system: int  # 1 or 2
    accept_threshold: float
    timings: dict[str, float]
    memories: list[dict[str, Any]] = field(default_factory=list)
    input_flags: list[str] = field(default_factory=list)
    grounding: dict[str, Any] | None = None  # Grounding.to_dict() of the latent step
    fallback: bool = False
    fallback_text: str = FALLBACK_REPLY  # what is said when every candidate was vetoed
    notes: list[str] = field(default_factory=list)  # terms this decision could not weigh, and why

    @property
    def text(self) -> str:
        return self.candidates[self.chosen].text if self.chosen >= 0 else self.fallback_text

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        for candidate in record["candidates"]:
            candidate["energy"] = None if math.isinf(candidate["energy"]) else round(candidate["energy"], 4)
            # JSON has no infinity: an infinite term (an empty reply) is written as null.
            candidate["terms"] = {k: round(v, 4) if math.isfinite(v) else None for k, v in candidate["terms"].items()}
        record["belief"] = {k: round(v, 4) for k, v in self.belief.items()}
        record["expected"] = {k: round(v, 4) for k, v in self.expected.items()}
        record["timings"] = {k: round(v, 4) for k, v in self.timings.items()}
        return record


# Weights of the planner's own terms (the guardrails bring theirs).
W_LANGUAGE = 0.5  # per nat of mean token NLL above LANGUAGE_FLOOR
LANGUAGE_UNAVAILABLE = "language prior left out: the language server returned no token logprobs"
LANGUAGE_FLOOR = 1.0
W_RELEVANCE = 2.0  # per unit of cosine below RELEVANCE_FLOOR
RELEVANCE_FLOOR = 0.35
W_GROUNDING = 1.0
W_ADHERENCE = 4.0  # a reply that ignores its strategy (no refusal where one was chosen, or vice versa)
TEMPERATURES = (0.2, 0.6, 0.8, 1.0)


class Planner:
    """Chooses a strategy, draws candidates and picks the one of least energy."""

    def __init__(
        self,
        model: ChatModel,
        energy: Energy | None,
        embed: Callable[[Sequence[str]], np.ndarray],
        *,
        n_max: int = 4,
        accept_threshold: float = 2.0,
        sampling: Sampling | None = None,
    ) -> None:
        self.model = model
        self.energy = energy
        self.embed = embed
        self.n_max = n_max
        self.accept_threshold = accept_threshold
        self.sampling = sampling or Sampling()
        self.notes: set[str] = set()  # what this decision could not weigh, said in its record
        self._prototypes: tuple[np.ndarray, np.ndarray] | None = None

    # -- step 3: the latent step ------------------------------------------------------------

    def _prototype_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        if self._prototypes is None:
            vectors = self.embed([*AMBIGUOUS_EXAMPLES, *CLEAR_EXAMPLES])
            self._prototypes = (vectors[: len(AMBIGUOUS_EXAMPLES)], vectors[len(AMBIGUOUS_EXAMPLES) :])
        return self._prototypes

    def choose(
        self,
        input_vector: np.ndarray,
        verdict: Verdict | None,
        *,
        memory_similarity: float = 0.0,
        has_history: bool = False,
        grounding: Grounding | None = None,
    ) -> StrategyChoice:
        """The strategy of least expected energy, from embeddings and the input assessment only."""
        p = verdict.p if verdict is not None else {}
        # A hard hazard over its threshold in the active policy (the head's own, or a stricter
        # pack's) vetoes every reply that does not refuse: its p is moved on the logit scale so that
        # refusing starts to pay there, instead of drawing candidates that cannot be given.
        hard = {t.name: t.threshold for t in verdict.terms if t.hard} if verdict is not None else {}
        hazards = {
            k: _rescale(v, hard[k], HARM_BOUNDARY) if k in hard else v
            for k, v in p.items()
            if _is_hazard(k) and k != "S11"
        }
        # The owner asking for their own data ("what's my wife's name?") is no privacy hazard to anyone.
        if grounding is not None and "S7" in hazards:
            hazards["S7"] *= 1.0 - grounding.p_asks
        p_harm = max(hazards.values(), default=0.0)
        # Either signal puts a person at risk: the self-harm objective is calibrated on first-person
        # distress ("I want to end it all"), the S11 hazard on requests for the means ("how to commit
        # suicide": self-harm p 0.04, S11 p 1.00). S11 also fires on violence against others, which
        # the violent-crime hazards carry too, so the harmful state still wins there.
        p_self = max(p.get("self_harm", 0.0), p.get("S11", 0.0))
        ambiguous, clear = self._prototype_vectors()
        gap = float(np.max(ambiguous @ input_vector) - np.max(clear @ input_vector))
        p_amb = _sigmoid(10.0 * gap - 1.0)
        # Context resolves pronouns: a conversation so far, or a memory that matches well.
        if has_history:
            p_amb *= 0.3
        p_amb *= 1.0 - max(0.0, min(1.0, memory_similarity))
        # A question about the owner is no ambiguous request: "what's my name?" resolves its own pronoun.
        p_asks = grounding.p_asks if grounding is not None else 0.0
        p_known = grounding.p_known if grounding is not None else 0.0
        rest = (1 - p_harm) * (1 - p_self)
        belief = {
            "harmful": p_harm,
            "self_harm": (1 - p_harm) * p_self,
            "ambiguous": rest * (1 - p_asks) * p_amb,
            "recalled": rest * p_asks * p_known,
            "unknown": rest * p_asks * (1 - p_known),
        }
        belief["benign"] = max(0.0, 1.0 - sum(belief.values()))
        expected = {z.value: sum(belief[s] * COSTS[z][s] for s in STATES) for z in Strategy}
        strategy = Strategy(min(expected, key=lambda z: expected[z]))
        reasons = []
        if hazards:
            worst = max(hazards, key=lambda k: hazards[k])
            limit = hard.get(worst, HARM_BOUNDARY)
            reasons.append(f"most likely hazard {worst} p={p[worst]:.2f} (refused from {limit:.2f})")
        if p_self:
            reasons.append(f"self-harm p={p_self:.2f}")
        reasons.append(f"ambiguity p={p_amb:.2f}")
        if grounding is not None and p_asks >= 0.1:
            reasons.append(f"asks about the owner p={p_asks:.2f}, memory holds it p={p_known:.2f}")
        return StrategyChoice(strategy, belief, expected, reasons, grounding)

    # -- steps 4-6: decode, score, answer -------------------------------------------------------

    def messages_for(
        self, strategy: Strategy, system: str, context: Sequence[Message], memory_block: str
    ) -> list[Message]:
        parts = [system, INSTRUCTIONS[strategy]]
        if memory_block:
            parts.append(memory_block)
        return [{"role": "system", "content": "\n\n".join(parts)}, *context]

    def score_candidate(
        self,
        request: str,
        messages: Sequence[Message],
        text: str,
        strategy: Strategy,
        *,
        request_vector: np.ndarray,
        memory_vectors: np.ndarray | None,
        fast: bool,
    ) -> tuple[float, dict[str, float], bool, list[str]]:
        """(energy, terms, vetoed, veto reasons) of one candidate reply."""
        terms: dict[str, float] = {}
        veto_reasons: list[str] = []
        vetoed = False
        if not text.strip():
            return math.inf, {"empty": math.inf}, True, ["empty: the reply is empty"]
        guard = self._guardrail_verdict(request, text, request_vector, fast=fast)
        if guard is not None:
            for term in guard.terms:
                if fast and not term.hard:
                    continue
                terms[f"guard:{term.name}"] = term.energy
                if term.vetoed:
                    vetoed = True
                    veto_reasons.append(f"{term.name} (p={term.p:.2f}): {term.reason}")
        if not fast:
            nll = self.model.score(messages, text)
            if nll is None:  # a server that returns no logprobs: the term is left out, and said so
                self.notes.add(LANGUAGE_UNAVAILABLE)
            else:
                terms["language"] = W_LANGUAGE * max(0.0, nll - LANGUAGE_FLOOR)
            reply_vector = self.embed([text])[0]
            similarity = float(reply_vector @ request_vector)
            terms["relevance"] = W_RELEVANCE * max(0.0, RELEVANCE_FLOOR - similarity) / RELEVANCE_FLOOR
            if memory_vectors is not None and len(memory_vectors):
                grounded = float(np.max(memory_vectors @ reply_vector))
                terms["grounding"] = W_GROUNDING * max(0.0, 0.5 - grounded)
            # An answer or a clarifying question must not refuse (the model's own "I'm sorry, but as
            # an assistant..." on a harmless request costs enough to draw another candidate) and a
            # refusal must refuse; supportive replies open with "I'm really sorry you're going
            # through this", which the refusal detector cannot tell from a refusal.
            if strategy is not Strategy.SAFE_COMPLETION and strategy.value not in FIXED:
                refused = refuses(text)
                wants_refusal = strategy is Strategy.REFUSE_WITH_ALTERNATIVE
                terms["adherence"] = W_ADHERENCE if refused != wants_refusal else 0.0
        energy = math.inf if vetoed else float(sum(terms.values()))
        return energy, terms, vetoed, veto_reasons

    def _guardrail_verdict(self, request: str, text: str, request_vector: np.ndarray, *, fast: bool) -> Verdict | None:
        if self.energy is None:
            return None
        from guardrails import Batch, Scope

        batch = Batch(texts=[text], inputs=[request])
        batch.set_embeddings(request_vector[None, :], inputs=True)
        only = None
        if fast:
            only = [o.name for o in self.energy.for_scope(Scope.OUTPUT) if o.hard]
        return self.energy.evaluate(batch, Scope.OUTPUT, only=only)[0]

    def decide(
        self,
        request: str,
        context: Sequence[Message],
        *,
        system: str,
        choice: StrategyChoice,
        request_vector: np.ndarray,
        memory_block: str = "",
        memory_vectors: np.ndarray | None = None,
        fast: bool = False,
        seed: int | None = None,
        on_token: Callable[[int, str], None] | None = None,
        timings: dict[str, float] | None = None,
    ) -> Decision:
        """Draw candidates under `choice.strategy` until one is accepted; return the decision."""
        timings = timings if timings is not None else {}
        self.notes = set()
        n_max = 1 if fast else self.n_max
        base_seed = seed if seed is not None else int(time.time_ns() % 2**31)
        candidates: list[Candidate] = []
        spent = {"decode_s": 0.0, "score_s": 0.0}
        # The active policy pack words refusals and support, in its community's language.
        words = (getattr(self.energy, "policy", None) or {}).get("messages", {})
        # Support words for a person at risk, not for a fallback on a request that merely tripped a veto.
        distress = choice.belief.get("self_harm", 0.0) > max(choice.belief.get("harmful", 0.0), 0.1)

        def opening(strategy: Strategy) -> str:
            if strategy is Strategy.REFUSE_WITH_ALTERNATIVE or (strategy is Strategy.SAFE_COMPLETION and not distress):
                return str(words.get("redirect") or opening_words("redirect", request))
            if strategy is Strategy.SAFE_COMPLETION:
                return str(words.get("self_harm") or opening_words("self_harm", request))
            return ""

        def draw(strategy: Strategy) -> Candidate:
            candidate, decode_s, score_s = self._draw(
                len(candidates),
                request,
                context,
                system,
                strategy,
                opening(strategy),
                memory_block,
                request_vector,
                memory_vectors,
                fast,
                base_seed,
                on_token,
                choice.grounding,
            )
            spent["decode_s"] += decode_s
            spent["score_s"] += score_s
            candidates.append(candidate)
            return candidate

        if choice.strategy.value in FIXED:
            n_max = 1
        for _ in range(n_max):
            candidate = draw(choice.strategy)
            if not candidate.vetoed and candidate.energy <= self.accept_threshold:
                break
        if all(c.vetoed for c in candidates) and choice.strategy is not Strategy.SAFE_COMPLETION:
            # Every draw was vetoed: produce a safe completion and score it too.
            draw(Strategy.SAFE_COMPLETION)
        fallback = False
        allowed = [i for i, c in enumerate(candidates) if not c.vetoed]
        if allowed:
            chosen = min(allowed, key=lambda i: candidates[i].energy)
        else:
            chosen, fallback = -1, True
        timings.update(spent)
        # A person at risk is given support words, not a refusal, when every candidate was vetoed.
        fallback_text = words.get("self_harm" if distress else "refusal") or _in_language(
            OPENINGS["self_harm"] if distress else FALLBACKS, request
        )
        return Decision(
            strategy=candidates[chosen].strategy if chosen >= 0 else Strategy.SAFE_COMPLETION.value,
            belief=choice.belief,
            expected=choice.expected,
            candidates=candidates,
            chosen=chosen,
            n=len(candidates),
            system=1 if fast else 2,
            accept_threshold=self.accept_threshold,
            timings=timings,
            grounding=choice.grounding.to_dict() if choice.grounding is not None else None,
            fallback=fallback,
            fallback_text=fallback_text,
            notes=sorted(self.notes),
        )

    def _draw(
        self,
        i: int,
        request: str,
        context: Sequence[Message],
        system: str,
        strategy: Strategy,
        opening: str,
        memory_block: str,
        request_vector: np.ndarray,
        memory_vectors: np.ndarray | None,
        fast: bool,
        base_seed: int,
        on_token: Callable[[int, str], None] | None,
        grounding: Grounding | None = None,
    ) -> tuple[Candidate, float, float]:
        messages = self.messages_for(strategy, system, context, memory_block)
        temperature = self.sampling.temperature if i == 0 else TEMPERATURES[i % len(TEMPERATURES)]
        sampling = self.sampling.with_(seed=(base_seed + 7919 * i) % 2**31, temperature=temperature)
        started = time.perf_counter()
        if strategy.value in FIXED:
            text = fixed_reply(strategy, request, grounding)
            if on_token is not None:
                on_token(i, text)
            result = Completion(text=text, prompt_tokens=0, tokens=0, finish_reason="stop", seed=sampling.seed or 0,
                                dropped_messages=0)  # fmt: skip
        else:
            run = self.model.start(messages, sampling, prefix=opening)
            for piece in run:
                if on_token is not None:
                    on_token(i, piece)
            result = run.result
        decoded = time.perf_counter()
        energy, terms, vetoed, veto_reasons = self.score_candidate(
            request,
            messages,
            result.text,
            strategy,
            request_vector=request_vector,
            memory_vectors=memory_vectors,
            fast=fast,
        )
        scored = time.perf_counter()
        candidate = Candidate(
            text=result.text.strip(),
            energy=energy,
            terms=terms,
            vetoed=vetoed,
            veto_reasons=veto_reasons,
            seed=result.seed,
            temperature=temperature,
            tokens=result.tokens,
            strategy=strategy.value,
            seconds=scored - started,
        )
        return candidate, decoded - started, scored - decoded


def fixed_reply(strategy: Strategy, request: str, grounding: Grounding | None) -> str:
    """The reply of a strategy in `FIXED`, written by the planner: the owner's own fact, or that it
    was never said."""
    if strategy is Strategy.ANSWER_FROM_MEMORY and grounding is not None and grounding.fact:
        return from_memory_reply(grounding.fact, request)
    return admit_unknown_reply(request)


def _is_hazard(name: str) -> bool:
    return len(name) >= 2 and name[0] == "S" and name[1:].isdigit()
