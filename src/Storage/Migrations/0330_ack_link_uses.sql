-- Acknowledgement links are single-use (issue 13): the first POST claims the link here before it acts.
CREATE TABLE ack_link_uses (
    link_id TEXT PRIMARY KEY,
    alert_id INTEGER NOT NULL,
    responder TEXT NOT NULL,
    action TEXT NOT NULL,
    label TEXT,
    used_at TEXT NOT NULL
);

-- Every refused second use of a link, with who asked: a replay is a fact someone may need to look into.
CREATE TABLE ack_link_replays (
    id INTEGER PRIMARY KEY,
    link_id TEXT NOT NULL,
    alert_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    remote TEXT,
    user_agent TEXT
);
CREATE INDEX ix_ack_link_replays_alert ON ack_link_replays (alert_id, id);
