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
from itertools import accumulate, chain, count
from typing import Any

import regex

from .document import Sentence, Zone
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
    # its lower-cased words, when the text has only `_safe_chars` (else None)
    tokens: list[str] | None = None


_WORD = regex.compile(r"[\p{L}\p{N}]+")
# The same runs for the standard `re` (~4x faster): `[^\W_]` is a letter or
# digit for Python; it agrees with `[\p{L}\p{N}]` on every assigned character
# of these texts but not on all of Unicode (versions differ), so each string
# is checked first (`_word_re`).
_FAST_WORD = re.compile(r"[^\W_]+")
_AGREES: dict[str, bool] = {}


@lru_cache(maxsize=4)
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
# anchored at the end: a reverse search tries the end first and every other
# position fails at once (callers only ask whether it matches)
_SENTENCE_END = regex.compile(r"[.!?…;]\s*[\"')\]]*$|[.!?]\s*[\"')\]]+\s*[.,]?$", regex.REVERSE)
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


@lru_cache(maxsize=1)
def _safe_chars() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a pattern finding a char outside the safe set, word runs of safe chars).

    A char is safe when `_FAST_WORD` and `_WORD` agree on it and on its lower
    case, lower-casing keeps it one char and keeps it a word char or not, and
    its lower case does not depend on context (sigma). A text of safe chars
    lower-cases char by char into a text with the same words at the same
    offsets, and a class of explicit ranges finds them faster than `[^\\W_]`.
    Only the Unicode blocks these texts use are checked (`blocks`): a text
    with any other char takes the general path (`_word_re`, `fold`).
    """
    def word(c: str) -> bool:
        return bool(_FAST_WORD.match(c))

    def agrees(c: str) -> bool:
        return word(c) == bool(_WORD.match(c))

    blocks = [(0, 0x250), (0x300, 0x370), (0x1E00, 0x1F00), (0x2000, 0x2C00), (0x3000, 0x3040), (0xFF00, 0xFFF0)]
    safe: list[int] = []
    if all(agrees(c) for c in "σς"):  # `_word_re` checks them for every text
        for lo, hi in blocks:
            for cp in range(lo, hi):
                c = chr(cp)
                low = c.lower()
                if len(low) == 1 and c != "Σ" and agrees(c) and agrees(low) and word(c) == word(low):
                    safe.append(cp)
    if not safe:
        return re.compile("(?s:.)"), _FAST_WORD
    words = [cp for cp in safe if word(chr(cp))]
    return re.compile("[^" + _ranges(safe) + "]"), re.compile("[" + _ranges(words) + "]+")


def _ranges(codepoints: list[int]) -> str:
    """A regex class body for sorted code points: `a-z` runs."""
    out: list[str] = []
    i = 0
    while i < len(codepoints):
        j = i
        while j + 1 < len(codepoints) and codepoints[j + 1] == codepoints[j] + 1:
            j += 1
        lo, hi = re.escape(chr(codepoints[i])), re.escape(chr(codepoints[j]))
        out.append(lo if i == j else lo + "-" + hi)
        i = j + 1
    return "".join(out)


def _is_safe(text: str) -> bool:
    return _safe_chars()[0].search(text) is None


def lines(text: str) -> list[Line]:
    """Non-blank lines of `text`, trimmed."""
    out: list[Line] = []
    pos = 0
    blank = False
    safe = _is_safe(text)
    if safe:
        word = _safe_chars()[1]
        low = text.lower()  # char by char (safe text): line offsets hold
    else:
        word = _word_re(text)
    for raw in text.split("\n"):
        t = raw.strip()
        if t:
            s = pos + raw.index(t[0])
            e = s + len(t)
            if safe:
                tokens = word.findall(low, s, e)
                out.append(Line(s, e, t, low[s:e], len(tokens), blank and bool(out), tokens))
            else:
                out.append(Line(s, e, t, fold(t), len(word.findall(t)), blank and bool(out)))
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
        "share": _any_of(r["share"]["regexes"]),
        "widgets": _any_of(r["widgets"]["regexes"]),
        "date_header": regex.compile(r["date_header"]["regex"]),
        "comment_author": regex.compile(r["comments"]["author_line"]),
        "comment_section": regex.compile(r["comments"]["section"]),
        "dated": regex.compile(r["headlines"]["dated"]),
        "inline": [regex.compile(x) for x in r["inline"]["markers"]],
        "bracketed": regex.compile(r["inline"]["bracketed"]),
    }


def _any_of(patterns: list[str]) -> list[Any]:
    """Patterns that find a match where one of `patterns` does: those anchored
    at the start (`^...`, tried at one position only) joined into one."""
    anchored = [p for p in patterns if p.startswith("^")]
    rest = [regex.compile(p) for p in patterns if not p.startswith("^")]
    if not anchored:
        return rest
    return [regex.compile("|".join(f"(?:{p})" for p in anchored)), *rest]


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
    dated_end = _rules()["dated"]
    dated = [i for i, line in enumerate(ls) if dated_end.search(line.low) and is_title_like(line)]
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
    section = _rules()["comment_section"]
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
    # the last body paragraph: look from the end
    last_body = next(
        (i for i in range(len(ls) - 1, -1, -1) if i not in marked and is_body_paragraph(ls[i])), -1
    )
    after = [i for i in marked if i > last_body]
    return min(after) if after else None


def _end_can_help(pattern: str) -> bool:
    """Whether a pattern may match more when the text is cut short."""
    return any(x in pattern for x in ("$", "(?!", "\\Z", "\\z", "(?>", "++", "*+", "?+", "}+"))


def _inline(text: str, ls: list[Line]) -> list[Zone]:
    """Links inside running text: `>> Xem thêm: headline`, `[Headline]`."""
    rx = _rules()
    max_rest = rx["raw"]["inline"]["rest_max_chars"]
    zones: list[Zone] = []
    # a marker that matches inside a line matches in the whole text too (the
    # line end only hides text from it), so one search rules a marker out
    # for every line; not for markers a line end can help (`$`, `(?!`)
    markers = [p for p in rx["inline"] if _end_can_help(p.pattern) or p.search(text)]
    for line in ls:
        for pat in markers:
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


class _Tokens:
    """The words of the lower-cased text, line by line.

    `words` are all of them in order, `first[i]` is the index of line i's
    first word (`first[-1]` is their count), `keys[i]` is line i's words
    joined by spaces (words hold no spaces: equal keys, equal words).
    """

    def __init__(self, text: str, ls: list[Line]):
        self.text = text
        self.ls = ls
        if ls and all(line.tokens is not None for line in ls):  # a safe text (`lines`)
            self.first = [0, *accumulate(len(line.tokens or ()) for line in ls)]
            self._spans: tuple[list[int], list[int]] | None = None  # offsets by line, on demand
            self._bounds: dict[int, tuple[list[int], list[int]]] = {}
            self.words = list(chain.from_iterable(line.tokens or () for line in ls))
            self.keys: list[str] = [" ".join(line.tokens or ()) for line in ls]
        else:
            self._general(text, ls)

    def _general(self, text: str, ls: list[Line]) -> None:
        word = _word_re(text)
        low = fold(text)
        # [separator, word, separator, word, ..., separator]: the words and, by
        # summing lengths, their offsets, in one C-level pass
        parts = _grouped(word).split(low)
        self.words = parts[1::2]
        n = len(self.words)
        offsets = list(accumulate(map(len, parts)))
        starts = offsets[0:2 * n:2]
        self._spans = starts, offsets[1:2 * n:2]
        # words never cross a line end and only blank space lies between lines
        self.first = [bisect.bisect_left(starts, line.start) for line in ls] + [n]
        # a line's words are the text's words inside it (lines end at spaces)
        # when lower-casing the text is lower-casing each line (no final-sigma
        # context)
        if len(low) == len(text) and "Σ" not in text:
            self.keys = [
                " ".join(self.words[a:bisect.bisect_left(starts, line.end)])
                for a, line in zip(self.first, ls, strict=False)
            ]
        else:
            self.keys = [" ".join(word.findall(line.low)) for line in ls]

    def bounds(self, i: int) -> tuple[list[int], list[int]]:
        """Start and end offsets of the words of line i."""
        if self._spans is not None:
            a, b = self.first[i], self.first[i + 1]
            return self._spans[0][a:b], self._spans[1][a:b]
        if i not in self._bounds:
            line = self.ls[i]
            # [separator, word, ..., separator]: offsets by summing lengths
            parts = _grouped(_safe_chars()[1]).split(line.text)
            offsets = list(accumulate(map(len, parts), initial=line.start))
            self._bounds[i] = offsets[1:-1:2], offsets[2::2]
        return self._bounds[i]

    def line_of(self, w: int) -> int:
        """The line holding word w."""
        return bisect.bisect_right(self.first, w) - 1


def _repeats(text: str, ls: list[Line], skip: set[int]) -> list[Zone]:
    """Later copies of text printed above."""
    from . import segment

    cfg = _rules()["raw"]["repeats"]
    k, min_words, share = cfg["shingle"], cfg["min_words"], cfg["sentence_share"]
    zones: list[Zone] = []
    tok = _Tokens(text, ls)

    # whole lines (short ones only when they repeat the line just above)
    seen: set[str] = set()
    prev: str | None = None
    for i, (line, key) in enumerate(zip(ls, tok.keys, strict=True)):
        if key and i not in skip:
            near = key == prev
            if (key in seen and line.words >= cfg["short_words"]) or near:
                zones.append(Zone(line.start, line.end, "repeat"))
        if key:
            seen.add(key)
        prev = key

    # copied stretches: word shingles already seen earlier in the text
    n = len(tok.words)
    if n < k:
        return zones
    grams = zip(*(tok.words[j:] for j in range(k)), strict=False)  # tuples hash fast
    first: dict[tuple[str, ...], int] = {}
    firsts = list(map(first.setdefault, grams, count()))  # first position of each
    if len(first) == len(firsts):  # no shingle twice: nothing copied (most articles)
        return zones
    # shingles with an earlier, non-overlapping copy (i - first >= k); each
    # covers tokens [i, i + k)
    hits = [i for i, f in zip(count(), firsts) if f <= i - k]
    if not hits:
        return zones
    # maximal runs of covered tokens
    runs: list[list[int]] = []
    for i in hits:
        if runs and i <= runs[-1][1]:
            runs[-1][1] = i + k
        else:
            runs.append([i, i + k])

    sents = segment.sentences(text)
    paras = [s.paragraph for s in sents]  # a sentence's paragraph is its line
    for a, b in runs:  # tokens [a, b)
        if b - a < min_words:
            continue
        touching = _touching(tok, sents, paras, a, b)
        whole = any(a <= t0 and t1 <= b and t1 - t0 >= 4 for _, (t0, t1) in touching)
        total = sum(t1 - t0 for _, (t0, t1) in touching) or 1
        # without a whole sentence, the copy must run to the sentence end
        # (`Theo X, <the lead again>.`); a formula reused with other words at
        # its end (`... nắng nóng gay gắt.`) is new text
        ends = any(t1 == b for _, (_, t1) in touching)
        if not whole and (not ends or (b - a) / total < share):
            continue
        la, lb = tok.line_of(a), tok.line_of(b - 1)
        start = tok.bounds(la)[0][a - tok.first[la]]
        end = tok.bounds(lb)[1][b - 1 - tok.first[lb]]
        for s, (t0, t1) in touching:
            if t0 == a:
                start = min(start, s.start)
            if t1 == b:
                end = max(end, s.end)
        zones.append(Zone(start, end, "repeat"))
    return zones


def _touching(
    tok: _Tokens, sents: list[Sentence], paras: list[int], a: int, b: int
) -> list[tuple[Sentence, tuple[int, int]]]:
    """Sentences sharing a word with tokens [a, b), with their token ranges
    (the words that start before their start and before their end)."""
    out = []
    ends = tok.first[1:]
    for i in range(bisect.bisect_right(ends, a), bisect.bisect_left(tok.first, b, 0, len(tok.ls))):
        base = tok.first[i]
        word_starts = tok.bounds(i)[0]
        for x in range(bisect.bisect_left(paras, i), bisect.bisect_right(paras, i)):
            s = sents[x]
            t0 = base + bisect.bisect_left(word_starts, s.start)
            t1 = base + bisect.bisect_left(word_starts, s.end)
            if t1 > a and t0 < b:
                out.append((s, (t0, t1)))
    return out


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
