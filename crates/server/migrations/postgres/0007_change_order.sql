-- Changes ordered by the transaction that wrote them, not by one shared counter every writer queues on (#17).
-- Each write stamps its rows with its transaction id and numbers from a sequence (which takes no row lock); a pull
-- returns rows of transactions that had all finished when its snapshot was taken, in (xact, cursor) order. Rows written
-- before this migration keep xact 0, so they come first and cursors desks already hold still point where they did.
ALTER TABLE records ADD COLUMN xact BIGINT NOT NULL DEFAULT 0;
CREATE INDEX records_by_change ON records (xact, cursor);
CREATE SEQUENCE change_sequence;
SELECT setval('change_sequence', GREATEST(
    (SELECT value FROM counters WHERE name = 'change_cursor'),
    (SELECT COALESCE(MAX(cursor), 0) FROM records),
    1
));
