// The shapes of the racks and power commands (`commands::racks`, `commands::power`). The core's
// types are generated from Rust (generated.ts); declared here are the app's own and UI-only ones.
import type { Face, PowerStatus } from './generated';

export type {
  CabinetCheck,
  Cabinet,
  CabinetPower,
  CheckResult,
  Elevation,
  Levels,
  PowerReport,
  PowerStatus,
  Racked,
  Reading,
  ReservedUnits,
  Room,
  RowHead,
  RowHeadCheck,
  RowHeadPower,
  Verdict,
} from './generated';

/** Where to rack: the arguments of check, place and move. */
export type Placement = {
  tag: string;
  cabinet: string;
  startU: number;
  face: Face | null;
};

/** `commands::power::PowerAlert` */
export interface PowerAlert {
  kind: 'cabinet' | 'row_head';
  code: string;
  room: string;
  status: PowerStatus;
  load_w: number;
  capacity_w: number | null;
  utilization: number | null;
}

/** `commands::power::PowerAlerts` */
export interface PowerAlerts {
  count: number;
  items: PowerAlert[];
}
