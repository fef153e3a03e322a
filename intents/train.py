"""Training: `pakn nlu train [--feedback FILE]` rebuilds intents/model/ from intents/data/train.jsonl."""

from __future__ import annotations

import json
import time
from pathlib import Path

from .model import (
    CLF_PARAMS,
    DATA_DIR,
    FIELD_PARAMS,
    FIELDS,
    MODEL_DIR,
    base_features,
    field_features,
    reset_models,
)


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def feedback_rows(path: Path) -> list[dict]:
    """Staff reclassifications: {"text","intent":"petition","kind","topic","source":"feedback"}."""
    out = []
    for r in read_jsonl(path):
        if not r.get("text") or not r.get("intent"):
            continue
        out.append({"text": r["text"], "intent": r["intent"], "kind": r.get("kind"), "topic": r.get("topic"),
                    "source": r.get("source", "feedback")})
    return out


# class weighting for the intent model: the small intents are repeated so the SVM does not sacrifice them
INTENT_REPEAT: dict[str, int] = {}


def training_sets(rows: list[dict], feedback_weight: int = 3) -> dict[str, tuple[list[str], list[str]]]:
    sets: dict[str, tuple[list[str], list[str]]] = {f: ([], []) for f in FIELDS}
    for r in rows:
        rep = feedback_weight if r.get("source") == "feedback" else 1
        b = base_features(r["text"])
        for _ in range(rep * INTENT_REPEAT.get(r["intent"], 1)):
            sets["intent"][0].append(field_features(b, "intent"))
            sets["intent"][1].append(r["intent"])
        for _ in range(rep):
            if r["intent"] == "petition" and r.get("kind"):
                sets["kind"][0].append(field_features(b, "kind"))
                sets["kind"][1].append(r["kind"])
            if r.get("topic") and (r["intent"] == "petition" or r.get("topic") != "khac"):
                sets["topic"][0].append(field_features(b, "topic"))
                sets["topic"][1].append(r["topic"])
    return sets


def fit(rows: list[dict], params: dict | None = None):
    from underthesea_core import TextClassifier

    models = {}
    for f, (xs, ys) in training_sets(rows).items():
        clf = TextClassifier(**dict(CLF_PARAMS, **FIELD_PARAMS.get(f, {}), **(params or {})))
        clf.fit(xs, ys)
        models[f] = clf
    return models


def train(feedback: Path | None = None, out_dir: Path = MODEL_DIR, data_dir: Path = DATA_DIR) -> dict:
    t0 = time.perf_counter()
    rows = read_jsonl(data_dir / "train.jsonl")
    n_fb = 0
    if feedback:
        fb = feedback_rows(feedback)
        n_fb = len(fb)
        rows.extend(fb)
    models = fit(rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    for f, clf in models.items():
        clf.save(str(out_dir / f"{f}.bin"))
    meta = {"n_train": len(rows), "n_feedback": n_fb, "params": {k: list(v) if isinstance(v, tuple) else v
                                                                 for k, v in CLF_PARAMS.items()},
            "field_params": FIELD_PARAMS,
            "classes": {f: list(m.classes) for f, m in models.items()}}
    (out_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    reset_models()
    meta["seconds"] = round(time.perf_counter() - t0, 2)
    return meta
