// Display formats of ui.md. Pure functions: they shape what the core computed, never decide.

/** Watts to kW with two decimals: 4400 → "4.40 kW". */
export function formatKw(watts: number): string {
  return `${(watts / 1000).toFixed(2)} kW`;
}

/** A ratio to a percentage with one decimal: 0.818 → "81.8 %". */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

/** U positions: (21, 1) → "U21"; (21, 2) → "U21–U22"; a 0U device → "0U". */
export function formatU(startU: number, uHeight: number): string {
  if (uHeight <= 0) return '0U';
  if (uHeight === 1) return `U${startU}`;
  return `U${startU}–U${startU + uHeight - 1}`;
}

/** A cabinet and U range: ("A03", 21, 1) → "A03-U21". */
export function formatPosition(cabinet: string, startU: number, uHeight: number): string {
  return `${cabinet}-${formatU(startU, uHeight)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date: "2026-11-25". */
export function formatDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local date and time to the minute: "2026-11-25 14:30". */
export function formatDateTime(d: Date): string {
  return `${formatDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The last part of a file path, for narrow places such as the status bar. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
