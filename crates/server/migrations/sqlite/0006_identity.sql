-- Which database this is. A backup copy gets a new id and is marked as restored from a backup, so desks that
-- synced with the database it came from notice, download everything again, and are let past the gap in their
-- command numbers (the commands made after the backup are not in it).
CREATE TABLE server_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    database_id TEXT NOT NULL,
    restored_from TEXT
);
INSERT INTO server_identity (id, database_id) VALUES (1, lower(hex(randomblob(16))));
ALTER TABLE clients ADD COLUMN after_restore INTEGER NOT NULL DEFAULT 0;
