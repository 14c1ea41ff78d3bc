// The only module that talks to Tauri. Components and stores call these typed functions;
// nothing else imports `@tauri-apps/*`.
import { invoke, isTauri } from '@tauri-apps/api/core';
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
  FieldValues,
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
  PowerAlerts,
  PowerReport,
  Racked,
  Reading,
  Room,
} from './racks';

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

/** Every command: its arguments and its answer. Mirrors `src-tauri/src/commands/`. */
interface Commands {
  app_info: { args: Record<string, never>; result: AppInfo };
  set_language: { args: { lang: UiLang }; result: null };
  set_operator: { args: { name: string }; result: string };
  is_empty: { args: Record<string, never>; result: boolean };
  start_demo: { args: Record<string, never>; result: DemoReport };
  pick_database: { args: { title: string }; result: DbInfo | null };
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
  racks_cabinets: { args: { room: string | null }; result: Cabinet[] };
  racks_elevation: { args: { cabinet: string }; result: Elevation };
  racks_check: { args: Placement; result: CheckResult };
  racks_place: { args: Placement & { overrideReason: string | null }; result: Racked };
  racks_move: { args: Placement & { overrideReason: string | null }; result: Racked };
  racks_unplace: { args: { tag: string }; result: Asset };
  racks_unracked: { args: { query: string | null }; result: Asset[] };
  power_report: { args: { room: string | null }; result: PowerReport };
  power_by_owner: { args: { room: string | null }; result: OwnerPower[] };
  power_readings: { args: { cabinet: string; limit: number | null }; result: Reading[] };
  power_record_reading: {
    args: { cabinet: string; kw: number; at: string | null; note: string | null };
    result: Reading;
  };
  power_levels: { args: Record<string, never>; result: Levels };
  power_alerts: { args: Record<string, never>; result: PowerAlerts };
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
  cabinets: (room: string | null) => call('racks_cabinets', { room }),
  elevation: (cabinet: string) => call('racks_elevation', { cabinet }),
  checkPlacement: (p: Placement) => call('racks_check', p),
  place: (p: Placement, overrideReason: string | null) => call('racks_place', { ...p, overrideReason }),
  moveAsset: (p: Placement, overrideReason: string | null) => call('racks_move', { ...p, overrideReason }),
  unplace: (tag: string) => call('racks_unplace', { tag }),
  unrackedAssets: (query: string | null) => call('racks_unracked', { query }),

  // Power (电力)
  powerReport: (room: string | null) => call('power_report', { room }),
  powerByOwner: (room: string | null) => call('power_by_owner', { room }),
  readings: (cabinet: string, limit: number | null = null) => call('power_readings', { cabinet, limit }),
  recordReading: (cabinet: string, kw: number, at: string | null = null, note: string | null = null) =>
    call('power_record_reading', { cabinet, kw, at, note }),
  powerLevels: () => call('power_levels', {}),
  powerAlerts: () => call('power_alerts', {}),
};
