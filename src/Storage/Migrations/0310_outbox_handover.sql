-- Delivery hand-over (Alerting): the outbox records the moment just before a message passes the point of no return
-- (SMTP's final "." / the last byte of a webhook body). A 'handed' row whose process died before the confirmation is
-- "in doubt" and becomes 'sent_unconfirmed' at the next start instead of being sent twice.
ALTER TABLE outbox ADD COLUMN handed_at TEXT;
CREATE INDEX ix_outbox_state ON outbox (state);
