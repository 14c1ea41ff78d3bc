// Types of the Excel commands (src-tauri/src/commands/excel.rs). Hand-written: the report is the
// core's `rackledger::excel::ImportReport`, trimmed by the app (`ImportView`), and those types are
// not exported with ts-rs yet.

/** The stage of a long import or export: `rackledger::excel::Stage`. */
export type ExcelStage = 'reading' | 'validating' | 'writing';

/** `done` of `total` rows in `stage`: `rackledger::excel::Progress`. */
export interface ExcelProgress {
  stage: ExcelStage;
  done: number;
  total: number;
}

/** A file the user picked or dropped: the backend keeps its path under `token`. */
export interface PickedFile {
  token: string;
  name: string;
}

/** One problem of an import, located as Excel shows it: `rackledger::excel::Problem`. */
export interface ExcelProblem {
  sheet: string | null;
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface FieldChange {
  field: string;
  /** The column's header in the form (or the field's code). */
  label: string;
  before: JsonValue;
  after: JsonValue;
}

export interface ChangedRow {
  row: number;
  key: string;
  action: 'insert' | 'update';
  fields: FieldChange[];
}

export interface SheetView {
  sheet: string;
  kind: string;
  inserted: number;
  updated: number;
  unchanged: number;
  ignored_columns: string[];
  /** Updates first, then inserts; at most a few hundred. */
  changes: ChangedRow[];
  changes_total: number;
}

export interface ImportView {
  ok: boolean;
  dry_run: boolean;
  file: string;
  sheets: SheetView[];
  errors: ExcelProblem[];
  errors_total: number;
  warnings: ExcelProblem[];
  warnings_total: number;
}

export interface ExportKindInfo {
  code: string;
  label: string;
  /** `template`: a form's code; `number`: a 单号. */
  needs: 'template' | 'number' | 'week' | null;
  available: boolean;
}

export interface ExportMenu {
  kinds: ExportKindInfo[];
  /** [code, label] */
  templates: [string, string][];
}

export interface ExportDone {
  ok: boolean;
  kind: string;
  file: string;
  sheets: { sheet: string; rows: number }[];
  folder: string;
  token: string;
}
