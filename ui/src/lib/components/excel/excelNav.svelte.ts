// Which file the import wizard is open on: set by the toolbar button (after the open dialog)
// or by a file dropped onto the window. The wizard reads it; nothing else decides here.
import type { PickedFile } from '../../backend';

class ExcelNav {
  /** The wizard is open (possibly still at its first step, with no file). */
  open = $state(false);
  /** A file handed over before the wizard opened (a drop); the wizard starts on it. */
  file = $state<PickedFile | null>(null);
  /** Bumped for each file handed over, so an open wizard restarts on a new drop. */
  seq = $state(0);

  start(file: PickedFile | null = null): void {
    this.file = file;
    this.seq += 1;
    this.open = true;
  }

  close(): void {
    this.open = false;
    this.file = null;
  }
}

export const excelNav = new ExcelNav();
