-- 0002: power — row-head cabinets, cabinet feeds and capacity, measured readings, settings.

-- 列头柜: the power distribution cabinet at the head of a row. Levels are fractions (0.8 = 80 %);
-- NULL means the global level applies.
CREATE TABLE row_heads (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    room_id       INTEGER NOT NULL REFERENCES rooms(id),
    row_label     TEXT,
    capacity_w    INTEGER NOT NULL CHECK (capacity_w >= 0),
    voltage_v     INTEGER NOT NULL DEFAULT 380,
    phases        INTEGER NOT NULL DEFAULT 3 CHECK (phases IN (1, 3)),
    warning_level REAL,
    alarm_level   REAL,
    note          TEXT
);
CREATE INDEX row_heads_room ON row_heads(room_id, code);

ALTER TABLE cabinets ADD COLUMN rated_w INTEGER CHECK (rated_w >= 0);
ALTER TABLE cabinets ADD COLUMN feed_a_id INTEGER REFERENCES row_heads(id);
ALTER TABLE cabinets ADD COLUMN feed_a_branch TEXT;
ALTER TABLE cabinets ADD COLUMN feed_a_breaker_a REAL CHECK (feed_a_breaker_a > 0);
ALTER TABLE cabinets ADD COLUMN feed_b_id INTEGER REFERENCES row_heads(id);
ALTER TABLE cabinets ADD COLUMN feed_b_branch TEXT;
ALTER TABLE cabinets ADD COLUMN feed_b_breaker_a REAL CHECK (feed_b_breaker_a > 0);
ALTER TABLE cabinets ADD COLUMN warning_level REAL;
ALTER TABLE cabinets ADD COLUMN alarm_level REAL;
CREATE INDEX cabinets_feed_a ON cabinets(feed_a_id);
CREATE INDEX cabinets_feed_b ON cabinets(feed_b_id);

-- Measured readings: kept, never overwritten. measured_w is what counts; the amps are kept as
-- read when the reading was given per feed.
CREATE TABLE power_readings (
    id         INTEGER PRIMARY KEY,
    cabinet_id INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    measured_w INTEGER NOT NULL CHECK (measured_w >= 0),
    amps_a     REAL,
    amps_b     REAL,
    operator   TEXT NOT NULL,
    note       TEXT
);
CREATE INDEX power_readings_cabinet ON power_readings(cabinet_id, at, id);

-- Global settings (power levels, approvers, …) as text values.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
