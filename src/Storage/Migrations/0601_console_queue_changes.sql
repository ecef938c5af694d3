-- The duty console's queue follows this feed (Core.Alerting.IQueueChanges) instead of re-reading 2,000 alerts, their
-- incidents and evidence on every poll: a row per change that can alter a queue row, written by triggers so no stage
-- has to remember it. kind 'alert' = alerts.id; kind 'incident' = incidents.id (its record, a post joining it, an
-- evidence packet of it, console work on it). Kept short: every 1,000th change prunes all but the newest 20,000; a
-- reader that fell further behind sees the gap and reads the whole queue once.
CREATE TABLE console_queue_changes (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT    NOT NULL,
    ref  INTEGER NOT NULL
);
CREATE TRIGGER console_queue_alert_added AFTER INSERT ON alerts BEGIN
    INSERT INTO console_queue_changes (kind, ref) VALUES ('alert', NEW.id);
END;
CREATE TRIGGER console_queue_alert_changed AFTER UPDATE ON alerts BEGIN
    INSERT INTO console_queue_changes (kind, ref) VALUES ('alert', NEW.id);
END;
CREATE TRIGGER console_queue_incident_changed AFTER UPDATE ON incidents BEGIN
    INSERT INTO console_queue_changes (kind, ref) VALUES ('incident', NEW.id);
END;
CREATE TRIGGER console_queue_incident_post_added AFTER INSERT ON incident_posts BEGIN
    INSERT INTO console_queue_changes (kind, ref) VALUES ('incident', NEW.incident_id);
END;
CREATE TRIGGER console_queue_incident_post_moved AFTER UPDATE OF incident_id ON incident_posts BEGIN
    INSERT INTO console_queue_changes (kind, ref) VALUES ('incident', OLD.incident_id), ('incident', NEW.incident_id);
END;
CREATE TRIGGER console_queue_work_added AFTER INSERT ON console_incident_work BEGIN
    INSERT INTO console_queue_changes (kind, ref) VALUES ('incident', NEW.incident_id);
END;
CREATE TRIGGER console_queue_evidence_added AFTER INSERT ON evidence_items WHEN NEW.incident_id IS NOT NULL BEGIN
    INSERT INTO console_queue_changes (kind, ref) VALUES ('incident', CAST(NEW.incident_id AS INTEGER));
END;
CREATE TRIGGER console_queue_evidence_changed AFTER UPDATE ON evidence_items BEGIN
    INSERT INTO console_queue_changes (kind, ref)
    SELECT 'incident', CAST(i AS INTEGER) FROM (SELECT OLD.incident_id AS i UNION SELECT NEW.incident_id) WHERE i IS NOT NULL;
END;
CREATE TRIGGER console_queue_changes_pruned AFTER INSERT ON console_queue_changes WHEN NEW.seq % 1000 = 0 BEGIN
    DELETE FROM console_queue_changes WHERE seq <= NEW.seq - 20000;
END;
