// The session as the shell sees it: which view is open, what the backend said about itself,
// and the figures of the status bar. Filled from the backend; computes nothing of its own.
import { backend, BackendError, hasBackend, type AppInfo, type Change, type TeamAddress } from '../backend';
import type { Lang } from '../i18n/index.svelte';

export type ViewId = 'ledger' | 'racks' | 'power' | 'requests' | 'repairs' | 'faults' | 'inspection' | 'settings';

class Session {
  view = $state<ViewId>('ledger');
  info = $state<AppInfo | null>(null);
  /** Set when the backend could not be reached (e.g. `npm run dev` in a browser). */
  offline = $state(false);
  /** Null until the core reports it. */
  assetCount = $state<number | null>(null);
  operator = $state<string | null>(null);
  /** When the newest backup in the backup folder was taken (`yyyy-mm-dd HH:MM:SS`); null: none. */
  lastBackup = $state<string | null>(null);
  /** False on a team ledger: the core says it has no backup folder (the server keeps backups). */
  backupFolder = $state(true);
  search = $state('');
  lastError = $state<BackendError | null>(null);
  /** True when the open ledger has neither assets nor cabinets (the demo offer shows). */
  emptyLedger = $state(false);
  /** True once the ledger has shown its first rows: background reads wait for it at start. */
  ledgerShown = $state(false);
  /** Bumped when the ledger's data changed wholesale (demo loaded); views reload on it. */
  dataVersion = $state(0);
  /** Bumped when another database file was opened; the views are remounted on it. */
  dbVersion = $state(0);
  /** The last change someone else committed to the team ledger (null: none yet, or a file). */
  lastChange = $state<Change | null>(null);
  /** True while the team ledger's connection is down: the views keep their last data. */
  teamOffline = $state(false);
  /** True once the window listens to a team ledger's changes (they then show within moments). */
  teamLive = $state(false);
  private live = false;

  /** Follows the team ledger: another login's change reloads the views and is named in the
   *  status bar; a lost connection is shown until it comes back (the backend reconnects). */
  async follow(): Promise<void> {
    if (this.live || !hasBackend()) return;
    this.live = true;
    await backend.onLedgerChanged((changes) => {
      this.lastChange = changes[changes.length - 1] ?? null;
      this.dataVersion += 1;
      void this.refreshInfo();
    });
    await backend.onLedgerConnection((online) => {
      const back = this.teamOffline && online;
      this.teamOffline = !online;
      this.teamLive = online;
      if (back) this.dataVersion += 1;
    });
  }

  async load(): Promise<void> {
    if (!hasBackend()) {
      this.offline = true;
      return;
    }
    try {
      // Marks of the launch's timeline (tests/e2e/perf/app.mjs prints them).
      if (this.info === null) performance.mark('session-load');
      this.info = await backend.appInfo();
      this.assetCount = this.info.asset_count;
      this.operator = this.info.operator;
      this.offline = false;
      this.emptyLedger = await backend.isEmpty();
      if (performance.getEntriesByName('session-loaded').length === 0) performance.mark('session-loaded');
      void this.refreshBackup();
    } catch (err) {
      this.lastError = err instanceof BackendError ? err : null;
      this.offline = true;
    }
  }

  /** Re-reads the status bar's figures (after a change to the ledger). */
  async refreshInfo(): Promise<void> {
    if (!hasBackend()) return;
    try {
      this.info = await backend.appInfo();
      this.assetCount = this.info.asset_count;
      this.operator = this.info.operator;
    } catch (err) {
      this.lastError = err instanceof BackendError ? err : null;
    }
  }

  /** The status bar's last backup. */
  async refreshBackup(): Promise<void> {
    if (!hasBackend()) return;
    try {
      this.lastBackup = (await backend.backupStatus()).last?.at ?? null;
      this.backupFolder = true;
    } catch (err) {
      this.lastBackup = null;
      this.backupFolder = !(err instanceof BackendError && err.code === 'file_only');
    }
  }

  async setOperator(name: string): Promise<void> {
    this.operator = await backend.setOperator(name);
  }

  /** Fills the empty ledger with the demo site, then tells every view to reload. */
  async loadDemo(): Promise<void> {
    await backend.startDemo();
    this.emptyLedger = false;
    this.dataVersion += 1;
    await this.refreshInfo();
  }

  /** Asks for another ledger file and opens it (or goes back to the default one with `title`
   *  null), then reloads everything. False when the dialog was cancelled. */
  async switchDatabase(title: string | null): Promise<boolean> {
    if (title === null) await backend.resetDatabase();
    else if ((await backend.pickDatabase(title)) === null) return false;
    await this.load();
    this.dataVersion += 1;
    this.dbVersion += 1;
    return true;
  }

  /** Opens a team ledger (PostgreSQL), then reloads everything. */
  async connectTeam(address: TeamAddress, password: string | null): Promise<void> {
    // 实时 is cleared before the switch, not after: the listener announces the new ledger as
    // soon as the backend has switched, which may be before this call returns (from one team
    // ledger or login to another), and clearing it afterwards lost that announcement for good.
    // A refused connection leaves the open ledger, and its listener, as they were.
    const wasLive = this.teamLive;
    this.teamLive = false;
    try {
      await backend.connectTeam(address, password);
    } catch (err) {
      this.teamLive = wasLive;
      throw err;
    }
    this.lastChange = null;
    await this.load();
    this.dataVersion += 1;
    this.dbVersion += 1;
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
