import { describe, expect, it } from 'vitest';
import type { ExcelProblem, ImportView, ProblemGroup } from '../../backend';
import { bySheet, canCommit, cell, groupRows, hasChanges, percent, problemLines, showValue, totals } from './report';

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
    error_groups: [],
    warnings: [],
    warnings_total: 0,
    warning_groups: [],
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

describe('grouped problem list', () => {
  const bad = (row: number, value: string, message: string): ExcelProblem => ({
    sheet: '资产登记',
    row,
    column: '机柜编号',
    value,
    message,
  });
  // As the core sends them: 56 rows naming cabinet A01, then one other problem.
  const problems: ExcelProblem[] = [
    ...Array.from({ length: 56 }, (_, i) => bad(i + 3, 'A01', '机柜 A01 不存在')),
    bad(60, 'A02', '机柜 A02 不存在'),
  ];
  const a01: ProblemGroup = {
    sheet: '资产登记',
    column: '机柜编号',
    message: '机柜 A01 不存在',
    value: 'A01',
    rows: Array.from({ length: 56 }, (_, i) => i + 3),
    rows_text: '第 3–58 行',
    problems: Array.from({ length: 56 }, (_, i) => i),
  };
  const groups: ProblemGroup[] = [
    a01,
    { sheet: '资产登记', column: '机柜编号', message: '机柜 A02 不存在', value: 'A02', rows: [60], rows_text: '第 60 行', problems: [56] },
  ];

  it('shows 56 rows with one problem as one line, and a lone problem as itself', () => {
    const lines = problemLines(groups, problems, () => false);
    expect(lines.map((l) => l.kind)).toEqual(['group', 'problem']);
    expect(lines[0]).toMatchObject({ kind: 'group', index: 0, group: { rows_text: '第 3–58 行' } });
    expect(lines[1]).toMatchObject({ kind: 'problem', member: false, problem: { row: 60 } });
  });

  it('expands a group to each of its rows', () => {
    const lines = problemLines(groups, problems, (i) => i === 0);
    expect(lines).toHaveLength(1 + 56 + 1);
    const members = lines.filter((l) => l.kind === 'problem' && l.member);
    expect(members.map((l) => (l.kind === 'problem' ? l.problem.row : 0))).toEqual(a01.rows);
    expect(lines[57]).toMatchObject({ kind: 'problem', member: false, problem: { row: 60 } });
  });

  it('leaves out the rows of a list the backend trimmed', () => {
    expect(groupRows(a01, problems.slice(0, 10))).toHaveLength(10);
    expect(problemLines(groups, problems.slice(0, 10), () => true)).toHaveLength(1 + 10);
  });
});
