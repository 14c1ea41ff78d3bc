// The only module that talks to Tauri. Components and stores call these typed functions;
// nothing else imports `@tauri-apps/*`.
import { Channel, invoke, isTauri } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { BackendError, toBackendError } from './errors';
import type {
  AppInfo,
  Asset,
  AssetDetail,
  AssetFilter,
  AssetPage,
  BackupFile,
  BackupStatus,
  DemoReport,
  CableSelection,
  DeviceSelection,
  FieldValues,
  LabelsPrinted,
  LedgerFacets,
  Restored,
  UiLang,
} from './types';
import type {
  CheckResult,
  Cabinet,
  Elevation,
  Levels,
  Placement,
  MapTile,
  PowerAlerts,
  PowerRoom,
  PowerRow,
  PowerTable,
  Racked,
  Reading,
  Room,
} from './racks';
import type {
  Confirmed,
  Identity,
  OperationDraft,
  OperationRequest,
  Queues,
  RackingRequest,
  RequestAnswer,
  RequestDraft,
  RequestExecuted,
  RequestState,
  RequestStep,
} from './requests';
import type {
  Cable,
  CableDraft,
  CabinetPower,
  DevicePorts,
  PoolLevel,
  PoolWindow,
  PortRef,
  PortRow,
  RecordPage,
  RowHeadPower,
  Trace,
} from './generated';
import type {
  Fault,
  FaultFilter,
  FaultOpenArgs,
  FaultStats,
  FaultUpdateArgs,
  RepairCloseArgs,
  RepairClosed,
  RepairFilter,
  RepairOpenArgs,
  RepairOpened,
  RepairPreview,
  RepairStats,
  RepairUpdateArgs,
} from './repairs';
import type { Repair } from './types';
import type { DeviceMark, Inspection, InspectionDetail, Marked, PointMark } from './inspections';
import type { EnvAlerts, EnvDraft, EnvLimits, EnvPoint, Patrol, PatrolDraft, Remedy } from './generated';
import type { ExcelProgress, ExportDone, ExportMenu, ImportView, PickedFile } from './excel';

export { BackendError, toBackendError } from './errors';

/** One owner's (归属单位) racked devices and their power: `rackledger::ledger::OwnerPower`. */
export interface OwnerPower {
  owner: string;
  device_count: number;
  load_w: number;
  rated_w: number;
  cabinet_count: number;
}

/** The database in use after `open_database` / `reset_database`. */
export interface DbInfo {
  db_path: string;
  db_from_args: boolean;
}
export type * from './types';
export type * from './racks';
export type * from './requests';
export type * from './repairs';
export type * from './excel';
export type { Action, RecordPage } from './generated';
import type { Change, TeamAddress } from './generated';
export type { Change, TeamAddress } from './generated';
export type {
  EnvAlerts,
  EnvDraft,
  EnvLimits,
  EnvPoint,
  EnvStatus,
  Patrol,
  PatrolDraft,
  PatrolKind,
  PatrolStatus,
  CabinetPool,
  PoolLevel,
  PoolWindow,
  PortPool,
  Remedy,
  SwitchPool,
} from './generated';

/** Every command: its arguments and its answer. Mirrors `src-tauri/src/commands/`. */
interface Commands {
  app_info: { args: Record<string, never>; result: AppInfo };
  set_language: { args: { lang: UiLang }; result: null };
  set_operator: { args: { name: string }; result: string };
  is_empty: { args: Record<string, never>; result: boolean };
  start_demo: { args: Record<string, never>; result: DemoReport };
  pick_database: { args: { title: string }; result: DbInfo | null };
  connect_team: { args: { address: TeamAddress; password: string | null }; result: DbInfo };
  reset_database: { args: Record<string, never>; result: DbInfo };
  backup_status: { args: Record<string, never>; result: BackupStatus };
  backup_now: { args: Record<string, never>; result: BackupFile };
  restore_backup: { args: { name: string }; result: Restored };
  list_assets: { args: { filter: AssetFilter; with_total: boolean }; result: AssetPage };
  count_assets: { args: { filter: AssetFilter }; result: number };
  ledger_facets: { args: { room: string | null }; result: LedgerFacets };
  asset_detail: { args: { tag: string }; result: AssetDetail };
  add_asset: { args: { values: FieldValues }; result: Asset };
  set_asset: { args: { tag: string; values: FieldValues; expected_version: number | null }; result: Asset };
  retire_asset: { args: { tag: string; reason: string }; result: Asset };
  racks_rooms: { args: Record<string, never>; result: Room[] };
  racks_cabinets: {
    args: { room: string | null; limit: number | null; offset: number | null };
    result: RecordPage<Cabinet>;
  };
  racks_cabinet: { args: { cabinet: string }; result: Cabinet };
  racks_elevation: { args: { cabinet: string }; result: Elevation };
  racks_check: { args: Placement; result: CheckResult };
  racks_place: { args: Placement & { overrideReason: string | null; emergency: string | null }; result: Racked };
  racks_move: { args: Placement & { overrideReason: string | null; emergency: string | null }; result: Racked };
  racks_unplace: { args: { tag: string }; result: Asset };
  racks_unracked: { args: { query: string | null }; result: Asset[] };
  power_room: {
    args: {
      room: string | null;
      table: Partial<PowerTable> | null;
      tiles_limit: number | null;
      row_heads_limit: number | null;
    };
    result: PowerRoom;
  };
  power_tiles: {
    args: { room: string | null; limit: number | null; offset: number | null };
    result: RecordPage<MapTile>;
  };
  power_cabinets: { args: { room: string | null; table: Partial<PowerTable> | null }; result: RecordPage<PowerRow> };
  power_row_heads: {
    args: { room: string | null; limit: number | null; offset: number | null };
    result: RecordPage<RowHeadPower>;
  };
  power_cabinet: { args: { cabinet: string }; result: CabinetPower };
  power_by_owner: { args: { room: string | null }; result: OwnerPower[] };
  power_readings: { args: { cabinet: string; limit: number | null }; result: Reading[] };
  power_record_reading: {
    args: { cabinet: string; kw: string; at: string | null; note: string | null };
    result: Reading;
  };
  power_levels: { args: Record<string, never>; result: Levels };
  power_alerts: { args: Record<string, never>; result: PowerAlerts };
  env_points: { args: { room: string | null }; result: EnvPoint[] };
  env_history: { args: { point: string; room: string | null; limit: number | null }; result: EnvPoint[] };
  env_record: { args: { draft: EnvDraft }; result: EnvPoint };
  env_alerts: { args: Record<string, never>; result: EnvAlerts };
  env_remedy: { args: { cabinet: string }; result: Remedy };
  env_limits: { args: { room: string | null }; result: EnvLimits };
  patrol_add: { args: { draft: PatrolDraft }; result: Patrol };
  patrol_list: { args: Record<string, never>; result: Patrol[] };
  requests_list: {
    args: { requestState: RequestState | null; limit: number | null; offset: number | null };
    result: RecordPage<RackingRequest>;
  };
  request_answer: { args: { no: string }; result: RequestAnswer };
  request_approvers: { args: Record<string, never>; result: string[] };
  request_add: { args: { draft: RequestDraft }; result: RackingRequest };
  request_submit: { args: { no: string }; result: RackingRequest };
  request_approve: {
    args: { no: string; overrideReason: string | null; opinion: string | null };
    result: RequestAnswer;
  };
  request_reject: { args: { no: string; reason: string }; result: RackingRequest };
  request_execute: { args: { no: string }; result: RequestExecuted };
  request_cancel: { args: { no: string; reason: string | null }; result: RackingRequest };
  request_review: {
    args: { no: string; overrideReason: string | null; opinion: string | null };
    result: RequestAnswer;
  };
  request_confirm: { args: { no: string }; result: Confirmed };
  request_accept: { args: { no: string; opinion: string | null }; result: RackingRequest };
  request_timeline: { args: { no: string }; result: RequestStep[] };
  request_queues: { args: Record<string, never>; result: Queues };
  identity: { args: Record<string, never>; result: Identity };
  operations_of: { args: { requestNo: string }; result: OperationRequest[] };
  operation_add: { args: { draft: OperationDraft }; result: OperationRequest };
  ports_device: { args: { tag: string }; result: DevicePorts };
  ports_table: { args: { cabinet: string }; result: PortRow[] };
  ports_connect: { args: { a: PortRef; b: PortRef; draft: CableDraft | null; emergency: string | null }; result: Cable };
  ports_disconnect: { args: { cable: string }; result: Cable };
  ports_trace: { args: { port: PortRef }; result: Trace };
  ports_pool: {
    args: { room: string | null; level: PoolLevel | null; limit: number | null; offset: number | null };
    result: PoolWindow;
  };
  repairs_list: { args: { filter: Partial<RepairFilter> | null }; result: RecordPage<Repair> };
  repairs_show: { args: { no: string }; result: Repair };
  repairs_preview: { args: { tag: string }; result: RepairPreview };
  repairs_open: { args: { draft: RepairOpenArgs }; result: RepairOpened };
  repairs_update: { args: { no: string; update: RepairUpdateArgs }; result: Repair };
  repairs_close: { args: { no: string; close: RepairCloseArgs }; result: RepairClosed };
  repairs_stats: { args: Record<string, never>; result: RepairStats };
  faults_list: { args: { filter: Partial<FaultFilter> | null }; result: RecordPage<Fault> };
  faults_show: { args: { no: string }; result: Fault };
  faults_open: { args: { draft: FaultOpenArgs }; result: Fault };
  faults_update: { args: { no: string; update: FaultUpdateArgs }; result: Fault };
  faults_close: { args: { no: string; recovered_at: string | null; cause: string | null }; result: Fault };
  faults_stats: { args: { weeks: number | null }; result: FaultStats };
  inspections_list: { args: { limit: number | null }; result: Inspection[] };
  inspection_show: { args: { no: string }; result: InspectionDetail };
  inspection_start: { args: { rooms: string[]; date: string | null }; result: InspectionDetail };
  inspection_mark: { args: { no: string; asset_tag: string; mark: DeviceMark }; result: Marked };
  inspection_mark_cabinet: { args: { no: string; cabinet: string }; result: Marked };
  inspection_point: { args: { no: string; mark: PointMark }; result: Marked };
  inspection_submit: { args: { no: string }; result: Inspection };
  inspection_review: { args: { no: string; opinion: string | null }; result: Inspection };
  labels_print_devices: {
    args: { selection: DeviceSelection; default_name: string; sheet: string | null };
    result: LabelsPrinted | null;
  };
  labels_print_cables: {
    args: { selection: CableSelection; default_name: string; sheet: string | null };
    result: LabelsPrinted | null;
  };
  excel_pick_import: { args: Record<string, never>; result: PickedFile | null };
  excel_forget: { args: { token: string }; result: null };
  excel_import_preview: { args: { token: string; on_progress: Channel<ExcelProgress> }; result: ImportView };
  excel_import_commit: { args: { token: string; on_progress: Channel<ExcelProgress> }; result: ImportView };
  excel_export_kinds: { args: Record<string, never>; result: ExportMenu };
  excel_export: {
    args: { kind: string; arg: string | null; on_progress: Channel<ExcelProgress> };
    result: ExportDone | null;
  };
  excel_reveal: { args: { token: string }; result: string };
}

/** The event the backend announces a file dropped onto the window with. */
const DROPPED_EVENT = 'excel://dropped';
// src-tauri/src/live.rs
const LEDGER_CHANGED_EVENT = 'ledger-changed';
const LEDGER_CONNECTION_EVENT = 'ledger-connection';

function progressChannel(onProgress: (p: ExcelProgress) => void): Channel<ExcelProgress> {
  const channel = new Channel<ExcelProgress>();
  channel.onmessage = onProgress;
  return channel;
}

/** True inside the desktop app; false in a plain browser (`npm run dev`) or in unit tests. */
export function hasBackend(): boolean {
  return isTauri();
}

async function call<K extends keyof Commands>(
  cmd: K,
  args: Commands[K]['args'],
): Promise<Commands[K]['result']> {
  if (!hasBackend()) throw new BackendError('no_backend', 'not running inside the desktop app');
  try {
    return await invoke<Commands[K]['result']>(cmd, args);
  } catch (raw) {
    throw toBackendError(raw);
  }
}

export const backend = {
  appInfo: () => call('app_info', {}),
  setLanguage: (lang: UiLang) => call('set_language', { lang }).then(() => undefined),
  setOperator: (name: string) => call('set_operator', { name }),
  isEmpty: () => call('is_empty', {}),
  startDemo: () => call('start_demo', {}),
  /** Asks for another ledger file in the native dialog (opened by the app, so no path ever
   *  crosses IPC) and opens it in place of the current one; null when cancelled. */
  pickDatabase: (title: string) => call('pick_database', { title }),
  /** Goes back to the default ledger file. */
  resetDatabase: () => call('reset_database', {}),
  /** 连接团队数据库…: opens the team ledger at `address`; the password serves this session only. */
  connectTeam: (address: TeamAddress, password: string | null) => call('connect_team', { address, password }),
  /** The database file, the backup folder and the backups, newest first. */
  backupStatus: () => call('backup_status', {}),
  backupNow: () => call('backup_now', {}),
  /** Restores a backup named in `backupStatus` (a name in the backup folder, never a path). */
  restoreBackup: (name: string) => call('restore_backup', { name }),
  listAssets: (filter: AssetFilter, withTotal = true) => call('list_assets', { filter, with_total: withTotal }),
  countAssets: (filter: AssetFilter) => call('count_assets', { filter }),
  ledgerFacets: (room: string | null) => call('ledger_facets', { room }),
  assetDetail: (tag: string) => call('asset_detail', { tag }),
  addAsset: (values: FieldValues) => call('add_asset', { values }),
  setAsset: (tag: string, values: FieldValues, expectedVersion: number | null) =>
    call('set_asset', { tag, values, expected_version: expectedVersion }),
  retireAsset: (tag: string, reason: string) => call('retire_asset', { tag, reason }),

  // Racks (机柜): every placement and move is checked first with `checkPlacement`.
  rooms: () => call('racks_rooms', {}),
  /** A window of a room's cabinets in map order, with the room's total. */
  cabinets: (room: string | null, offset = 0, limit: number | null = null) =>
    call('racks_cabinets', { room, limit, offset }),
  cabinet: (cabinet: string) => call('racks_cabinet', { cabinet }),
  elevation: (cabinet: string) => call('racks_elevation', { cabinet }),
  checkPlacement: (p: Placement) => call('racks_check', p),
  /** By hand; `emergency` takes the emergency path (紧急操作) with its reason. */
  place: (p: Placement, overrideReason: string | null, emergency: string | null = null) =>
    call('racks_place', { ...p, overrideReason, emergency }),
  moveAsset: (p: Placement, overrideReason: string | null, emergency: string | null = null) =>
    call('racks_move', { ...p, overrideReason, emergency }),
  unplace: (tag: string) => call('racks_unplace', { tag }),
  unrackedAssets: (query: string | null) => call('racks_unracked', { query }),

  // Ports (端口): the core checks kinds and taken ports; the UI shows its answer.
  devicePorts: (tag: string) => call('ports_device', { tag }),
  portTable: (cabinet: string) => call('ports_table', { cabinet }),
  /** By hand; `emergency` takes the emergency path (紧急操作) with its reason. */
  connect: (a: PortRef, b: PortRef, draft: CableDraft | null = null, emergency: string | null = null) =>
    call('ports_connect', { a, b, draft, emergency }),
  disconnect: (cable: string) => call('ports_disconnect', { cable }),
  trace: (port: PortRef) => call('ports_trace', { port }),
  /** The pool's totals and a window of its cabinets (of one level, if given) with their switches. */
  portPool: (room: string | null, level: PoolLevel | null = null, offset = 0, limit: number | null = null) =>
    call('ports_pool', { room, level, limit, offset }),

  // Power (电力)
  /** Windows of a room's power: the map's tiles, the table (sorted and filtered by the core), the row-heads. */
  powerRoom: (room: string | null, table: Partial<PowerTable>, tilesLimit: number, rowHeadsLimit: number) =>
    call('power_room', { room, table, tiles_limit: tilesLimit, row_heads_limit: rowHeadsLimit }),
  powerTiles: (room: string | null, offset = 0, limit: number | null = null) =>
    call('power_tiles', { room, limit, offset }),
  powerCabinets: (room: string | null, table: Partial<PowerTable>) => call('power_cabinets', { room, table }),
  powerRowHeads: (room: string | null, offset = 0, limit: number | null = null) =>
    call('power_row_heads', { room, limit, offset }),
  powerCabinet: (cabinet: string) => call('power_cabinet', { cabinet }),
  powerByOwner: (room: string | null) => call('power_by_owner', { room }),
  readings: (cabinet: string, limit: number | null = null) => call('power_readings', { cabinet, limit }),
  /** `kw` as the user typed it (`4.2`, `4200W`): the core parses it and names the field when refused. */
  recordReading: (cabinet: string, kw: string, at: string | null = null, note: string | null = null) =>
    call('power_record_reading', { cabinet, kw, at, note }),
  powerLevels: () => call('power_levels', {}),
  powerAlerts: () => call('power_alerts', {}),

  // Environment (温湿度) and the IDC patrol: limits, dew point, status and remedy are the core's.
  envPoints: (room: string | null) => call('env_points', { room }),
  envHistory: (point: string, room: string | null = null, limit: number | null = null) =>
    call('env_history', { point, room, limit }),
  envRecord: (draft: EnvDraft) => call('env_record', { draft }),
  envAlerts: () => call('env_alerts', {}),
  envRemedy: (cabinet: string) => call('env_remedy', { cabinet }),
  envLimits: (room: string | null) => call('env_limits', { room }),
  patrolAdd: (draft: PatrolDraft) => call('patrol_add', { draft }),
  patrols: () => call('patrol_list', {}),

  // Racking requests (上架申请): approval shows the core's check of every row first.
  requests: (state: RequestState | null, offset = 0, limit: number | null = null) =>
    call('requests_list', { requestState: state, limit, offset }),
  requestAnswer: (no: string) => call('request_answer', { no }),
  approvers: () => call('request_approvers', {}),
  addRequest: (draft: RequestDraft) => call('request_add', { draft }),
  submitRequest: (no: string) => call('request_submit', { no }),
  approveRequest: (no: string, overrideReason: string | null, opinion: string | null = null) =>
    call('request_approve', { no, overrideReason, opinion }),
  rejectRequest: (no: string, reason: string) => call('request_reject', { no, reason }),
  executeRequest: (no: string) => call('request_execute', { no }),
  cancelRequest: (no: string, reason: string | null = null) => call('request_cancel', { no, reason }),
  // The approval chain: 机房审核 (a power refusal passes only with the IDC engineer's reason),
  // 附件5 filed and confirmed, 验收; the timeline, the operator's queues and roles.
  reviewRequest: (no: string, overrideReason: string | null, opinion: string | null = null) =>
    call('request_review', { no, overrideReason, opinion }),
  confirmRequest: (no: string) => call('request_confirm', { no }),
  acceptRequest: (no: string, opinion: string | null = null) => call('request_accept', { no, opinion }),
  requestTimeline: (no: string) => call('request_timeline', { no }),
  requestQueues: () => call('request_queues', {}),
  identity: () => call('identity', {}),
  operationsOf: (requestNo: string) => call('operations_of', { requestNo }),
  addOperation: (draft: OperationDraft) => call('operation_add', { draft }),
  // Repairs (维修, 附件4) and faults (故障告警, 附件3)
  repairs: (filter: Partial<RepairFilter> | null = null) => call('repairs_list', { filter }),
  repair: (no: string) => call('repairs_show', { no }),
  /** The warranty and any refusal, before a repair is opened on `tag`. */
  repairPreview: (tag: string) => call('repairs_preview', { tag }),
  openRepair: (draft: RepairOpenArgs) => call('repairs_open', { draft }),
  updateRepair: (no: string, update: RepairUpdateArgs) => call('repairs_update', { no, update }),
  closeRepair: (no: string, close: RepairCloseArgs) => call('repairs_close', { no, close }),
  repairStats: () => call('repairs_stats', {}),
  faults: (filter: Partial<FaultFilter> | null = null) => call('faults_list', { filter }),
  fault: (no: string) => call('faults_show', { no }),
  openFault: (draft: FaultOpenArgs) => call('faults_open', { draft }),
  updateFault: (no: string, update: FaultUpdateArgs) => call('faults_update', { no, update }),
  closeFault: (no: string, recoveredAt: string | null, cause: string | null) =>
    call('faults_close', { no, recovered_at: recoveredAt, cause }),
  faultStats: (weeks: number | null = null) => call('faults_stats', { weeks }),
  // The daily inspection (日常巡检, 附件1): the core marks, files faults and refuses; the
  // screen shows what it answers.
  inspections: (limit: number | null = null) => call('inspections_list', { limit }),
  inspection: (no: string) => call('inspection_show', { no }),
  startInspection: (rooms: string[], date: string | null = null) => call('inspection_start', { rooms, date }),
  markDevice: (no: string, assetTag: string, mark: DeviceMark) =>
    call('inspection_mark', { no, asset_tag: assetTag, mark }),
  markCabinetNormal: (no: string, cabinet: string) => call('inspection_mark_cabinet', { no, cabinet }),
  markPoint: (no: string, mark: PointMark) => call('inspection_point', { no, mark }),
  submitInspection: (no: string) => call('inspection_submit', { no }),
  reviewInspection: (no: string, opinion: string | null) => call('inspection_review', { no, opinion }),
  // Labels (打印标签): the backend asks where to save (native dialog), the core lays out and
  // writes the PDF; null when the dialog was cancelled.
  printDeviceLabels: (selection: DeviceSelection, defaultName: string, sheet: string | null = null) =>
    call('labels_print_devices', { selection, default_name: defaultName, sheet }),
  printCableLabels: (selection: CableSelection, defaultName: string, sheet: string | null = null) =>
    call('labels_print_cables', { selection, default_name: defaultName, sheet }),

  // Excel (导入导出). Paths stay in the backend: the web side only sees tokens and names.
  /** Asks for the workbook to import with the native dialog; null when cancelled. */
  pickImportFile: () => call('excel_pick_import', {}),
  forgetFile: (token: string) => call('excel_forget', { token }).then(() => undefined),
  /** The dry run of importing the picked file: what it would do, nothing written. */
  previewImport: (token: string, onProgress: (p: ExcelProgress) => void) =>
    call('excel_import_preview', { token, on_progress: progressChannel(onProgress) }),
  /** The import itself, all or nothing. */
  commitImport: (token: string, onProgress: (p: ExcelProgress) => void) =>
    call('excel_import_commit', { token, on_progress: progressChannel(onProgress) }),
  exportMenu: () => call('excel_export_kinds', {}),
  /** Asks where with the save dialog, then exports; null when the dialog was cancelled. */
  exportExcel: (kind: string, arg: string | null, onProgress: (p: ExcelProgress) => void) =>
    call('excel_export', { kind, arg, on_progress: progressChannel(onProgress) }),
  /** Opens the folder of an exported file; answers the folder. */
  revealExport: (token: string) => call('excel_reveal', { token }),

  /** Calls `onChange` with the changes other people commit to a team ledger (none on a file). */
  async onLedgerChanged(onChange: (changes: Change[]) => void): Promise<UnlistenFn> {
    if (!hasBackend()) return () => {};
    return listen<Change[]>(LEDGER_CHANGED_EVENT, (e) => onChange(e.payload));
  },

  /** Calls `onState(online)` when the team ledger's connection drops or comes back. */
  async onLedgerConnection(onState: (online: boolean) => void): Promise<UnlistenFn> {
    if (!hasBackend()) return () => {};
    return listen<{ online: boolean }>(LEDGER_CONNECTION_EVENT, (e) => onState(e.payload.online));
  },

  /** Calls `onDrop` with each file dropped onto the window (registered by the backend). */
  async onFileDropped(onDrop: (file: PickedFile) => void): Promise<UnlistenFn> {
    if (!hasBackend()) return () => {};
    return listen<PickedFile>(DROPPED_EVENT, (e) => onDrop(e.payload));
  },

  /** Calls `onHover(true)` while files are dragged over the window, `false` when they leave or drop. */
  async onFileHover(onHover: (hovering: boolean) => void): Promise<UnlistenFn> {
    if (!hasBackend()) return () => {};
    return getCurrentWebview().onDragDropEvent((e) => {
      const t = e.payload.type;
      if (t === 'enter' || t === 'over') onHover(true);
      else onHover(false);
    });
  },
};
