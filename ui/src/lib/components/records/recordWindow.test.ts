import { describe, expect, it } from 'vitest';
import type { RecordPage } from '../../backend';
import { reloadLimit, stateCount, withWindow } from './recordWindow';

const page = (offset: number, rows: string[], total = 500): RecordPage<string> => ({
  rows,
  offset,
  total,
  by_state: {},
});
const id = (s: string) => s;

describe('withWindow', () => {
  it('replaces the list with a first window', () => {
    expect(withWindow(['a', 'b', 'c'], page(0, ['x', 'y']), id)).toEqual(['x', 'y']);
  });
  it('appends the next window where it begins', () => {
    expect(withWindow(['a', 'b'], page(2, ['c', 'd']), id)).toEqual(['a', 'b', 'c', 'd']);
  });
  it('does not show twice a row the list pushed into the next window', () => {
    // A record filed between the calls moved every row one down: 'b' comes again at offset 2.
    expect(withWindow(['a', 'b'], page(2, ['b', 'c']), id)).toEqual(['a', 'b', 'c']);
  });
  it('drops rows past a window that starts earlier than the end', () => {
    expect(withWindow(['a', 'b', 'c'], page(1, ['q']), id)).toEqual(['a', 'q']);
  });
});

describe('reloadLimit and stateCount', () => {
  it('reads again as many rows as are shown, within bounds', () => {
    expect(reloadLimit(0)).toBe(200);
    expect(reloadLimit(600)).toBe(600);
    expect(reloadLimit(5000)).toBe(1000);
  });
  it('counts one state or all', () => {
    const by = { pending: 3, closed: 5321 };
    expect(stateCount(by, 'pending')).toBe(3);
    expect(stateCount(by, 'in_repair')).toBe(0);
    expect(stateCount(by, null)).toBe(5324);
  });
});
