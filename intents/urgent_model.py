"""The trained half of the urgent-notice recogniser (round 7): a small classifier beside the rules of intents.urgent.

    urgent_model_category(text) -> "radiation" | "fire" | "violence" | "collapse" | None

Two ``underthesea_core.TextClassifier`` models on the folded words and word bigrams (the same input with and without
diacritics): a detector (urgent / none) that raises the alarm when its score for "urgent" is at least
``URGENT_THRESHOLD``, and a situation model (radiation / fire / violence / collapse, trained on the urgent paraphrases
only) that names the situation, which decides the notice shown to the citizen. Parameters and threshold were chosen
by cross-validation on the development material (``python -m intents.tune --urgent``; character n-grams of the words
lowered recall at the same false-alarm rate). Trained by ``pakn nlu train`` (intents.train.train_urgent) on the development
paraphrase sets 1, 2, 4 and 6 against the training lines and the development look-alikes, never on the held-out sets.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import MODEL_DIR
from .normalize import folded

URGENT_MODEL_FILE = "urgent.bin"  # the detector: "urgent" / "none"
SITUATION_MODEL_FILE = "urgent_situation.bin"  # which situation, for a message the detector raised
URGENT_CLF_PARAMS = {"max_features": 60000, "ngram_range": (1, 2), "c": 1.0, "max_iter": 1000, "tol": 0.1}
# the detector's score for "urgent" at or above which it raises the alarm: the lowest threshold of the 5-fold
# cross-validation on the development material whose false alarms stay <= 0.2 % of the training lines and <= 2 % of
# the development look-alikes (intents/data/README.md, round 7)
URGENT_THRESHOLD = 0.54
_DIGITS_RE = re.compile(r"\d+")


def urgent_features(text: str) -> str:
    """Classifier input: the folded words, digits as one token."""
    return " ".join(_DIGITS_RE.sub(" xxso ", folded(text or "")).split())


@lru_cache(maxsize=1)
def load_urgent_model():
    """(detector, situation model), or None when `pakn nlu train` has not built them."""
    paths = [MODEL_DIR / URGENT_MODEL_FILE, MODEL_DIR / SITUATION_MODEL_FILE]
    if not all(p.exists() for p in paths):
        return None
    from underthesea_core import TextClassifier

    return tuple(TextClassifier.load(str(p)) for p in paths)


def reset_urgent_model() -> None:
    load_urgent_model.cache_clear()


def _urgent_score(models, x: str) -> float:  # noqa: ANN001 - (detector, situation model)
    label, score = models[0].predict_with_score(x)
    return float(score) if label == "urgent" else 1.0 - float(score)


def urgent_model_score(text: str) -> float:
    """The detector's score for "urgent" (0.0 without a model)."""
    models = load_urgent_model()
    if models is None or not (text or "").strip():
        return 0.0
    return _urgent_score(models, urgent_features(text))


def urgent_model_category(text: str, threshold: float = URGENT_THRESHOLD) -> str | None:
    """The situation, when the detector's score reaches the threshold; None otherwise."""
    models = load_urgent_model()
    if models is None or not (text or "").strip():
        return None
    x = urgent_features(text)
    if _urgent_score(models, x) < threshold:
        return None
    return str(models[1].predict(x))
