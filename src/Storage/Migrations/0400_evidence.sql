-- Evidence packets (index; the packets are directories on disk), takedown requests and their re-checks.
CREATE TABLE evidence_items (
    id                TEXT PRIMARY KEY,
    post_id           INTEGER,
    alert_id          TEXT,
    incident_id       TEXT,
    url               TEXT NOT NULL,
    sound             INTEGER NOT NULL,
    capture_source    TEXT NOT NULL,
    packet_path       TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    operator          TEXT NOT NULL,
    manifest_sha256   TEXT,
    continuation_head TEXT,
    problems          TEXT NOT NULL
);
CREATE INDEX ix_evidence_items_alert ON evidence_items (alert_id);
CREATE INDEX ix_evidence_items_incident ON evidence_items (incident_id);
CREATE INDEX ix_evidence_items_created ON evidence_items (created_at);

CREATE TABLE takedowns (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id            INTEGER,
    url                TEXT NOT NULL,
    requested_at       TEXT NOT NULL,
    deadline_at        TEXT NOT NULL,
    requested_by       TEXT NOT NULL,
    note               TEXT,
    state              TEXT NOT NULL,
    last_checked_at    TEXT,
    removed_at         TEXT,
    overdue_alerted_at TEXT
);
CREATE INDEX ix_takedowns_state ON takedowns (state);

CREATE TABLE takedown_checks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    takedown_id  INTEGER NOT NULL REFERENCES takedowns (id),
    checked_at   TEXT NOT NULL,
    observation  TEXT NOT NULL,
    evidence_id  TEXT NOT NULL,
    detail       TEXT NOT NULL
);
CREATE INDEX ix_takedown_checks_takedown ON takedown_checks (takedown_id);
