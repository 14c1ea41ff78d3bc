// The only module that talks to Tauri. Components and stores call these typed functions;
// nothing else imports `@tauri-apps/*`.
import { invoke, isTauri } from '@tauri-apps/api/core';
import { open } from '@tauri-apps/plugin-dialog';
import { BackendError, toBackendError } from './errors';
import type { AppInfo, UiLang } from './types';

export { BackendError, toBackendError } from './errors';
export type * from './types';

/** Every command: its arguments and its answer. Mirrors `src-tauri/src/commands/`. */
interface Commands {
  app_info: { args: Record<string, never>; result: AppInfo };
  set_language: { args: { lang: UiLang }; result: null };
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
