import { describe, expect, it } from 'vitest';
import type { MapTile } from '../../backend';
import { mapRows } from './mapRows';

const tile = (kind: MapTile['kind'], code: string, row: string | null): MapTile => ({
  kind,
  code,
  row,
  load_w: 1000,
  capacity_w: 4400,
  utilization: 0.23,
  status: 'ok',
});

describe('mapRows', () => {
  it('groups the tiles by row in the order the core sent them, row-heads apart', () => {
    const tiles = [
      tile('cabinet', 'X1', null),
      tile('row_head', 'RPP-A', 'A'),
      tile('cabinet', 'A2', 'A'),
      tile('cabinet', 'A10', 'A'),
      tile('cabinet', 'B1', 'B'),
    ];
    const rows = mapRows(tiles);
    expect(rows.map((r) => r.row)).toEqual(['', 'A', 'B']);
    expect(rows[1]?.heads.map((t) => t.code)).toEqual(['RPP-A']);
    expect(rows[1]?.cabinets.map((t) => t.code)).toEqual(['A2', 'A10']);
  });

  it('puts a row split across two windows back together', () => {
    const first = [tile('cabinet', 'A1', 'A'), tile('cabinet', 'A2', 'A')];
    const second = [tile('cabinet', 'A3', 'A'), tile('cabinet', 'B1', 'B')];
    const rows = mapRows([...first, ...second]);
    expect(rows.map((r) => [r.row, r.cabinets.length])).toEqual([
      ['A', 3],
      ['B', 1],
    ]);
  });
});
