-- Images shown in posts, read off the collection path (OCR text, QR payloads); bytes live content-addressed under
-- Paths:Data/images. A post version whose cause is 'image_text' repeats the post's title and text: it exists so the
-- classifier reads the post again once its images have given text.
CREATE TABLE post_images (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES posts(id),
    ordinal     INTEGER NOT NULL,
    url         TEXT    NOT NULL,
    state       TEXT    NOT NULL,            -- pending | analysed | skipped | failed
    reason      TEXT,
    sha256      TEXT,
    media_type  TEXT,
    bytes       INTEGER,
    width       INTEGER,
    height      INTEGER,
    ocr_text    TEXT,
    qr_payloads TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
    attempts    INTEGER NOT NULL DEFAULT 0,
    found_at    TEXT    NOT NULL,
    done_at     TEXT,
    UNIQUE (post_id, url)
);
CREATE INDEX ix_post_images_pending ON post_images (state, id);

ALTER TABLE post_versions ADD COLUMN cause TEXT;  -- null: as collected (first sight or an edit); 'image_text'
