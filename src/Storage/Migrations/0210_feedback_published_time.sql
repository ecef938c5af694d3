-- When the post a decision is about was published (else first seen): the time the classifier saw it at, so feedback
-- examples train the exam-window features like the corpus's timed examples. NULL for decisions recorded before.
ALTER TABLE classification_feedback ADD COLUMN published_at_utc TEXT;
