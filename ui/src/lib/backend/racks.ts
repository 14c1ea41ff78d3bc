// The shapes of the racks and power commands (`commands::racks`, `commands::power`).
// Hand-written like types.ts; every figure and status in them is the core's.
import type { Asset, Face } from './types';

/** `rackledger::model::Room` */
export interface Room {
  name: string;
  location: string | null;
  note: string | null;
}

/** `rackledger::model::Cabinet`, with its used units and device count. */
export interface Cabinet {
  code: string;
  room: string;
  row: string | null;
  u_height: number;
  owner: string | null;
  note: string | null;
  used_u: number;
  device_count: number;
}

/** `commands::racks::Elevation`: the cabinet and its devices, bottom first. */
export interface Elevation {
  cabinet: Cabinet;
  devices: Asset[];
}

export type Verdict = 'ok' | 'warning' | 'refused';
export type PowerStatus = 'unknown' | 'ok' | 'warning' | 'critical' | 'over';

/** `rackledger::ledger::CabinetCheck` */
export interface CabinetCheck {
  cabinet: string;
  capacity_w: number | null;
  load_before_w: number;
  load_after_w: number;
  utilization_after: number | null;
  status_after: PowerStatus;
  failover_ok_after: boolean | null;
}

/** `rackledger::ledger::RowHeadCheck` */
export interface RowHeadCheck {
  row_head: string;
  capacity_w: number;
  load_before_w: number;
  load_after_w: number;
  utilization_after: number | null;
  status_after: PowerStatus;
  failover_load_after_w: number;
  failover_status_after: PowerStatus;
}

/** `rackledger::ledger::CheckResult`: reasons are already in the user's language. */
export interface CheckResult {
  verdict: Verdict;
  reasons: string[];
  conflicts: string[];
  /** A refusal on power alone, which may be overridden with a reason; space never. */
  overridable: boolean;
  cabinet: CabinetCheck;
  row_heads: RowHeadCheck[];
}

/** `commands::racks::Racked` */
export interface Racked {
  asset: Asset;
  check: CheckResult;
}

/** Where to rack: the arguments of check, place and move. */
export type Placement = {
  tag: string;
  cabinet: string;
  startU: number;
  face: Face | null;
};

/** `rackledger::power::CabinetPower` */
export interface CabinetPower {
  cabinet: string;
  room: string;
  row: string | null;
  capacity_w: number | null;
  device_count: number;
  computed_w: number;
  measured_w: number | null;
  measured_at: string | null;
  load_w: number;
  utilization: number | null;
  headroom_w: number | null;
  status: PowerStatus;
  feeds: string[];
  failover_ok: boolean | null;
  warning_level: number;
  alarm_level: number;
}

/** `rackledger::power::RowHeadPower` */
export interface RowHeadPower {
  row_head: string;
  room: string;
  row: string | null;
  capacity_w: number;
  cabinet_count: number;
  load_w: number;
  failover_load_w: number;
  utilization: number | null;
  failover_utilization: number | null;
  status: PowerStatus;
  failover_status: PowerStatus;
  warning_level: number;
  alarm_level: number;
}

/** `rackledger::power::PowerReport` */
export interface PowerReport {
  cabinets: CabinetPower[];
  row_heads: RowHeadPower[];
}

/** `rackledger::db::readings::Reading`; `at` is local `YYYY-MM-DD HH:MM:SS`. */
export interface Reading {
  cabinet: string;
  at: string;
  measured_w: number;
  amps_a: number | null;
  amps_b: number | null;
  operator: string;
  note: string | null;
}

/** `rackledger::power::Levels` */
export interface Levels {
  warning: number;
  alarm: number;
}

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
