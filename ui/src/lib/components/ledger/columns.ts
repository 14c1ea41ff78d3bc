// The ledger's columns: which field each shows, how wide, which core sort key it uses, and
// which are visible (remembered in localStorage). Pure apart from the storage helpers.
import type { Asset, SortKey } from '../../backend';
import type { MessageKey } from '../../i18n/index.svelte';

export interface Column {
  key: string;
  label: MessageKey;
  width: string;
  sort?: SortKey;
  /** Right-aligned tabular figures. */
  numeric?: boolean;
}

export const COLUMNS: readonly Column[] = [
  { key: 'asset_tag', label: 'field.asset_tag', width: '112px', sort: 'asset_tag' },
  { key: 'name', label: 'field.name', width: 'minmax(140px, 1.6fr)', sort: 'name' },
  { key: 'category', label: 'field.category', width: '84px', sort: 'category' },
  { key: 'vendor', label: 'field.vendor', width: '76px', sort: 'vendor' },
  { key: 'model', label: 'field.model', width: 'minmax(100px, 1fr)', sort: 'model' },
  { key: 'serial', label: 'field.serial', width: '140px' },
  { key: 'position', label: 'ledger.panel.position', width: '104px', sort: 'cabinet' },
  { key: 'status', label: 'field.status', width: '82px', sort: 'status' },
  { key: 'ownership', label: 'field.ownership', width: '70px' },
  { key: 'owner', label: 'field.owner', width: 'minmax(100px, 1fr)', sort: 'owner' },
  { key: 'system', label: 'field.system', width: 'minmax(110px, 1fr)' },
  { key: 'mgmt_ip', label: 'field.mgmt_ip', width: '108px' },
  { key: 'u_height', label: 'field.u_height', width: '70px', numeric: true },
  { key: 'rated_w', label: 'field.rated_w', width: '96px', sort: 'rated_w', numeric: true },
  { key: 'custodian', label: 'field.custodian', width: '80px' },
  { key: 'purchased_on', label: 'field.purchased_on', width: '96px' },
  { key: 'warranty_until', label: 'field.warranty_until', width: '100px', sort: 'warranty_until' },
];

export const DEFAULT_VISIBLE: readonly string[] = [
  'asset_tag', 'name', 'category', 'vendor', 'model', 'serial', 'position', 'status', 'owner', 'mgmt_ip',
];

const STORAGE_KEY = 'rackledger.ledger.columns';

/** Keeps known keys in the table's order; falls back to the defaults when nothing is left. */
export function normalizeVisible(keys: readonly string[]): string[] {
  const known = COLUMNS.map((c) => c.key).filter((k) => keys.includes(k));
  return known.length ? known : [...DEFAULT_VISIBLE];
}

export function loadVisible(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string[] {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (Array.isArray(parsed)) return normalizeVisible(parsed.filter((k) => typeof k === 'string'));
  } catch {
    // Unreadable storage: the defaults.
  }
  return [...DEFAULT_VISIBLE];
}

export function saveVisible(keys: readonly string[], storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage) {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(keys));
  } catch {
    // Not remembering is acceptable.
  }
}

/** `A03-U21`, with the rear face marked: how a position reads in the list. */
export function positionLabel(a: Pick<Asset, 'cabinet' | 'start_u' | 'face'>, rearMark: string): string | null {
  if (!a.cabinet || a.start_u == null) return null;
  return `${a.cabinet}-U${a.start_u}${a.face === 'rear' ? `(${rearMark})` : ''}`;
}
