// The only module that talks to Tauri. Components and stores call these typed functions;
// nothing else imports `@tauri-apps/*`.
import { invoke, isTauri } from '@tauri-apps/api/core';
import { open } from '@tauri-apps/plugin-dialog';
import { BackendError, toBackendError } from './errors';
import type {
  AppInfo,
  Asset,
  AssetDetail,
  AssetFilter,
  AssetPage,
  DemoReport,
  FieldValues,
  LedgerFacets,
  UiLang,
} from './types';

export { BackendError, toBackendError } from './errors';
export type * from './types';

/** Every command: its arguments and its answer. Mirrors `src-tauri/src/commands/`. */
interface Commands {
  app_info: { args: Record<string, never>; result: AppInfo };
  set_language: { args: { lang: UiLang }; result: null };
  set_operator: { args: { name: string }; result: string };
  is_empty: { args: Record<string, never>; result: boolean };
  start_demo: { args: Record<string, never>; result: DemoReport };
  list_assets: { args: { filter: AssetFilter }; result: AssetPage };
  count_assets: { args: { filter: AssetFilter }; result: number };
  ledger_facets: { args: { room: string | null }; result: LedgerFacets };
  asset_detail: { args: { tag: string }; result: AssetDetail };
  add_asset: { args: { values: FieldValues }; result: Asset };
  set_asset: { args: { tag: string; values: FieldValues; expected_version: number | null }; result: Asset };
  retire_asset: { args: { tag: string; reason: string }; result: Asset };
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
  listAssets: (filter: AssetFilter) => call('list_assets', { filter }),
  countAssets: (filter: AssetFilter) => call('count_assets', { filter }),
  ledgerFacets: (room: string | null) => call('ledger_facets', { room }),
  assetDetail: (tag: string) => call('asset_detail', { tag }),
  addAsset: (values: FieldValues) => call('add_asset', { values }),
  setAsset: (tag: string, values: FieldValues, expectedVersion: number | null) =>
    call('set_asset', { tag, values, expected_version: expectedVersion }),
  retireAsset: (tag: string, reason: string) => call('retire_asset', { tag, reason }),

  /** Asks for a ledger file with the native dialog; null when cancelled. */
  async pickDatabaseFile(title: string): Promise<string | null> {
    if (!hasBackend()) return null;
    const path = await open({
      title,
      multiple: false,
      directory: false,
      filters: [{ name: 'SQLite', extensions: ['db', 'sqlite', 'sqlite3'] }],
    });
    return typeof path === 'string' ? path : null;
  },
};
