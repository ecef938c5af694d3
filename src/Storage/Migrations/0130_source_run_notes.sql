-- What a run passed over without failing (skipped items by reason, why paging stopped, links gone before they were
-- read) and, per post field, on how many items its selector role yielded a value: kept with the run so `sw status`,
-- `sw sources check` and the console show them after the run, not only on the terminal that ran it.
ALTER TABLE source_runs ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';          -- JSON array of strings
ALTER TABLE source_runs ADD COLUMN role_matches TEXT NOT NULL DEFAULT '{}';   -- JSON object {role: {matched, items}}
