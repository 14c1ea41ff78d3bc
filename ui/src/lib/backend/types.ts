// The shapes that cross IPC. Hand-written while the core's API settles; to be generated from
// the Rust types (ts-rs or specta) and checked for drift by a test.

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
}

// ---- The asset ledger (`commands::assets`) ----

export type Category =
  | 'server' | 'storage' | 'switch' | 'router' | 'firewall' | 'load_balancer' | 'security'
  | 'fc_switch' | 'patch_panel' | 'pdu' | 'other';
export type Ownership = 'platform' | 'hosted' | 'leased';
export type Status = 'in_stock' | 'in_use' | 'idle' | 'repairing' | 'unracked' | 'to_retire' | 'retired';
export type Face = 'front' | 'rear';
export type Depth = 'full' | 'half';
export type SortKey =
  | 'asset_tag' | 'name' | 'category' | 'vendor' | 'model' | 'owner' | 'cabinet' | 'status'
  | 'rated_w' | 'warranty_until';

/** `rackledger::model::Asset`; dates are `yyyy-mm-dd`. */
export interface Asset {
  asset_tag: string;
  name: string;
  category: Category;
  vendor: string;
  model: string;
  serial: string;
  spec: string | null;
  ownership: Ownership;
  owner: string;
  system: string | null;
  custodian: string | null;
  room: string | null;
  cabinet: string | null;
  start_u: number | null;
  u_height: number;
  face: Face | null;
  depth: Depth;
  rated_w: number;
  typical_w: number | null;
  psu_count: number;
  mgmt_ip: string | null;
  supplier: string | null;
  contract_no: string | null;
  purchased_on: string | null;
  racked_on: string | null;
  warranty_vendor: string | null;
  warranty_until: string | null;
  status: Status;
  registered_on: string | null;
  registered_by: string | null;
  note: string | null;
  version: number;
}

/** `rackledger::db::assets::AssetFilter`; every field optional. */
export interface AssetFilter {
  query?: string | null;
  room?: string | null;
  cabinet?: string | null;
  category?: Category | null;
  status?: Status | null;
  ownership?: Ownership | null;
  owner?: string | null;
  racked?: boolean | null;
  sort?: SortKey | null;
  descending?: boolean;
  limit?: number | null;
  offset?: number | null;
}

/** `commands::assets::AssetPage` */
export interface AssetPage {
  rows: Asset[];
  /** Null when not asked for (with_total false). */
  total: number | null;
  offset: number;
}

export interface Position {
  room: string;
  cabinet: string;
  start_u: number;
  face: Face;
}

export interface HistoryEntry {
  at: string;
  operator: string;
  kind: string;
  from_pos: string | null;
  to_pos: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
}

export interface SerialChange {
  serial: string;
  replaced_by: string;
  at: string;
  operator: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  operator: string;
  action: string;
  entity: string;
  entity_key: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** `rackledger::ledger::AssetDetail`: the asset's fields flattened, plus its story. */
export interface AssetDetail extends Asset {
  position: Position | null;
  history: HistoryEntry[];
  serial_history: SerialChange[];
  audit: AuditEntry[];
}

/** `commands::assets::LedgerFacets`: what the ledger's filters offer. */
export interface LedgerFacets {
  rooms: string[];
  cabinets: string[];
  owners: string[];
}

/** Form values by field key, as text. */
export type FieldValues = Record<string, string>;

/** `rackledger::demo::DemoReport` */
export interface DemoReport {
  rooms: number;
  cabinets: number;
  assets: number;
  racked: number;
}
