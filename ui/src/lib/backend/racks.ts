// The shapes of the racks and power commands (`commands::racks`, `commands::power`). The core's
// types are generated from Rust (generated.ts); declared here are the app's own and UI-only ones.
import type { Face } from './generated';

export type {
  AlertKind,
  CabinetCheck,
  Cabinet,
  CabinetPower,
  CheckResult,
  Elevation,
  Levels,
  MapTile,
  PowerAlert,
  PowerAlerts,
  PowerReport,
  PowerRoom,
  PowerRow,
  PowerSort,
  PowerStatus,
  PowerTable,
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
