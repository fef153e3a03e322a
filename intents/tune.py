"""Choose the SVM C value by group k-fold cross-validation on TRAIN only (never on dev / free-form dev).

    .venv/bin/python -m intents.tune [--folds 5] [--c 0.25,0.35,0.5,0.7,1.0]

Folds are whole groups (a petition situation together with the status questions built from it, one grammar
pattern, one hand-written line with its noisy copy), so a fold's validation lines share no situation or pattern
with the lines the fold was trained on - the same discipline as the train/dev split. Scores are the raw model's
(macro-F1 for intent, accuracy for kind and topic), without the rules of nlu.py.
"""

from __future__ import annotations

import argparse
import re
import statistics
import zlib

from .evaluate import accuracy, macro_f1
from .model import CLF_PARAMS, DATA_DIR, FIELDS, base_features, field_features
from .train import read_jsonl


def situation_group(group: str) -> str:
    """Lines generated from one petition situation share a fold: "stpet012" (status about it) -> "pet012"."""
    return re.sub(r"^stpet", "pet", group or "")


def fold_of(group: str, k: int) -> int:
    return zlib.crc32(situation_group(group).encode()) % k


def _field_rows(rows: list[dict], bases: list, field: str) -> list[tuple[int, str, str]]:
    out = []
    for i, (r, b) in enumerate(zip(rows, bases, strict=True)):
        if field == "intent":
            y = r["intent"]
        elif field == "kind":
            y = r.get("kind") if r["intent"] == "petition" else None
        else:
            y = r.get("topic") if (r["intent"] == "petition" or r.get("topic") != "khac") else None
        if y:
            out.append((i, field_features(b, field), y))
    return out


def cross_validate(rows: list[dict], cs: list[float], k: int = 5, fields: tuple[str, ...] = FIELDS) -> dict:
    """{field: {C: [score per fold]}}."""
    from underthesea_core import TextClassifier

    bases = [base_features(r["text"]) for r in rows]
    folds = [fold_of(r.get("group", ""), k) for r in rows]
    out: dict[str, dict[float, list[float]]] = {}
    for field in fields:
        data = _field_rows(rows, bases, field)
        out[field] = {}
        for c in cs:
            scores = []
            for f in range(k):
                tr = [(x, y) for i, x, y in data if folds[i] != f]
                va = [(x, y) for i, x, y in data if folds[i] == f]
                clf = TextClassifier(**dict(CLF_PARAMS, c=c))
                clf.fit([x for x, _ in tr], [y for _, y in tr])
                pred = list(clf.predict_batch([x for x, _ in va]))
                gold = [y for _, y in va]
                scores.append(macro_f1(gold, pred) if field == "intent" else accuracy(gold, pred))
            out[field][c] = scores
    return out


def urgent_cross_validate(k: int = 5, cs: tuple[float, ...] = (1.0,),
                          thresholds: tuple[float, ...] = (0.5, 0.52, 0.54, 0.56, 0.58, 0.6, 0.65, 0.7)) -> None:
    """The urgent detector's threshold (and C), by group k-fold cross-validation on its DEVELOPMENT rows only
    (train.urgent_rows: paraphrase sets 1, 2, 4, 6 against the training lines and the development look-alikes; a
    paraphrase and its copy without diacritics share a fold). Prints, per C and threshold, the detector's own recall on
    the held-back paraphrases (and how often the situation model names the right situation there), and its false
    alarms on the held-back training lines and look-alikes. The rule is: the lowest threshold whose false alarms stay
    <= 0.2 % of the training lines and <= 2 % of the look-alikes."""
    from .train import fit_urgent, urgent_rows
    from .urgent_model import urgent_features

    rows = urgent_rows()
    folds = [zlib.crc32(g.encode()) % k for _t, _y, g in rows]
    feats = [urgent_features(t) for t, _y, _g in rows]
    pos = [i for i, (_t, y, _g) in enumerate(rows) if y != "none"]
    neg_la = [i for i, (_t, y, g) in enumerate(rows) if y == "none" and g[:2] in ("n5", "n6")]
    neg_tr = [i for i, (_t, y, g) in enumerate(rows) if y == "none" and i not in set(neg_la)]
    print(f"{len(rows)} rows: {len(pos)} urgent, {len(neg_tr)} training lines, {len(neg_la)} look-alikes")
    for c in cs:
        score = [0.0] * len(rows)
        situation = [""] * len(rows)
        for f in range(k):
            det, sit = fit_urgent([r for r, fo in zip(rows, folds, strict=True) if fo != f], {"c": c})
            for i in (i for i, fo in enumerate(folds) if fo == f):
                lab, sc = det.predict_with_score(feats[i])
                score[i] = float(sc) if lab == "urgent" else 1.0 - float(sc)
                situation[i] = str(sit.predict(feats[i]))
        right = sum(1 for i in pos if situation[i] == rows[i][1])
        print(f"C={c:g}: situation model right on {right}/{len(pos)} = {right / len(pos):.3f} of the held-back "
              "paraphrases")
        for th in thresholds:
            hit = sum(1 for i in pos if score[i] >= th)
            hit_sit = sum(1 for i in pos if score[i] >= th and situation[i] == rows[i][1])
            fa_tr = sum(1 for i in neg_tr if score[i] >= th)
            fa_la = sum(1 for i in neg_la if score[i] >= th)
            print(f"  th {th:.2f}: detector recall {hit / len(pos):.3f} (right situation {hit_sit / len(pos):.3f}); "
                  f"false alarms training lines {fa_tr}/{len(neg_tr)} = {fa_tr / len(neg_tr):.4f}, "
                  f"look-alikes {fa_la}/{len(neg_la)} = {fa_la / len(neg_la):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--urgent", action="store_true", help="the urgent detector's threshold, on its development rows "
                                                          "(default C 1.0 unless --c is given)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", default="0.25,0.35,0.5,0.7,1.0")
    ap.add_argument("--fields", default="intent,kind,topic")
    args = ap.parse_args()
    if args.urgent:
        cs = "1.0" if args.c == ap.get_default("c") else args.c
        urgent_cross_validate(args.folds, tuple(float(x) for x in cs.split(",")))
        return
    rows = read_jsonl(DATA_DIR / "train.jsonl")
    cs = [float(x) for x in args.c.split(",")]
    res = cross_validate(rows, cs, args.folds, tuple(args.fields.split(",")))
    for field, by_c in res.items():
        metric = "macro-F1" if field == "intent" else "accuracy"
        print(f"{field} ({metric}, {args.folds}-fold by group, train only)")
        best = max(by_c, key=lambda c: statistics.mean(by_c[c]))
        for c, s in by_c.items():
            mark = "  <- best" if c == best else ""
            print(f"  C={c:<5g} mean {statistics.mean(s):.4f}  sd {statistics.pstdev(s):.4f}{mark}")


if __name__ == "__main__":
    main()
