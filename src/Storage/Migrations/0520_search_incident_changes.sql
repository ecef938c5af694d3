-- A durable feed of incident changes for an external search index (Elasticsearch, issue 18): a post joined an
-- incident, an incident's level changed, or it was merged into another. The index keeps each post's incident and
-- level as keyword fields; following this feed re-indexes the posts concerned, so "level ≥ Ⅲ" filters inside the
-- index and stays true when an incident is regraded. Written by triggers, so no stage has to remember it.
CREATE TABLE search_incident_changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL
);
CREATE TRIGGER search_incident_post_added AFTER INSERT ON incident_posts BEGIN
    INSERT INTO search_incident_changes (incident_id) VALUES (NEW.incident_id);
END;
CREATE TRIGGER search_incident_post_moved AFTER UPDATE OF incident_id ON incident_posts BEGIN
    INSERT INTO search_incident_changes (incident_id) VALUES (NEW.incident_id);
END;
CREATE TRIGGER search_incident_changed AFTER UPDATE OF level, merged_into ON incidents
WHEN NEW.level IS NOT OLD.level OR NEW.merged_into IS NOT OLD.merged_into BEGIN
    INSERT INTO search_incident_changes (incident_id) VALUES (NEW.id);
END;
CREATE INDEX ix_search_incident_changes_incident ON search_incident_changes (incident_id, seq);
-- A document's revision reads the latest change of its post; without this it would scan the whole feed per post.
CREATE INDEX IF NOT EXISTS ix_post_changes_post ON post_changes (post_id, seq);
