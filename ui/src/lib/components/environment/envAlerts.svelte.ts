// The environment alerts the shell's banner shows beside power's: the points whose latest
// reading is out of the room's limits, and the cabinets they flag (the core's list).
import { backend, hasBackend, type EnvAlerts } from '../../backend';

const EMPTY: EnvAlerts = { points: [], cabinets: [] };

class Alerts {
  current = $state<EnvAlerts>(EMPTY);
  /** Bumped after every reading, so open views reload their figures too. */
  version = $state(0);
  private timer: ReturnType<typeof setInterval> | null = null;

  async refresh(): Promise<void> {
    if (!hasBackend()) return;
    try {
      this.current = await backend.envAlerts();
    } catch {
      // The banner stays as it was; the views show the error where it matters.
    }
  }

  /** Call after recording a reading or a patrol line. */
  changed(): void {
    this.version += 1;
    void this.refresh();
  }

  start(): void {
    void this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), 30_000);
  }
}

export const envAlerts = new Alerts();
