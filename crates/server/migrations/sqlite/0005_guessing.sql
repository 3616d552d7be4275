-- Wrong passwords count by username, by client address and by both (see pathdesk_core::access::GuessingScope).
ALTER TABLE sign_in_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX sign_in_failures_by_client ON sign_in_failures (client, failed_at);

-- Devices a person has signed in on (a long-lived HttpOnly cookie, kept as its hash): spared the wait that
-- guessing at their username from elsewhere would otherwise bring.
CREATE TABLE known_devices (
    username TEXT NOT NULL,
    device_hash TEXT NOT NULL,
    last_signed_in BIGINT NOT NULL,
    PRIMARY KEY (username, device_hash)
);
