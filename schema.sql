-- vnextract fact store. Applied by extract/store.py (idempotent: IF NOT EXISTS).
-- Offsets in every table are into articles.raw (the text exactly as read).

CREATE TABLE IF NOT EXISTS articles (
    id          TEXT PRIMARY KEY,       -- SPEC `doc`: file name without extension, or JSONL `id`
    raw         TEXT NOT NULL,          -- the text exactly as read (UTF-8)
    sha256      TEXT NOT NULL,          -- hash of raw: re-ingesting unchanged content is a no-op
    source_path TEXT,                   -- file (and line) it was read from
    input_meta  TEXT,                   -- JSON of the metadata the input gave (JSONL/HTML fields)
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

CREATE INDEX IF NOT EXISTS zones_article ON zones(article_id);

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
    value,                               -- number or string, as in the SPEC record (no type: no conversion)
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
-- (lookups by article use the UNIQUE (article_id, idx) index; a second one only slows inserts)
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
-- Child keys of the foreign keys: without them, replacing an article scans
-- the whole table once per deleted fact (SQLite does not index them itself).
CREATE INDEX IF NOT EXISTS document_mentions_fact ON document_mentions(fact_id);
CREATE INDEX IF NOT EXISTS document_mentions_article ON document_mentions(article_id);

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
-- Views are dropped and created again on every open so that a store made by
-- an older version gets the current definitions (they hold no data).

-- Accent-insensitive full-text index over sentences, same rowid as
-- `sentences`: `text` as stored and `folded` (the same with đ written d).
-- Filled by extract/search_index.py `rebuild()` after a load, not by triggers.
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    text, folded, tokenize = 'unicode61 remove_diacritics 2'
);

-- One row per fact with its article and its sentence, the figure marked
-- [[like this]]. `year`: the first year of `time` (a period gives its start),
-- of its own value for a date or period, else of the article's date.
DROP VIEW IF EXISTS fact_rows;
CREATE VIEW fact_rows AS
SELECT
    f.id,
    f.type,
    f.text,
    f.value,
    f.qualifier,
    f.unit,
    f.currency,
    f.per,
    f.place,
    CASE WHEN substr(coalesce(f.time, iif(f.type IN ('date', 'period'), f.value, NULL), a.published),
                     1, 4) GLOB '[0-9][0-9][0-9][0-9]'
         THEN CAST(substr(coalesce(f.time, iif(f.type IN ('date', 'period'), f.value, NULL),
                                   a.published), 1, 4) AS INTEGER) END AS year,
    CASE WHEN s.rowid IS NULL
         THEN substr(a.raw, max(f.start - 120, 0) + 1, min(f.start, 120)) || '[[' || f.text || ']]'
              || substr(a.raw, f."end" + 1, 120)
         ELSE substr(a.raw, s.start + 1, max(f.start - s.start, 0)) || '[[' || f.text || ']]'
              || substr(a.raw, f."end" + 1, max(s."end" - f."end", 0))
    END AS sentence,
    f.article_id,
    a.published,
    f.value_num,
    f.value_max,
    f.subject,
    f.label,
    f.place_province,
    f.place_province_new,
    f.time,
    f.document,
    f.part_of,
    f.in_body,
    f.doc_type,
    f.number,
    f.code,
    f.issuer,
    f.issued,
    f.short,
    f.sentence_idx,
    s.rowid AS sentence_rowid,
    f.start,
    f."end",
    a.title AS article_title,
    a.url AS article_url,
    f.extractor
FROM facts f
JOIN articles a ON a.id = f.article_id
LEFT JOIN sentences s ON s.article_id = f.article_id AND s.idx = f.sentence_idx;

-- Every mention of a numbered document, full or short, keyed by the
-- canonical id the store linked it to.
DROP VIEW IF EXISTS citations;
CREATE VIEW citations AS
SELECT
    coalesce(m.document_id, r.value) AS document,
    r.short,
    r.text,
    r.doc_type,
    r.issuer,
    r.issued,
    d.title AS document_title,
    r.article_id,
    r.published,
    r.sentence,
    r.id AS fact_id
FROM fact_rows r
LEFT JOIN document_mentions m ON m.fact_id = r.id
LEFT JOIN documents d ON d.id = coalesce(m.document_id, r.value)
WHERE r.type = 'document_ref' AND r.in_body = 1;

-- Amounts of money in the article body. `part_of` links a part to its
-- total: sum only the rows where it is null.
DROP VIEW IF EXISTS budgets;
CREATE VIEW budgets AS
SELECT
    id, article_id, published,
    coalesce(place_province, place) AS province,
    place_province_new AS province_2025,
    place, year, time,
    iif(value_num = CAST(value_num AS INTEGER), CAST(value_num AS INTEGER), value_num) AS amount,
    value_max AS amount_max, currency, per, qualifier,
    text, document, part_of, sentence
FROM fact_rows
WHERE type = 'money' AND in_body = 1;

-- People trained: counts of học viên anywhere, and of lượt / người /
-- cán bộ... in a sentence about training (matched on the folded index).
DROP VIEW IF EXISTS trainees;
CREATE VIEW trainees AS
SELECT
    id, article_id, published,
    coalesce(place_province, place) AS province,
    place_province_new AS province_2025,
    place, year, time,
    iif(value_num = CAST(value_num AS INTEGER), CAST(value_num AS INTEGER), value_num) AS people,
    value_max AS people_max, unit, subject, qualifier,
    text, document, part_of, sentence
FROM fact_rows
WHERE type = 'count' AND in_body = 1
  AND (unit = 'học viên'
       OR (unit IN ('lượt', 'lượt người', 'người', 'cán bộ', 'công chức', 'viên chức',
                    'đồng chí', 'đảng viên', 'lao động')
           AND sentence_rowid IN (
               SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH
               'folded : ("dao tao" OR "boi duong" OR "tap huan" OR "hoc vien" OR "di hoc")')));

-- Checks that did not hold (`mismatch`) and sanity flags, with the text
-- they are about.
DROP VIEW IF EXISTS failed_checks;
CREATE VIEW failed_checks AS
SELECT
    c.id, c.article_id, a.published, c.kind, c.verdict, c.expected, c.actual, c.message,
    substr(a.raw, c.start + 1, c."end" - c.start) AS excerpt,
    c.fact_ids
FROM checks c
JOIN articles a ON a.id = c.article_id
WHERE c.verdict IN ('mismatch', 'flag');
