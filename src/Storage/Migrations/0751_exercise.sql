-- Drill mode (演练): a store written by `sw exercise run` says so itself, so anything read from it later (an
-- evaluation, a console) is marked as a drill even without the run's configuration. A real store has no row here.
CREATE TABLE office_exercise (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    marker TEXT NOT NULL,
    started_at TEXT NOT NULL
);
