-- What people (and the re-open rule) did to incidents: close, reopen, merge, downgrade, acknowledge, silence.
-- Append-only: it is the record the 总结评估 reads back (who, when, why).
CREATE TABLE incident_actions (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX ix_incident_actions_incident ON incident_actions (incident_id, id);

-- A merged incident keeps its row as a tombstone pointing at the incident that absorbed it.
ALTER TABLE incidents ADD COLUMN merged_into INTEGER;
-- The plan's stage when closed (e.g. 善后).
ALTER TABLE incidents ADD COLUMN stage TEXT;
-- How many times the incident was re-opened: each re-opening notifies again under its own alert key.
ALTER TABLE incidents ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0;
