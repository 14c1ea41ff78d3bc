-- 0007: the daily inspection (附件1 巡检表): one inspection of a date over one or more rooms, its
-- check points (子表1) and its racked devices (子表2). Enum columns hold the English codes of
-- model::inspection; times are 'YYYY-MM-DD HH:MM:SS'. A NULL result is a row not marked yet.

CREATE TABLE inspections (
    id             INTEGER PRIMARY KEY,
    inspection_no  TEXT NOT NULL UNIQUE,
    inspected_on   TEXT NOT NULL,
    state          TEXT NOT NULL,
    inspector      TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    ended_at       TEXT,
    reviewer       TEXT,
    reviewed_at    TEXT,
    opinion        TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL
);
CREATE INDEX inspections_on ON inspections(inspected_on, id);

-- The rooms an inspection walks, in the order they were named.
CREATE TABLE inspection_rooms (
    inspection_id  INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    room_id        INTEGER NOT NULL REFERENCES rooms(id),
    seq            INTEGER NOT NULL,
    PRIMARY KEY (inspection_id, room_id)
);
CREATE INDEX inspection_rooms_room ON inspection_rooms(room_id, inspection_id);

-- 子表1 机房环境与基础设施: one row per check point.
CREATE TABLE inspection_points (
    id             INTEGER PRIMARY KEY,
    inspection_id  INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    room           TEXT NOT NULL,
    item           TEXT NOT NULL,
    point          TEXT NOT NULL,
    standard       TEXT,
    reading        TEXT,
    result         TEXT,
    description    TEXT,
    handling       TEXT,
    fault_id       INTEGER REFERENCES faults(id),
    note           TEXT,
    marked_at      TEXT,
    marked_by      TEXT,
    UNIQUE (inspection_id, room, item, point)
);

-- 子表2 硬件设备: one row per device racked in the rooms when the inspection started; room,
-- cabinet and U are kept as they were then (devices move later).
CREATE TABLE inspection_devices (
    id             INTEGER PRIMARY KEY,
    inspection_id  INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    room           TEXT NOT NULL,
    cabinet        TEXT NOT NULL,
    start_u        INTEGER NOT NULL,
    u_height       INTEGER NOT NULL,
    asset_id       INTEGER NOT NULL REFERENCES assets(id),
    power          TEXT,
    disk           TEXT,
    fan            TEXT,
    net            TEXT,
    result         TEXT,
    description    TEXT,
    fault_id       INTEGER REFERENCES faults(id),
    note           TEXT,
    marked_at      TEXT,
    marked_by      TEXT,
    UNIQUE (inspection_id, asset_id)
);
CREATE INDEX inspection_devices_cabinet ON inspection_devices(inspection_id, cabinet, seq);
-- A fault is found by one inspection row at most: the link read from the fault's side.
CREATE UNIQUE INDEX inspection_devices_fault ON inspection_devices(fault_id) WHERE fault_id IS NOT NULL;
CREATE UNIQUE INDEX inspection_points_fault ON inspection_points(fault_id) WHERE fault_id IS NOT NULL;
