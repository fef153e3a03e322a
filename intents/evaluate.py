"""Evaluation figures: accuracy, macro-F1, confusion matrix, with and without diacritics."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .normalize import strip_diacritics


def macro_f1(gold: list[str], pred: list[str]) -> float:
    labels = sorted(set(gold))
    if not labels:
        return 0.0
    f1s = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / len(f1s)


def accuracy(gold: list[str], pred: list[str]) -> float:
    return sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold) if gold else 0.0


def confusion(gold: list[str], pred: list[str]) -> dict[str, dict[str, int]]:
    labels = sorted(set(gold) | set(pred))
    c = Counter(zip(gold, pred, strict=True))
    return {g: {p: c[(g, p)] for p in labels if c[(g, p)]} for g in labels}


def _field_report(rows: list[dict], preds: list[Any], field: str) -> dict[str, Any] | None:
    pairs = []
    for r, u in zip(rows, preds, strict=True):
        if field == "intent":
            if r.get("intent"):
                pairs.append((r["intent"], u.intent))
        elif r.get(field) and r.get("intent", "petition") == "petition":
            pairs.append((r[field], getattr(u, field)))
    if not pairs:
        return None
    gold = [g for g, _ in pairs]
    pred = [p for _, p in pairs]
    return {"n": len(pairs), "accuracy": round(accuracy(gold, pred), 4), "macro_f1": round(macro_f1(gold, pred), 4),
            "confusion": confusion(gold, pred)}


def evaluate(rows: list[dict], profile: Any = None, understand_fn=None) -> dict[str, Any]:
    """Figures per field (intent; kind/topic on petition rows that carry them), plain and diacritics-stripped."""
    if understand_fn is None:
        from .nlu import understand as understand_fn
    out: dict[str, Any] = {"n": len(rows)}
    for variant in ("plain", "stripped"):
        texts = [r.get("text", "") if variant == "plain" else strip_diacritics(r.get("text", "")) for r in rows]
        preds = [understand_fn(t, profile) for t in texts]
        out[variant] = {f: rep for f in ("intent", "kind", "topic") if (rep := _field_report(rows, preds, f))}
    return out


def format_report(rep: dict[str, Any], confusion_for: tuple[str, ...] = ("intent", "kind", "topic")) -> str:
    lines = [f"examples: {rep['n']}"]
    for variant in ("plain", "stripped"):
        title = "as written" if variant == "plain" else "diacritics stripped"
        lines.append(f"== {title}")
        for f, r in rep[variant].items():
            lines.append(f"  {f:7s} n={r['n']:5d}  accuracy={r['accuracy']:.4f}  macro-F1={r['macro_f1']:.4f}")
        if variant == "plain":
            for f in confusion_for:
                if f not in rep[variant]:
                    continue
                conf = rep[variant][f]["confusion"]
                labels = sorted(set(conf) | {p for row in conf.values() for p in row})
                short = [lab[:8] for lab in labels]
                lines.append(f"  confusion ({f}; rows gold, columns predicted)")
                lines.append("    " + " " * 22 + " ".join(f"{s:>8s}" for s in short))
                for g in labels:
                    cells = " ".join(f"{conf.get(g, {}).get(p, 0):8d}" for p in labels)
                    lines.append(f"    {g:22s}{cells}")
    return "\n".join(lines)
