-- A logged-in source whose session expired (a login wall) is paused until its cookie is renewed. Only a fingerprint
-- of the cookie it had then is kept (SHA-256, first 16 hex digits), so a renewed cookie is recognised without storing it.
CREATE TABLE source_pauses (
    source_id             TEXT PRIMARY KEY,
    since                 TEXT NOT NULL,
    reason                TEXT NOT NULL,
    credential_fingerprint TEXT NOT NULL
);
