// Drawing an elevation: which device shows on which face, and which units are empty there.
// Pure shaping of what the core returned; the rack rules themselves are the core's.
import type { Asset, Category, Face } from '../../backend';

export type CategoryGroup = 'server' | 'storage' | 'network' | 'security' | 'patch' | 'pdu' | 'other';

/** ui.md's seven category groups, in legend order. */
export const CATEGORY_GROUPS: readonly CategoryGroup[] = [
  'server',
  'storage',
  'network',
  'security',
  'patch',
  'pdu',
  'other',
];

const GROUP_OF: Record<Category, CategoryGroup> = {
  server: 'server',
  storage: 'storage',
  switch: 'network',
  router: 'network',
  fc_switch: 'network',
  load_balancer: 'network',
  firewall: 'security',
  security: 'security',
  patch_panel: 'patch',
  pdu: 'pdu',
  other: 'other',
};

export function categoryGroup(c: Category): CategoryGroup {
  return GROUP_OF[c] ?? 'other';
}

/** One muted fill per group; dark text stays readable on every one. */
export const GROUP_FILL: Record<CategoryGroup, string> = {
  server: '#9db7d8',
  storage: '#a9ccb0',
  network: '#d9c38f',
  security: '#c5b1d9',
  patch: '#c3cad3',
  pdu: '#e0b79a',
  other: '#d3d0c4',
};

export interface Block {
  device: Asset;
  /** Lowest unit. */
  start: number;
  height: number;
  /** A full-depth device seen from its other face: drawn lighter. */
  ghost: boolean;
}

/** The devices seen on `face`: half-depth ones on their own face only, full-depth on both. */
export function blocksOn(devices: readonly Asset[], face: Face): Block[] {
  return devices
    .filter((d) => d.u_height > 0 && d.start_u != null && d.start_u > 0)
    .filter((d) => d.depth === 'full' || (d.face ?? 'front') === face)
    .map((d) => ({
      device: d,
      start: d.start_u as number,
      height: d.u_height,
      ghost: d.depth === 'full' && (d.face ?? 'front') !== face,
    }));
}

/** Units (1-based) not covered by any block on this face. */
export function emptyUnits(blocks: readonly Block[], uHeight: number): number[] {
  const used = new Set<number>();
  for (const b of blocks) for (let u = b.start; u < b.start + b.height; u += 1) used.add(u);
  const out: number[] = [];
  for (let u = 1; u <= uHeight; u += 1) if (!used.has(u)) out.push(u);
  return out;
}

/** 0U devices (PDUs on the side rails and the like): listed beside the drawing. */
export function zeroUDevices(devices: readonly Asset[]): Asset[] {
  return devices.filter((d) => d.u_height === 0 || !d.start_u);
}

/** Groups cabinets by row, rows in order, cabinets by code; no row → ''. */
export function byRow<T extends { row: string | null }>(items: readonly T[], code: (t: T) => string): [string, T[]][] {
  const rows = new Map<string, T[]>();
  for (const it of items) {
    const key = it.row ?? '';
    if (!rows.has(key)) rows.set(key, []);
    rows.get(key)!.push(it);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'zh'))
    .map(([row, list]) => [row, [...list].sort((a, b) => code(a).localeCompare(code(b), 'zh', { numeric: true }))]);
}
