-- Incidents, alerts, the transactional outbox, durable timers and silences (Alerting).
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    level INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    first_post_id INTEGER NOT NULL,
    first_url TEXT NOT NULL,
    post_count INTEGER NOT NULL,
    platforms TEXT NOT NULL,
    labels TEXT NOT NULL,
    sites TEXT NOT NULL,
    trend TEXT NOT NULL,
    burst INTEGER NOT NULL,
    state TEXT NOT NULL
);
CREATE INDEX ix_incidents_last_seen ON incidents (last_seen_at);

-- One row per post: a post belongs to at most one incident, so replays after a crash are no-ops.
CREATE TABLE incident_posts (
    post_id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX ix_incident_posts_incident ON incident_posts (incident_id, at);

CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    incident_id INTEGER,
    level INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    reasons TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL,
    ack_by TEXT,
    ack_at TEXT,
    ack_via TEXT
);
CREATE INDEX ix_alerts_incident ON alerts (incident_id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    alert_id INTEGER,
    channel TEXT NOT NULL,
    responder_id TEXT NOT NULL,
    recipient TEXT NOT NULL,
    order_key TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at TEXT NOT NULL,
    state TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    dead_reported INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_outbox_pending ON outbox (channel, state, due_at);
CREATE INDEX ix_outbox_stream ON outbox (channel, recipient, order_key, state, id);
CREATE INDEX ix_outbox_alert ON outbox (alert_id);

CREATE TABLE alert_timers (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL REFERENCES alerts (id),
    kind TEXT NOT NULL,
    step INTEGER NOT NULL,
    due_at TEXT NOT NULL,
    state TEXT NOT NULL,
    UNIQUE (alert_id, kind, step)
);
CREATE INDEX ix_alert_timers_due ON alert_timers (state, due_at);

CREATE TABLE silences (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
