// The shapes that cross IPC. The core's types are generated from Rust (generated.ts, checked
// for drift by src-tauri/tests/ts_types.rs); what is declared here is the app's own IPC structs
// (`src-tauri/src/commands`) and UI-only shapes.
import type { Asset, AssetFilter as CoreAssetFilter } from './generated';

export type {
  Asset,
  AssetDetail,
  AuditEntry,
  BackupFile,
  BackupStatus,
  Category,
  DemoReport,
  Depth,
  CableSelection,
  DeviceSelection,
  Face,
  HistoryEntry,
  LabelsPrinted,
  Ownership,
  PartDisposal,
  Position,
  Repair,
  RepairMode,
  RepairPart,
  RepairResult,
  RepairState,
  Restored,
  SerialChange,
  SortKey,
  Status,
} from './generated';

export type UiLang = 'zh' | 'en';

/** `commands::meta::app_info` */
export interface AppInfo {
  name: string;
  version: string;
  /** The database file in use (the `--db` path or the core's default). */
  db_path: string;
  /** True when db_path came from `--db`. */
  db_from_args: boolean;
  lang: UiLang;
  /** Null when the database could not be opened. */
  asset_count: number | null;
  operator: string;
  /** How WebKit paints (`src-tauri/src/rendering.rs`); null when the app did not decide. */
  rendering: Rendering | null;
}

/** `rendering::Rendering`: WebKit's GL compositor on or off, and why. */
export interface Rendering {
  compositing: boolean;
  reason: 'webkit_env' | 'override' | 'software_gl' | 'gpu' | 'no_gpu';
}

// ---- The asset ledger (`commands::assets`) ----

/** `rackledger::db::assets::AssetFilter`: the struct is `#[serde(default)]`, so every field may be left out. */
export type AssetFilter = Partial<CoreAssetFilter>;

/** `commands::assets::AssetPage` */
export interface AssetPage {
  rows: Asset[];
  /** Null when not asked for (with_total false). */
  total: number | null;
  offset: number;
}

/** `commands::assets::LedgerFacets`: what the ledger's filters offer. */
export interface LedgerFacets {
  rooms: string[];
  cabinets: string[];
  owners: string[];
}

/** Form values by field key, as text. */
export type FieldValues = Record<string, string>;
