// The shapes of the repair and fault commands (`commands::repairs`, `commands::faults`). The
// core's types are generated from Rust (generated.ts); declared here are the app's own argument
// structs. Times are form text (`2026-11-25 14:30`), parsed by the core.
import type {
  Action,
  FaultKind,
  FaultSource,
  FaultType,
  RepairMode,
  RepairPart,
  RepairResult,
  Severity,
} from './generated';

export type {
  AgeBucket,
  Fault,
  FaultFilter,
  FaultKind,
  FaultSource,
  FaultState,
  FaultStats,
  FaultType,
  FaultWeek,
  ModelCount,
  RepairClosed,
  RepairFilter,
  RepairOpened,
  RepairPreview,
  RepairStats,
  Severity,
  VendorCount,
  Warranty,
  WarrantyStatus,
} from './generated';

/** `commands::repairs::OpenArgs` */
export interface RepairOpenArgs {
  asset_tag: string;
  symptom: string;
  vendor: string;
  mode: RepairMode;
  fault_no?: string | null;
  case_no?: string | null;
  technician?: string | null;
  reported_at?: string | null;
}

/** `commands::repairs::UpdateArgs`: empty fields leave the record as it is; parts are added. */
export interface RepairUpdateArgs {
  technician?: string | null;
  arrived_at?: string | null;
  work_done?: string | null;
  case_no?: string | null;
  vendor?: string | null;
  parts?: RepairPart[];
  result?: RepairResult | null;
  /** The action taken with the update (`start`, `complete`), one of the record's `allowed`. */
  step?: Action | null;
  completed_at?: string | null;
  cost?: number | null;
}

/** `commands::repairs::CloseArgs` */
export interface RepairCloseArgs {
  result: RepairResult;
  new_serial?: string | null;
  rerack?: boolean;
  cost?: number | null;
  accepted_by?: string | null;
  completed_at?: string | null;
  under_warranty?: boolean | null;
}

/** `commands::faults::OpenArgs` */
export interface FaultOpenArgs {
  kind: FaultKind;
  source: FaultSource;
  severity: Severity;
  description: string;
  asset_tag?: string | null;
  room?: string | null;
  cabinet?: string | null;
  fault_type?: FaultType | null;
  service_impact?: boolean;
  occurred_at?: string | null;
  reporter?: string | null;
  /** A normal alarm that needs no action: registered and closed at once. */
  close?: boolean;
}

/** `commands::faults::UpdateArgs` */
export interface FaultUpdateArgs {
  /** The action taken with the update (`acknowledge`, `recover`), one of the record's `allowed`. */
  step?: Action | null;
  fault_type?: FaultType | null;
  service_impact?: boolean | null;
  handler?: string | null;
  actions?: string | null;
  root_cause?: string | null;
  acknowledged_at?: string | null;
  recovered_at?: string | null;
}
