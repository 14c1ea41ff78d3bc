// The floor map's rows from the tiles the core sent, in the core's order (by row, row-heads
// first, codes as numbers read): grouped, never sorted again here.
import type { MapTile } from '../../backend';

export type MapRow = { row: string; heads: MapTile[]; cabinets: MapTile[] };

/** The tiles grouped by row, rows and tiles in the order they came. */
export function mapRows(tiles: readonly MapTile[]): MapRow[] {
  const rows = new Map<string, MapRow>();
  for (const tile of tiles) {
    const key = tile.row ?? '';
    let r = rows.get(key);
    if (!r) {
      r = { row: key, heads: [], cabinets: [] };
      rows.set(key, r);
    }
    (tile.kind === 'row_head' ? r.heads : r.cabinets).push(tile);
  }
  return [...rows.values()];
}
