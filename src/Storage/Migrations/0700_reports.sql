-- Reports (issue 17, src/Office): a report and its versions; a version is never updated, an edit appends one.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    incident_id INTEGER,
    from_at TEXT,
    to_at TEXT,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX ix_reports_incident ON reports (incident_id, id);
CREATE UNIQUE INDEX ux_reports_number ON reports (kind, IFNULL(incident_id, 0), number);

CREATE TABLE report_versions (
    report_id INTEGER NOT NULL REFERENCES reports (id),
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    by TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (report_id, version)
);
CREATE TRIGGER report_versions_no_update BEFORE UPDATE ON report_versions BEGIN SELECT RAISE(ABORT, 'report_versions is append-only'); END;

-- Period reports count posts by when they were first stored; without this index a day's report scans every post.
CREATE INDEX ix_posts_first_seen ON posts (first_seen_at);
CREATE INDEX ix_source_runs_started ON source_runs (started_at);
CREATE INDEX ix_health_events_at ON collector_health_events (at);
