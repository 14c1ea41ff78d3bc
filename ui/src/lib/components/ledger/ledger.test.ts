import { describe, expect, it } from 'vitest';
import { DEFAULT_VISIBLE, loadVisible, normalizeVisible, positionLabel } from './columns';
import { pagesFor, pagesToEvict, visibleRange } from './windows';

describe('ledger windows', () => {
  it('covers the visible rows with whole pages', () => {
    expect(pagesFor(0, 30, 100_000)).toEqual([0]);
    expect(pagesFor(190, 230, 100_000)).toEqual([0, 1]);
    expect(pagesFor(99_990, 100_020, 100_000)).toEqual([499]);
    expect(pagesFor(0, 10, 0)).toEqual([]);
  });

  it('computes the visible range with overscan, clamped', () => {
    expect(visibleRange(0, 280, 28, 1000, 5)).toEqual({ first: 0, last: 15 });
    expect(visibleRange(28 * 500, 280, 28, 1000, 5)).toEqual({ first: 495, last: 515 });
    expect(visibleRange(28 * 998, 280, 28, 1000, 5).last).toBe(999);
  });

  it('evicts the pages farthest from the view', () => {
    expect(pagesToEvict([0, 1, 2], [1], 12)).toEqual([]);
    expect(pagesToEvict([0, 1, 2, 50, 51], [50], 3)).toEqual([0, 1]);
  });
});

describe('ledger columns', () => {
  it('keeps known columns in table order and falls back to the defaults', () => {
    expect(normalizeVisible(['status', 'asset_tag', 'nope'])).toEqual(['asset_tag', 'status']);
    expect(normalizeVisible([])).toEqual([...DEFAULT_VISIBLE]);
    expect(loadVisible({ getItem: () => '["serial","name"]' })).toEqual(['name', 'serial']);
    expect(loadVisible({ getItem: () => 'not json' })).toEqual([...DEFAULT_VISIBLE]);
  });

  it('writes positions as A03-U21, marking the rear face', () => {
    expect(positionLabel({ cabinet: 'A03', start_u: 21, face: 'front' }, '后')).toBe('A03-U21');
    expect(positionLabel({ cabinet: 'A03', start_u: 21, face: 'rear' }, '后')).toBe('A03-U21(后)');
    expect(positionLabel({ cabinet: null, start_u: null, face: null }, '后')).toBeNull();
  });
});
