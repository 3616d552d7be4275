-- People who sign in: their role, the services (specialty ids) they work in, and an argon2 password hash.
-- `services` is a JSON array of specialty ids, or `*` for every service (administrator, team leads).
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    services TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    must_change_password BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

-- Signed-in sessions. Only a SHA-256 hash of the cookie's token is kept, so a copy of the database signs nobody in.
-- Times are Unix seconds (UTC): a session ends 12 hours after it was last used.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed sign-ins, per username, for the rate limit (5 in 15 minutes).
CREATE TABLE sign_in_failures (
    username TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_by_username ON sign_in_failures (username, failed_at);

-- The audit: every command accepted or refused, sign-ins, and patients opened, with who, device, time, outcome.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT,
    username TEXT NOT NULL,
    device TEXT,
    action TEXT NOT NULL,
    patient_id TEXT,
    outcome TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE INDEX audit_log_by_username ON audit_log (username, at);
CREATE INDEX audit_log_by_patient ON audit_log (patient_id, at);

-- A device (client id) belongs to the first user who syncs with it.
ALTER TABLE clients ADD COLUMN user_id TEXT;
-- Who sent each logged command (the signed-in user, not what the device claims).
ALTER TABLE command_log ADD COLUMN user_id TEXT;

-- Which services may see each record: `*` (everyone: the list of specialties, team tasks) or `|spec-a|spec-b|`.
-- NULL until computed: filled on write, and for records from before this migration at the next start-up.
ALTER TABLE records ADD COLUMN services TEXT;
-- The patient a record is about, so a patient's services follow their pathways and appointments.
ALTER TABLE records ADD COLUMN patient_id TEXT;
CREATE INDEX records_by_patient ON records (patient_id);
