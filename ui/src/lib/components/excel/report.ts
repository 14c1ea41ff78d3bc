// Pure helpers of the import wizard and the export menu: how the core's report and progress
// are shown. They read what the core decided (ok, counts, problems); they decide nothing.
import type { ExcelProblem, ExcelProgress, ImportView, JsonValue, ProblemGroup } from '../../backend';

/** The wizard's steps, in order. */
export type WizardStep = 'pick' | 'parsing' | 'report' | 'committing' | 'done';

/** The progress bar's fill, 0–100. A stage with nothing to count is shown as under way (0). */
export function percent(p: ExcelProgress | null): number {
  if (!p || p.total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((p.done / p.total) * 100)));
}

/** The totals of a report across its sheets. */
export function totals(view: ImportView): { inserted: number; updated: number; unchanged: number } {
  return view.sheets.reduce(
    (t, s) => ({
      inserted: t.inserted + s.inserted,
      updated: t.updated + s.updated,
      unchanged: t.unchanged + s.unchanged,
    }),
    { inserted: 0, updated: 0, unchanged: 0 },
  );
}

/** Whether the report lets the user commit: the core found no error (warnings do not block). */
export function canCommit(view: ImportView | null): boolean {
  return !!view && view.ok && view.errors_total === 0;
}

/** Whether the commit would change anything. */
export function hasChanges(view: ImportView): boolean {
  const t = totals(view);
  return t.inserted + t.updated > 0;
}

/** A value of a field diff as text: empty → '—', objects as compact JSON. */
export function showValue(v: JsonValue | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** `U21`-style cells are left alone; a problem's cell as the errors table shows it. */
export function cell(v: string | number | null): string {
  return v === null || v === '' ? '—' : String(v);
}

/** Problems grouped by sheet, in the order the report gives them (a sheet-less one under ''). */
export function bySheet(problems: ExcelProblem[]): [string, ExcelProblem[]][] {
  const groups = new Map<string, ExcelProblem[]>();
  for (const p of problems) {
    const key = p.sheet ?? '';
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.entries()];
}

/** The problems of a group the report carries, in its order (a list trimmed by the backend
 *  leaves out those beyond what it sent). */
export function groupRows(group: ProblemGroup, problems: ExcelProblem[]): ExcelProblem[] {
  return group.problems.flatMap((i) => {
    const p = problems[i];
    return p ? [p] : [];
  });
}

/** A line of the problem table: a group of several problems (`第 3–58 行`), or one problem —
 *  on its own, or as a `member` of an expanded group. */
export type ProblemLine =
  | { kind: 'group'; index: number; group: ProblemGroup }
  | { kind: 'problem'; problem: ExcelProblem; member: boolean };

/** The lines the problem table shows, in the core's group order: a group of one problem is that
 *  problem; a group of several is one line, followed by its problems when `open(index)`. */
export function problemLines(
  groups: ProblemGroup[],
  problems: ExcelProblem[],
  open: (index: number) => boolean,
): ProblemLine[] {
  const lines: ProblemLine[] = [];
  groups.forEach((group, index) => {
    const rows = groupRows(group, problems);
    if (group.problems.length > 1) {
      lines.push({ kind: 'group', index, group });
      if (open(index)) lines.push(...rows.map((problem) => ({ kind: 'problem' as const, problem, member: true })));
    } else {
      lines.push(...rows.map((problem) => ({ kind: 'problem' as const, problem, member: false })));
    }
  });
  return lines;
}
