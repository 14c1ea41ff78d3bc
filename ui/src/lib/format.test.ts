import { describe, expect, it } from 'vitest';
import {
  baseName,
  formatDate,
  formatDateTime,
  formatKw,
  formatPercent,
  formatPosition,
  formatU,
} from './format';

describe('format', () => {
  it('power in kW with two decimals', () => {
    expect(formatKw(4400)).toBe('4.40 kW');
    expect(formatKw(0)).toBe('0.00 kW');
    expect(formatKw(12345)).toBe('12.35 kW');
  });

  it('utilization with one decimal', () => {
    expect(formatPercent(0.818)).toBe('81.8 %');
    expect(formatPercent(1)).toBe('100.0 %');
  });

  it('U positions and positions', () => {
    expect(formatU(21, 1)).toBe('U21');
    expect(formatU(21, 2)).toBe('U21–U22');
    expect(formatU(5, 0)).toBe('0U');
    expect(formatPosition('A03', 21, 1)).toBe('A03-U21');
  });

  it('local dates and times', () => {
    const d = new Date(2026, 10, 5, 9, 7);
    expect(formatDate(d)).toBe('2026-11-05');
    expect(formatDateTime(d)).toBe('2026-11-05 09:07');
  });

  it('file base names', () => {
    expect(baseName('/home/ops/机房台账.db')).toBe('机房台账.db');
    expect(baseName('C:\\data\\a.db')).toBe('a.db');
  });
});
