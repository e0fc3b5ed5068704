-- vnextract fact store. Applied by extract/store.py (idempotent: IF NOT EXISTS).
-- Offsets in every table are into articles.raw (the text exactly as read).

CREATE TABLE IF NOT EXISTS articles (
    id          TEXT PRIMARY KEY,       -- SPEC `doc`: file name without extension, or JSONL `id`
    raw         TEXT NOT NULL,          -- the text exactly as read (UTF-8)
    sha256      TEXT NOT NULL,          -- hash of raw: re-ingesting unchanged content is a no-op
    source_path TEXT,                   -- file (and line) it was read from
    url         TEXT,
    title       TEXT,
    outlet      TEXT,                   -- Baothanhhoa.vn, LSO... (input field or named in the text)
    author      TEXT,
    published   TEXT,                   -- ISO date or datetime
    place       TEXT,                   -- the article's main place (attribution fallback)
    extractor_version TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    extracted_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS zones (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    why        TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    paragraph  INTEGER,
    text       TEXT NOT NULL,
    in_body    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS facts (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,        -- position among the article's facts
    type        TEXT NOT NULL,           -- SPEC type
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,           -- == articles.raw[start:end]
    value       ANY,                     -- number or string, as in the SPEC record
    value_num   REAL,                    -- value as a number when it is one (for --min/--max)
    value_max   REAL,
    qualifier   TEXT,
    unit        TEXT,
    currency    TEXT,
    per         TEXT,
    subject     TEXT,
    numerator   REAL,
    denominator REAL,
    label       TEXT,                    -- entity label
    doc_type    TEXT,                    -- document_ref fields
    number      TEXT,
    year        INTEGER,
    code        TEXT,
    issuer      TEXT,
    issued      TEXT,
    short       INTEGER,
    open        INTEGER,                 -- period
    extra       TEXT,                    -- JSON of any further fields (title, resolved...)
    in_body     INTEGER NOT NULL DEFAULT 1,
    sentence_idx INTEGER,
    place       TEXT,                    -- attribution: the place as written (NFC, no category word)
    place_province     TEXT,             -- its province before the 2025 reorganisation (63)
    place_province_new TEXT,             -- its province after it (34)
    time        TEXT,
    document    TEXT,                    -- canonical id of the document reported under
    part_of     INTEGER,                 -- facts.id of the total this figure is a part of
    extractor   TEXT NOT NULL,
    version     TEXT NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX IF NOT EXISTS facts_article ON facts(article_id);
CREATE INDEX IF NOT EXISTS facts_type ON facts(type);
CREATE INDEX IF NOT EXISTS facts_document ON facts(document);
CREATE INDEX IF NOT EXISTS facts_place ON facts(place);

-- Documents cited across articles, keyed by canonical id.
CREATE TABLE IF NOT EXISTS documents (
    id        TEXT PRIMARY KEY,         -- canonical id: 1956/2009/QĐ-TTg, 08-CTr/TU
    doc_type  TEXT,
    number    TEXT,
    year      INTEGER,
    code      TEXT,
    issuer    TEXT,
    issued    TEXT,
    title     TEXT
);

-- Every mention (full or short) of a document, linked to it.
CREATE TABLE IF NOT EXISTS document_mentions (
    document_id TEXT NOT NULL REFERENCES documents(id),
    fact_id     INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    short       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document_id, fact_id)
);

-- QA checks: arithmetic consistency and sanity flags.
CREATE TABLE IF NOT EXISTS checks (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,           -- sum, ratio, total_of_totals, sanity:...
    verdict    TEXT NOT NULL,           -- ok, mismatch, open, flag
    expected   REAL,
    actual     REAL,
    message    TEXT NOT NULL,
    fact_ids   TEXT NOT NULL,           -- JSON list of facts.id involved
    start      INTEGER,                 -- raw span the check is about
    "end"      INTEGER
);
CREATE INDEX IF NOT EXISTS checks_article ON checks(article_id);

-- Ingest runs and their problems (what was skipped, and why).
CREATE TABLE IF NOT EXISTS ingest_errors (
    source   TEXT NOT NULL,
    message  TEXT NOT NULL,
    at       TEXT NOT NULL
);

-- ---------------------------------------------------------------------
-- Views for the query command and the web UI (owned by extract/query.py
-- and extract/serve.py; keep them simple to read).
-- ---------------------------------------------------------------------
