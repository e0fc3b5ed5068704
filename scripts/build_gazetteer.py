"""Build `extract/data/gazetteer.json` from the packages installed in the venv.

Sources (both offline, shipped inside their wheels):

- underthesea `address/data/mapping.json`: the 63 provinces before the 2025
  reorganisation, their districts and communes, and the commune and province
  each one became;
- vietnam-provinces `data/flat-divisions.json`: the 34 provinces and 3,321
  communes after it.

Run once after upgrading either package::

    .venv/bin/python scripts/build_gazetteer.py

The output is compact (lists, not objects) so that `extract.gazetteer` loads
it in a few milliseconds; nothing is built at run time.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.normalize import normalize  # noqa: E402

# Longest first: `Thành phố` before `Thị` matters for `Thị xã`/`Thị trấn`.
KINDS = ("Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Huyện", "Quận", "Phường", "Xã", "Tỉnh")


def split_kind(full: str) -> tuple[str, str]:
    """'Huyện Đại Từ' -> ('huyện', 'Đại Từ'); names without a kind word keep ''."""
    full = normalize(full.strip())[0]
    for k in KINDS:
        if full.startswith(k + " "):
            return k.lower(), full[len(k) + 1 :].strip()
    return "", full


def build() -> dict:
    import underthesea
    import vietnam_provinces

    mp = json.loads(
        (Path(underthesea.__file__).parent / "address" / "data" / "mapping.json").read_text("utf-8")
    )
    flat = json.loads(vietnam_provinces.FLAT_DIVISIONS_JSON_PATH.read_text("utf-8"))
    nested = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text("utf-8"))

    new_short = {k: normalize(v["short"])[0] for k, v in mp["province_names"].items()}
    old_short = {k: normalize(v["short"])[0] for k, v in mp["old_province_names"].items()}
    old_kind = {k: split_kind(v["name"])[0] for k, v in mp["old_province_names"].items()}

    provinces = [
        [old_short[k], new_short[mp["province_mapping"][k]], old_kind[k]] for k in old_short
    ]
    new_provinces = []
    for p in nested:
        kind, name = split_kind(p["name"])
        new_provinces.append([name, kind or ("thành phố" if "thành phố" in p["division_type"] else "tỉnh")])

    districts: set[tuple[str, str, str]] = set()
    communes_old = []
    seen_old = set()
    parts_of_new: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in mp["ward_mapping"]:
        prov = old_short[r["old_province_key"]]
        dkind, dname = split_kind(r["old_district"])
        if dname:
            districts.add((dname, dkind, prov))
        wkind, wname = split_kind(r["old_ward"])
        nkind, nname = split_kind(r["new_ward"])
        newprov = new_short[r["new_province_key"]]
        if nname:
            parts_of_new[(nname, newprov)][prov] += 1
        if not wname:
            continue
        key = (wname, dname, prov)
        if key in seen_old:  # a divided commune: keep its default successor
            if not r.get("is_default"):
                continue
            communes_old[:] = [c for c in communes_old if tuple(c[i] for i in (0, 2, 3)) != key]
        seen_old.add(key)
        communes_old.append([wname, wkind, dname, prov, nname, newprov])

    communes_new = []
    for w in flat:
        kind, name = split_kind(w["name"])
        prov = split_kind(w["province_name"])[1]
        olds = parts_of_new.get((name, prov))
        old_prov = olds.most_common(1)[0][0] if olds else ""
        communes_new.append([name, kind, prov, old_prov])

    return {
        "sources": {
            "underthesea": underthesea.__version__ if hasattr(underthesea, "__version__") else "",
            "underthesea_mapping": mp["metadata"],
            "vietnam_provinces": vietnam_provinces.__version__,
        },
        "provinces": provinces,  # [name, name after 2025, kind]
        "new_provinces": new_provinces,  # [name, kind]
        "districts": [list(d) for d in sorted(districts)],  # [name, kind, province]
        # [name, kind, district, province, commune after 2025, province after 2025]
        "communes_old": communes_old,
        "communes_new": communes_new,  # [name, kind, province after 2025, main province before]
    }


def main() -> None:
    data = build()
    out = ROOT / "extract" / "data" / "gazetteer.json"
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(
        f"{out}: {len(data['provinces'])} provinces -> {len(data['new_provinces'])}, "
        f"{len(data['districts'])} districts, {len(data['communes_old'])} communes -> "
        f"{len(data['communes_new'])}, {out.stat().st_size // 1024} KiB"
    )


if __name__ == "__main__":
    main()
