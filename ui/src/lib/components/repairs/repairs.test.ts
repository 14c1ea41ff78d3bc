import { describe, expect, it } from 'vitest';
import type { HistoryEntry, Repair } from '../../backend';
import { countByState, emptyPart, fieldOf, partsToSend, repairTimeline, REPAIR_STATES } from './repairs';

function repair(over: Partial<Repair>): Repair {
  return {
    repair_no: 'WX-2026-0001', fault_no: null, asset_tag: 'SRV-1', asset_name: 's', device_vendor: '华为',
    device_model: 'M', serial: 'SN-1', symptom: '电源告警', reported_at: '2026-11-20 09:00:00', mode: 'warranty',
    vendor: '华为', case_no: null, technician: null, arrived_at: null, work_done: null, parts: [],
    old_serial: null, new_serial: null, completed_at: null, result: null, under_warranty: true, cost: null,
    accepted_by: null, accepted_on: null, state: 'pending', return_position: null, closed_at: null, allowed: [],
    ...over,
  };
}

function hist(kind: string, at: string, to_pos: string | null = null): HistoryEntry {
  return { kind, at, operator: 'x', from_pos: null, to_pos, old_value: null, new_value: null, reason: null } as HistoryEntry;
}

describe('repair timeline', () => {
  it('lists the steps to come as not done on an open repair', () => {
    const t = repairTimeline([repair({})], [])[0]!;
    expect(t.steps.map((s) => [s.kind, s.done])).toEqual([
      ['reported', true],
      ['arrived', false],
      ['completed', false],
      ['closed', false],
    ]);
  });

  it('shows a factory return, the serial swap and the return to the cabinet', () => {
    const closed = '2026-11-24 16:00:00';
    const r = repair({
      mode: 'factory', return_position: 'A01-U10', arrived_at: '2026-11-21 10:00:00', technician: '王师傅',
      completed_at: '2026-11-24 15:00:00', result: 'fixed', old_serial: 'SN-1', new_serial: 'SN-2',
      state: 'closed', closed_at: closed, accepted_by: '李主管',
    });
    const history = [hist('unplaced', '2026-11-20 09:00:00'), hist('placed', closed, 'A01-U10'), hist('placed', '2020-01-01 00:00:00', 'B01-U1')];
    const t = repairTimeline([r], history)[0]!;
    expect(t.steps.map((s) => s.kind)).toEqual(['reported', 'factory', 'arrived', 'completed', 'swap', 'reracked', 'closed']);
    expect(t.steps.every((s) => s.done)).toBe(true);
    expect(t.steps[4]?.text).toBe('SN-1 → SN-2');
    expect(t.steps[5]?.text).toBe('A01-U10');
    expect(t.steps[1]?.text).toBe('A01-U10');
  });

  it('has no 回架 step when the device was not put back', () => {
    const r = repair({ mode: 'factory', return_position: 'A01-U10', state: 'closed', closed_at: '2026-11-24 16:00:00' });
    const t = repairTimeline([r], [hist('placed', '2026-11-24 16:00:01', 'A01-U10')])[0]!;
    expect(t.steps.some((s) => s.kind === 'reracked')).toBe(false);
  });
});

describe('parts rows', () => {
  it('leaves out blank rows and sends trimmed values', () => {
    const rows = [
      { ...emptyPart(), name: ' 内存 ', spec: '32GB', quantity: '2', old_serial: 'M-OLD', disposal: 'destroy' as const },
      emptyPart(),
    ];
    expect(partsToSend(rows)).toEqual({
      parts: [{ name: '内存', spec: '32GB', quantity: 2, old_serial: 'M-OLD', new_serial: null, disposal: 'destroy' }],
      bad: null,
    });
  });

  it('names the row without a name or with a bad quantity', () => {
    expect(partsToSend([emptyPart(), { ...emptyPart(), spec: 'x' }]).bad).toBe(1);
    expect(partsToSend([{ ...emptyPart(), name: 'a', quantity: '0' }]).bad).toBe(0);
    expect(partsToSend([{ ...emptyPart(), name: 'a', quantity: '1.5' }]).bad).toBe(0);
  });
});

describe('grouping and fields', () => {
  it('counts every state, zero included', () => {
    const c = countByState([repair({ state: 'closed' }), repair({ state: 'closed' }), repair({})], REPAIR_STATES);
    expect(c).toEqual({ pending: 1, in_repair: 0, completed: 0, closed: 2 });
  });

  it('maps the core’s field headers to the form’s keys', () => {
    expect(fieldOf('到场时间')).toBe('arrived_at');
    expect(fieldOf('serial')).toBe('new_serial');
    expect(fieldOf('other')).toBe('other');
    expect(fieldOf(null)).toBe(null);
  });
});
