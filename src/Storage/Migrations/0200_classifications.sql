-- Classifications of post versions (exactly one per post id + version), follower checkpoints, commentators' feedback.
CREATE TABLE classifications (
    sequence       INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id        INTEGER NOT NULL,
    post_version   INTEGER NOT NULL,
    at_utc         TEXT    NOT NULL,
    label          TEXT    NOT NULL,
    confidence     REAL    NOT NULL,
    scores_json    TEXT    NOT NULL,
    contacts_json  TEXT    NOT NULL,
    reasons_json   TEXT    NOT NULL,
    model_version  TEXT    NOT NULL,
    UNIQUE (post_id, post_version)
);
CREATE INDEX ix_classifications_post ON classifications (post_id, post_version DESC);

CREATE TABLE checkpoints (
    name        TEXT PRIMARY KEY,
    value       INTEGER NOT NULL,
    updated_utc TEXT    NOT NULL
);

CREATE TABLE classification_feedback (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id         INTEGER NOT NULL,
    post_version    INTEGER NOT NULL,
    text            TEXT    NOT NULL,
    label           TEXT    NOT NULL,
    decision        TEXT    NOT NULL,
    predicted_label TEXT,
    reviewer        TEXT,
    note            TEXT,
    at_utc          TEXT    NOT NULL,
    UNIQUE (post_id, post_version)
);
