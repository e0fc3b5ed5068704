"""The number reader: a corpus of written forms and property tests."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.numbers import parse_digits, parse_number, read_number, to_digits, to_words

CORPUS = Path(__file__).parent / "corpus" / "figures" / "numbers.toml"


def _cases():
    with open(CORPUS, "rb") as f:
        for i, case in enumerate(tomllib.load(f)["case"]):
            yield pytest.param(case, id=f"{i}-{case['text']}")


@pytest.mark.parametrize("case", list(_cases()))
def test_corpus(case):
    got = parse_number(case["text"], decimal_comma=case.get("decimal_comma", False))
    if case["value"] == "none":
        assert got is None
    else:
        assert got is not None and math.isclose(got, case["value"], rel_tol=1e-12), got


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_round_trip(n):
    assert parse_digits(to_digits(n)) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_decimal_comma_round_trip(whole, frac):
    text = to_digits(whole) + "," + f"{frac:02d}"
    assert math.isclose(parse_digits(text), whole + frac / 100, rel_tol=1e-12)


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_words_round_trip(n):
    assert parse_number(to_words(n)) == n


@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from([("nghìn", 10**3), ("triệu", 10**6), ("tỷ", 10**9), ("tỉ", 10**9)]),
    st.integers(min_value=0, max_value=9),
)
def test_scale_words_round_trip(n, scale, tenth):
    word, size = scale
    text = f"{to_digits(n)},{tenth} {word}" if tenth else f"{to_digits(n)} {word}"
    assert math.isclose(parse_number(text), (n + tenth / 10) * size, rel_tol=1e-12)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_mixed_scales_round_trip(a, b):
    assert parse_number(f"{a} tỷ {b} triệu") == a * 10**9 + b * 10**6


def test_comma_before_three_digits_depends_on_context():
    assert parse_digits("14,590") == 14590
    assert parse_digits("148,625", decimal_comma=True) == 148.625
    assert parse_number("2,375 tỷ") == 2_375_000_000  # before a scale word: decimal


def test_reader_stops_at_the_longest_number():
    text = "hai mươi năm qua"
    r = read_number(text, 0)
    assert text[r.start:r.end] == "hai mươi" and r.value() == 20
