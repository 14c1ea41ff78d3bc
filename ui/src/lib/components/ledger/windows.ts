// Which windows of rows to fetch for a virtualized list: rows are fetched from the core in
// pages of PAGE rows and kept by page number; a new filter starts a new generation.

export const PAGE = 200;

/** The pages that cover rows [first, last] (inclusive), clamped to the total. */
export function pagesFor(first: number, last: number, total: number, page = PAGE): number[] {
  if (total <= 0 || last < first) return [];
  const lo = Math.max(0, Math.floor(Math.max(0, first) / page));
  const hi = Math.floor(Math.min(total - 1, last) / page);
  const out: number[] = [];
  for (let p = lo; p <= hi; p++) out.push(p);
  return out;
}

/** The visible row range of a scrolled list, with `overscan` rows either side. */
export function visibleRange(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  total: number,
  overscan = 10,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total - 1, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last };
}

/** Pages far from the view are dropped so memory stays flat while scrolling 100,000 rows. */
export function pagesToEvict(cached: Iterable<number>, keep: readonly number[], max = 12): number[] {
  const all = [...cached];
  if (all.length <= max) return [];
  const centre = keep[0] ?? 0;
  return all
    .filter((p) => !keep.includes(p))
    .sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre))
    .slice(0, all.length - max);
}
