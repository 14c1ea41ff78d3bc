//! One file per exported form of templates.md that is more than a plain list of records: each
//! writes its sheets into a [`super::export::Book`] (title row, header, rows, drop-downs), and
//! knows its empty template. [`super::export::ExportKind`] dispatches to them.
//!
//! To add a form: a variant of `ExportKind` and a line in `KINDS` (and in `TEMPLATES` when it has
//! an empty form), a file here with a `write` function, and one arm in `export()`.

pub mod environment;
pub mod fault_week;
pub mod faults;
pub mod repairs;
pub mod resources;
pub mod weekly;

use chrono::NaiveDateTime;

use super::export::V;

/// A time cell, or empty.
pub(crate) fn time(t: Option<NaiveDateTime>) -> V {
    t.map(V::DateTime).unwrap_or(V::Empty)
}

/// 是 / 否, or empty.
pub(crate) fn yes_no(b: Option<bool>) -> V {
    match b {
        Some(true) => V::text("是"),
        Some(false) => V::text("否"),
        None => V::Empty,
    }
}
