// GENERATED from the core's Rust types by src-tauri/tests/ts_types.rs (ts-rs) — do not edit.
// Regenerate: UPDATE_TS=1 cargo test -p rackledger-app --test ts_types
// Dates are `yyyy-mm-dd`, times `yyyy-mm-dd HH:MM:SS`.

export type Category = "server" | "storage" | "switch" | "router" | "firewall" | "load_balancer" | "security" | "fc_switch" | "patch_panel" | "pdu" | "other";

export type Ownership = "platform" | "hosted" | "leased";

export type Status = "in_stock" | "in_use" | "idle" | "repairing" | "unracked" | "to_retire" | "retired";

export type Face = "front" | "rear";

export type Depth = "full" | "half";

export type Position = { room: string, cabinet: string, start_u: number, face: Face, };

export type Asset = { asset_tag: string, name: string, category: Category, vendor: string, model: string, serial: string, spec: string | null, ownership: Ownership, owner: string, system: string | null, custodian: string | null, room: string | null, cabinet: string | null, start_u: number | null, u_height: number, face: Face | null, depth: Depth, rated_w: number, typical_w: number | null, psu_count: number, mgmt_ip: string | null, supplier: string | null, contract_no: string | null, purchased_on: string | null, racked_on: string | null, warranty_vendor: string | null, warranty_until: string | null, status: Status, registered_on: string | null, registered_by: string | null, note: string | null, 
/**
 * Bumped on every change; lets an editor detect that someone else changed the row.
 */
version: number, };

export type Room = { name: string, location: string | null, note: string | null, };

export type Cabinet = { code: string, room: string, row: string | null, u_height: number, owner: string | null, note: string | null, 
/**
 * Rack units occupied by racked devices (either face counts the unit as used).
 */
used_u: number, device_count: number, };

export type RepairMode = "warranty" | "third_party" | "in_house" | "factory";

export type RepairResult = "fixed" | "partial" | "unrepairable" | "awaiting_parts";

export type RepairState = "pending" | "in_repair" | "completed" | "closed";

export type PartDisposal = "keep" | "destroy" | "return";

export type RepairPart = { name: string, spec: string | null, quantity: number, old_serial: string | null, new_serial: string | null, disposal: PartDisposal | null, };

export type Repair = { repair_no: string, fault_no: string | null, asset_tag: string, asset_name: string, 
/**
 * 品牌型号 of the device, as the ledger has it now.
 */
device_vendor: string, device_model: string, serial: string, symptom: string, reported_at: string, mode: RepairMode, 
/**
 * 维修单位: who repairs it.
 */
vendor: string, case_no: string | null, technician: string | null, arrived_at: string | null, work_done: string | null, parts: Array<RepairPart>, 
/**
 * A whole-unit swap: the device's serial before and after.
 */
old_serial: string | null, new_serial: string | null, completed_at: string | null, result: RepairResult | null, under_warranty: boolean | null, cost: number | null, accepted_by: string | null, accepted_on: string | null, state: RepairState, 
/**
 * Where a device sent back to the factory (返厂) was racked, to go back there on return.
 */
return_position: string | null, closed_at: string | null, };

export type SortKey = "asset_tag" | "name" | "category" | "vendor" | "model" | "owner" | "cabinet" | "status" | "rated_w" | "warranty_until";

export type AssetFilter = { 
/**
 * Substring of tag, name, serial, model, owner or management IP (case-insensitive).
 */
query: string | null, room: string | null, cabinet: string | null, category: Category | null, status: Status | null, ownership: Ownership | null, owner: string | null, 
/**
 * Only racked (`Some(true)`) or only unracked (`Some(false)`) assets.
 */
racked: boolean | null, sort: SortKey | null, descending: boolean, limit: number | null, offset: number | null, };

export type HistoryEntry = { at: string, operator: string, 
/**
 * `created`, `placed`, `moved`, `unplaced`, `status`, `serial`, `updated`, `retired`.
 */
kind: string, from_pos: string | null, to_pos: string | null, old_value: string | null, new_value: string | null, reason: string | null, };

export type AuditEntry = { id: number, at: string, operator: string, action: string, entity: string, entity_key: string, before: unknown, after: unknown, reason: string | null, };

export type Reading = { cabinet: string, 
/**
 * Local time `YYYY-MM-DD HH:MM:SS`.
 */
at: string, measured_w: number, amps_a: number | null, amps_b: number | null, operator: string, note: string | null, };

export type RowHead = { code: string, room: string, row: string | null, capacity_w: number, voltage_v: number, phases: number, 
/**
 * Own levels (fractions); None means the global level.
 */
warning_level: number | null, alarm_level: number | null, note: string | null, };

export type SerialChange = { serial: string, replaced_by: string, at: string, operator: string, };

export type AssetDetail = { position: Position | null, history: Array<HistoryEntry>, serial_history: Array<SerialChange>, 
/**
 * The asset's repair records (附件4), newest first.
 */
repairs: Array<Repair>, audit: Array<AuditEntry>, asset_tag: string, name: string, category: Category, vendor: string, model: string, serial: string, spec: string | null, ownership: Ownership, owner: string, system: string | null, custodian: string | null, room: string | null, cabinet: string | null, start_u: number | null, u_height: number, face: Face | null, depth: Depth, rated_w: number, typical_w: number | null, psu_count: number, mgmt_ip: string | null, supplier: string | null, contract_no: string | null, purchased_on: string | null, racked_on: string | null, warranty_vendor: string | null, warranty_until: string | null, status: Status, registered_on: string | null, registered_by: string | null, note: string | null, 
/**
 * Bumped on every change; lets an editor detect that someone else changed the row.
 */
version: number, };

export type Elevation = { cabinet: Cabinet, devices: Array<Asset>, };

export type Verdict = "ok" | "warning" | "refused";

export type CabinetCheck = { cabinet: string, capacity_w: number | null, load_before_w: number, load_after_w: number, utilization_after: number | null, status_after: PowerStatus, failover_ok_after: boolean | null, };

export type RowHeadCheck = { row_head: string, capacity_w: number, load_before_w: number, load_after_w: number, utilization_after: number | null, status_after: PowerStatus, failover_load_after_w: number, failover_status_after: PowerStatus, };

export type CheckResult = { verdict: Verdict, 
/**
 * Why, in the user's language.
 */
reasons: Array<string>, 
/**
 * Tags of the assets already on the requested units.
 */
conflicts: Array<string>, 
/**
 * A refusal on power alone, which a user may go past with a reason (`--override`). Space
 * and status refusals are never overridable.
 */
overridable: boolean, cabinet: CabinetCheck, row_heads: Array<RowHeadCheck>, };

export type Racked = { asset: Asset, check: CheckResult, };

export type PowerStatus = "unknown" | "ok" | "warning" | "critical" | "over";

export type Levels = { warning: number, alarm: number, };

export type CabinetPower = { cabinet: string, room: string, row: string | null, capacity_w: number | null, device_count: number, computed_w: number, measured_w: number | null, measured_at: string | null, load_w: number, utilization: number | null, headroom_w: number | null, status: PowerStatus, 
/**
 * Codes of the feeding row-heads, A first: `["A-RPP1", "B-RPP1"]`.
 */
feeds: Array<string>, failover_ok: boolean | null, warning_level: number, alarm_level: number, };

export type RowHeadPower = { row_head: string, room: string, row: string | null, capacity_w: number, cabinet_count: number, load_w: number, failover_load_w: number, utilization: number | null, failover_utilization: number | null, status: PowerStatus, failover_status: PowerStatus, warning_level: number, alarm_level: number, };

export type PowerReport = { cabinets: Array<CabinetPower>, row_heads: Array<RowHeadPower>, };

export type DemoReport = { rooms: number, cabinets: number, assets: number, racked: number, };

export type Policy = { dir: string, keep_daily: number, keep_monthly: number, };

export type BackupFile = { 
/**
 * The file name (what a restore from the list names).
 */
name: string, path: string, 
/**
 * When it was taken, `YYYY-MM-DD HH:MM:SS`.
 */
at: string, 
/**
 * `daily`, `import`, `migration`, `manual`, `prerestore`.
 */
reason: string, size: number, };

export type BackupStatus = { db_path: string, db_size: number, policy: Policy, 
/**
 * Newest first.
 */
backups: Array<BackupFile>, last: BackupFile | null, };

export type Restored = { file: string, 
/**
 * The schema version of the file (the ledger is migrated from it to this build's).
 */
schema_version: number, assets: number, 
/**
 * The copy of the ledger as it was before the restore.
 */
kept: BackupFile, };
