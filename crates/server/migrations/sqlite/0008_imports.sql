-- PAS extract imports: the file as checked (decoded text), who started it, and how far it has gone. Each batch of
-- rows is applied in one transaction with its progress, so an import stopped part-way resumes from the last batch
-- it finished and nothing is applied twice or half-applied.
CREATE TABLE imports (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    contents TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL,
    total_rows INTEGER NOT NULL,
    done_rows INTEGER NOT NULL DEFAULT 0,
    next_seq INTEGER NOT NULL DEFAULT 1,
    skip_rows TEXT NOT NULL,
    counts TEXT NOT NULL,
    problems TEXT NOT NULL DEFAULT '[]',
    message TEXT,
    finished_at TEXT
);
CREATE INDEX imports_by_status ON imports (status);
