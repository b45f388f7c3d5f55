"""The brand table and the domain rules built on it: registered domains under country suffixes,
brands named in any script, lookalikes of local brands, and domains written out without a link."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.shield.brands import BRANDS, brands_named, owned_by, registered_domain, registered_name
from assistant.shield.mail import parse_message
from assistant.shield.model import Artifact, ArtifactError
from assistant.shield.rules import HEADER_RULES, URL_RULES, lookalike, rule_hits


@pytest.mark.parametrize(
    ("domain", "registered"),
    [
        ("mail.paypal.com", "paypal.com"),
        ("www.amazon.co.uk", "amazon.co.uk"),
        ("paypal.com.br", "paypal.com.br"),
        ("hmrc.gov.uk", "hmrc.gov.uk"),
        ("paypal.com.account-check.xyz", "account-check.xyz"),
        ("localhost", "localhost"),
        ("", ""),
    ],
)
def test_registered_domain_keeps_a_country_s_second_level(domain: str, registered: str) -> None:
    assert registered_domain(domain) == registered


def test_a_domain_under_a_country_suffix_is_not_a_lookalike_of_itself() -> None:
    # With the last two labels taken as the registered domain, amazon.co.uk was "co.uk" with
    # "amazon" in a subdomain: an imitation of Amazon, on Amazon's own mail.
    for domain in ("amazon.co.uk", "www.paypal.com.br", "correios.com.br", "rakuten.co.jp"):
        assert lookalike(domain) is False, domain
    assert registered_name("www.amazon.co.uk") == "amazon"


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("correios-rastreio.com", True),  # a local brand's name with a hyphen
        ("royalmail-reschedule.uk-parcels.info", True),  # the brand in a subdomain
        ("sber-online.su", True),
        ("postnl-bezorging.nl", True),
        ("gooogle.com", True),  # one letter added
        ("paypai.com", True),  # a letter swapped for a look-alike
        ("the-coffee-shoppe.com", False),  # one edit from "shopee", but a word
        ("home-office.de", False),  # "office" is a word, not Microsoft's
        ("sparkasse-koelnbonn.de", False),  # a savings bank's own domain
        ("pineapple-recipes.com", False),
    ],
)
def test_lookalikes_of_local_and_global_brands(domain: str, expected: bool) -> None:
    assert lookalike(domain) is expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("顺丰快递：您的包裹地址不详", "sf-express"),
        ("[우체국] 택배 주소 불일치", "epost"),
        ("Ваш Сбербанк Онлайн заблокирован", "sberbank"),
        ("ไปรษณีย์ไทย: พัสดุของท่านตกค้าง", "thailandpost"),
        ("Your UPS parcel is waiting", "ups"),
        ("Apple ID locked", "apple"),
    ],
)
def test_brands_are_named_in_any_script(text: str, named: str) -> None:
    assert named in {d for brand in brands_named(text) for d in brand.domains}


def test_ordinary_words_do_not_name_brands() -> None:
    # Capitalised names match only as written; spaced scripts need whole words.
    assert brands_named("ups and downs, an apple a day, a steamy paypalooza") == []


def test_a_brand_owns_its_domains_and_its_country_s_government_suffix() -> None:
    (usps,) = brands_named("USPS")
    assert owned_by(usps, "tools.usps.com") and not owned_by(usps, "usps-help.top")
    (hmrc,) = brands_named("HMRC")
    assert owned_by(hmrc, "www.tax.service.gov.uk") and not owned_by(hmrc, "hmrc-refund.co.uk")
    (gls,) = brands_named("GLS")
    assert owned_by(gls, "gls-italy.com")  # "gls-*": every country's GLS
    assert all(brand.names for brand in BRANDS)


def test_a_domain_written_without_a_link_is_read() -> None:
    msg = parse_message("USPS: your parcel is on hold, pay $1.99 at usps-redeliver.help/track", "t")
    assert msg.links == [] and msg.written_domains == {"usps-redeliver.help"}
    assert {"lookalike_url", "brand_offsite", "written_domain", "risky_tld"} <= set(rule_hits(msg, URL_RULES))
    # File names and abbreviations are not domains.
    assert parse_message("see setup.py and notes.md, e.g. version 1.2.3", "t").written_domains == frozenset()


def test_a_brand_s_own_domain_is_not_offsite() -> None:
    own = parse_message("Your Amazon order has shipped: amazon.com/orders", "t")
    assert "brand_offsite" not in rule_hits(own, URL_RULES)
    courier = parse_message("Kerry Express: parcel from Lazada arrives today, track th.kex-express.com/x", "t")
    assert "brand_offsite" not in rule_hits(courier, URL_RULES)  # the courier named owns the link
    scam = parse_message("顺丰快递：您的包裹地址不详，请点击 sf-kuaidi.top 更新", "t")
    assert "brand_offsite" in rule_hits(scam, URL_RULES)


def test_a_display_name_in_another_script_is_a_spoof_when_the_sender_is_not_the_brand() -> None:
    spoof = parse_message(b"From: =?utf-8?b?5Lit5Zu96ZO26KGM?= <notice@mail-cn-service.top>\nSubject: x\n\nbody", "m")
    assert "display_name_spoof" in rule_hits(spoof, HEADER_RULES)  # "中国银行" from another domain
    own = parse_message(b"From: PayPal <service@paypal.co.uk>\nSubject: x\n\nbody", "m")
    assert "display_name_spoof" not in rule_hits(own, HEADER_RULES)


def test_a_model_trained_before_a_rule_was_added_still_loads(tmp_path: Path) -> None:
    """Rule weights are matched to rules by name; a model saved before the names were recorded
    lists them in today's order, new rules last, and gives the new ones no weight."""
    model = Artifact.load()
    old = len(URL_RULES) - 2  # before brand_offsite and written_domain
    model.url_coef = {kind: coef[:old].copy() for kind, coef in model.url_coef.items()}
    model.save(tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    del meta["rules"]  # as saved before
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    loaded = Artifact.load(tmp_path)
    for kind, coef in loaded.url_coef.items():
        assert coef.shape == (len(URL_RULES),)
        assert np.array_equal(coef[:old], model.url_coef[kind]) and not coef[old:].any()
    # Saved with names, in another order: each weight still lands on its rule.
    names = list(URL_RULES)[:old]
    meta["rules"] = {"url": names[::-1], "header": list(HEADER_RULES)}
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    reordered = Artifact.load(tmp_path)
    assert np.array_equal(reordered.url_coef["text"][:old], model.url_coef["text"][::-1])
    meta["rules"]["url"] = names[:-1]  # one name short of the weights
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ArtifactError, match="retrain"):
        Artifact.load(tmp_path)
