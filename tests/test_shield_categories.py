"""The baseline pack's incoming categories, scam and manipulation, as the shield reports them.

Real components: the shipped baseline pack, the shipped shield model and guardrails heads, the real
MiniLM embedder. The categories are reasons, never verdicts, and they score incoming content only.
"""

from __future__ import annotations

import pytest

from assistant.shield import DELIVER, Shield, external_objectives
from assistant.shield.datasets import is_eval
from guardrails import Batch, GuardrailsConfig, Scope, default_energy
from guardrails._policy import load_pack

CATEGORIES = {"scam", "manipulation"}
# A row of the SMS Spam Collection's TRAINING side of the hash split (checked below): a prize claim
# on a premium-rate number with a 12-hour deadline.
TRAIN_SCAM_SMS = (
    "URGENT! Your Mobile number has been awarded with a £2000 prize GUARANTEED. Call 09058094455 from land "
    "line. Claim 3030. Valid 12hrs only"
)
# Written for these tests.
BANK_NOTICE = (
    "Hi Sam, your salary of 2,140.00 has been paid into your current account ending 0932. "
    "Open the app to see your balance."
)
FRIEND = "Hey, are you around on Saturday? Could you help me carry the new bookshelf upstairs? I'll owe you a beer"
OWNER_QUESTION = "How do phishing scams work, and how can I help my parents spot them?"


@pytest.fixture(scope="module")
def shields() -> tuple[Shield, Shield]:
    """The shield as the CLI runs it (guardrails' incoming objectives), and with its own terms only."""
    guarded = Shield(external=external_objectives(GuardrailsConfig()))
    return guarded, Shield(guarded.artifact)


def test_the_baseline_pack_scores_them_on_incoming_content_only() -> None:
    pack = load_pack("baseline")
    assert set(pack.categories) >= CATEGORIES
    for name in CATEGORIES:
        category = pack.categories[name]
        assert category.scopes == frozenset({Scope.INCOMING}) and not category.hard
        assert len(category.positive) >= 25 and len(category.negative) >= 25
    assert pack.categories["manipulation"].title == "Manipulation (pressure tactics)"


def test_a_scam_sms_is_flagged_as_a_reason_while_the_spam_terms_decide(shields: tuple[Shield, Shield]) -> None:
    assert not is_eval(TRAIN_SCAM_SMS)  # training side of the split, never evaluation data
    guarded, own_only = shields
    [result] = guarded.scan_texts([TRAIN_SCAM_SMS])
    [baseline] = own_only.scan_texts([TRAIN_SCAM_SMS])
    terms = {t.name: t for t in result.terms}
    assert terms["scam"].flagged and not terms["scam"].vetoed, terms["scam"]
    assert result.verdict == baseline.verdict != DELIVER
    [line] = [r for r in result.reasons if r.startswith("scam ")]
    assert "Scam: likely" in line, line
    # The spam evidence, which decided, is listed before a category that did not act; the one-line
    # summary (`broca shield` without --json) still names the category after its first reasons.
    assert result.reasons[0].split(" ")[0] not in CATEGORIES, result.reasons
    summary = result.summary(limit=1)
    assert summary[0] == result.reasons[0] and line in summary


def test_benign_notifications_and_friends_are_not_flagged(shields: tuple[Shield, Shield]) -> None:
    guarded, own_only = shields
    for result, baseline in zip(
        guarded.scan_texts([BANK_NOTICE, FRIEND]), own_only.scan_texts([BANK_NOTICE, FRIEND]), strict=True
    ):
        flagged = {t.name for t in result.terms if t.flagged}
        assert not flagged & CATEGORIES, result.reasons
        assert result.verdict == baseline.verdict == DELIVER
        # Under their threshold they are not listed: a prototype score is no reason on its own.
        assert not any(r.split(" ")[0] in CATEGORIES for r in result.reasons), result.reasons


def test_the_owner_asking_about_scams_is_not_scored_by_them() -> None:
    energy = default_energy(GuardrailsConfig())
    assert {o.name for o in energy.for_scope(Scope.INCOMING)} >= CATEGORIES
    for scope in (Scope.INPUT, Scope.OUTPUT):
        assert not CATEGORIES & {o.name for o in energy.for_scope(scope)}
    [verdict] = energy.evaluate(Batch(texts=[OWNER_QUESTION]), Scope.INPUT)
    assert not CATEGORIES & {t.name for t in verdict.terms}
