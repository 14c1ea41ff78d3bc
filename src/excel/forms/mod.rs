//! One file per exported form of templates.md: each writes its sheets into a
//! [`super::writer::Book`] (title row, header, rows, drop-downs), and knows its empty template.
//! [`super::export::ExportKind`] dispatches to them. Forms use the toolkit in `writer` and never
//! import from `export`.
//!
//! To add a form: a variant of `ExportKind` and a line in `KINDS` (and in `TEMPLATES` when it has
//! an empty form), a file here with a `write` function, and one arm in `export()`.

pub mod assets;
pub mod environment;
pub mod fault_week;
pub mod faults;
pub mod inspection;
pub mod ports;
pub mod power;
pub mod repairs;
pub mod requests;
pub mod resources;
pub mod site;
pub mod template;
pub mod weekly;

use chrono::NaiveDateTime;

use super::writer::V;

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
