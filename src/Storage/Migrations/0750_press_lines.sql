-- The office's press lines (口径) and press releases (新闻通稿), versioned per incident and kind, with every workflow
-- step, and the media interview log (受理媒体采访申请). Issue 17, src/Office/PressLines.
CREATE TABLE office_press_lines (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL,
    kind TEXT NOT NULL,            -- line | release
    version INTEGER NOT NULL,
    template TEXT NOT NULL,        -- the configured template it started from ('' for none)
    source TEXT NOT NULL,          -- Liquid text the office edits
    text TEXT NOT NULL,            -- filled from the verified facts; frozen from approval on
    facts TEXT NOT NULL,           -- the facts used, with their source references
    state TEXT NOT NULL,           -- draft | submitted | approved | returned | published
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    based_on INTEGER,
    updated_at TEXT NOT NULL,
    UNIQUE (incident_id, kind, version)
);
CREATE INDEX ix_office_press_lines_state ON office_press_lines (state, id);

-- Append-only history of each version: created, edited, submitted, approved, returned, published.
CREATE TABLE office_press_line_steps (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES office_press_lines (id),
    step TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    at TEXT NOT NULL,
    comment TEXT NOT NULL
);
CREATE INDEX ix_office_press_line_steps ON office_press_line_steps (version_id, id);
CREATE TRIGGER office_press_line_steps_no_update BEFORE UPDATE ON office_press_line_steps BEGIN SELECT RAISE(ABORT, 'office_press_line_steps is append-only'); END;
CREATE TRIGGER office_press_line_steps_no_delete BEFORE DELETE ON office_press_line_steps BEGIN SELECT RAISE(ABORT, 'office_press_line_steps is append-only'); END;
-- A frozen text never changes: approved and published versions refuse any edit of their text at the store itself.
CREATE TRIGGER office_press_lines_frozen BEFORE UPDATE OF source, text, facts ON office_press_lines
    WHEN OLD.state NOT IN ('draft', 'returned') BEGIN SELECT RAISE(ABORT, 'an approved or submitted press line is frozen: edit it as a new version'); END;

CREATE TABLE office_media_interviews (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER,
    outlet TEXT NOT NULL,
    reporter TEXT NOT NULL,
    request TEXT NOT NULL,
    decision TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX ix_office_media_interviews ON office_media_interviews (incident_id, id);
