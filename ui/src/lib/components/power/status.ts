// How a power status is shown: its colour token and its word. Never colour alone.
import type { MessageKey } from '../../i18n/index.svelte';
import type { PowerStatus, Verdict } from '../../backend';

export const STATUS_COLOR: Record<PowerStatus, string> = {
  ok: 'var(--ok)',
  warning: 'var(--warn)',
  critical: 'var(--crit)',
  over: 'var(--over)',
  unknown: 'var(--unknown)',
};

/** A light tint of the status colour, for tile and row backgrounds. */
export const STATUS_TINT: Record<PowerStatus, string> = {
  ok: '#e6f2e7',
  warning: '#fbefd9',
  critical: '#f9dddd',
  over: '#f0cfcf',
  unknown: '#eceff2',
};

export const STATUS_LABEL: Record<PowerStatus, MessageKey> = {
  ok: 'power.status.ok',
  warning: 'power.status.warning',
  critical: 'power.status.critical',
  over: 'power.status.over',
  unknown: 'power.status.unknown',
};

export const VERDICT_LABEL: Record<Verdict, MessageKey> = {
  ok: 'check.verdict.ok',
  warning: 'check.verdict.warning',
  refused: 'check.verdict.refused',
};

export const VERDICT_STATUS: Record<Verdict, PowerStatus> = {
  ok: 'ok',
  warning: 'warning',
  refused: 'critical',
};

/** Severity order, worst last: for sorting. */
export const STATUS_RANK: Record<PowerStatus, number> = { unknown: 0, ok: 1, warning: 2, critical: 3, over: 4 };
