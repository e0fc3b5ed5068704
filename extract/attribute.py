"""Attribution: which place, time and document each figure is about.

Post-stage component (order 50). For every figure fact (count, money,
percent, measure, fraction, duration) it sets:

- `place`: the most specific place named in the figure's sentence (a commune
  beats a district, a district a province; among equals the nearest one
  before the figure, else the nearest after), else the nearest one before it
  in its paragraph, else the article's main place. Places inside an
  organisation's name count (`Tỉnh ủy Cao Bằng` names Cao Bằng).
  `attrs["place_province"]` and `attrs["place_province_new"]` give its
  province before and after the 2025 reorganisation.
- `time`: the date or period in the sentence (nearest before the figure,
  else nearest after), else the nearest one before it in the paragraph,
  else the article's date (`doc.meta["published"]`, day precision). Dates that belong to a
  document (`Quyết định số 294/QĐ-BNV ngày 3-4-2012`) or sit inside a quoted
  title are not the time of a figure.
- `document`: the canonical id of the document the figure is reported under:
  a `document_ref` in the sentence, else the nearest one before it in the
  paragraph.

The article's main place (`doc.meta["place"]`, set here unless metadata set
it) is its most often named province, the first named on a tie; without one,
the province of its most often named district or commune, else its most often
named country.

>>> from extract.document import Doc, Fact, Sentence
>>> doc = Doc("d", "Năm 2022, huyện Đại Từ mở 12 lớp.")
>>> doc.set_sentences([Sentence(0, len(doc.text), 0)])
>>> _ = doc.add(Fact("date", 0, 8, "2022"))
>>> _ = doc.add(Fact("entity", 16, 22, "Đại Từ", {"label": "LOC"}))
>>> f = doc.add(Fact("count", 26, 32, 12, {"unit": "lớp"}))
>>> attribute(doc)
>>> (f.place, f.time, f.attrs["place_province"], f.attrs["place_province_new"])
('Đại Từ', '2022', 'Thái Nguyên', 'Thái Nguyên')
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from . import gazetteer as gz
from .document import FIGURE_TYPES, Doc, Fact
from .extractors import register
from .normalize import normalize_text
from .resources import load_rules

# Specificity: lower is more specific.
_RANK = {"commune": 0, "district": 1, "province": 2, "region": 3, "country": 4}

# A date this close after a document id is its issue date (`... ngày 3-4-2012`).
_ISSUE_GAP = 16
_DAY = regex.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISSUE_LINK = regex.compile(r"^[\s,]*(?:ban hành\s+)?(?:ngày|ngay)?\s*$")


@dataclass
class _Mention:
    start: int
    end: int
    value: str
    rank: int  # specificity (places) or 0
    sentence: int | None
    paragraph: int | None


def _paragraph(doc: Doc, sentence: int | None) -> int | None:
    return doc.sentences[sentence].paragraph if sentence is not None and doc.sentences else None


_QUOTED = regex.compile(r'"[^"\n]{3,}?"')


def _quoted(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


@cache
def _institution_heads() -> tuple[str, ...]:
    rules = load_rules("attribution")
    return tuple(normalize_text(h) + " " for h in load_rules("organizations")[rules["place_free_heads"]])


def _institution(name: str) -> bool:
    return name.startswith(_institution_heads())


# The gazetteer is fixed for the run, so a name resolves the same way every
# time; articles name the same few places over and over.
_resolve = lru_cache(maxsize=8192)(gz.resolve)


@cache
def _term_words() -> list[str]:
    return [normalize_text(w).lower() for w in load_rules("attribution")["term_words"]]


def place_mentions(doc: Doc, near: str | None = None) -> list[_Mention]:
    """LOC entities and places at the end of ORG names, with their specificity."""
    out: list[_Mention] = []
    for f in doc.facts_of("entity"):
        if not f.in_body:
            continue
        label = f.attrs.get("label")
        if label == "LOC":
            name = doc.text[f.start : f.end]
            p = _resolve(name, near=near)
            rank = _RANK.get(p.level, 5) if p else 1  # unknown after a category word: local
            out.append(_Mention(f.start, f.end, name, rank, f.sentence, _paragraph(doc, f.sentence)))
        elif label == "ORG" and not _institution(doc.text[f.start : f.end]):
            hit = _place_in_org(doc.text[f.start : f.end], near)
            if hit:
                name, p = hit
                s = f.start + doc.text[f.start : f.end].rfind(name)
                out.append(
                    _Mention(s, s + len(name), name, _RANK.get(p.level, 5), f.sentence,
                             _paragraph(doc, f.sentence))
                )
    return out


def _place_in_org(name: str, near: str | None) -> tuple[str, gz.Place] | None:
    """The place closing an organisation's name: `Tỉnh ủy Cao Bằng` -> Cao Bằng."""
    words = name.split()
    for k in range(min(5, len(words) - 1), 0, -1):
        tail = " ".join(words[-k:])
        if not tail[:1].isupper():
            continue
        p = _resolve(tail, near=near)
        if p is not None and p.level in ("province", "district", "commune", "country"):
            return tail, p
    return None


def main_place(doc: Doc) -> str | None:
    """The article's main place (see module docstring)."""
    local: Counter = Counter()
    countries: Counter = Counter()
    first: dict[str, int] = {}
    for m in place_mentions(doc):
        p = _resolve(m.value)
        if p is None:
            continue
        counter = countries if p.level in ("country", "region") else local
        counter[p.name] += 1
        first.setdefault(p.name, m.start)
    for counter in (local, countries):
        if counter:
            return max(counter, key=lambda n: (counter[n], -first[n]))
    return None


def _time_mentions(doc: Doc) -> list[_Mention]:
    refs = doc.facts_of("document_ref")
    quotes = _quoted(doc.text)
    terms = _term_words()
    out = []
    for f in doc.facts_of("date", "period"):
        if not f.in_body or f.value in (None, ""):
            continue
        if _DAY.match(str(f.value)) and any(
            _ISSUE_LINK.match(doc.text[r.end : f.start]) for r in refs if 0 <= f.start - r.end <= _ISSUE_GAP
        ):
            continue  # an issue date is a full date right after the id
        if any(qs <= f.start and f.end <= qe for qs, qe in quotes):
            continue
        before = doc.text[max(0, f.start - 12) : f.end].lower()
        rank = 1 if any(w in before for w in terms) else 0
        out.append(_Mention(f.start, f.end, str(f.value), rank, f.sentence, _paragraph(doc, f.sentence)))
    return out


def _doc_mentions(doc: Doc) -> list[_Mention]:
    return [
        _Mention(f.start, f.end, str(f.value), 0, f.sentence, _paragraph(doc, f.sentence))
        for f in doc.facts_of("document_ref")
        if f.in_body and f.value
    ]


def _pick(fact: Fact, para: int | None, mentions: list[_Mention], by_rank: bool = True,
          ahead: bool = False) -> _Mention | None:
    """Sentence first (best rank, nearest before, else nearest after), then
    the nearest before in the paragraph; with `ahead`, else the first in the
    next sentence of the paragraph."""
    same = [m for m in mentions if fact.sentence is not None and m.sentence == fact.sentence]
    if same:
        def order(m: _Mention) -> tuple:
            before = m.end <= fact.start
            dist = fact.start - m.end if before else m.start - fact.end
            return (m.rank if by_rank else 0, not before, dist)

        return min(same, key=order)
    if para is None:
        return None
    earlier = [m for m in mentions if m.paragraph == para and m.end <= fact.start]
    if earlier:
        return max(earlier, key=lambda m: (-m.rank, m.end))
    if not ahead or fact.sentence is None:
        return None
    later = [m for m in mentions if m.paragraph == para and m.sentence == fact.sentence + 1]
    return min(later, key=lambda m: (m.rank, m.start)) if later else None


def _pick_document(fact: Fact, para: int | None, docs: list[_Mention]) -> _Mention | None:
    """The first document of the figure's sentence, else of the nearest
    earlier sentence of its paragraph that names one: a sentence's first
    document is its frame (`Thực hiện Quyết định số 294 ... theo Quyết định
    số 1956 ...`), later ones describe it."""
    if fact.sentence is None:
        return None
    cands = [m for m in docs if m.sentence is not None and (
        m.sentence == fact.sentence or (m.paragraph == para and m.sentence < fact.sentence))]
    if not cands:
        return None
    sent = max(m.sentence for m in cands)
    return min((m for m in cands if m.sentence == sent), key=lambda m: m.start)


def _article_date(doc: Doc) -> str | None:
    """The article's date, without the clock time a byline may carry."""
    published = doc.meta.get("published")
    return str(published)[:10] if published else None


def attribute_fact(doc: Doc, fact: Fact, places: list[_Mention], times: list[_Mention],
                   docs: list[_Mention], main: str | None) -> None:
    """Set place, time, document and the province fields of one figure."""
    para = _paragraph(doc, fact.sentence)
    p = _pick(fact, para, places)
    fact.place = p.value if p else main
    t = _pick(fact, para, times, ahead=True)
    fact.time = t.value if t else _article_date(doc)
    d = _pick_document(fact, para, docs)
    fact.document = d.value if d else None
    resolved = _resolve(fact.place, near=main) if fact.place else None
    fact.attrs["place_province"] = resolved.province if resolved else None
    fact.attrs["place_province_new"] = resolved.province_new if resolved else None


@register("attribute", 50, stage="post")
def attribute(doc: Doc) -> None:
    """Attribute every figure fact of `doc` (see module docstring)."""
    figures = [f for f in doc.facts if f.type in FIGURE_TYPES]
    if not doc.meta.get("place"):
        doc.meta["place"] = main_place(doc)
    if not figures:
        return
    main = doc.meta.get("place")
    places = place_mentions(doc, near=main)
    times = _time_mentions(doc)
    docs = _doc_mentions(doc)
    for f in figures:
        attribute_fact(doc, f, places, times, docs, main)
