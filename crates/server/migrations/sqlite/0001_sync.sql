-- Records as the sync protocol sees them: one row per record, its JSON, and its place in the change feed.
CREATE TABLE records (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT NOT NULL,
    cursor INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE UNIQUE INDEX records_by_cursor ON records (cursor);

-- The change cursor: bumped inside each writing transaction, so commit order is cursor order.
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('change_cursor', 0);

-- Each device's place in its own outbox.
CREATE TABLE clients (
    client_id TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

-- Every command received, with the answer given: the idempotency record and the audit trail.
CREATE TABLE command_log (
    client_id TEXT NOT NULL REFERENCES clients (client_id),
    seq INTEGER NOT NULL,
    command_id TEXT NOT NULL UNIQUE,
    author TEXT NOT NULL,
    received_at TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    command TEXT NOT NULL,
    outcome TEXT NOT NULL,
    PRIMARY KEY (client_id, seq)
);
CREATE INDEX command_log_by_received_at ON command_log (received_at);
