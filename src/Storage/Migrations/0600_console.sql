-- The duty console (src/Console): local accounts, the hash-chained audit log, and the commentators' work on incidents.
CREATE TABLE console_accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    -- Changes on disable and password reset: an open session carrying the old stamp stops at its next request.
    security_stamp TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Append-only: every line carries the hash of the line before it (prev_hash) and its own hash over both.
CREATE TABLE console_audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    address TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER console_audit_no_update BEFORE UPDATE ON console_audit BEGIN SELECT RAISE(ABORT, 'console_audit is append-only'); END;
CREATE TRIGGER console_audit_no_delete BEFORE DELETE ON console_audit BEGIN SELECT RAISE(ABORT, 'console_audit is append-only'); END;

-- What commentators did about an incident beyond the CLI's actions: assignment, police sharing, guidance replies, notes.
CREATE TABLE console_incident_work (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL,
    kind TEXT NOT NULL,          -- assign | share_police | guidance | note
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    value TEXT NOT NULL,         -- assignee, guidance text, note text ('' for share_police)
    url TEXT,                    -- guidance reply URL
    posted_at TEXT               -- when the guidance reply was posted
);
CREATE INDEX ix_console_incident_work ON console_incident_work (incident_id, id);
CREATE INDEX ix_console_incident_work_kind ON console_incident_work (kind, value);
