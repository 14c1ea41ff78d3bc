// The power alerts the shell's banner shows: the core's list of cabinets and row-heads at
// warning or worse. Refreshed on start, every 30 s, and after anything that changes load.
import { backend, hasBackend, type PowerAlerts } from '../../backend';

const EMPTY: PowerAlerts = { count: 0, items: [] };

class Alerts {
  current = $state<PowerAlerts>(EMPTY);
  /** Bumped after every change of load, so open views reload their figures too. */
  version = $state(0);
  private timer: ReturnType<typeof setInterval> | null = null;

  async refresh(): Promise<void> {
    if (!hasBackend()) return;
    try {
      this.current = await backend.powerAlerts();
    } catch {
      // The banner stays as it was; the views show the error where it matters.
    }
  }

  /** Call after placing, moving, unracking or recording a reading. */
  changed(): void {
    this.version += 1;
    void this.refresh();
  }

  start(): void {
    void this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), 30_000);
  }
}

export const powerAlerts = new Alerts();
