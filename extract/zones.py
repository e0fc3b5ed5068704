"""Zones: stretches of the page that are not article body (marked, never deleted).

Two kinds, both found on the normalized text:

- boilerplate: section headers of the site (`Tin liên quan`, `Đọc nhiều`),
  share rows, comment widgets, menus and lists of other articles' headlines
  at the foot of the page, a site's date header on the first line, links
  inside running text (`>> Xem thêm: ...`, `[Headline]`). The markers are
  data in `rules/boilerplate.toml`.
- repeat: a later copy of text printed above: a whole line (a caption or a
  byline printed twice) or a copied stretch inside a paragraph (the lead
  re-printed at the top of the body). The first copy is body.

>>> text = "Thứ Hai, 12/08/2024\\nTỉnh mở 20 lớp cho 1.000 học viên trong năm nay.\\nTin liên quan\\nChia sẻ"
>>> [(text[z.start:z.end], z.why) for z in find_zones(text)]
[('Thứ Hai, 12/08/2024', 'page furniture: date header'), ('Tin liên quan\\nChia sẻ', 'boilerplate: header')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

import regex

from .document import Zone
from .resources import load_rules


@dataclass
class Line:
    """One non-blank line: trimmed offsets, its text and its lower-cased text."""

    start: int
    end: int
    text: str
    low: str
    words: int
    gap_before: bool = False  # a blank line separates it from the line above


_WORD = regex.compile(r"[\p{L}\p{N}]+")
# The same runs for the standard `re` (~4x faster): `[^\W_]` is a letter or
# digit for Python; it agrees with `[\p{L}\p{N}]` on every assigned character
# of these texts but not on all of Unicode (versions differ), so each string
# is checked first (`_word_re`).
_FAST_WORD = re.compile(r"[^\W_]+")
_AGREES: dict[str, bool] = {}


@lru_cache(maxsize=2)
def _grouped(word: Any) -> Any:
    """`word` with its match in a group (for `split`)."""
    return (re if isinstance(word, re.Pattern) else regex).compile("(" + word.pattern + ")")


@lru_cache(maxsize=4)
def _word_re(text: str) -> Any:
    """`_FAST_WORD` when it splits `text`, its lines and their lower case
    exactly like `_WORD`, else `_WORD`."""
    chars = set(text)
    chars |= set("".join(chars).lower()) | {"σ", "ς"}  # lower case; sigma's depends on context
    for c in chars:
        ok = _AGREES.get(c)
        if ok is None:
            ok = _AGREES[c] = bool(_FAST_WORD.match(c)) == bool(_WORD.match(c))
        if not ok:
            return _WORD
    return _FAST_WORD
_SENTENCE_END = regex.compile(r"[.!?…;]\s*[\"')\]]*$|[.!?]\s*[\"')\]]+\s*[.,]?$")
# a full stop then a capital, but not an initial (`C. Mác`)
_SENTENCE_BREAK = regex.compile(r"(?<!(?:^|[\s.])\p{Lu})[.!?]\s+[\"'(]?\p{Lu}")


def fold(text: str) -> str:
    """Lower-case `text` without changing its length (offsets stay valid).

    >>> fold("Tin LIÊN quan")
    'tin liên quan'
    """
    low = text.lower()
    if len(low) == len(text):  # the usual case: no char lower-cases to two
        return low
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


def lines(text: str) -> list[Line]:
    """Non-blank lines of `text`, trimmed."""
    out: list[Line] = []
    pos = 0
    blank = False
    word = _word_re(text)
    for raw in text.split("\n"):
        t = raw.strip()
        if t:
            s = pos + raw.index(t[0])
            out.append(Line(s, s + len(t), t, fold(t), len(word.findall(t)), blank and bool(out)))
            blank = False
        else:
            blank = True
        pos += len(raw) + 1
    return out


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    r = load_rules("boilerplate")
    share = sorted(r["share"]["words"], key=len, reverse=True)
    header = "|".join(regex.escape(p) for p in sorted(r["headers"]["phrases"], key=len, reverse=True))
    return {
        "raw": r,
        "header": regex.compile(r"^(?:" + header + r")\s*(?::|>>|»|›)?$"),
        "share_line": regex.compile(
            r"^(?:(?:" + "|".join(regex.escape(w) for w in share) + r")(?:\s*[|/,•·:\-]?\s*\d*\s*)?)+$"
        ),
        "share": [regex.compile(x) for x in r["share"]["regexes"]],
        "widgets": [regex.compile(x) for x in r["widgets"]["regexes"]],
        "date_header": regex.compile(r["date_header"]["regex"]),
        "comment_author": regex.compile(r["comments"]["author_line"]),
        "dated": regex.compile(r["headlines"]["dated"]),
        "inline": [regex.compile(x) for x in r["inline"]["markers"]],
        "bracketed": regex.compile(r["inline"]["bracketed"]),
    }


# --- line classes ------------------------------------------------------------


def is_title_like(line: Line, max_words: int | None = None) -> bool:
    """A line that reads like a headline or a menu entry, not like a sentence."""
    if max_words is None:
        max_words = _rules()["raw"]["lines"]["title_max_words"]
    t = line.text.rstrip(" -|»>")
    if not t or line.words > max_words or t.endswith(":"):
        return False
    if _SENTENCE_BREAK.search(t):
        return False
    return not _SENTENCE_END.search(t) or bool(_rules()["dated"].search(line.low))


def is_body_paragraph(line: Line) -> bool:
    """A line that ends like a sentence and is long enough to be article text."""
    min_words = _rules()["raw"]["lines"]["body_min_words"]
    t = line.text.rstrip()
    return line.words >= min_words and bool(_SENTENCE_END.search(t) or t.endswith(":"))


def marker_kind(line: Line) -> str | None:
    """Why a line is page furniture on its own (header, share, widget), or None."""
    rx = _rules()
    if line.words > rx["raw"]["lines"]["title_max_words"]:
        return None  # furniture lines are short; a long line is running text
    low = line.low.strip(" *•·|")
    if rx["header"].match(low):
        return "boilerplate: header"
    if rx["share_line"].match(low) and any(c.isalpha() for c in low):
        return "share buttons"
    if any(p.search(low) for p in rx["share"]):
        return "share buttons"
    if any(p.search(low) for p in rx["widgets"]):
        return "comment widget" if _is_comment(low) else "navigation"
    return None


def _is_comment(low: str) -> bool:
    return any(w in low for w in ("bình luận", "ý kiến", "{", "trả lời", "đăng nhập", "gửi", "tên"))


# --- finders -------------------------------------------------------------------


def _date_header(ls: list[Line]) -> list[Zone]:
    if ls and _rules()["date_header"].match(ls[0].low):
        return [Zone(ls[0].start, ls[0].end, "page furniture: date header")]
    return []


def _markers(ls: list[Line]) -> tuple[list[Zone], dict[int, str]]:
    """Zones of furniture lines, and the line indexes that were marked."""
    rx = _rules()["raw"]
    marked: dict[int, str] = {}
    for i, line in enumerate(ls):
        why = marker_kind(line)
        if why:
            marked[i] = why
    # dated headlines: a run of lines ending with `(16/10/2014)`
    dated = [i for i, line in enumerate(ls) if is_title_like(line) and _rules()["dated"].search(line.low)]
    run: list[int] = []
    for i in dated + [-2]:
        if run and i == run[-1] + 1:
            run.append(i)
            continue
        if len(run) >= rx["headlines"]["dated_min_run"]:
            for j in run:
                marked.setdefault(j, "other articles' headlines")
        run = [i]
    # a header such as `Tin liên quan` followed by a block of distinct
    # title-like lines; a blank line ends the block (the article's own title
    # often follows the page's lists)
    min_run = rx["headlines"]["listed_min_run"]
    for i, why in sorted(marked.items()):
        if why != "boilerplate: header":
            continue
        j = i + 1
        while (
            j < len(ls) and j not in marked and is_title_like(ls[j])
            and (j == i + 1 or not ls[j].gap_before)
        ):
            j += 1
        if len({ls[k].low for k in range(i + 1, j)}) >= min_run:
            for k in range(i + 1, j):
                marked[k] = "other articles' headlines"
    # a comment: the line after its `{name} - {time}` author line
    author = _rules()["comment_author"]
    max_lines = rx["comments"]["max_lines"]
    section = regex.compile(rx["comments"]["section"])
    opened = min((i for i in marked if section.search(ls[i].low)), default=len(ls))
    for i in range(opened + 1, len(ls)):
        line = ls[i]
        if author.match(line.low):
            marked[i] = "comment widget"
            for k in range(i + 1, min(i + 1 + max_lines, len(ls))):
                if k in marked or author.match(ls[k].low) or (k > i + 1 and ls[k].gap_before):
                    break
                marked[k] = "comment widget"
    # the page's tail: after the first furniture line that no body paragraph
    # follows, menus and headline lists are furniture too
    tail = _tail_start(ls, marked)
    if tail is not None:
        for k in range(tail, len(ls)):
            if k not in marked and (is_title_like(ls[k]) or not ls[k].words):
                marked[k] = "navigation"
    zones = [Zone(ls[i].start, ls[i].end, why) for i, why in marked.items()]
    return zones, marked


def _tail_start(ls: list[Line], marked: dict[int, str]) -> int | None:
    last_body = max((i for i, line in enumerate(ls) if i not in marked and is_body_paragraph(line)), default=-1)
    after = [i for i in marked if i > last_body]
    return min(after) if after else None


def _inline(text: str, ls: list[Line]) -> list[Zone]:
    """Links inside running text: `>> Xem thêm: headline`, `[Headline]`."""
    rx = _rules()
    max_rest = rx["raw"]["inline"]["rest_max_chars"]
    zones: list[Zone] = []
    for line in ls:
        for pat in rx["inline"]:
            for m in pat.finditer(text, line.start, line.end):
                rest = text[m.end():line.end]
                end = m.end()
                if len(rest) <= max_rest and not _SENTENCE_BREAK.search(rest.rstrip(".")):
                    end = line.end
                zones.append(Zone(m.start(), end, "boilerplate: inline link"))
        for m in rx["bracketed"].finditer(text, line.start, line.end):
            if len(_WORD.findall(m.group())) >= 4:
                zones.append(Zone(m.start(), m.end(), "boilerplate: inline link"))
    return zones


def _repeats(text: str, ls: list[Line], skip: set[int]) -> list[Zone]:
    """Later copies of text printed above."""
    from . import segment

    cfg = _rules()["raw"]["repeats"]
    k, min_words, share = cfg["shingle"], cfg["min_words"], cfg["sentence_share"]
    zones: list[Zone] = []

    # whole lines (short ones only when they repeat the line just above)
    word = _word_re(text)
    low = fold(text)
    # [separator, word, separator, word, ..., separator]: the words and, by
    # summing lengths, their offsets, in one C-level pass
    parts = _grouped(word).split(low)
    words_only = parts[1::2]
    n = len(words_only)
    offsets = list(accumulate(map(len, parts)))
    starts = offsets[0:2 * n:2]  # start of every word
    # a line's words are the text's words inside it (lines end at spaces) when
    # lower-casing the text is lower-casing each line (no final-sigma context)
    whole = len(low) == len(text) and "Σ" not in text
    seen: set[str] = set()
    prev: str | None = None
    for i, line in enumerate(ls):
        if whole:
            key = " ".join(words_only[bisect.bisect_left(starts, line.start):bisect.bisect_left(starts, line.end)])
        else:
            key = " ".join(word.findall(line.low))
        if key and i not in skip:
            near = key == prev
            if (key in seen and line.words >= cfg["short_words"]) or near:
                zones.append(Zone(line.start, line.end, "repeat"))
        if key:
            seen.add(key)
        prev = key

    # copied stretches: word shingles already seen earlier in the text
    if n < k:
        return zones
    # words have no spaces, so joined shingles compare like tuples (and hash once)
    grams = list(map(" ".join, zip(*(words_only[j:] for j in range(k)), strict=False)))
    first = dict(zip(reversed(grams), range(len(grams) - 1, -1, -1), strict=True))  # first position of each
    if len(first) == len(grams):  # no shingle twice: nothing copied (most articles)
        return zones
    # shingles with an earlier, non-overlapping copy; each covers tokens [i, i + k)
    hits = [i for i, f in enumerate(map(first.__getitem__, grams)) if f <= i - k]
    if not hits:
        return zones
    # maximal runs of covered tokens
    runs: list[list[int]] = []
    for i in hits:
        if runs and i <= runs[-1][1]:
            runs[-1][1] = i + k
        else:
            runs.append([i, i + k])
    word_ends = offsets[1:2 * n:2]  # end of every word

    sents = segment.sentences(text)
    # token index range of every sentence (both ends non-decreasing)
    sent_tok = [(bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, s.end)) for s in sents]
    tok_ends = [t1 for _, t1 in sent_tok]
    for a, b in runs:  # tokens [a, b)
        if b - a < min_words:
            continue
        lo = bisect.bisect_right(tok_ends, a)  # first sentence with t1 > a
        touching = []
        for x in range(lo, len(sents)):
            t = sent_tok[x]
            if t[0] >= b:
                break
            touching.append((sents[x], t))
        whole = any(a <= t0 and t1 <= b and t1 - t0 >= 4 for _, (t0, t1) in touching)
        total = sum(t1 - t0 for _, (t0, t1) in touching) or 1
        # without a whole sentence, the copy must run to the sentence end
        # (`Theo X, <the lead again>.`); a formula reused with other words at
        # its end (`... nắng nóng gay gắt.`) is new text
        ends = any(t1 == b for _, (_, t1) in touching)
        if not whole and (not ends or (b - a) / total < share):
            continue
        start, end = starts[a], word_ends[b - 1]
        for s, (t0, t1) in touching:
            if t0 == a:
                start = min(start, s.start)
            if t1 == b:
                end = max(end, s.end)
        zones.append(Zone(start, end, "repeat"))
    return zones


def _merge(text: str, zones: list[Zone]) -> list[Zone]:
    """Sort zones and join those that overlap or touch across blank space."""
    out: list[Zone] = []
    for z in sorted(zones, key=lambda z: (z.start, z.end)):
        if out and not text[out[-1].end:z.start].strip():
            last = out[-1]
            whys = last.why.split(", ")
            if z.why not in whys:
                whys.append(z.why)
            out[-1] = Zone(last.start, max(last.end, z.end), ", ".join(whys))
        else:
            out.append(Zone(z.start, z.end, z.why))
    return out


def find_zones(text: str) -> list[Zone]:
    """Zones of `text` (normalized offsets), sorted, non-overlapping.

    >>> text = "Cán bộ xã được bồi dưỡng.\\nCán bộ xã được bồi dưỡng.\\n0 bình luận"
    >>> [(z.start, z.end, z.why) for z in find_zones(text)]
    [(26, 63, 'repeat, comment widget')]
    """
    ls = lines(text)
    zones = _date_header(ls)
    marker_zones, marked = _markers(ls)
    zones += marker_zones
    zones += _inline(text, ls)
    zones += _repeats(text, ls, set(marked))
    return _merge(text, zones)
