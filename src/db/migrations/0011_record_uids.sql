-- 0011: every record's UUID (issue 15). Each table with its own `id INTEGER PRIMARY KEY` gets
-- `uid`: a version-4 UUID in its text form (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lower
-- case), unique, never NULL, given by a DEFAULT to every insert that names no uid. Unlike the
-- row id (SQLite hands out the largest rowid again after a delete), a uid is never reused, and
-- `copy`, `backup` and `restore` keep it. Left out (src/db/uids.rs says why): positions and
-- env_limits (keyed by their asset's or room's id, named by its uid), cable_ends and
-- inspection_rooms (link rows), settings and ledger_meta (keyed by name).
--
-- SQLite's ALTER TABLE ADD COLUMN takes no expression as a default, so this is the way
-- sqlite.org/lang_altertable.html ("Making Other Kinds Of Table Schema Changes") documents for
-- changing a default, which it lists among the changes that leave the stored rows valid:
--   1. add the column, NOT NULL with the constant default '';
--   2. give every existing row its own UUID;
--   3. replace the column's declared DEFAULT '' by the UUID expression in sqlite_schema
--      (writable_schema), then RESET, which turns editing off and reloads the schema;
--   4. index the column UNIQUE (after step 2, so the rows already differ).
-- The ALTERs of step 1 move the schema cookie in this same transaction, so every other
-- connection reloads the schema, with the new defaults, at its next transaction. The expression
-- is src/db/uids.rs's SQLITE_DEFAULT, letter for letter (a unit test holds them together).
ALTER TABLE asset_history ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE assets ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE cabinets ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE cables ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE env_readings ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE faults ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE inspection_devices ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE inspection_points ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE inspections ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE operation_cables ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE operation_positions ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE operation_requests ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE patrols ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE port_templates ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE ports ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE power_readings ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE racking_request_rows ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE racking_requests ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE repair_parts ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE repairs ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE request_steps ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE rooms ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE row_head_readings ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE row_heads ADD COLUMN uid TEXT NOT NULL DEFAULT '';

UPDATE asset_history SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE assets SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE audit_log SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE cabinets SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE cables SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE env_readings SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE faults SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE inspection_devices SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE inspection_points SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE inspections SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE operation_cables SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE operation_positions SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE operation_requests SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE patrols SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE port_templates SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE ports SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE power_readings SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE racking_request_rows SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE racking_requests SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE repair_parts SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE repairs SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE request_steps SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE rooms SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE row_head_readings SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE row_heads SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));

PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'uid TEXT NOT NULL DEFAULT ''''', 'uid TEXT NOT NULL DEFAULT (lower(hex(randomblob(4)) || ''-'' || hex(randomblob(2)) || ''-4'' || substr(hex(randomblob(2)), 2) || ''-'' || substr(''89AB'', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || ''-'' || hex(randomblob(6))))')
WHERE type = 'table' AND name IN (
    'asset_history',
    'assets',
    'audit_log',
    'cabinets',
    'cables',
    'env_readings',
    'faults',
    'inspection_devices',
    'inspection_points',
    'inspections',
    'operation_cables',
    'operation_positions',
    'operation_requests',
    'patrols',
    'port_templates',
    'ports',
    'power_readings',
    'racking_request_rows',
    'racking_requests',
    'repair_parts',
    'repairs',
    'request_steps',
    'rooms',
    'row_head_readings',
    'row_heads'
);
PRAGMA writable_schema = RESET;

CREATE UNIQUE INDEX asset_history_uid ON asset_history(uid);
CREATE UNIQUE INDEX assets_uid ON assets(uid);
CREATE UNIQUE INDEX audit_log_uid ON audit_log(uid);
CREATE UNIQUE INDEX cabinets_uid ON cabinets(uid);
CREATE UNIQUE INDEX cables_uid ON cables(uid);
CREATE UNIQUE INDEX env_readings_uid ON env_readings(uid);
CREATE UNIQUE INDEX faults_uid ON faults(uid);
CREATE UNIQUE INDEX inspection_devices_uid ON inspection_devices(uid);
CREATE UNIQUE INDEX inspection_points_uid ON inspection_points(uid);
CREATE UNIQUE INDEX inspections_uid ON inspections(uid);
CREATE UNIQUE INDEX operation_cables_uid ON operation_cables(uid);
CREATE UNIQUE INDEX operation_positions_uid ON operation_positions(uid);
CREATE UNIQUE INDEX operation_requests_uid ON operation_requests(uid);
CREATE UNIQUE INDEX patrols_uid ON patrols(uid);
CREATE UNIQUE INDEX port_templates_uid ON port_templates(uid);
CREATE UNIQUE INDEX ports_uid ON ports(uid);
CREATE UNIQUE INDEX power_readings_uid ON power_readings(uid);
CREATE UNIQUE INDEX racking_request_rows_uid ON racking_request_rows(uid);
CREATE UNIQUE INDEX racking_requests_uid ON racking_requests(uid);
CREATE UNIQUE INDEX repair_parts_uid ON repair_parts(uid);
CREATE UNIQUE INDEX repairs_uid ON repairs(uid);
CREATE UNIQUE INDEX request_steps_uid ON request_steps(uid);
CREATE UNIQUE INDEX rooms_uid ON rooms(uid);
CREATE UNIQUE INDEX row_head_readings_uid ON row_head_readings(uid);
CREATE UNIQUE INDEX row_heads_uid ON row_heads(uid);
