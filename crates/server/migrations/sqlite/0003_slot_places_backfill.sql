-- Bookings made before slot places existed get their places (and their sessions a clinic list) once, at the next
-- start-up (`db::places::backfill`), which then clears this flag.
INSERT INTO counters (name, value) VALUES ('slot_places_backfill_pending', 1);
