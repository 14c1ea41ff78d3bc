// GENERATED from the core's Rust types by src-tauri/tests/ts_types.rs (ts-rs) — do not edit.
// Regenerate: UPDATE_TS=1 cargo test -p rackledger-app --test ts_types
// Dates are `yyyy-mm-dd`, times `yyyy-mm-dd HH:MM:SS`.

export type Action = "edit" | "place" | "move" | "unrack" | "repair" | "retire" | "submit" | "approve" | "reject" | "execute" | "cancel" | "acknowledge" | "recover" | "start" | "complete" | "close" | "review" | "confirm" | "accept";

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
used_u: number, 
/**
 * Rack units free on both faces: `u_height − used_u`, never below 0. Set with `used_u`
 * ([`Cabinet::set_used_u`]) so no face computes it again.
 */
free_u: number, device_count: number, };

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
return_position: string | null, closed_at: string | null, 
/**
 * What may be done to it now ([`crate::states::repair`]), derived from `state`.
 */
allowed: Array<Action>, };

export type RequestKind = "new" | "expand" | "migrate" | "remove";

export type RequestState = "draft" | "pending" | "approved" | "reviewed" | "confirmed" | "executed" | "accepted" | "rejected" | "cancelled";

export type RequestRow = { 
/**
 * 序号, from 1.
 */
seq: number, 
/**
 * Whether the asset is already in the ledger (else it is registered on execution).
 */
in_ledger: boolean, asset_tag: string, name: string, category: Category, vendor: string, model: string, serial: string, u_height: number, depth: Depth, rated_w: number, typical_w: number | null, psu_count: number, 
/**
 * 网口数 / 光口数 as the applicant gave them.
 */
rj45_ports: number | null, optical_ports: number | null, mgmt_ip: string | null, room: string | null, cabinet: string | null, start_u: number | null, face: Face | null, note: string | null, };

export type RackingRequest = { request_no: string, applied_on: string, 
/**
 * 申请单位.
 */
org: string, applicant: string, phone: string | null, 
/**
 * 业务系统.
 */
system: string | null, kind: RequestKind, planned_on: string | null, 
/**
 * 随工人员.
 */
escort: string | null, 
/**
 * 已完成机房外加电测试.
 */
power_tested: boolean, 
/**
 * 申请单位意见.
 */
org_opinion: string | null, state: RequestState, 
/**
 * What may be done to it now ([`crate::states::request`]), derived from `state`.
 */
allowed: Array<Action>, 
/**
 * Who approved or rejected it, when, and what they said.
 */
approver: string | null, decided_at: string | null, opinion: string | null, 
/**
 * The reason the IDC engineer gave at 机房审核 to pass a refused power check.
 */
override_reason: string | null, 
/**
 * 机房审核 (IDC): who, when, and what they said.
 */
reviewer: string | null, reviewed_at: string | null, review_opinion: string | null, executed_at: string | null, executed_by: string | null, 
/**
 * 验收 (完成确认): who and when.
 */
accepted_by: string | null, accepted_at: string | null, note: string | null, rows: Array<RequestRow>, 
/**
 * 关联的操作申请单号.
 */
operations: Array<string>, };

export type WarrantyStatus = "in_warranty" | "expiring_soon" | "expired" | "unknown";

export type Warranty = { status: WarrantyStatus, until: string | null, 
/**
 * Days from today to the end date (negative once expired).
 */
days_left: number | null, };

export type FaultKind = "alarm" | "fault";

export type FaultSource = "environment" | "network" | "inspection" | "user" | "vendor" | "other";

export type FaultType = "power" | "cooling" | "network" | "server" | "storage" | "security" | "cloud" | "other";

export type Severity = "level1" | "level2" | "level3" | "level4";

export type FaultState = "pending" | "in_progress" | "recovered" | "closed";

export type Fault = { fault_no: string, kind: FaultKind, occurred_at: string, source: FaultSource, 
/**
 * Where it happened, as it was when registered (a device may move later).
 */
room: string | null, cabinet: string | null, asset_tag: string | null, asset_name: string | null, fault_type: FaultType | null, severity: Severity, description: string, service_impact: boolean, reporter: string | null, acknowledged_at: string | null, handler: string | null, actions: string | null, root_cause: string | null, recovered_at: string | null, 
/**
 * 持续时长(分钟), computed from occurred → recovered.
 */
duration_min: number | null, 
/**
 * 关联维修单号: the repairs opened from this record.
 */
repair_nos: Array<string>, 
/**
 * 巡检单号: the inspection (附件1) whose mark filed this record.
 */
inspection_no: string | null, state: FaultState, closed_at: string | null, 
/**
 * What may be done to it now ([`crate::states::fault`]), derived from `state`.
 */
allowed: Array<Action>, };

export type InspectionState = "started" | "submitted" | "reviewed";

export type InspectionAction = "mark" | "submit" | "review";

export type DeviceResult = "normal" | "alarm" | "fault";

export type PointResult = "normal" | "abnormal";

export type Indicator = "normal" | "abnormal" | "absent";

export type InspectionItem = "temperature" | "humidity" | "mains" | "ups" | "cooling" | "row_head" | "fire" | "access" | "leak" | "lighting" | "other";

export type Inspection = { inspection_no: string, date: string, rooms: Array<string>, state: InspectionState, 
/**
 * 巡检人: who started it.
 */
inspector: string, started_at: string, 
/**
 * 巡检时间 end: when it was submitted.
 */
ended_at: string | null, 
/**
 * 审核人 (运维总监).
 */
reviewer: string | null, reviewed_at: string | null, 
/**
 * 审核意见.
 */
opinion: string | null, version: number, 
/**
 * Devices marked / all devices of 子表2.
 */
devices_marked: number, devices_total: number, 
/**
 * Check points marked / all check points of 子表1.
 */
points_marked: number, points_total: number, 
/**
 * Devices marked 告警 or 故障.
 */
findings: number, actions: Array<InspectionAction>, };

export type InspectionPoint = { seq: number, room: string, item: InspectionItem, point: string, standard: string | null, reading: string | null, result: PointResult | null, description: string | null, handling: string | null, 
/**
 * 关联告警编号 (附件3).
 */
fault_no: string | null, note: string | null, marked_at: string | null, marked_by: string | null, };

export type InspectionDevice = { seq: number, room: string, cabinet: string, start_u: number, u_height: number, asset_tag: string, name: string, category: Category, owner: string, 
/**
 * 电源指示 / 硬盘指示 / 风扇与系统告警灯 / 网口指示; None = not noted (normal).
 */
power: Indicator | null, disk: Indicator | null, fan: Indicator | null, net: Indicator | null, 
/**
 * None while not marked.
 */
result: DeviceResult | null, 
/**
 * 异常描述.
 */
description: string | null, 
/**
 * 关联告警编号 (附件3).
 */
fault_no: string | null, note: string | null, marked_at: string | null, marked_by: string | null, };

export type InspectionDetail = { inspection: Inspection, 
/**
 * "Yesterday's open findings": faults filed by the previous inspection of these rooms that
 * are not recovered yet, shown first.
 */
open_findings: Array<Fault>, 
/**
 * The previous inspection of these rooms, whose findings those are.
 */
previous_no: string | null, points: Array<InspectionPoint>, devices: Array<InspectionDevice>, };

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

export type RepairFilter = { state: RepairState | null, asset_tag: string | null, 
/**
 * Only the repairs still open (待处理 or 维修中).
 */
open: boolean, limit: number | null, offset: number | null, };

export type FaultFilter = { state: FaultState | null, asset_tag: string | null, since: string | null, limit: number | null, offset: number | null, };

export type RequestFilter = { state: RequestState | null, limit: number | null, offset: number | null, };

export type RecordPage<T> = { rows: Array<T>, total: number, offset: number, by_state: { [key in string]: number }, };

export type SerialChange = { serial: string, replaced_by: string, at: string, operator: string, };

export type AssetDetail = { position: Position | null, history: Array<HistoryEntry>, serial_history: Array<SerialChange>, 
/**
 * The asset's repair records (附件4), newest first.
 */
repairs: Array<Repair>, audit: Array<AuditEntry>, 
/**
 * What may be done to the asset now ([`lifecycle::actions`]).
 */
allowed: Array<Action>, asset_tag: string, name: string, category: Category, vendor: string, model: string, serial: string, spec: string | null, ownership: Ownership, owner: string, system: string | null, custodian: string | null, room: string | null, cabinet: string | null, start_u: number | null, u_height: number, face: Face | null, depth: Depth, rated_w: number, typical_w: number | null, psu_count: number, mgmt_ip: string | null, supplier: string | null, contract_no: string | null, purchased_on: string | null, racked_on: string | null, warranty_vendor: string | null, warranty_until: string | null, status: Status, registered_on: string | null, registered_by: string | null, note: string | null, 
/**
 * Bumped on every change; lets an editor detect that someone else changed the row.
 */
version: number, };

export type Elevation = { cabinet: Cabinet, devices: Array<Asset>, 
/**
 * Units held by approved racking requests whose devices are not racked yet.
 */
reserved: Array<ReservedUnits>, };

export type Verdict = "ok" | "warning" | "refused";

export type CabinetCheck = { cabinet: string, capacity_w: number | null, load_before_w: number, load_after_w: number, utilization_after: number | null, status_after: PowerStatus, failover_ok_after: boolean | null, 
/**
 * The warning and alarm levels the cabinet was judged against (its own, else the global
 * ones), as fractions of capacity.
 */
warning_level: number, alarm_level: number, };

export type RowHeadCheck = { row_head: string, capacity_w: number, load_before_w: number, load_after_w: number, utilization_after: number | null, status_after: PowerStatus, failover_load_after_w: number, failover_status_after: PowerStatus, 
/**
 * The warning and alarm levels the row-head was judged against, as fractions of capacity.
 */
warning_level: number, alarm_level: number, };

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

export type ReservedUnits = { request_no: string, asset_tag: string, name: string, start_u: number, u_height: number, face: Face, depth: Depth, };

export type NewDevice = { name: string, category: Category, vendor: string, model: string, serial: string, u_height: number, depth: Depth, rated_w: number, typical_w: number | null, psu_count: number, rj45_ports: number | null, optical_ports: number | null, mgmt_ip: string | null, };

export type RowDraft = { asset_tag: string, new_device: NewDevice | null, cabinet: string | null, start_u: number | null, face: Face | null, note: string | null, };

export type RequestDraft = { org: string, applicant: string, phone: string | null, system: string | null, kind: RequestKind, planned_on: string | null, escort: string | null, power_tested: boolean, org_opinion: string | null, note: string | null, rows: Array<RowDraft>, };

export type RowCheck = { seq: number, asset_tag: string, name: string, 
/**
 * `A03-U21`.
 */
position: string, check: CheckResult, };

export type RequestCheck = { verdict: Verdict, 
/**
 * Refused on power alone: approval may go ahead with a reason.
 */
overridable: boolean, rows: Array<RowCheck>, };

export type RequestAnswer = { request: RackingRequest, check: RequestCheck | null, 
/**
 * The steps of `request.allowed` the operator who asked may take now ([`Ledger::actions_for`]):
 * the app offers a button for each of these and no other. Filled for an operator
 * ([`Ledger::request_answer_for`], and the answers of 审批 and 机房审核); empty from
 * [`Ledger::request_answer`], which answers nobody in particular.
 */
mine: Array<Action>, };

export type RequestExecuted = { request: RackingRequest, assets: Array<Asset>, 
/**
 * Ports created from templates and cables created from the operation requests.
 */
ports_created: number, cables_created: number, };

export type Role = "director" | "idc" | "hardware" | "service" | "viewer" | "admin";

export type Engine = "sqlite" | "postgres";

export type Identity = { operator: string, 
/**
 * The roles the operator holds, in [`Role::ALL`] order.
 */
roles: Array<Role>, engine: Engine, 
/**
 * Where the ledger is: the file's path (or the connection string of a team ledger).
 */
ledger: string, 
/**
 * The ledger's UUID: the same after `copy`, `backup` and `restore`.
 */
ledger_id: string | null, 
/**
 * Whether roles separate people here: false on a single file, where everyone holds every
 * role (the app says "单机账本：不区分角色" once).
 */
roles_apply: boolean, };

export type Change = { operator: string, action: string, entity: string, key: string, count: number, };

export type TeamAddress = { host: string, port: number, database: string, user: string, 
/**
 * `disable`, `prefer` or `require`.
 */
sslmode: string, };

export type RequestStep = { 
/**
 * `create`, `submit`, `approve`, `review`, `confirm`, `execute`, `accept`, `reject`, `cancel`.
 */
step: string, from: RequestState | null, to: RequestState, operator: string, 
/**
 * The role the step was taken as (none for filing).
 */
role: Role | null, 
/**
 * `YYYY-MM-DD HH:MM:SS`.
 */
at: string, 
/**
 * What the check said at that moment (approval, 机房审核).
 */
check: RequestCheck | null, 
/**
 * An override, rejection or cancellation reason.
 */
reason: string | null, opinion: string | null, 
/**
 * The operation requests (附件5) a confirm step confirmed.
 */
op_no: string | null, };

export type QueueKind = "approve" | "review" | "confirm" | "execute" | "accept";

export type Queue = { queue: QueueKind, state: RequestState, action: Action, count: number, 
/**
 * Their numbers, newest first.
 */
requests: Array<string>, };

export type Queues = { identity: Identity, queues: Array<Queue>, };

export type OperationKind = "rack" | "unrack" | "migrate" | "cabling" | "power_on" | "power_off" | "other";

export type Risk = "high" | "medium" | "low";

export type OperationPosition = { seq: number, name: string, asset_tag: string, serial: string | null, room: string | null, cabinet: string | null, start_u: number | null, u_height: number | null, face: Face | null, pdu_a: string | null, pdu_b: string | null, };

export type OperationCable = { seq: number, cable_no: string | null, cable_type: string | null, a_asset: string, 
/**
 * 本端位置 `机柜-U位`.
 */
a_position: string | null, a_port: string, 
/**
 * 经配线架端口.
 */
via: string | null, b_asset: string, b_position: string | null, b_port: string, 
/**
 * `机柜-U位-端口`.
 */
a_label: string | null, b_label: string | null, purpose: string | null, vlan: string | null, length_m: number | null, };

export type OperationRequest = { op_no: string, 
/**
 * 关联上架申请单.
 */
request_no: string | null, org: string, applicant: string, phone: string | null, kind: OperationKind, planned_start: string | null, planned_end: string | null, 
/**
 * 操作内容及步骤.
 */
steps: string | null, 
/**
 * 影响范围.
 */
impact: string | null, risk: Risk, 
/**
 * 回退方案.
 */
rollback: string | null, implementer: string | null, escort: string | null, approver: string | null, approved_at: string | null, confirmed_by: string | null, completed_at: string | null, positions: Array<OperationPosition>, cables: Array<OperationCable>, };

export type Confirmed = { operations: Array<OperationRequest>, request: RackingRequest | null, };

export type PositionDraft = { asset_tag: string, cabinet: string | null, start_u: number | null, face: Face | null, pdu_a: string | null, pdu_b: string | null, };

export type PlannedCable = { a_asset: string, a_port: string, b_asset: string, b_port: string, cable_no: string | null, cable_type: string | null, via: string | null, purpose: string | null, vlan: string | null, length_m: number | null, };

export type OperationDraft = { 
/**
 * 关联上架申请单; its organisation, applicant and rows fill what is not given.
 */
request_no: string | null, org: string | null, applicant: string | null, phone: string | null, kind: OperationKind, planned_start: string | null, planned_end: string | null, steps: string | null, impact: string | null, risk: Risk, rollback: string | null, implementer: string | null, escort: string | null, positions: Array<PositionDraft>, cables: Array<PlannedCable>, };

export type RepairPreview = { asset: Asset, warranty: Warranty, 
/**
 * The repair already open on this device, if any.
 */
open_repair: string | null, 
/**
 * Why `open_repair` would be refused (already open, or a status that cannot go to 维修).
 */
refusal: string | null, };

export type RepairOpened = { repair: Repair, asset: Asset, warranty: Warranty, };

export type RepairClosed = { repair: Repair, asset: Asset, };

export type VendorCount = { 
/**
 * 维修单位.
 */
vendor: string, count: number, };

export type ModelCount = { 
/**
 * The device's 品牌 and 型号.
 */
vendor: string, model: string, count: number, };

export type AgeBucket = { 
/**
 * `d0_3`, `d3_7`, `d7_30`, `d30_plus`: whole days since reported.
 */
bucket: string, label: string, count: number, };

export type RepairStats = { total: number, 
/**
 * Most repairs first, then by name.
 */
by_vendor: Array<VendorCount>, by_model: Array<ModelCount>, 
/**
 * Repairs with a completion time; the mean is over them.
 */
completed: number, 
/**
 * Mean hours from 报修时间 to 完成时间, to two decimals.
 */
mttr_hours: number | null, 
/**
 * 待处理 and 维修中.
 */
open: number, open_by_age: Array<AgeBucket>, };

export type FaultWeek = { 
/**
 * `2026-W48`.
 */
week: string, 
/**
 * Monday and Sunday of the week.
 */
from: string, to: string, total: number, by_severity: { [key in string]: number }, by_type: { [key in string]: number }, };

export type FaultStats = { total: number, by_severity: { [key in string]: number }, by_type: { [key in string]: number }, 
/**
 * Oldest week first; weeks without a record are left out.
 */
weeks: Array<FaultWeek>, };

export type DeviceMark = { result: DeviceResult | null, 
/**
 * 异常描述: required for 告警 and 故障.
 */
description: string | null, power: Indicator | null, disk: Indicator | null, fan: Indicator | null, net: Indicator | null, 
/**
 * 备注.
 */
note: string | null, };

export type PointMark = { room: string | null, item: InspectionItem | null, point: string, reading: string | null, 
/**
 * 正常 when not given.
 */
result: PointResult | null, 
/**
 * 异常描述: required for 异常.
 */
description: string | null, handling: string | null, note: string | null, };

export type Marked = { inspection: Inspection, devices: Array<InspectionDevice>, points: Array<InspectionPoint>, 
/**
 * The 附件3 record this mark filed.
 */
fault_no: string | null, 
/**
 * Devices of the cabinet left as they were because they were marked already.
 */
skipped: number, };

export type PowerStatus = "unknown" | "ok" | "warning" | "critical" | "over";

export type Levels = { warning: number, alarm: number, };

export type CabinetPower = { cabinet: string, room: string, row: string | null, capacity_w: number | null, device_count: number, computed_w: number, measured_w: number | null, measured_at: string | null, load_w: number, utilization: number | null, headroom_w: number | null, status: PowerStatus, 
/**
 * Codes of the feeding row-heads, A first: `["A-RPP1", "B-RPP1"]`.
 */
feeds: Array<string>, failover_ok: boolean | null, warning_level: number, alarm_level: number, 
/**
 * Power reserved by approved racking requests whose devices are not racked yet (design.md:
 * the planned load adds them); 0 when none. The figures above leave it out.
 */
planned_w: number, 
/**
 * The load once those devices are racked (the larger of computed + planned and measured).
 */
planned_load_w: number, planned_utilization: number | null, planned_status: PowerStatus, };

export type RowHeadPower = { row_head: string, room: string, row: string | null, capacity_w: number, cabinet_count: number, load_w: number, failover_load_w: number, 
/**
 * The latest measured load (a patrol's phase currents, P = 220 V × ΣI), when one was read;
 * `load_w` is the larger of it and the computed load, like a cabinet's.
 */
measured_w: number | null, measured_at: string | null, utilization: number | null, failover_utilization: number | null, status: PowerStatus, failover_status: PowerStatus, warning_level: number, alarm_level: number, };

export type PowerReport = { cabinets: Array<CabinetPower>, row_heads: Array<RowHeadPower>, };

export type AlertKind = "cabinet" | "row_head";

export type PowerAlert = { kind: AlertKind, code: string, room: string, status: PowerStatus, load_w: number, capacity_w: number | null, utilization: number | null, };

export type PowerAlerts = { count: number, items: Array<PowerAlert>, };

export type MapTile = { kind: AlertKind, code: string, row: string | null, load_w: number, capacity_w: number | null, utilization: number | null, status: PowerStatus, };

export type PowerRow = { cabinet: string, load_w: number, capacity_w: number | null, utilization: number | null, headroom_w: number | null, status: PowerStatus, };

export type PowerRoom = { tiles: RecordPage<MapTile>, cabinets: RecordPage<PowerRow>, row_heads: RecordPage<RowHeadPower>, };

export type PowerSort = "cabinet" | "load" | "capacity" | "utilization" | "headroom" | "status";

export type PowerTable = { sort: PowerSort, desc: boolean, 
/**
 * Only the cabinets in this status.
 */
status: PowerStatus | null, limit: number | null, offset: number | null, };

export type EnvLimits = { temp_min: number, temp_max: number, rh_max: number, dew_min: number, dew_max: number, };

export type EnvOverrides = { temp_min: number | null, temp_max: number | null, rh_max: number | null, dew_min: number | null, dew_max: number | null, };

export type EnvStatus = "ok" | "out";

export type Breach = "temp_low" | "temp_high" | "rh_high" | "dew_low" | "dew_high";

export type EnvPoint = { point: string, room: string, 
/**
 * The cabinet whose inlet this is, when the point is a cabinet code.
 */
cabinet: string | null, 
/**
 * The cabinet's row (列), for the room map and the remedy.
 */
row: string | null, temp_c: number, rh: number | null, 
/**
 * Shown to 0.1 ℃; judged unrounded.
 */
dew_point_c: number | null, 
/**
 * Local time `YYYY-MM-DD HH:MM:SS`.
 */
at: string, status: EnvStatus, 
/**
 * Why it is out, in the reader's language; empty when ok.
 */
reasons: Array<string>, limits: EnvLimits, };

export type EnvAlerts = { points: Array<EnvPoint>, 
/**
 * Cabinets flagged by an out-of-limit inlet, each once.
 */
cabinets: Array<string>, };

export type EnvSource = "manual" | "import";

export type EnvReading = { room: string, point: string, 
/**
 * The cabinet, when the point is a cabinet code (its inlet).
 */
cabinet: string | null, 
/**
 * Local time `YYYY-MM-DD HH:MM:SS`.
 */
at: string, temp_c: number, rh: number | null, source: EnvSource, operator: string, note: string | null, };

export type EnvDraft = { 
/**
 * A cabinet code (its inlet) or a named point (`A列冷通道`).
 */
point: string, 
/**
 * Required for a named point when the ledger has more than one room.
 */
room: string | null, temp_c: number, rh: number | null, 
/**
 * `YYYY-MM-DD HH:MM[:SS]`; now when absent.
 */
at: string | null, note: string | null, };

export type RowTemp = { row: string | null, temp_c: number, };

export type RemedyMove = { cabinet: string, row: string | null, 
/**
 * The cabinet's latest inlet temperature.
 */
inlet_temp_c: number, 
/**
 * Power headroom to the warning level before the move.
 */
headroom_w: number, start_u: number, check: CheckResult, };

export type RemedyDevice = { asset_tag: string, name: string, load_w: number, u_height: number, start_u: number | null, moves: Array<RemedyMove>, };

export type Remedy = { cabinet: string, room: string, row: string | null, 
/**
 * The cabinet's latest inlet reading, judged.
 */
inlet: EnvPoint | null, 
/**
 * Whether that reading is above the room's upper temperature limit.
 */
hot: boolean, 
/**
 * The hottest latest inlet temperature of each row of the room, coolest first.
 */
rows: Array<RowTemp>, devices: Array<RemedyDevice>, };

export type PatrolKind = "ups" | "crac" | "distribution" | "row_head" | "battery" | "generator" | "other";

export type PatrolStatus = "ok" | "abnormal" | "stopped";

export type Patrol = { 
/**
 * Local time `YYYY-MM-DD HH:MM:SS`.
 */
at: string, 
/**
 * 机房/配电室.
 */
room: string, kind: PatrolKind, 
/**
 * 设备名称或编号 (a row-head cabinet's code for a 列头柜).
 */
name: string, status: PatrolStatus, voltage_v: number | null, 
/**
 * Amps as read: per phase for a 列头柜 (I1, I2, I3), per feed otherwise.
 */
currents: Array<number>, load_pct: number | null, temp_c: number | null, rh: number | null, 
/**
 * 异常描述.
 */
issue: string | null, 
/**
 * 处理情况.
 */
handling: string | null, 
/**
 * 巡视人.
 */
operator: string, note: string | null, 
/**
 * The row-head reading this line recorded (P = 220 V × ΣI), in watts.
 */
row_head_w: number | null, };

export type PatrolDraft = { kind: PatrolKind, name: string, status: PatrolStatus, 
/**
 * 机房/配电室; a 列头柜's own room when absent, or the only room.
 */
room: string | null, 
/**
 * `YYYY-MM-DD HH:MM[:SS]`; now when absent.
 */
at: string | null, voltage_v: number | null, currents: Array<number>, load_pct: number | null, temp_c: number | null, rh: number | null, issue: string | null, handling: string | null, note: string | null, };

export type RowHeadReading = { row_head: string, at: string, measured_w: number, currents: Array<number>, operator: string, note: string | null, };

export type DemoReport = { rooms: number, cabinets: number, assets: number, racked: number, ports: number, cables: number, };

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

export type SheetKind = "rooms" | "row_heads" | "cabinets" | "assets" | "cables" | "readings" | "env_readings" | "repairs" | "faults" | "inspection_points" | "inspection_devices";

export type Problem = { sheet: string | null, 
/**
 * The row number Excel shows (1-based), when the problem is in a row.
 */
row: number | null, 
/**
 * The column's header as written in the file (or as templates.md writes it).
 */
column: string | null, value: string | null, message: string, };

export type ProblemGroup = { sheet: string | null, column: string | null, message: string, 
/**
 * The value every problem of the group has.
 */
value: string | null, 
/**
 * The rows, ascending, each once (none for a problem of a whole sheet or file).
 */
rows: Array<number>, 
/**
 * The rows as people read them: `第 3–5、9、12–20 行` (`rows 3–5, 9, 12–20`); empty
 * without rows.
 */
rows_text: string, 
/**
 * The positions of the group's problems in the list that was grouped, in its order.
 */
problems: Array<number>, };

export type FieldDiff = { field: string, before: JsonValue, after: JsonValue, };

export type RowChange = { row: number, key: string, 
/**
 * `insert` or `update`.
 */
action: 'insert' | 'update', fields?: Array<FieldDiff>, };

export type SheetReport = { sheet: string, kind: SheetKind, inserted: number, updated: number, unchanged: number, ignored_columns: Array<string>, 
/**
 * Each inserted or updated row, with the fields an update changes.
 */
changes?: Array<RowChange>, };

export type ImportReport = { ok: boolean, dry_run: boolean, sheets: Array<SheetReport>, errors: Array<Problem>, warnings: Array<Problem>, 
/**
 * The racking request a filled 附件2 created.
 */
request_no?: string, 
/**
 * The inspection a filled 附件1 marked.
 */
inspection_no?: string, };

export type FieldChange = { field: string, 
/**
 * The column header of the form (templates.md), or the field's code when no column has it.
 */
label: string, before: JsonValue, after: JsonValue, };

export type ChangedRow = { row: number, key: string, 
/**
 * `insert` or `update`.
 */
action: 'insert' | 'update', fields: Array<FieldChange>, };

export type SheetView = { sheet: string, kind: SheetKind, inserted: number, updated: number, unchanged: number, ignored_columns: Array<string>, 
/**
 * The first [`MAX_CHANGES`] updates, then the first inserts up to the same total.
 */
changes: Array<ChangedRow>, 
/**
 * Changed rows the core reported (all of them, including those not sent).
 */
changes_total: number, };

export type ImportView = { ok: boolean, dry_run: boolean, file: string, sheets: Array<SheetView>, errors: Array<Problem>, errors_total: number, 
/**
 * All the errors, grouped; a group's `problems` beyond the sent `errors` were trimmed.
 */
error_groups: Array<ProblemGroup>, warnings: Array<Problem>, warnings_total: number, warning_groups: Array<ProblemGroup>, };

export type PortKind = "rj45" | "sfp" | "sfp_plus" | "sfp28" | "qsfp28" | "fc" | "lc" | "console" | "management" | "power";

export type PortStatus = "free" | "used" | "reserved";

export type CableType = "cat6" | "cat6a" | "smf" | "mmf" | "dac" | "aoc" | "power";

export type CableEnd = { asset_tag: string, asset_name: string, port: string, cabinet: string | null, start_u: number | null, label: string | null, };

export type Link = { cable_no: string, cable_type: CableType, 
/**
 * The label at this end.
 */
label: string | null, vlan: string | null, far: CableEnd, };

export type Port = { asset_tag: string, name: string, 
/**
 * Order on the faceplate, from 1.
 */
position: number, kind: PortKind, speed: string | null, status: PortStatus, 
/**
 * Patch panels: the face the port is on.
 */
side: Face | null, 
/**
 * Patch panels: the name of the twin port on the other face.
 */
pair: string | null, note: string | null, 
/**
 * The cable on this port and its far end.
 */
link: Link | null, };

export type Cable = { cable_no: string, cable_type: CableType, a: CableEnd, b: CableEnd, length_m: number | null, colour: string | null, purpose: string | null, vlan: string | null, note: string | null, };

export type CableDraft = { cable_no: string | null, cable_type: CableType | null, a_label: string | null, b_label: string | null, length_m: number | null, colour: string | null, purpose: string | null, vlan: string | null, note: string | null, };

export type PortRef = { asset_tag: string, port: string, };

export type DevicePorts = { asset_tag: string, asset_name: string, category: Category, model: string, cabinet: string | null, start_u: number | null, ports: Array<Port>, };

export type PortRow = { room: string | null, cabinet: string | null, start_u: number | null, asset_name: string, asset_tag: string, name: string, 
/**
 * Order on the faceplate, from 1.
 */
position: number, kind: PortKind, speed: string | null, status: PortStatus, 
/**
 * Patch panels: the face the port is on.
 */
side: Face | null, 
/**
 * Patch panels: the name of the twin port on the other face.
 */
pair: string | null, note: string | null, 
/**
 * The cable on this port and its far end.
 */
link: Link | null, };

export type HopVia = "start" | "cable" | "panel";

export type Hop = { via: HopVia, 
/**
 * The cable that led here (for `cable` hops).
 */
cable_no: string | null, asset_tag: string, asset_name: string, port: string, kind: PortKind, cabinet: string | null, start_u: number | null, };

export type Trace = { hops: Array<Hop>, 
/**
 * The last port reached by a cable, unless the path ends open at a panel jack.
 */
far_end: Hop | null, 
/**
 * Patch panels passed through.
 */
panels: number, cables: number, };

export type PoolLevel = "ok" | "warning";

export type PoolFigures = { total: number, free: number, used: number, reserved: number, 
/**
 * (used + reserved) / total; 0 for an empty pool.
 */
utilization: number, status: PoolLevel, };

export type SwitchPool = { asset_tag: string, name: string, room: string, cabinet: string, total: number, free: number, used: number, reserved: number, 
/**
 * (used + reserved) / total; 0 for an empty pool.
 */
utilization: number, status: PoolLevel, };

export type CabinetPool = { cabinet: string, room: string, switches: number, total: number, free: number, used: number, reserved: number, 
/**
 * (used + reserved) / total; 0 for an empty pool.
 */
utilization: number, status: PoolLevel, };

export type RoomPool = { room: string, switches: number, total: number, free: number, used: number, reserved: number, 
/**
 * (used + reserved) / total; 0 for an empty pool.
 */
utilization: number, status: PoolLevel, };

export type PortPool = { warning_level: number, switches: Array<SwitchPool>, cabinets: Array<CabinetPool>, rooms: Array<RoomPool>, total: PoolFigures, };

export type PoolWindow = { warning_level: number, total: PoolFigures, rooms: Array<RoomPool>, 
/**
 * `by_state`: the cabinets at each level (`ok`, `warning`), whatever the filter.
 */
cabinets: RecordPage<CabinetPool>, switches: Array<SwitchPool>, };

export type DeviceSelection = { "tags": Array<string> } | { "cabinet": string };

export type CableSelection = { "numbers": Array<string> } | { "cabinet": string };

export type LabelsPrinted = { file: string, 
/**
 * Labels on the sheets (a cable counts two).
 */
labels: number, pages: number, bytes: number, sheet: string, 
/**
 * The font file embedded.
 */
font: string, };

export type Policy = { dir: string, 
/**
 * The ledger's name in its backups' file names ([`ledger_name`]).
 */
ledger: string, 
/**
 * The ledger's id ([`crate::db::ledger_id`]); its first 8 hex digits name its backups.
 */
ledger_id: string, keep_daily: number, keep_monthly: number, };

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
reason: string, size: number, 
/**
 * Named by an older build, without the ledger's id (`一号楼-…` or `rackledger-…`): it may be
 * another ledger's. Listed and restorable (the restore checks whose it is), never pruned.
 */
legacy: boolean, };

export type BackupStatus = { db_path: string, db_size: number, policy: Policy, 
/**
 * This ledger's, newest first (with the legacy ones, marked; not other ledgers').
 */
backups: Array<BackupFile>, 
/**
 * This ledger's newest (a legacy one may be another ledger's, so it is not this one's last).
 */
last: BackupFile | null, };

export type Restored = { file: string, 
/**
 * The schema version of the file (the ledger is migrated from it to this build's).
 */
schema_version: number, assets: number, 
/**
 * The copy of the ledger as it was before the restore.
 */
kept: BackupFile, };
