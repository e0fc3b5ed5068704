"""Vietnamese administrative units before and after the 2025 reorganisation.

Older articles name the 63 provinces and their districts and communes; newer
ones the 34 provinces and their communes. Every `Place` carries both: the
province it belonged to before 2025 (`province`) and the one it is in after
(`province_new`), so that a question about today's province finds articles
about its former parts.

Data: `extract/data/gazetteer.json`, built offline from underthesea's
old-to-new address mapping and the vietnam-provinces package by
`scripts/build_gazetteer.py`; spellings the packages lack are in
`rules/gazetteer_extra.toml`. Loaded once, on first use.

>>> [(p.name, p.level, p.province_new) for p in lookup("tỉnh Hà Giang")]
[('Hà Giang', 'province', 'Tuyên Quang')]
>>> fold("Thanh Hóa")
'thanh hoa'
>>> sorted(expand_province("Bắc Ninh"))
['Bắc Giang', 'Bắc Ninh']
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import regex

from .normalize import normalize_text
from .resources import load_rules

DATA = Path(__file__).resolve().parent / "data" / "gazetteer.json"

LEVELS = ("province", "district", "commune", "country", "region")


@dataclass(frozen=True)
class Place:
    """One named unit. `province`/`province_new` are None for countries and regions."""

    name: str
    level: str  # province, district, commune (administrative), country, region
    province: str | None  # pre-2025 province (one of 63)
    province_new: str | None  # post-2025 province (one of 34)
    kind: str = ""  # category word: tỉnh, thành phố, huyện, quận, thị xã, xã, phường...
    district: str | None = None  # pre-2025 district of a commune
    era: str = "both"  # "before" (abolished in 2025), "after" (created in 2025), "both"


class _FoldTable(dict):
    """`str.translate` table of `fold`, filled one character at a time as met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            out = "d"
        else:
            base = unicodedata.normalize("NFD", ch)[0].lower()
            out = base if len(base) == 1 else ch
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(s: str) -> str:
    """Accent- and case-insensitive form: `Đắk Lắk` -> `dak lak`.

    One character in gives one character out for NFC input, so offsets in
    a folded copy of a text are offsets in the text.

    >>> fold("Huyện ĐẠI TỪ")
    'huyen dai tu'
    """
    return unicodedata.normalize("NFC", s).translate(_FOLD)


_PUNCT = regex.compile(r"[^\p{L}\p{N}]+")


@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """Lookup key: folded, punctuation as one space (`Bà Rịa-Vũng Tàu` = `Bà Rịa - Vũng Tàu`)."""
    return _PUNCT.sub(" ", fold(name)).strip()


@lru_cache(maxsize=1 << 14)
def spelling(name: str) -> str:
    """Key that keeps the accents: `Bỉ` and `Bị` differ, `Bà Rịa-Vũng Tàu` = `bà rịa - vũng tàu`."""
    return _PUNCT.sub(" ", normalize_text(name).lower()).strip()


@cache
def _categories() -> list[tuple[str, str]]:
    cats = load_rules("gazetteer_extra")["categories"]
    return sorted(((key(k), v) for k, v in cats.items()), key=lambda kv: -len(kv[0]))


def strip_category(name: str) -> tuple[str, str]:
    """('huyện', 'Đại Từ') from 'huyện Đại Từ'; ('', name) without a category word.

    >>> strip_category("TP. Hồ Chí Minh")
    ('tp', 'Hồ Chí Minh')
    """
    name = normalize_text(name.strip())
    k = key(name)
    for cat, _level in _categories():
        if k.startswith(cat + " "):
            # cut as many letters/digits from the original as the folded category has
            want = len(cat.replace(" ", ""))
            i = seen = 0
            while i < len(name) and seen < want:
                if name[i].isalnum():
                    seen += 1
                i += 1
            rest = name[i:].lstrip(" .")
            if rest:
                return cat, rest
    return "", name


class Gazetteer:
    """The loaded tables and their indexes (one instance, see `gazetteer()`)."""

    def __init__(self, data: dict, extra: dict):
        self.index: dict[str, list[Place]] = defaultdict(list)
        self.new_of: dict[str, str] = {}  # old province -> new province
        self.parts: dict[str, set[str]] = defaultdict(set)  # new province -> old provinces
        self.kind_of: dict[str, str] = {}
        for name, new, kind in data["provinces"]:
            self.new_of[name] = new
            self.parts[new].add(name)
            self.kind_of[name] = kind
        new_names = {n for n, _k in data["new_provinces"]}
        for name, new, kind in data["provinces"]:
            era = "both" if name in new_names else "before"
            self._add(Place(name, "province", name, new, kind, None, era))
        for name, dkind, prov in data["districts"]:
            self._add(Place(name, "district", prov, self.new_of.get(prov), dkind, None, "before"))
        after = {(n, p) for n, _k, p, _o in data["communes_new"]}
        for name, wkind, dist, prov, new_ward, new_prov in data["communes_old"]:
            era = "both" if (name == new_ward and (name, new_prov) in after) else "before"
            self._add(Place(name, "commune", prov, new_prov, wkind, dist or None, era))
        for name, wkind, new_prov, old_prov in data["communes_new"]:
            self._add(Place(name, "commune", old_prov or None, new_prov, wkind, None, "after"))
        self.spellings: set[str] = set()  # exact spellings of standalone names
        for alias, target in extra.get("province_aliases", {}).items():
            target = normalize_text(target)
            self.spellings.add(spelling(alias))
            if key(alias) == key(target):
                continue
            for p in list(self.index.get(key(target), [])):
                if p.level == "province" and p not in self.index[key(alias)]:
                    self.index[key(alias)].append(p)
        places = extra.get("places", {})
        for name in places.get("countries", []):
            self._add(Place(normalize_text(name), "country", None, None))
        for name in places.get("regions", []) + places.get("world", []):
            self._add(Place(normalize_text(name), "region", None, None))
        for bucket in self.index.values():
            for p in bucket:
                if p.level in ("province", "country", "region"):
                    self.spellings.add(spelling(p.name))
        self.ambiguous = {key(n) for n in extra.get("ambiguous", {}).get("names", [])}
        self.max_words = max(len(k.split()) for k in self.index)
        # every leading run of words of a key: a scan stops at the first word that
        # leads to no name, and most words open none
        self.prefixes = {
            " ".join(words[:m]) for k, v in self.index.items() if v for words in [k.split(" ")]
            for m in range(1, len(words) + 1)
        }
        # the levels of the places of each key, and of those that stand alone in text
        self.levels = {k: frozenset(p.level for p in v) for k, v in self.index.items() if v}
        self.standalone_levels = {
            k: levels & {"province", "country", "region"} for k, levels in self.levels.items()
        }

    def _add(self, place: Place) -> None:
        bucket = self.index[key(place.name)]
        # the same commune under its old and new name, or listed twice: keep one
        for i, p in enumerate(bucket):
            if (p.name, p.level, p.province, p.province_new, p.kind) == (
                place.name,
                place.level,
                place.province,
                place.province_new,
                place.kind,
            ):
                if p.era != place.era:
                    bucket[i] = Place(**{**p.__dict__, "era": "both"})
                return
        bucket.append(place)


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded on first use (~0.2 s)."""
    with open(DATA, encoding="utf-8") as f:
        data = json.load(f)
    return Gazetteer(data, load_rules("gazetteer_extra"))


_LEVEL_ORDER = {lv: i for i, lv in enumerate(LEVELS)}
_CAT_LEVELS = {
    "province": ("province",),
    "city": ("province", "district", "commune"),
    "district": ("district",),
    "commune": ("commune",),
    "village": (),
    "street": (),
}


def lookup(name: str) -> list[Place]:
    """Places called `name` (category word optional, accents and case ignored).

    A category word restricts the level: `huyện Đại Từ` finds the district,
    not a commune of the same name. Provinces come first, then districts,
    communes, countries, regions.

    >>> [p.level for p in lookup("Cao Bằng")][:2]
    ['province', 'district']
    >>> [(p.name, p.province) for p in lookup("huyện Đại Từ")]
    [('Đại Từ', 'Thái Nguyên')]
    """
    whole = gazetteer().index.get(key(name))
    if whole:  # an alias with its own category-like prefix (`TP.HCM`)
        return sorted(whole, key=lambda p: (_LEVEL_ORDER[p.level], p.era == "after"))
    cat, bare = strip_category(name)
    places = gazetteer().index.get(key(bare), [])
    if cat:
        level = dict(_categories()).get(cat)
        allowed = _CAT_LEVELS.get(level or "", LEVELS)
        kinds = [p for p in places if p.level in allowed]
        # `thành phố Cao Bằng` is the city (a district) when the kind matches it
        exact_kind = [p for p in kinds if fold(p.kind) == cat or (cat == "tp" and p.kind == "thành phố")]
        places = exact_kind or kinds
    return sorted(places, key=lambda p: (_LEVEL_ORDER[p.level], p.era == "after"))


def resolve(name: str, near: str | None = None) -> Place | None:
    """The one place `name` most likely means; `near` (a province) breaks ties.

    >>> resolve("Đại Từ").province
    'Thái Nguyên'
    """
    places = [p for p in lookup(name) if p.level in ("province", "district", "commune")]
    if not places:
        other = lookup(name)
        return other[0] if other else None
    if near:
        near_new = province_new_of(near)
        local = [p for p in places if near in (p.province, p.province_new)]
        local = local or [p for p in places if near_new and p.province_new == near_new]
        if local:
            return local[0]
    # the highest level wins (`Đại Từ` is the district, not a commune of that
    # name); a name shared by units of several provinces at that level is ambiguous
    top = [p for p in places if p.level == places[0].level]
    return top[0] if len({p.province_new for p in top}) == 1 else None


def province_new_of(name: str) -> str | None:
    """Post-2025 province of a province name (old or new): `Hà Giang` -> `Tuyên Quang`."""
    for p in lookup(name):
        if p.level == "province":
            return p.province_new
    return None


def expand_province(name: str) -> set[str]:
    """Every name a province went by around 2025: the post-2025 province it is
    in and all pre-2025 provinces merged into that one.

    >>> sorted(expand_province("Hà Giang"))
    ['Hà Giang', 'Tuyên Quang']
    >>> expand_province("Lạng Sơn")
    {'Lạng Sơn'}
    """
    new = province_new_of(name)
    if new is None:
        return set()
    return {new} | gazetteer().parts.get(new, set())


def provinces(after_2025: bool = False) -> list[str]:
    """Province names: the 63 before the reorganisation, or the 34 after it."""
    g = gazetteer()
    return sorted(set(g.new_of.values())) if after_2025 else sorted(g.new_of)
