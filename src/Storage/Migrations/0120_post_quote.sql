-- A post's quoted post (Discuz 引用 box), kept apart from its text so the author is never judged by words they only
-- quoted. NULL when the post quotes nothing.
ALTER TABLE posts ADD COLUMN quote TEXT;
