//! Excel import and export of the forms in templates.md.
//!
//! An import runs in stages, so that a file is judged whole before anything is written:
//! 1. [`read`] — the raw workbook: sheets of raw cells, with the row numbers Excel shows;
//! 2. [`sheets`] — which form each sheet is (by name or by its header row) and where its header is;
//! 3. [`validate`] — raw cells → typed records, collecting every problem with its location;
//! 4. [`import`] — the plan against the database (inserts, per-field updates, cross-row checks:
//!    duplicate tags and serials, two devices on one U, unknown cabinets, status against
//!    position), then, only when there is no error, the writes in one transaction with their
//!    audit rows and asset history; a dry run rolls that transaction back.
//!
//! [`export`] writes the same forms (title row, frozen bold header with autofilter, drop-downs,
//! real dates), and an export of a site imports back into the same ledger with no change.

pub mod environment;
pub mod export;
pub mod forms;
pub mod import;
mod merges;
pub mod ports;
pub mod read;
pub mod records;
pub mod requests;
pub mod sheets;
pub mod validate;

use serde::Serialize;

use crate::i18n::Lang;

pub use export::{export, ExportKind, ExportSummary, KINDS, TEMPLATES};
pub use import::{import_file, ImportReport, SheetReport};
pub use sheets::SheetKind;

/// An operator's import, from the command line or the app: unless it is a dry run, the ledger
/// is first backed up to the backup folder (reason `import`), so an import that turns out wrong
/// on the floor can be undone with `restore`; then [`import_file`], all or nothing.
pub fn import_backed_up(
    ledger: &mut crate::Ledger,
    ctx: &crate::Ctx,
    path: &std::path::Path,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> crate::Result<ImportReport> {
    if !dry_run {
        ledger.backup_now(ctx.now, crate::backup::Reason::Import)?;
    }
    import_file(ledger, ctx, path, dry_run, progress)
}

/// One problem of an import, located as the user sees it in Excel. Errors and warnings share it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub sheet: Option<String>,
    /// The row number Excel shows (1-based), when the problem is in a row.
    pub row: Option<u32>,
    /// The column's header as written in the file (or as templates.md writes it).
    pub column: Option<String>,
    pub value: Option<String>,
    pub message: String,
}

/// What stage an import or export is in, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Reading,
    Validating,
    Writing,
}

impl Stage {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Stage::Reading => lang.pick("读取", "reading"),
            Stage::Validating => lang.pick("校验", "validating"),
            Stage::Writing => lang.pick("写入", "writing"),
        }
    }
}

/// Progress of a long import or export: `done` of `total` rows in `stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// How often (in rows) progress is reported: often enough for a smooth bar, rarely enough to
/// cost nothing.
pub(crate) const PROGRESS_EVERY: usize = 500;

/// Picks the message for the user's language.
pub(crate) fn msg(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
