// Windows of a record list (repairs, faults, racking requests): the core answers `limit` rows
// from `offset`, the total and the counts by state; these helpers put the windows together for
// the screen and decide nothing the core decides.
import type { RecordPage } from '../../backend';

/** Rows asked for at a time: a screenful and then some (the core's default window). */
export const WINDOW = 200;
/** The largest window the core gives in one call. */
export const MAX_WINDOW = 1000;

/**
 * The rows shown once a window has arrived: the first window replaces the list; a later one is
 * put where it begins, and a row already shown (the list moved between the calls) is not shown
 * twice.
 */
export function withWindow<T>(shown: readonly T[], page: RecordPage<T>, key: (row: T) => string): T[] {
  if (page.offset === 0) return page.rows;
  const kept = shown.slice(0, page.offset);
  const seen = new Set(kept.map(key));
  return kept.concat(page.rows.filter((r) => !seen.has(key(r))));
}

/** How many rows to ask for when the list is read again: as many as are shown, within a window's bounds. */
export function reloadLimit(shown: number): number {
  return Math.min(Math.max(shown, WINDOW), MAX_WINDOW);
}

/** Records in a state (zero for a state without any); `null` is every state. */
export function stateCount(byState: Record<string, number | undefined>, state: string | null): number {
  if (state !== null) return byState[state] ?? 0;
  return Object.values(byState).reduce<number>((n, c) => n + (c ?? 0), 0);
}
