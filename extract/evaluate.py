"""Score predicted fact records against gold, with the SPEC's rules.

A prediction matches a gold record of the same doc and type whose span
overlaps it and whose value agrees (numbers within a relative 1e-6;
fractions by numerator and denominator; strings exact after NFC; entities by
label). Matching is one-to-one, greedy in span order. Predictions inside an
ignore zone, or with `in_body: false`, are not scored. On matched pairs,
attribute accuracy is reported for qualifier, unit, per, code, issuer,
issued, currency, value_max.

>>> g = [{"doc": "a", "type": "percent", "start": 0, "end": 4, "value": 100}]
>>> p = [{"doc": "a", "type": "percent", "start": 1, "end": 4, "value": 100.0}]
>>> score(g, p)["types"]["percent"]["f1"]
1.0
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

NUM_TYPES = {"count", "money", "percent", "duration", "measure"}
ATTRS = ("qualifier", "unit", "per", "code", "issuer", "issued", "currency", "value_max")


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSONL file; a bad line raises ValueError naming file and line."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{n}: bad JSON ({e.msg})") from None
    return out


def _nfc(s: Any) -> Any:
    return unicodedata.normalize("NFC", s) if isinstance(s, str) else s


def _num_eq(a: Any, b: Any) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return a == b or math.isclose(a, b, rel_tol=1e-6)


def value_matches(g: dict[str, Any], p: dict[str, Any]) -> bool:
    t = g["type"]
    if t.startswith("entity"):
        return g.get("label") == p.get("label")
    if t == "fraction":
        return _num_eq(g.get("numerator"), p.get("numerator")) and _num_eq(
            g.get("denominator"), p.get("denominator")
        )
    if t in NUM_TYPES:
        return _num_eq(g.get("value"), p.get("value"))
    gv, pv = g.get("value"), p.get("value")
    if isinstance(gv, int | float) or isinstance(pv, int | float):
        return str(gv) == str(pv)
    return _nfc(gv) == _nfc(pv)


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def in_zone(p: dict[str, Any], zones: list[dict[str, Any]]) -> bool:
    """True when `p` lies (mostly) inside one of `zones`."""
    for z in zones:
        if p["start"] >= z["start"] and p["end"] <= z["end"]:
            return True
        if _overlap(p, z):
            inside = min(p["end"], z["end"]) - max(p["start"], z["start"])
            if inside * 2 >= p["end"] - p["start"]:
                return True
    return False


def _attr_eq(a: str, gv: Any, pv: Any) -> bool:
    if a == "unit" and isinstance(gv, str) and isinstance(pv, str):
        return _nfc(gv).lower() == _nfc(pv).lower()
    if isinstance(gv, str) and isinstance(pv, str):
        return _nfc(gv) == _nfc(pv)
    if a == "value_max":
        return _num_eq(gv, pv)
    return gv == pv


def score(
    gold: list[dict[str, Any]],
    pred: list[dict[str, Any]],
    zones: list[dict[str, Any]] | None = None,
    types: list[str] | None = None,
) -> dict[str, Any]:
    """Per-type and overall precision, recall, F1, attribute accuracy, misses and false positives."""
    zone_map: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for z in zones or []:
        zone_map[z["doc"]].append(z)
    gdocs = {g["doc"] for g in gold}
    pred = [
        p for p in pred
        if p.get("doc") in gdocs and p.get("in_body", True) is not False
        and not in_zone(p, zone_map.get(p["doc"], []))
    ]
    types = types or sorted({g["type"] for g in gold})
    rows: dict[str, Any] = {}
    tot = [0, 0, 0]
    for t in types:
        G = sorted((g for g in gold if g["type"] == t), key=lambda r: (r["doc"], r["start"]))
        P = sorted((p for p in pred if p.get("type") == t), key=lambda r: (r["doc"], r["start"]))
        by_doc: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(P):
            by_doc[p["doc"]].append(i)
        used: set[int] = set()
        hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        misses = []
        for g in G:
            for i in by_doc[g["doc"]]:
                if i not in used and _overlap(g, P[i]) and value_matches(g, P[i]):
                    used.add(i)
                    for a in ATTRS:
                        if g.get(a) is not None:
                            hits[a][1] += 1
                            hits[a][0] += _attr_eq(a, g.get(a), P[i].get(a))
                    break
            else:
                misses.append(g)
        tp, fp, fn = len(used), len(P) - len(used), len(G) - len(used)
        prec = tp / (tp + fp) if tp + fp else (1.0 if not G else 0.0)
        rec = tp / (tp + fn) if tp + fn else 1.0
        rows[t] = {
            "gold": len(G), "pred": len(P), "tp": tp, "p": prec, "r": rec,
            "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
            "attrs": {a: h[0] / h[1] for a, h in sorted(hits.items()) if h[1]},
            "misses": misses,
            "false_positives": [P[i] for i in range(len(P)) if i not in used],
        }
        tot[0] += tp
        tot[1] += fp
        tot[2] += fn
    if "entity" in rows:
        rows.update(_entity_labels(gold, pred))
    tp, fp, fn = tot
    P_ = tp / (tp + fp) if tp + fp else 0.0
    R_ = tp / (tp + fn) if tp + fn else 0.0
    return {"types": rows, "overall": {"p": P_, "r": R_, "f1": 2 * P_ * R_ / (P_ + R_) if P_ + R_ else 0.0}}


def _entity_labels(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """`entity/PER`, `entity/ORG`, `entity/LOC` rows: each label scored on its own.

    Not added to the overall figures (the `entity` row already counts them).
    """
    out = {}
    for label in ("PER", "ORG", "LOC"):
        g = [dict(r, type=f"entity/{label}") for r in gold if r["type"] == "entity" and r.get("label") == label]
        p = [dict(r, type=f"entity/{label}") for r in pred if r.get("type") == "entity" and r.get("label") == label]
        if g or p:
            out[f"entity/{label}"] = score(g, p, types=[f"entity/{label}"])["types"][f"entity/{label}"]
    return out


def format_table(result: dict[str, Any], show: int = 0) -> str:
    """The score as a plain-text table (the layout of shared/tools/score.py)."""
    lines = [f"{'type':14}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>7}{'R':>7}{'F1':>7}  attributes"]
    for t, r in result["types"].items():
        at = " ".join(f"{k}={v:.2f}" for k, v in r["attrs"].items())
        lines.append(
            f"{t:14}{r['gold']:>6}{r['pred']:>6}{r['tp']:>6}{r['p']:>7.3f}{r['r']:>7.3f}{r['f1']:>7.3f}  {at}"
        )
        for g in r["misses"][:show]:
            lines.append(f"   miss {g['doc'][:12]} {g['text']!r} value={g.get('value')!r}")
        for p in r["false_positives"][:show]:
            lines.append(f"   fp   {p['doc'][:12]} {p.get('text')!r} value={p.get('value')!r}")
    o = result["overall"]
    lines.append(f"overall P={o['p']:.3f} R={o['r']:.3f} F1={o['f1']:.3f}")
    return "\n".join(lines)
