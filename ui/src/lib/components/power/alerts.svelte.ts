// The alerts the shell's banner shows, each the core's own list: power (cabinets and row-heads at
// warning or worse) and environment (points out of their room's limits, and the cabinets they
// flag). Refreshed on start, every 30 s, and after anything that changes them.
import { backend, hasBackend, type EnvAlerts, type PowerAlerts } from '../../backend';

class Alerts<T> {
  current = $state<T>() as T;
  /** Bumped after every change, so open views reload their figures too. */
  version = $state(0);
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    empty: T,
    private readonly load: () => Promise<T>,
  ) {
    this.current = empty;
  }

  async refresh(): Promise<void> {
    if (!hasBackend()) return;
    try {
      this.current = await this.load();
    } catch {
      // The banner stays as it was; the views show the error where it matters.
    }
  }

  /** Call after anything that changes the list (placing, a reading, a patrol line …). */
  changed(): void {
    this.version += 1;
    void this.refresh();
  }

  start(): void {
    void this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), 30_000);
  }
}

export const powerAlerts = new Alerts<PowerAlerts>({ count: 0, items: [] }, () => backend.powerAlerts());
export const envAlerts = new Alerts<EnvAlerts>({ points: [], cabinets: [] }, () => backend.envAlerts());
