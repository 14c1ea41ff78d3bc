-- 0005: racking requests (附件2 设备上架申请表) with their device rows, and operation requests
-- (附件5 操作申请单) with their position and cable tables. Enum columns hold the English codes of
-- model::request; times are 'YYYY-MM-DD HH:MM:SS', dates 'YYYY-MM-DD'.

-- 附件2 header. power_check keeps, as JSON, the check the core made at approval (exported with
-- the form). An approved request reserves its rows' positions and power until it is executed,
-- rejected or cancelled: the reservation is the rows of requests in state 'approved'.
CREATE TABLE racking_requests (
    id              INTEGER PRIMARY KEY,
    request_no      TEXT NOT NULL UNIQUE,
    applied_on      TEXT NOT NULL,
    org             TEXT NOT NULL,
    applicant       TEXT NOT NULL,
    phone           TEXT,
    system          TEXT,
    kind            TEXT NOT NULL,
    planned_on      TEXT,
    escort          TEXT,
    power_tested    INTEGER NOT NULL DEFAULT 0 CHECK (power_tested IN (0, 1)),
    org_opinion     TEXT,
    state           TEXT NOT NULL,
    approver        TEXT,
    decided_at      TEXT,
    opinion         TEXT,
    override_reason TEXT,
    power_check     TEXT,
    executed_at     TEXT,
    executed_by     TEXT,
    note            TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
);
CREATE INDEX racking_requests_state ON racking_requests(state, applied_on);

-- 附件2 device rows. asset_id names an asset already in the ledger (in stock, or racked for a
-- 迁移); without it the row describes a new asset, registered when the request is executed.
-- The asset fields are what the request asked for (a copy for an existing asset).
CREATE TABLE racking_request_rows (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES racking_requests(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    asset_id      INTEGER REFERENCES assets(id),
    asset_tag     TEXT NOT NULL,
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    vendor        TEXT NOT NULL,
    model         TEXT NOT NULL,
    serial        TEXT NOT NULL,
    u_height      INTEGER NOT NULL CHECK (u_height >= 0),
    depth         TEXT NOT NULL DEFAULT 'full',
    rated_w       INTEGER NOT NULL CHECK (rated_w >= 0),
    typical_w     INTEGER,
    psu_count     INTEGER NOT NULL DEFAULT 1,
    rj45_ports    INTEGER,
    optical_ports INTEGER,
    mgmt_ip       TEXT,
    cabinet_id    INTEGER REFERENCES cabinets(id),
    start_u       INTEGER,
    face          TEXT,
    note          TEXT,
    UNIQUE (request_id, seq)
);
CREATE INDEX racking_request_rows_cabinet ON racking_request_rows(cabinet_id);
CREATE INDEX racking_request_rows_asset ON racking_request_rows(asset_id);

-- 附件5 header. request_id links it to a racking request; a stand-alone one (迁移, 布线…) has none.
CREATE TABLE operation_requests (
    id            INTEGER PRIMARY KEY,
    op_no         TEXT NOT NULL UNIQUE,
    request_id    INTEGER REFERENCES racking_requests(id),
    org           TEXT NOT NULL,
    applicant     TEXT NOT NULL,
    phone         TEXT,
    kind          TEXT NOT NULL,
    planned_start TEXT,
    planned_end   TEXT,
    steps         TEXT,
    impact        TEXT,
    risk          TEXT NOT NULL,
    rollback      TEXT,
    implementer   TEXT,
    escort        TEXT,
    approver      TEXT,
    approved_at   TEXT,
    confirmed_by  TEXT,
    completed_at  TEXT,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);
CREATE INDEX operation_requests_request ON operation_requests(request_id);

-- 附件5 机柜位置 table: where each device goes (as planned; the asset may not exist yet).
CREATE TABLE operation_positions (
    id        INTEGER PRIMARY KEY,
    op_id     INTEGER NOT NULL REFERENCES operation_requests(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    name      TEXT NOT NULL,
    asset_tag TEXT NOT NULL,
    serial    TEXT,
    room      TEXT,
    cabinet   TEXT,
    start_u   INTEGER,
    u_height  INTEGER,
    face      TEXT,
    pdu_a     TEXT,
    pdu_b     TEXT,
    UNIQUE (op_id, seq)
);

-- 附件5 线缆端口对应表: both ends of every planned cable, with their labels (机柜-U位-端口).
CREATE TABLE operation_cables (
    id         INTEGER PRIMARY KEY,
    op_id      INTEGER NOT NULL REFERENCES operation_requests(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    cable_no   TEXT,
    cable_type TEXT,
    a_asset    TEXT NOT NULL,
    a_position TEXT,
    a_port     TEXT NOT NULL,
    via        TEXT,
    b_asset    TEXT NOT NULL,
    b_position TEXT,
    b_port     TEXT NOT NULL,
    a_label    TEXT,
    b_label    TEXT,
    purpose    TEXT,
    vlan       TEXT,
    length_m   REAL,
    UNIQUE (op_id, seq)
);
