-- When a thread starter was last re-fetched by the recrawl, so Crawler:Collection:RecrawlEvery can space re-fetches
-- independently of the list walk (which sees hot threads every run but never re-reads their replies).
ALTER TABLE posts ADD COLUMN recrawled_at TEXT;
