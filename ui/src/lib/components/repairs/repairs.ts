// Pure helpers of the repair and fault views: they shape what the core answered for the screen
// (groups, timeline steps, form rows), and decide nothing the core decides.
import type {
  FaultState,
  HistoryEntry,
  Repair,
  RepairPart,
  RepairState,
} from '../../backend';

export const REPAIR_STATES: readonly RepairState[] = ['pending', 'in_repair', 'completed', 'closed'];
export const FAULT_STATES: readonly FaultState[] = ['pending', 'in_progress', 'recovered', 'closed'];
export const REPAIR_MODES = ['warranty', 'third_party', 'in_house', 'factory'] as const;
/** The results a repair may close with (待备件 is not an end). */
export const CLOSE_RESULTS = ['fixed', 'partial', 'unrepairable'] as const;
export const ALL_RESULTS = ['fixed', 'partial', 'unrepairable', 'awaiting_parts'] as const;
export const DISPOSALS = ['keep', 'destroy', 'return'] as const;
export const SEVERITIES = ['level1', 'level2', 'level3', 'level4'] as const;
export const FAULT_KINDS = ['fault', 'alarm'] as const;
export const FAULT_SOURCES = ['environment', 'network', 'inspection', 'user', 'vendor', 'other'] as const;
export const FAULT_TYPES = ['power', 'cooling', 'network', 'server', 'storage', 'security', 'cloud', 'other'] as const;

/** How many records are in each state (every state listed, zero included). */
export function countByState<S extends string>(items: readonly { state: S }[], states: readonly S[]): Record<S, number> {
  const out = Object.fromEntries(states.map((s) => [s, 0])) as Record<S, number>;
  for (const it of items) if (it.state in out) out[it.state] += 1;
  return out;
}

/**
 * The form field a core refusal belongs beside. The core names fields by their form header
 * (故障现象, 到场时间, …); the forms use keys.
 */
const FIELD_BY_HEADER: Record<string, string> = {
  故障现象: 'symptom',
  维修单位: 'vendor',
  报修时间: 'reported_at',
  到场时间: 'arrived_at',
  完成时间: 'completed_at',
  '费用(元)': 'cost',
  维修结果: 'result',
  新件序列号: 'new_serial',
  serial: 'new_serial',
  描述: 'description',
  发生时间: 'occurred_at',
  确认时间: 'acknowledged_at',
  恢复时间: 'recovered_at',
};
export function fieldOf(field: string | null): string | null {
  if (!field) return null;
  return FIELD_BY_HEADER[field] ?? field;
}

/** One editable 更换部件 row: every cell as typed. */
export interface PartRow {
  name: string;
  spec: string;
  quantity: string;
  old_serial: string;
  new_serial: string;
  disposal: '' | (typeof DISPOSALS)[number];
}

export function emptyPart(): PartRow {
  return { name: '', spec: '', quantity: '1', old_serial: '', new_serial: '', disposal: '' };
}

/**
 * The rows to send: blank rows left out, text trimmed. A row with cells but no name, or a
 * quantity that is not a whole number above zero, is returned as the row's problem instead.
 */
export function partsToSend(rows: readonly PartRow[]): { parts: RepairPart[]; bad: number | null } {
  const parts: RepairPart[] = [];
  for (const [i, r] of rows.entries()) {
    const cells = [r.name, r.spec, r.old_serial, r.new_serial].map((c) => c.trim());
    if (cells.every((c) => c === '') && r.disposal === '') continue;
    const q = Number(r.quantity.trim() || '1');
    if (!cells[0] || !Number.isInteger(q) || q < 1) return { parts: [], bad: i };
    parts.push({
      name: cells[0],
      spec: cells[1] || null,
      quantity: q,
      old_serial: cells[2] || null,
      new_serial: cells[3] || null,
      disposal: r.disposal || null,
    });
  }
  return { parts, bad: null };
}

/** `''` → null; a number otherwise; `NaN` when it is not one (the form says so). */
export function costValue(text: string): number | null {
  const t = text.trim();
  return t === '' ? null : Number(t);
}

export type TimelineKind = 'reported' | 'factory' | 'arrived' | 'completed' | 'swap' | 'reracked' | 'closed';

export interface TimelineStep {
  kind: TimelineKind;
  at: string;
  /** The detail the step shows: symptom, technician, result, serials, positions. */
  text: string;
  done: boolean;
}

export interface TimelineRepair {
  repair: Repair;
  steps: TimelineStep[];
}

/**
 * Each repair of an asset (newest first) as its steps: 报修 → (返厂: out of its cabinet) → 到场 →
 * 完成 → (整机更换: old → new serial) → (回架) → 关闭. Steps not reached yet are listed as not done,
 * so the line shows what is still to come. The 回架 step is the `placed` history entry written
 * when the repair was closed.
 */
export function repairTimeline(repairs: readonly Repair[], history: readonly HistoryEntry[]): TimelineRepair[] {
  return repairs.map((r) => {
    const steps: TimelineStep[] = [{ kind: 'reported', at: r.reported_at, text: r.symptom, done: true }];
    if (r.mode === 'factory' && r.return_position) {
      steps.push({ kind: 'factory', at: r.reported_at, text: r.return_position, done: true });
    }
    steps.push({ kind: 'arrived', at: r.arrived_at ?? '', text: r.technician ?? '', done: r.arrived_at !== null });
    steps.push({ kind: 'completed', at: r.completed_at ?? '', text: r.result ?? '', done: r.completed_at !== null });
    if (r.old_serial && r.new_serial) {
      steps.push({ kind: 'swap', at: r.closed_at ?? '', text: `${r.old_serial} → ${r.new_serial}`, done: true });
    }
    const back = r.closed_at ? history.find((h) => h.kind === 'placed' && h.at === r.closed_at) : undefined;
    if (back) steps.push({ kind: 'reracked', at: back.at, text: back.to_pos ?? '', done: true });
    steps.push({ kind: 'closed', at: r.closed_at ?? '', text: r.accepted_by ?? '', done: r.closed_at !== null });
    return { repair: r, steps };
  });
}

/** The largest count, at least 1 (a bar chart's full width). */
export function maxCount(items: readonly { count: number }[]): number {
  return Math.max(1, ...items.map((i) => i.count));
}

/** `2026-11-25 14:30:00` → `2026-11-25 14:30` (ui.md: times to the minute). */
export function minute(at: string | null | undefined): string {
  return at ? at.slice(0, 16) : '';
}
