"""Intent from MiniLM sentence vectors: a small softmax classifier trained, when the process
first needs it, on the vectors of the example utterances (recognise/examples.py); it takes well
under a second on one core. A command whose vector is far from every example (below FLOOR) is
`unknown` whatever the classifier says."""

from __future__ import annotations

import threading

import numpy as np

from assistant.recognise.examples import EXAMPLES
from mentors.matching import embeddings

INTENTS = tuple(EXAMPLES)
FLOOR = 0.3
_EPOCHS = 1000
_RATE = 5.0
_L2 = 1e-4


class _Classifier:
    def __init__(self) -> None:
        texts = [text.lower() for values in EXAMPLES.values() for text in values]
        labels = np.array([i for i, values in enumerate(EXAMPLES.values()) for _ in values])
        self.vectors = embeddings.embed(texts).astype(np.float32)
        onehot = np.eye(len(INTENTS), dtype=np.float32)[labels]
        weights = np.zeros((self.vectors.shape[1], len(INTENTS)), dtype=np.float32)
        bias = np.zeros(len(INTENTS), dtype=np.float32)
        # Plain batch gradient descent on the cross-entropy: a few hundred examples, 384 inputs.
        for _ in range(_EPOCHS):
            probabilities = _softmax(self.vectors @ weights + bias)
            error = (probabilities - onehot) / len(texts)
            weights -= _RATE * (self.vectors.T @ error + _L2 * weights)
            bias -= _RATE * error.sum(axis=0)
        self.weights, self.bias = weights, bias

    def classify(self, text: str) -> tuple[str, float]:
        vector = embeddings.embed_one(text.lower()).astype(np.float32)
        nearest = float((self.vectors @ vector).max())
        if nearest < FLOOR:
            return "unknown", 0.0
        probabilities = _softmax(vector @ self.weights + self.bias)
        best = int(probabilities.argmax())
        return INTENTS[best], float(probabilities[best])


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=-1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=-1, keepdims=True)


_classifier: _Classifier | None = None
_lock = threading.Lock()


def _get() -> _Classifier:
    global _classifier
    if _classifier is None:
        with _lock:
            if _classifier is None:
                _classifier = _Classifier()
    return _classifier


def classify(text: str) -> tuple[str, float]:
    """(intent, the classifier's probability for it)."""
    if not text.strip():
        return "unknown", 0.0
    return _get().classify(text)
