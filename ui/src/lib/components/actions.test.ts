import { describe, expect, it } from 'vitest';
import { can } from './actions';

describe('can', () => {
  it('answers from the actions the record carries', () => {
    const pending = { allowed: ['edit', 'acknowledge', 'close'] as const };
    expect(can(pending, 'close')).toBe(true);
    expect(can(pending, 'recover')).toBe(false);
  });

  it('allows nothing on a record with no actions, or no record', () => {
    expect(can({ allowed: [] }, 'edit')).toBe(false);
    expect(can(null, 'edit')).toBe(false);
    expect(can(undefined, 'close')).toBe(false);
  });
});
