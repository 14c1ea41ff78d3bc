-- 0003: the fault and alarm register (附件3) and repair records (附件4) with their parts.
-- Enum columns hold the English codes of model::repair; times are 'YYYY-MM-DD HH:MM:SS'.

-- 附件3 故障告警登记表. room/cabinet are where it happened when registered (devices move).
CREATE TABLE faults (
    id              INTEGER PRIMARY KEY,
    fault_no        TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    occurred_at     TEXT NOT NULL,
    source          TEXT NOT NULL,
    room            TEXT,
    cabinet         TEXT,
    asset_id        INTEGER REFERENCES assets(id),
    fault_type      TEXT,
    severity        TEXT NOT NULL,
    description     TEXT NOT NULL,
    service_impact  INTEGER NOT NULL DEFAULT 0 CHECK (service_impact IN (0, 1)),
    reporter        TEXT,
    acknowledged_at TEXT,
    handler         TEXT,
    actions         TEXT,
    root_cause      TEXT,
    recovered_at    TEXT,
    state           TEXT NOT NULL,
    closed_at       TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
);
CREATE INDEX faults_state ON faults(state, occurred_at);
CREATE INDEX faults_occurred ON faults(occurred_at);
CREATE INDEX faults_asset ON faults(asset_id);

-- 附件4 维修记录. return_* remember where a device sent back to the factory (返厂) was racked.
CREATE TABLE repairs (
    id                 INTEGER PRIMARY KEY,
    repair_no          TEXT NOT NULL UNIQUE,
    fault_id           INTEGER REFERENCES faults(id),
    asset_id           INTEGER NOT NULL REFERENCES assets(id),
    symptom            TEXT NOT NULL,
    reported_at        TEXT NOT NULL,
    mode               TEXT NOT NULL,
    vendor             TEXT NOT NULL,
    case_no            TEXT,
    technician         TEXT,
    arrived_at         TEXT,
    work_done          TEXT,
    old_serial         TEXT,
    new_serial         TEXT,
    completed_at       TEXT,
    result             TEXT,
    under_warranty     INTEGER CHECK (under_warranty IN (0, 1)),
    cost               REAL CHECK (cost >= 0),
    accepted_by        TEXT,
    accepted_on        TEXT,
    state              TEXT NOT NULL,
    return_cabinet_id  INTEGER REFERENCES cabinets(id),
    return_start_u     INTEGER,
    return_face        TEXT,
    closed_at          TEXT,
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    updated_by         TEXT NOT NULL
);
CREATE INDEX repairs_asset ON repairs(asset_id, reported_at);
CREATE INDEX repairs_state ON repairs(state, reported_at);
CREATE INDEX repairs_fault ON repairs(fault_id);

-- 更换部件: several rows per repair, in the order they were entered.
CREATE TABLE repair_parts (
    id         INTEGER PRIMARY KEY,
    repair_id  INTEGER NOT NULL REFERENCES repairs(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    spec       TEXT,
    quantity   INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    old_serial TEXT,
    new_serial TEXT,
    disposal   TEXT
);
CREATE INDEX repair_parts_repair ON repair_parts(repair_id, id);
