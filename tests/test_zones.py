"""Zones: boilerplate and repeats, on written examples and on the seeds' gold."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from extract.normalize import normalize
from extract.zones import find_zones

CORPUS = Path(__file__).resolve().parent / "corpus" / "zones"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _examples() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CORPUS.glob("*.toml")):
        for ex in tomllib.loads(path.read_text(encoding="utf-8"))["example"]:
            out.append((f"{path.stem}: {ex['name']}", ex))
    return out


EXAMPLES = _examples()


@pytest.mark.parametrize("ex", [e for _, e in EXAMPLES], ids=[n for n, _ in EXAMPLES])
def test_corpus(ex: dict) -> None:
    text, _ = normalize(ex["text"])
    zones = find_zones(text)
    for s in ex["zoned"]:
        i = text.rindex(s)
        assert any(z.start <= i and i + len(s) <= z.end for z in zones), (s, zones)
    for s in ex["body"]:
        i = text.index(s)
        assert not any(z.start < i + len(s) and i < z.end for z in zones), (s, zones)


def test_zones_sorted_disjoint_and_trimmed() -> None:
    text, _ = normalize("\n\n".join(ex["text"] for _, ex in EXAMPLES))
    zones = find_zones(text)
    assert all(a.end < b.start for a, b in zip(zones, zones[1:], strict=False))
    for z in zones:
        assert text[z.start:z.end] == text[z.start:z.end].strip()
        assert z.why


def test_no_zones_in_plain_text() -> None:
    text = (
        "Năm 2024, huyện mở 12 lớp bồi dưỡng cho 600 cán bộ.\n"
        "Kinh phí thực hiện là 1,2 tỷ đồng, tăng 15% so với năm trước.\n"
        "Huyện phấn đấu đến năm 2026 có 100% cán bộ cấp xã đạt chuẩn."
    )
    assert find_zones(text) == []


def _char_scores() -> tuple[int, int, int]:
    zones_path = SHARED / "gold" / "seeds.zones.jsonl"
    if not zones_path.exists():
        pytest.skip("shared gold not available")
    gold: dict[str, list[tuple[int, int]]] = {}
    for line in zones_path.read_text(encoding="utf-8").splitlines():
        z = json.loads(line)
        gold.setdefault(z["doc"], []).append((z["start"], z["end"]))
    tp = fp = fn = 0
    for path in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        text, m = normalize(raw)
        pred = {i for z in find_zones(text) for i in range(m[z.start], m[z.end]) if not raw[i].isspace()}
        want = {i for s, e in gold.get(path.stem, []) for i in range(s, e) if not raw[i].isspace()}
        tp += len(pred & want)
        fp += len(pred - want)
        fn += len(want - pred)
    return tp, fp, fn


def test_seeds_against_gold_zones() -> None:
    """Char-level precision and recall of the zones against the seeds' gold."""
    tp, fp, fn = _char_scores()
    assert tp / (tp + fp) >= 0.9
    assert tp / (tp + fn) >= 0.9
