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
//! real dates), and an export of a site imports back into the same ledger with no change: each
//! form is a file of [`forms`], written with the toolkit of [`writer`].

pub mod environment;
pub mod export;
pub mod forms;
pub mod import;
pub mod inspection;
mod merges;
pub mod ports;
pub mod read;
pub mod records;
pub mod requests;
pub mod sheets;
pub mod stream;
pub mod validate;
pub mod view;
pub mod writer;

use std::collections::HashMap;

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
    // A file is copied before an import changes it; a team ledger is the server's to back up.
    if !dry_run && ledger.engine() == crate::db::Engine::Sqlite {
        ledger.backup_now(ctx.now, crate::backup::Reason::Import)?;
    }
    import_file(ledger, ctx, path, dry_run, progress)
}

/// One problem of an import, located as the user sees it in Excel. Errors and warnings share it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    pub sheet: Option<String>,
    /// The row number Excel shows (1-based), when the problem is in a row.
    pub row: Option<u32>,
    /// The column's header as written in the file (or as templates.md writes it).
    pub column: Option<String>,
    pub value: Option<String>,
    pub message: String,
}

/// Problems that say the same thing about the same value in one column of a sheet, gathered for people:
/// 56 rows whose cabinet is unknown are one line, `第 3–58 行`, not 56. Each row stays findable:
/// `rows` lists them and `problems` points at each one in the list that was grouped.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProblemGroup {
    pub sheet: Option<String>,
    pub column: Option<String>,
    pub message: String,
    /// The value every problem of the group has.
    pub value: Option<String>,
    /// The rows, ascending, each once (none for a problem of a whole sheet or file).
    pub rows: Vec<u32>,
    /// The rows as people read them: `第 3–5、9、12–20 行` (`rows 3–5, 9, 12–20`); empty
    /// without rows.
    pub rows_text: String,
    /// The positions of the group's problems in the list that was grouped, in its order.
    pub problems: Vec<usize>,
}

/// Groups problems by sheet, column, value and message (the same problem: `机柜 A01 不存在`), in
/// the order each group first appears.
pub fn group(problems: &[Problem], lang: Lang) -> Vec<ProblemGroup> {
    let mut out: Vec<ProblemGroup> = Vec::new();
    type Key<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, &'a str);
    let mut index: HashMap<Key<'_>, usize> = HashMap::new();
    for (i, p) in problems.iter().enumerate() {
        let key = (p.sheet.as_deref(), p.column.as_deref(), p.value.as_deref(), p.message.as_str());
        let g = *index.entry(key).or_insert_with(|| {
            out.push(ProblemGroup {
                sheet: p.sheet.clone(),
                column: p.column.clone(),
                message: p.message.clone(),
                value: p.value.clone(),
                rows: Vec::new(),
                rows_text: String::new(),
                problems: Vec::new(),
            });
            out.len() - 1
        });
        let group = &mut out[g];
        group.rows.extend(p.row);
        group.problems.push(i);
    }
    for g in &mut out {
        g.rows.sort_unstable();
        g.rows.dedup();
        g.rows_text = rows_text(&g.rows, lang);
    }
    out
}

/// `第 3–5、9、12–20 行` (`rows 3–5, 9, 12–20`): runs of three or more rows as a range, others
/// listed. `rows` ascending; empty text for no rows.
pub fn rows_text(rows: &[u32], lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j].saturating_add(1) {
            j += 1;
        }
        if j >= i + 2 {
            parts.push(format!("{}–{}", rows[i], rows[j]));
        } else {
            parts.extend(rows[i..=j].iter().map(u32::to_string));
        }
        i = j + 1;
    }
    if parts.is_empty() {
        return String::new();
    }
    match lang {
        Lang::Zh => format!("第 {} 行", parts.join("、")),
        Lang::En if rows.len() == 1 => format!("row {}", parts.join(", ")),
        Lang::En => format!("rows {}", parts.join(", ")),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(row: Option<u32>, column: &str, value: &str, message: &str) -> Problem {
        Problem {
            sheet: Some("资产登记".into()),
            row,
            column: Some(column.into()),
            value: Some(value.into()),
            message: message.into(),
        }
    }

    #[test]
    fn rows_text_gives_ranges_of_three_or_more_and_lists_the_rest() {
        assert_eq!(rows_text(&[3, 4, 5, 9, 12, 13, 14, 15, 16, 17, 18, 19, 20], Lang::Zh), "第 3–5、9、12–20 行");
        assert_eq!(rows_text(&[3, 4, 5, 9, 12, 13, 14, 15, 16, 17, 18, 19, 20], Lang::En), "rows 3–5, 9, 12–20");
        assert_eq!(rows_text(&[7, 8], Lang::Zh), "第 7、8 行");
        assert_eq!(rows_text(&[7], Lang::Zh), "第 7 行");
        assert_eq!(rows_text(&[7], Lang::En), "row 7");
        assert_eq!(rows_text(&[], Lang::Zh), "");
        assert_eq!(rows_text(&[u32::MAX - 1, u32::MAX], Lang::Zh), format!("第 {}、{} 行", u32::MAX - 1, u32::MAX));
    }

    #[test]
    fn fifty_six_rows_with_one_problem_are_one_group_and_each_row_stays_findable() {
        let mut list: Vec<Problem> = (3..=58).map(|r| problem(Some(r), "机柜编号", "A01", "机柜 A01 不存在")).collect();
        list.insert(10, problem(Some(40), "序列号", "X", "与第 4 行重复"));
        list.push(problem(Some(60), "机柜编号", "A02", "机柜 A02 不存在"));
        let g = group(&list, Lang::Zh);
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].message, "机柜 A01 不存在");
        assert_eq!(g[0].rows_text, "第 3–58 行");
        assert_eq!(g[0].value.as_deref(), Some("A01"));
        assert_eq!(g[0].problems.len(), 56);
        assert!(g[0].problems.iter().all(|&i| list[i].message == "机柜 A01 不存在"));
        assert_eq!((g[1].rows_text.as_str(), g[1].problems.as_slice()), ("第 40 行", &[10][..]));
        assert_eq!(g[2].rows, vec![60]);
    }

    #[test]
    fn other_values_are_other_groups_and_a_sheet_problem_has_no_rows() {
        let list = vec![
            problem(Some(5), "线缆类型", "光纤", "无效的线缆类型"),
            problem(Some(6), "线缆类型", "网线", "无效的线缆类型"),
            problem(Some(7), "线缆类型", "光纤", "无效的线缆类型"),
            Problem {
                sheet: None, row: None, column: None, value: None, message: "文件中没有可导入的工作表".into()
            },
        ];
        let g = group(&list, Lang::En);
        assert_eq!(g.len(), 3);
        assert_eq!((g[0].value.as_deref(), g[0].rows_text.as_str()), (Some("光纤"), "rows 5, 7"));
        assert_eq!((g[1].value.as_deref(), g[1].rows_text.as_str()), (Some("网线"), "row 6"));
        assert_eq!((g[2].rows.len(), g[2].rows_text.as_str()), (0, ""));
    }
}
