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


FREEFORM_DEV_FILES = ("dev_freeform.jsonl", "dev_freeform_ubnd-xa.jsonl", "dev_freeform_so-khcn.jsonl")
URGENT_POSITIVE_REPEAT = 10  # each development paraphrase (and its copy without diacritics) counts this many times


def urgent_rows(data_dir: Path = DATA_DIR) -> list[tuple[str, str, str]]:
    """(text, label, group) for the urgent classifier, DEVELOPMENT material only: the urgent paraphrase sets 1, 2, 4
    and 6 (label = the situation) against the training lines of every intent and the development look-alikes (label
    "none"), each as typed and with the diacritics stripped (same group). Never the held-out sets 3 and 5, the held-out
    look-alikes or the free-form dev sets (a training line that equals a free-form dev line once folded, "chao buoi
    sang", is left out: those sets measure the false alarms). Training lines on which the rules fire are left out too:
    most report a radioactive source out of place, which the bot treats as urgent, so they are not negatives."""
    from .data.freeform_commune import URGENT_HELD_OUT, URGENT_PARAPHRASES
    from .data.urgent_round5 import NOT_URGENT_DEV, URGENT_SET4
    from .data.urgent_round6 import NOT_URGENT_ROUND6_DEV, URGENT_SET6
    from .normalize import strip_diacritics
    from .urgent import rule_category

    out: list[tuple[str, str, str]] = []

    def add(text: str, label: str, group: str) -> None:
        for t in dict.fromkeys((text, strip_diacritics(text))):
            out.append((t, label, group))

    for no, table in ((1, URGENT_PARAPHRASES), (2, URGENT_HELD_OUT), (4, URGENT_SET4), (6, URGENT_SET6)):
        for j, (text, cat) in enumerate(table):
            add(text, cat, f"u{no}:{j}")
    for no, lines in ((5, NOT_URGENT_DEV), (6, NOT_URGENT_ROUND6_DEV)):
        for j, text in enumerate(lines):
            add(text, "none", f"n{no}:{j}")
    freeform = {strip_diacritics(r["text"]).lower() for name in FREEFORM_DEV_FILES
                for r in read_jsonl(data_dir / name)}
    for r in read_jsonl(data_dir / "train.jsonl"):
        text = r["text"]
        if strip_diacritics(text).lower() in freeform:
            continue
        if rule_category(text) or rule_category(strip_diacritics(text)):
            continue
        add(text, "none", r.get("group") or text)
    return out


def fit_urgent(rows: list[tuple[str, str, str]], params: dict | None = None):
    """(detector "urgent"/"none", situation model over the urgent rows only)."""
    from underthesea_core import TextClassifier

    from .urgent_model import URGENT_CLF_PARAMS, urgent_features

    xs: list[str] = []
    ys: list[str] = []
    sx: list[str] = []
    sy: list[str] = []
    for text, label, _g in rows:
        x = urgent_features(text)
        if label != "none":
            sx.append(x)
            sy.append(label)
        for _ in range(1 if label == "none" else URGENT_POSITIVE_REPEAT):
            xs.append(x)
            ys.append("none" if label == "none" else "urgent")
    detector = TextClassifier(**dict(URGENT_CLF_PARAMS, **(params or {})))
    detector.fit(xs, ys)
    situation = TextClassifier(**dict(URGENT_CLF_PARAMS, **(params or {})))
    situation.fit(sx, sy)
    return detector, situation


def train_urgent(out_dir: Path = MODEL_DIR, data_dir: Path = DATA_DIR) -> dict:
    """Rebuild intents/model/urgent.bin and urgent_situation.bin (the urgent classifier beside the rules)."""
    from .urgent_model import SITUATION_MODEL_FILE, URGENT_MODEL_FILE, reset_urgent_model

    rows = urgent_rows(data_dir)
    detector, situation = fit_urgent(rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    detector.save(str(out_dir / URGENT_MODEL_FILE))
    situation.save(str(out_dir / SITUATION_MODEL_FILE))
    reset_urgent_model()
    return {"n_urgent_rows": len(rows), "n_urgent_positive": sum(1 for _t, y, _g in rows if y != "none")}


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
    meta["urgent"] = train_urgent(out_dir, data_dir)
    (out_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    reset_models()
    meta["seconds"] = round(time.perf_counter() - t0, 2)
    return meta
