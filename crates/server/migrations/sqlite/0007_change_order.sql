-- The change feed's order is (xact, cursor) on every backend. SQLite has one writer at a time, so its writes take
-- numbers from the change counter in commit order and xact stays 0: its pulls go by the cursor alone, on the index
-- it already has, and no second index slows every write.
ALTER TABLE records ADD COLUMN xact INTEGER NOT NULL DEFAULT 0;
