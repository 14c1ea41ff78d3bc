-- 0001: the ledger — rooms, cabinets, assets, their rack positions, asset history, audit log.

CREATE TABLE rooms (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    location  TEXT,
    note      TEXT
);

CREATE TABLE cabinets (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    room_id   INTEGER NOT NULL REFERENCES rooms(id),
    row_label TEXT,
    u_height  INTEGER NOT NULL DEFAULT 42 CHECK (u_height BETWEEN 1 AND 60),
    owner     TEXT,
    note      TEXT
);
CREATE INDEX cabinets_room ON cabinets(room_id, row_label, code);

CREATE TABLE assets (
    id              INTEGER PRIMARY KEY,
    asset_tag       TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    category        TEXT NOT NULL,
    vendor          TEXT NOT NULL DEFAULT '',
    model           TEXT NOT NULL DEFAULT '',
    serial          TEXT NOT NULL DEFAULT '',
    spec            TEXT,
    ownership       TEXT NOT NULL,
    owner           TEXT NOT NULL DEFAULT '',
    system          TEXT,
    custodian       TEXT,
    u_height        INTEGER NOT NULL CHECK (u_height BETWEEN 0 AND 60),
    depth           TEXT NOT NULL DEFAULT 'full',
    rated_w         INTEGER NOT NULL DEFAULT 0 CHECK (rated_w >= 0),
    typical_w       INTEGER CHECK (typical_w >= 0),
    psu_count       INTEGER NOT NULL DEFAULT 1,
    mgmt_ip         TEXT,
    supplier        TEXT,
    contract_no     TEXT,
    purchased_on    TEXT,
    racked_on       TEXT,
    warranty_vendor TEXT,
    warranty_until  TEXT,
    status          TEXT NOT NULL,
    registered_on   TEXT,
    registered_by   TEXT,
    note            TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    -- One lower-case haystack for search-as-you-type over the six searched fields.
    search_text     TEXT GENERATED ALWAYS AS (
        lower(asset_tag || char(31) || name || char(31) || serial || char(31) || model || char(31)
              || owner || char(31) || coalesce(mgmt_ip, ''))
    ) STORED
);
CREATE UNIQUE INDEX assets_vendor_serial ON assets(vendor, serial) WHERE serial <> '';
CREATE INDEX assets_status ON assets(status);
CREATE INDEX assets_owner ON assets(owner);
CREATE INDEX assets_category ON assets(category);

-- Where a racked asset sits. An asset has at most one position.
CREATE TABLE positions (
    asset_id   INTEGER PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
    cabinet_id INTEGER NOT NULL REFERENCES cabinets(id),
    start_u    INTEGER NOT NULL CHECK (start_u >= 0),
    face       TEXT NOT NULL DEFAULT 'front'
);
CREATE INDEX positions_cabinet ON positions(cabinet_id, start_u);

-- What happened to an asset, as the ledger tells it: created, racked, moved, unracked, status
-- and serial changes. `from_pos` / `to_pos` are positions written `A03-U21`.
CREATE TABLE asset_history (
    id        INTEGER PRIMARY KEY,
    asset_id  INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    operator  TEXT NOT NULL,
    kind      TEXT NOT NULL,
    from_pos  TEXT,
    to_pos    TEXT,
    old_value TEXT,
    new_value TEXT,
    reason    TEXT
);
CREATE INDEX asset_history_asset ON asset_history(asset_id, at);
CREATE INDEX asset_history_at ON asset_history(at);

-- Every mutation: who, when, what, before and after (JSON), written in the same transaction.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_key  TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    reason      TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_key, id);
CREATE INDEX audit_log_at ON audit_log(at);
