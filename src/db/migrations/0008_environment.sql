-- 0008: environment (issue 17) — temperature and humidity readings at cabinet inlets and named
-- points, per-room limits, the IDC engineer's patrol record (机房巡视记录), and measured readings
-- of row-head cabinets (a 列头柜's phase currents seen on a patrol).

-- 温湿度读数: kept, never overwritten. `point` is a cabinet code (its inlet, then cabinet_id is
-- set) or a named point such as `A列冷通道`. source: manual (人工) or import (动环导入).
CREATE TABLE env_readings (
    id         INTEGER PRIMARY KEY,
    room_id    INTEGER NOT NULL REFERENCES rooms(id),
    point      TEXT NOT NULL,
    cabinet_id INTEGER REFERENCES cabinets(id) ON DELETE SET NULL,
    at         TEXT NOT NULL,
    temp_c     REAL NOT NULL,
    rh         REAL CHECK (rh IS NULL OR (rh >= 0 AND rh <= 100)),
    source     TEXT NOT NULL CHECK (source IN ('manual', 'import')),
    operator   TEXT NOT NULL,
    note       TEXT
);
CREATE INDEX env_readings_point ON env_readings(room_id, point, at, id);
CREATE INDEX env_readings_cabinet ON env_readings(cabinet_id, at, id);

-- A room's own limits; NULL means the global setting (env.temp_min …) applies.
CREATE TABLE env_limits (
    room_id  INTEGER PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
    temp_min REAL,
    temp_max REAL,
    rh_max   REAL,
    dew_min  REAL,
    dew_max  REAL
);

-- 机房巡视记录: one line per piece of equipment seen. `room` is free text (a 配电室 need not be a
-- registered machine room). currents: a JSON array of amps (per phase or per feed).
CREATE TABLE patrols (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    room        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('ups', 'crac', 'distribution', 'row_head', 'battery', 'generator', 'other')),
    name        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('ok', 'abnormal', 'stopped')),
    voltage_v   REAL,
    currents    TEXT,
    load_pct    REAL,
    temp_c      REAL,
    rh          REAL,
    issue       TEXT,
    handling    TEXT,
    operator    TEXT NOT NULL,
    note        TEXT,
    row_head_id INTEGER REFERENCES row_heads(id) ON DELETE SET NULL
);
CREATE INDEX patrols_at ON patrols(at, id);

-- A row-head cabinet's measured load, like power_readings for a cabinet: P = 220 V × ΣI.
CREATE TABLE row_head_readings (
    id          INTEGER PRIMARY KEY,
    row_head_id INTEGER NOT NULL REFERENCES row_heads(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    measured_w  INTEGER NOT NULL CHECK (measured_w >= 0),
    currents    TEXT,
    operator    TEXT NOT NULL,
    patrol_id   INTEGER REFERENCES patrols(id) ON DELETE SET NULL,
    note        TEXT
);
CREATE INDEX row_head_readings_head ON row_head_readings(row_head_id, at, id);
