-- Membership developments of incidents, for the office's automatic 续报 on a new platform or on growth (issue 17).
-- The alerting stage writes incident_posts; these triggers turn each post joining an incident (or moved into one by a
-- merge) into a numbered row, so no stage has to remember it and the drafter can read "what joined since the last
-- report" by sequence, not by the posts' own (publication) times, which a late-collected post would put in the past.
-- A row whose data is not JSON still joins (platform ''): these triggers must never make the alerting stage's write fail.
-- PostgreSQL: the PostgreSQL store does not port incidents yet; when it does, these tables and triggers need a mirror.
CREATE TABLE incident_joins (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id  INTEGER NOT NULL,
    post_id      INTEGER NOT NULL,
    platform     TEXT    NOT NULL,
    new_platform INTEGER NOT NULL, -- 1: the first post of this platform in the incident
    posts        INTEGER NOT NULL, -- the incident's posts after this join
    at           TEXT    NOT NULL  -- the joining post's time (incident_posts.at)
);
CREATE INDEX ix_incident_joins_incident ON incident_joins (incident_id, seq);

-- Per incident: how many posts it has and its newest join, kept by the triggers (no count over incident_posts).
CREATE TABLE incident_membership (
    incident_id INTEGER PRIMARY KEY,
    posts       INTEGER NOT NULL,
    last_seq    INTEGER NOT NULL
);

-- The platforms an incident has reached, with the post that brought each.
CREATE TABLE incident_platforms (
    incident_id   INTEGER NOT NULL,
    platform      TEXT    NOT NULL,
    first_post_id INTEGER NOT NULL,
    PRIMARY KEY (incident_id, platform)
) WITHOUT ROWID;

-- What each incident report covered: the incident's newest join when the report was drafted, and its posts then.
-- developments: the membership developments the automatic drafter wrote it for ('platform', 'growth', comma-separated;
-- empty for other reports), so each kind gets at most one 续报 per quiet period.
CREATE TABLE report_coverage (
    report_id    INTEGER PRIMARY KEY REFERENCES reports (id),
    incident_id  INTEGER NOT NULL,
    join_seq     INTEGER NOT NULL,
    posts        INTEGER NOT NULL,
    developments TEXT    NOT NULL,
    at           TEXT    NOT NULL
);
CREATE INDEX ix_report_coverage_incident ON report_coverage (incident_id, report_id);

-- Incidents that existed before this migration: their membership now (no join rows: that is history).
INSERT INTO incident_membership (incident_id, posts, last_seq)
SELECT incident_id, COUNT(*), 0 FROM incident_posts GROUP BY incident_id;
INSERT OR IGNORE INTO incident_platforms (incident_id, platform, first_post_id)
SELECT ip.incident_id, COALESCE(CASE WHEN json_valid(ip.data) THEN json_extract(ip.data, '$.Platform') END, ''), ip.post_id FROM incident_posts ip ORDER BY ip.at, ip.post_id;

CREATE TRIGGER incident_joins_post_added AFTER INSERT ON incident_posts BEGIN
    INSERT OR IGNORE INTO incident_membership (incident_id, posts, last_seq) VALUES (NEW.incident_id, 0, 0);
    UPDATE incident_membership SET posts = posts + 1 WHERE incident_id = NEW.incident_id;
    INSERT INTO incident_joins (incident_id, post_id, platform, new_platform, posts, at)
    SELECT NEW.incident_id, NEW.post_id, j.platform,
           NOT EXISTS (SELECT 1 FROM incident_platforms WHERE incident_id = NEW.incident_id AND platform = j.platform),
           (SELECT posts FROM incident_membership WHERE incident_id = NEW.incident_id), NEW.at
    FROM (SELECT COALESCE(CASE WHEN json_valid(NEW.data) THEN json_extract(NEW.data, '$.Platform') END, '') AS platform) j;
    INSERT OR IGNORE INTO incident_platforms (incident_id, platform, first_post_id)
    VALUES (NEW.incident_id, COALESCE(CASE WHEN json_valid(NEW.data) THEN json_extract(NEW.data, '$.Platform') END, ''), NEW.post_id);
    UPDATE incident_membership SET last_seq = (SELECT MAX(seq) FROM incident_joins WHERE incident_id = NEW.incident_id) WHERE incident_id = NEW.incident_id;
END;

-- A merge moves posts: the source incident loses them, the target gains them (a platform new to it is a development).
CREATE TRIGGER incident_joins_post_moved AFTER UPDATE OF incident_id ON incident_posts WHEN NEW.incident_id IS NOT OLD.incident_id BEGIN
    UPDATE incident_membership SET posts = posts - 1 WHERE incident_id = OLD.incident_id;
    INSERT OR IGNORE INTO incident_membership (incident_id, posts, last_seq) VALUES (NEW.incident_id, 0, 0);
    UPDATE incident_membership SET posts = posts + 1 WHERE incident_id = NEW.incident_id;
    INSERT INTO incident_joins (incident_id, post_id, platform, new_platform, posts, at)
    SELECT NEW.incident_id, NEW.post_id, j.platform,
           NOT EXISTS (SELECT 1 FROM incident_platforms WHERE incident_id = NEW.incident_id AND platform = j.platform),
           (SELECT posts FROM incident_membership WHERE incident_id = NEW.incident_id), NEW.at
    FROM (SELECT COALESCE(CASE WHEN json_valid(NEW.data) THEN json_extract(NEW.data, '$.Platform') END, '') AS platform) j;
    INSERT OR IGNORE INTO incident_platforms (incident_id, platform, first_post_id)
    VALUES (NEW.incident_id, COALESCE(CASE WHEN json_valid(NEW.data) THEN json_extract(NEW.data, '$.Platform') END, ''), NEW.post_id);
    UPDATE incident_membership SET last_seq = (SELECT MAX(seq) FROM incident_joins WHERE incident_id = NEW.incident_id) WHERE incident_id = NEW.incident_id;
END;
