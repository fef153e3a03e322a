"""Figures every throughput benchmark prints: percentiles, medians over interleaved runs, one table row."""

from __future__ import annotations

import statistics
from typing import Any


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(q * (len(values) - 1))))]


def summary(runs: list[dict[str, Any]], extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """Median over runs of each run's rate, p50, p95, max and late messages, plus the ``extra`` counters."""
    def med(f: Any) -> float:
        return statistics.median(f(r) for r in runs)
    out = {"n": runs[0]["n"], "rate": med(lambda r: r["n"] / r["wall"]),
           "rates": [r["n"] / r["wall"] for r in runs],
           "p50": med(lambda r: statistics.median(r["lat"]) * 1000),
           "p95": med(lambda r: pct(r["lat"], 0.95) * 1000), "max": med(lambda r: max(r["lat"]) * 1000),
           "late": med(lambda r: r.get("late", 0))}
    for key in extra:
        out[key] = med(lambda r, k=key: r.get(k, 0))
    return out


def row(name: str, r: dict[str, Any], echo_rate: float | None, extra: tuple[tuple[str, int], ...] = ()) -> str:
    """One line of the results table; ``extra`` are (key, width) columns after "late"."""
    share = f"{100 * r['rate'] / echo_rate:5.0f}%" if echo_rate else "    —"
    spread = "/".join(f"{x:.0f}" for x in r["rates"])
    cols = "".join(f" {r[k]:>{w}.0f}" for k, w in extra)
    return (f"{name:<22} {r['n']:>6} {r['rate']:>10.1f} {share:>8} {r['p50']:>9.1f} {r['p95']:>9.1f} "
            f"{r['max']:>9.1f} {r['late']:>5.0f}{cols}   {spread}")
