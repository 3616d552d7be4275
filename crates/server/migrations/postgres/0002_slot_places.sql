-- Places taken in each clinic slot: the database's own guard against double booking. A slot seeing `capacity`
-- patients has places 1..capacity; each booked (arrived, seen, did-not-attend) appointment holds one place, no two
-- appointments share a place, and an appointment holds at most one. Kept in the same transaction as the
-- appointment records.
CREATE TABLE slot_places (
    slot_id TEXT NOT NULL,
    place BIGINT NOT NULL,
    capacity BIGINT NOT NULL,
    appointment_id TEXT NOT NULL UNIQUE,
    PRIMARY KEY (slot_id, place),
    CHECK (place >= 1 AND place <= capacity)
);
