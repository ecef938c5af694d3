-- The latest label on the search document itself, so "every leak post, newest first" and "答案 among answer_selling"
-- read one row and one index instead of a second table per match. Kept equal to search_labels by the indexer (set
-- from whichever of the two feeds arrives second).
ALTER TABLE search_docs ADD COLUMN label TEXT;
UPDATE search_docs SET label = (SELECT l.label FROM search_labels l WHERE l.post_id = search_docs.post_id);
CREATE INDEX ix_search_docs_label_at ON search_docs (label, at) WHERE label IS NOT NULL;
