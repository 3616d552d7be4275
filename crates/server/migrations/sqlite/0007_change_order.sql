-- The change feed's order is (xact, cursor) on every backend. SQLite has one writer at a time, so its writes take
-- numbers from the change counter in commit order and xact stays 0.
ALTER TABLE records ADD COLUMN xact INTEGER NOT NULL DEFAULT 0;
CREATE INDEX records_by_change ON records (xact, cursor);
