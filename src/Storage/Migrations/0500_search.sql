-- Full-text search (Storage/Search): an FTS5 index of every stored post, fed with the segmenter's search-mode tokens
-- (joined by spaces, so FTS5's unicode61 tokenizer sees one token per word), and the filter columns the index needs.
-- Contentless: the text lives in posts / post_versions; contentless_delete lets an edit replace a post's row.
CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, body, history,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- One row per indexed post: what filters and ordering read without touching posts (at = published, else first seen).
CREATE TABLE search_docs (
    post_id     INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    source_id   TEXT    NOT NULL,
    platform    TEXT    NOT NULL,
    author_id   TEXT,
    author_name TEXT,
    version     INTEGER NOT NULL
);
CREATE INDEX ix_search_docs_at ON search_docs (at);
CREATE INDEX ix_search_docs_author_name ON search_docs (author_name) WHERE author_name IS NOT NULL;
CREATE INDEX ix_search_docs_author_id ON search_docs (author_id) WHERE author_id IS NOT NULL;

-- The label of each post's latest classified version.
CREATE TABLE search_labels (
    post_id      INTEGER PRIMARY KEY,
    post_version INTEGER NOT NULL,
    label        TEXT    NOT NULL,
    confidence   REAL    NOT NULL
);
CREATE INDEX ix_search_labels_label ON search_labels (label, post_id);

-- Every canonical contact the classifier found in any version of a post (an edit that removes a phone number does
-- not hide the post from a search for that number), with the spelling as written for highlighting.
CREATE TABLE search_contacts (
    value   TEXT    NOT NULL,
    post_id INTEGER NOT NULL,
    raw     TEXT    NOT NULL,
    kind    TEXT    NOT NULL,
    PRIMARY KEY (value, post_id, raw)
) WITHOUT ROWID;
CREATE INDEX ix_search_contacts_post ON search_contacts (post_id);

-- How far the index has followed each change feed: 'posts' = post_changes.seq, 'classifications' =
-- classifications.sequence. Moved in the same transaction as the index rows it covers.
CREATE TABLE search_checkpoint (
    feed       TEXT    PRIMARY KEY,
    position   INTEGER NOT NULL,
    updated_at TEXT    NOT NULL
);
