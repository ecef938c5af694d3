-- Raw HTTP exchanges behind posts: evidence can be frozen from the crawl-time copy.
CREATE TABLE exchanges (
    id               INTEGER PRIMARY KEY,
    request_url      TEXT    NOT NULL,
    final_url        TEXT    NOT NULL,
    redirects        TEXT    NOT NULL,           -- JSON array of URLs
    method           TEXT    NOT NULL,
    status           INTEGER NOT NULL,
    request_headers  TEXT    NOT NULL,           -- JSON array of [name, value]
    response_headers TEXT    NOT NULL,           -- JSON array of [name, value]
    body             BLOB    NOT NULL,
    body_sha256      TEXT    NOT NULL,
    fetched_at       TEXT    NOT NULL,           -- UTC, ISO 8601
    elapsed_ms       REAL    NOT NULL,
    remote_ip        TEXT
);

CREATE TABLE posts (
    id                      INTEGER PRIMARY KEY,
    source_id               TEXT    NOT NULL,
    platform                TEXT    NOT NULL,
    platform_post_id        TEXT    NOT NULL,
    url                     TEXT    NOT NULL,
    thread_id               TEXT,
    parent_platform_post_id TEXT,
    author_id               TEXT,
    author_name             TEXT,
    author_followers        INTEGER,
    title                   TEXT,
    text                    TEXT    NOT NULL,
    published_at            TEXT,
    published_raw           TEXT,
    first_seen_at           TEXT    NOT NULL,
    last_seen_at            TEXT    NOT NULL,
    content_hash            TEXT    NOT NULL,
    version                 INTEGER NOT NULL,
    exchange_id             INTEGER REFERENCES exchanges(id),
    deleted_at              TEXT,
    deleted_reason          TEXT,
    UNIQUE (source_id, platform_post_id)
);
CREATE INDEX ix_posts_url ON posts (source_id, url);
CREATE INDEX ix_posts_hash ON posts (source_id, content_hash);
CREATE INDEX ix_posts_source_seen ON posts (source_id, first_seen_at);

-- Every version of every post (version 1 = as first seen); edits append.
CREATE TABLE post_versions (
    post_id      INTEGER NOT NULL REFERENCES posts(id),
    version      INTEGER NOT NULL,
    title        TEXT,
    text         TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,
    exchange_id  INTEGER REFERENCES exchanges(id),
    seen_at      TEXT    NOT NULL,
    PRIMARY KEY (post_id, version)
);

-- The change stream downstream stages follow: one row per insert or edit.
CREATE TABLE post_changes (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    version INTEGER NOT NULL,
    at      TEXT    NOT NULL
);

-- Engagement as time-stamped snapshots: every recrawl appends one (spread velocity is computed from them).
CREATE TABLE engagement_snapshots (
    id       INTEGER PRIMARY KEY,
    post_id  INTEGER NOT NULL REFERENCES posts(id),
    at       TEXT    NOT NULL,
    reposts  INTEGER,
    comments INTEGER,
    likes    INTEGER,
    views    INTEGER
);
CREATE INDEX ix_engagement_post ON engagement_snapshots (post_id, at);

CREATE TABLE source_cursors (
    source_id  TEXT PRIMARY KEY,
    cursor     TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE source_runs (
    id                 INTEGER PRIMARY KEY,
    source_id          TEXT    NOT NULL,
    started_at         TEXT    NOT NULL,
    finished_at        TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    pages_fetched      INTEGER NOT NULL,
    items_parsed       INTEGER NOT NULL,
    new_posts          INTEGER NOT NULL,
    updated_posts      INTEGER NOT NULL,
    deleted_posts      INTEGER NOT NULL,
    http_status_counts TEXT    NOT NULL,         -- JSON object {status: count}
    failures           TEXT    NOT NULL          -- JSON array of {url, kind, reason}
);
CREATE INDEX ix_source_runs_source ON source_runs (source_id, id);

CREATE TABLE collector_health_events (
    id                   INTEGER PRIMARY KEY,
    source_id            TEXT    NOT NULL,
    at                   TEXT    NOT NULL,
    kind                 TEXT    NOT NULL,
    message              TEXT    NOT NULL,
    consecutive_failures INTEGER NOT NULL
);

-- Conditional-GET validators per URL (ETag / Last-Modified of the last 200 answer).
CREATE TABLE url_validators (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    updated_at    TEXT NOT NULL
);
