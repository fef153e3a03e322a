"""NLU benchmark: dev-split quality (vs a keyword-only baseline), latency, load time, predict throughput.

    .venv/bin/python bench/nlu.py [--quick]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents.evaluate import evaluate  # noqa: E402
from intents.model import DATA_DIR, keyword_intent, keyword_kind, keyword_topic  # noqa: E402
from intents.train import read_jsonl  # noqa: E402

TARGETS = {"intent_macro_f1": 0.95, "kind_acc": 0.90, "topic_acc": 0.90}


class _KW:
    def __init__(self, text: str):
        self.intent = keyword_intent(text)
        self.kind = keyword_kind(text)
        self.topic = keyword_topic(text)


def _summary(rep: dict) -> dict:
    out = {}
    for variant in ("plain", "stripped"):
        r = rep[variant]
        out[variant] = {"intent_macro_f1": r["intent"]["macro_f1"], "intent_acc": r["intent"]["accuracy"],
                        "kind_acc": r["kind"]["accuracy"], "topic_acc": r["topic"]["accuracy"]}
    return out


def _profile():
    try:
        from bot.profile import load_profile

        return load_profile("so-khcn")
    except Exception:
        return None


def load_time() -> float:
    code = ("import time; t=time.perf_counter(); import intents; from intents.model import load_models; "
            "load_models(); intents.understand('xin chào'); print(time.perf_counter()-t)")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(res.stdout.strip().splitlines()[-1])


def latency(texts: list[str], profile, rounds: int = 3) -> tuple[float, float]:
    from intents import understand

    for t in texts[:50]:
        understand(t, profile)
    samples = []
    for _ in range(rounds):
        for t in texts:
            t0 = time.perf_counter()
            understand(t + " ", profile)  # defeat the normalisation cache
            samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def throughput(texts: list[str], n: int = 10_000) -> tuple[float, int]:
    lines = [texts[i % len(texts)] + ("" if i < len(texts) else f" {i}") for i in range(n)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "intents.cli", "predict"], input=data, capture_output=True,
                         cwd=ROOT, env=env, check=True)
    dt = time.perf_counter() - t0
    out_lines = res.stdout.decode("utf-8").splitlines()
    return n / dt, len(out_lines)


def main() -> None:
    quick = "--quick" in sys.argv
    dev = read_jsonl(DATA_DIR / "dev.jsonl")
    profile = _profile()
    result: dict = {}
    sets = [("dev", dev)]
    ff_path = DATA_DIR / "dev_freeform.jsonl"
    if ff_path.exists():
        sets.append(("dev_freeform", read_jsonl(ff_path)))
    for name, rows in sets:
        model = _summary(evaluate(rows, profile))
        base = _summary(evaluate(rows, understand_fn=lambda t, p=None: _KW(t)))
        n_pet = sum(1 for r in rows if r["intent"] == "petition")
        print(f"{name}: {len(rows)} examples ({n_pet} petitions)")
        print(f"{'':28s}{'model':>10s}{'stripped':>10s}{'keywords':>10s}{'kw strip':>10s}{'target':>8s}")
        for key in ("intent_macro_f1", "intent_acc", "kind_acc", "topic_acc"):
            tgt = TARGETS.get(key)
            print(f"{key:28s}{model['plain'][key]:10.4f}{model['stripped'][key]:10.4f}"
                  f"{base['plain'][key]:10.4f}{base['stripped'][key]:10.4f}{(f'{tgt:.2f}' if tgt else ''):>8s}")
        gaps = {k: round(model["plain"][k] - model["stripped"][k], 4) for k in TARGETS}
        print(f"diacritics gap (plain - stripped): {gaps}")
        if name == "dev":
            result.update({"quality": model, "keyword_baseline": base})
        else:
            result[name] = {"quality": model, "keyword_baseline": base}

    from intents import INTENT_CONFIDENT, KIND_CONFIDENT, TOPIC_CONFIDENT, understand

    us = [(r, understand(r["text"], profile)) for r in dev]
    for field, th in (("intent", INTENT_CONFIDENT), ("kind", KIND_CONFIDENT), ("topic", TOPIC_CONFIDENT)):
        pairs = [(getattr(u, f"{field}_score"), getattr(u, field) == r[field]) for r, u in us
                 if field == "intent" or (r["intent"] == "petition" and r.get(field))]
        hi = [ok for s, ok in pairs if s >= th]
        print(f"{field}: threshold {th:.2f} -> confident on {len(hi) / len(pairs):.1%} of messages, "
              f"accuracy there {sum(hi) / max(1, len(hi)):.4f}")

    texts = [r["text"] for r in dev]
    lt = load_time()
    p50, p99 = latency(texts, profile)
    print(f"model load + first call (fresh process): {lt * 1000:.0f} ms")
    print(f"understand() latency: p50 {p50:.3f} ms  p99 {p99:.3f} ms")
    result.update({"load_s": round(lt, 3), "p50_ms": round(p50, 3), "p99_ms": round(p99, 3)})
    if not quick:
        tp, n_out = throughput(texts)
        print(f"`pakn nlu predict` throughput over 10,000 lines: {tp:.0f} lines/s ({n_out} lines out)")
        result["predict_lines_per_s"] = round(tp)
    print("JSON " + json.dumps(result))


if __name__ == "__main__":
    main()
