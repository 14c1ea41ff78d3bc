// A list the core answers in windows (RecordPage): the rows shown so far, the core's total and
// counts, and the two ways to ask: the list again from its start, or the next window as the user
// scrolls to its end. A newer question makes an older answer stale (a room or a sort changed
// while a window was on its way): the older one is dropped. The order, the filter and the counts
// are the core's; this only puts the windows together.
import type { RecordPage } from '../../backend';
import { MAX_WINDOW, WINDOW, withWindow } from './recordWindow';

export class Windowed<T> {
  rows = $state<T[]>([]);
  total = $state(0);
  byState = $state<Record<string, number | undefined>>({});
  loading = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);
  #generation = 0;
  readonly #fetch: (offset: number, limit: number) => Promise<RecordPage<T>>;
  readonly #key: (row: T) => string;
  readonly #window: number;

  /** `window`: the rows asked for at a time (fewer where a row is tall, as a row-head's card). */
  constructor(
    fetch: (offset: number, limit: number) => Promise<RecordPage<T>>,
    key: (row: T) => string,
    window = WINDOW,
  ) {
    this.#fetch = fetch;
    this.#key = key;
    this.#window = window;
  }

  /**
   * The list from its start: as many rows as are shown (the same list refreshed), or with
   * `fresh` a first window (another room, sort or filter: another list).
   */
  reload(fresh = false): Promise<void> {
    return this.#read(0, this.reloadLimit(fresh));
  }

  /** The next window, unless one is on its way or every row is shown. */
  more(): Promise<void> {
    if (this.loading || this.rows.length >= this.total) return Promise.resolve();
    return this.#read(this.rows.length, this.#window);
  }

  /**
   * A first window asked along with other lists in one call (the power view's opening): shown
   * as `reload` would show it; a window still on its way is dropped.
   */
  apply(page: RecordPage<T>) {
    this.#generation++;
    this.#show(page);
    this.loading = false;
    this.loaded = true;
  }

  /** How many rows `reload` asks for: as many as are shown, or with `fresh` a first window. */
  reloadLimit(fresh = false): number {
    return fresh ? this.#window : Math.min(Math.max(this.rows.length, this.#window), MAX_WINDOW);
  }

  /** Empties the list (nothing to ask: no room). */
  clear() {
    this.#generation++;
    this.rows = [];
    this.total = 0;
    this.byState = {};
    this.loading = false;
    this.error = null;
  }

  #show(page: RecordPage<T>) {
    this.rows = withWindow(this.rows, page, this.#key);
    this.total = page.total;
    this.byState = page.by_state;
    this.error = null;
  }

  async #read(offset: number, limit: number) {
    const gen = ++this.#generation;
    this.loading = true;
    try {
      const page = await this.#fetch(offset, limit);
      if (gen !== this.#generation) return;
      this.#show(page);
    } catch (err) {
      if (gen === this.#generation) this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (gen === this.#generation) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }
}
