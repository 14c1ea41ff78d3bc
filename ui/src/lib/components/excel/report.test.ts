import { describe, expect, it } from 'vitest';
import type { ImportView } from '../../backend';
import { bySheet, canCommit, cell, hasChanges, percent, showValue, totals } from './report';

function view(over: Partial<ImportView> = {}): ImportView {
  return {
    ok: true,
    dry_run: true,
    file: 'a.xlsx',
    sheets: [
      { sheet: '机柜', kind: 'cabinets', inserted: 2, updated: 0, unchanged: 4, ignored_columns: [], changes: [], changes_total: 2 },
      { sheet: '资产登记', kind: 'assets', inserted: 30, updated: 3, unchanged: 1, ignored_columns: ['备注2'], changes: [], changes_total: 33 },
    ],
    errors: [],
    errors_total: 0,
    warnings: [],
    warnings_total: 0,
    ...over,
  };
}

describe('import report', () => {
  it('adds the sheets up', () => {
    expect(totals(view())).toEqual({ inserted: 32, updated: 3, unchanged: 5 });
    expect(hasChanges(view())).toBe(true);
    expect(hasChanges(view({ sheets: [] }))).toBe(false);
  });

  it('lets a commit through only when the core found no error; warnings do not block', () => {
    expect(canCommit(view())).toBe(true);
    const warn = { sheet: '机柜', row: null, column: null, value: null, message: '预警' };
    expect(canCommit(view({ warnings: [warn], warnings_total: 1 }))).toBe(true);
    const err = { sheet: '资产登记', row: 5, column: '起始U位', value: 'U99', message: '超出机柜高度' };
    expect(canCommit(view({ ok: false, errors: [err], errors_total: 1 }))).toBe(false);
    // Errors left out of the list still block.
    expect(canCommit(view({ errors: [], errors_total: 3 }))).toBe(false);
    expect(canCommit(null)).toBe(false);
  });

  it('groups problems by sheet in report order', () => {
    const p = (sheet: string | null, row: number) => ({ sheet, row, column: null, value: null, message: 'x' });
    const groups = bySheet([p('资产登记', 3), p('机柜', 4), p('资产登记', 9), p(null, 0)]);
    expect(groups.map(([s, l]) => [s, l.map((x) => x.row)])).toEqual([
      ['资产登记', [3, 9]],
      ['机柜', [4]],
      ['', [0]],
    ]);
  });
});

describe('progress and values', () => {
  it('fills the bar in proportion, never past 100 nor on an empty total', () => {
    expect(percent({ stage: 'validating', done: 500, total: 2000 })).toBe(25);
    expect(percent({ stage: 'writing', done: 9, total: 3 })).toBe(100);
    expect(percent({ stage: 'reading', done: 0, total: 0 })).toBe(0);
    expect(percent(null)).toBe(0);
  });

  it('shows diff values plainly', () => {
    expect(showValue(null)).toBe('—');
    expect(showValue('')).toBe('—');
    expect(showValue('在用')).toBe('在用');
    expect(showValue(42)).toBe('42');
    expect(showValue({ a: 1 })).toBe('{"a":1}');
    expect(cell(null)).toBe('—');
    expect(cell(7)).toBe('7');
  });

});
