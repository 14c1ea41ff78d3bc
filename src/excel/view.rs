//! The import report as the app's import wizard shows it: the core's [`ImportReport`] trimmed for
//! the window (at most [`MAX_CHANGES`] changed rows a sheet and [`MAX_PROBLEMS`] errors and
//! warnings, with their totals, so a file of 100,000 rows does not send 100,000 rows over IPC),
//! each field diff labelled with its column's header, and the problems grouped for people
//! ([`super::group`]), the groups made from the whole list before it is trimmed.

use serde::Serialize;
use serde_json::Value;

use super::import::{FieldDiff, ImportReport, RowChange};
use super::{group, Problem, ProblemGroup, SheetKind};
use crate::i18n::Lang;

/// Changed rows sent per sheet.
pub const MAX_CHANGES: usize = 500;
/// Errors (and, separately, warnings) sent.
pub const MAX_PROBLEMS: usize = 2000;

/// One field an update changes, with the column's header for a label.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldChange {
    pub field: String,
    /// The column header of the form (templates.md), or the field's code when no column has it.
    pub label: String,
    pub before: Value,
    pub after: Value,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangedRow {
    pub row: u32,
    pub key: String,
    /// `insert` or `update`.
    #[cfg_attr(feature = "ts", ts(type = "'insert' | 'update'"))]
    pub action: &'static str,
    pub fields: Vec<FieldChange>,
}

/// One sheet of the report.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetView {
    pub sheet: String,
    pub kind: SheetKind,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub ignored_columns: Vec<String>,
    /// The first [`MAX_CHANGES`] updates, then the first inserts up to the same total.
    pub changes: Vec<ChangedRow>,
    /// Changed rows the core reported (all of them, including those not sent).
    pub changes_total: usize,
}

/// The core's [`ImportReport`], trimmed for the window.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportView {
    pub ok: bool,
    pub dry_run: bool,
    pub file: String,
    pub sheets: Vec<SheetView>,
    pub errors: Vec<Problem>,
    pub errors_total: usize,
    /// All the errors, grouped; a group's `problems` beyond the sent `errors` were trimmed.
    pub error_groups: Vec<ProblemGroup>,
    pub warnings: Vec<Problem>,
    pub warnings_total: usize,
    pub warning_groups: Vec<ProblemGroup>,
}

impl ImportView {
    pub fn new(file: String, report: ImportReport, lang: Lang) -> ImportView {
        let ImportReport { ok, dry_run, sheets, mut errors, mut warnings, .. } = report;
        let (errors_total, warnings_total) = (errors.len(), warnings.len());
        let (error_groups, warning_groups) = (group(&errors, lang), group(&warnings, lang));
        errors.truncate(MAX_PROBLEMS);
        warnings.truncate(MAX_PROBLEMS);
        let sheets = sheets
            .into_iter()
            .map(|s| {
                let columns = s.kind.columns();
                let label = |f: &str| {
                    columns.iter().find(|c| c.key == f).map(|c| c.header.to_string()).unwrap_or_else(|| f.to_string())
                };
                let changes_total = s.changes.len();
                // Updates first: they carry the diffs people check before committing.
                let (updates, inserts): (Vec<RowChange>, Vec<RowChange>) =
                    s.changes.into_iter().partition(|c| c.action == "update");
                let changes = updates
                    .into_iter()
                    .chain(inserts)
                    .take(MAX_CHANGES)
                    .map(|c| ChangedRow {
                        row: c.row,
                        key: c.key,
                        action: c.action,
                        fields: c
                            .fields
                            .into_iter()
                            .map(|FieldDiff { field, before, after }| FieldChange {
                                label: label(&field),
                                field,
                                before,
                                after,
                            })
                            .collect(),
                    })
                    .collect();
                SheetView {
                    sheet: s.sheet,
                    kind: s.kind,
                    inserted: s.inserted,
                    updated: s.updated,
                    unchanged: s.unchanged,
                    ignored_columns: s.ignored_columns,
                    changes,
                    changes_total,
                }
            })
            .collect();
        ImportView {
            ok,
            dry_run,
            file,
            sheets,
            errors,
            errors_total,
            error_groups,
            warnings,
            warnings_total,
            warning_groups,
        }
    }
}
