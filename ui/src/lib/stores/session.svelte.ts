// The session as the shell sees it: which view is open, what the backend said about itself,
// and the figures of the status bar. Filled from the backend; computes nothing of its own.
import { backend, BackendError, hasBackend, type AppInfo } from '../backend';
import type { Lang } from '../i18n/index.svelte';

export type ViewId = 'ledger' | 'racks';

class Session {
  view = $state<ViewId>('ledger');
  info = $state<AppInfo | null>(null);
  /** Set when the backend could not be reached (e.g. `npm run dev` in a browser). */
  offline = $state(false);
  /** Null until the core reports it. */
  assetCount = $state<number | null>(null);
  operator = $state<string | null>(null);
  search = $state('');
  lastError = $state<BackendError | null>(null);

  async load(): Promise<void> {
    if (!hasBackend()) {
      this.offline = true;
      return;
    }
    try {
      this.info = await backend.appInfo();
      this.offline = false;
    } catch (err) {
      this.lastError = err instanceof BackendError ? err : null;
      this.offline = true;
    }
  }

  async languageChanged(lang: Lang): Promise<void> {
    if (!hasBackend()) return;
    try {
      await backend.setLanguage(lang);
    } catch (err) {
      this.lastError = err instanceof BackendError ? err : null;
    }
  }
}

export const session = new Session();
