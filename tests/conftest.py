"""Shared fixtures: the project's corpus and, when present, ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_GOLD = SHARED / "gold" / "seeds.jsonl"
SEED_ZONES = SHARED / "gold" / "seeds.zones.jsonl"
CORPUS = ROOT / "corpus" / "articles"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds not available")
    return SEEDS


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seeds_dir) -> Path:
    """A fact store built once from the seed articles."""
    from extract.ingest import ingest

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    result = ingest([seeds_dir], db, progress=False)
    assert result.ok, result.errors
    return db


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """A fact store built once from the project's own sample corpus."""
    from extract.ingest import ingest

    if not CORPUS.is_dir() or not any(CORPUS.glob("*.txt")):
        pytest.skip("corpus/articles is empty")
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    result = ingest([CORPUS], db, progress=False)
    assert result.ok, result.errors
    return db
