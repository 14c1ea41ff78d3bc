//! `import FILE [--dry-run]` and `export KIND [NAME] --out FILE [--room R]`: the Excel forms of
//! templates.md through [`crate::excel`]. Progress goes to stderr, and only on a terminal, so
//! scripts reading stdout (or stderr) see nothing but the answer.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use super::{table, Env, Failure, Outcome};
use crate::error::Error;
use crate::excel::{self, ExportKind, ImportReport, ProblemGroup, Progress};
use crate::i18n::Lang;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// .xlsx / .xls / .csv 文件 / the workbook
    pub file: PathBuf,
    /// 只检查并报告将要做的修改，不写入 / check and report, write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// assets | site | power | template NAME | weekly | ports | repairs | faults | resources | request N | operation N | inspection NO
    pub kind: String,
    /// template 的表单名（assets、site、weekly、repairs、faults、resources、power），或 request / operation / inspection 的单号
    pub name: Option<String>,
    /// 输出文件 / the .xlsx to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// 只导出一个机房 / one room only
    #[arg(long)]
    pub room: Option<String>,
    /// weekly 的周：2026-W47，或该周任一日期（默认本周）/ ISO week YYYY-Www, or any day of it
    #[arg(long)]
    pub week: Option<String>,
}

/// A progress line on stderr when it is a terminal; nothing otherwise.
fn progress_line(lang: Lang) -> impl FnMut(Progress) {
    let tty = std::io::stderr().is_terminal();
    move |p: Progress| {
        if !tty {
            return;
        }
        let pct = (p.done * 100).checked_div(p.total).unwrap_or(100);
        let _ = write!(std::io::stderr(), "\r{} {}/{} ({pct}%)   ", p.stage.label(lang), p.done, p.total);
        if p.done >= p.total {
            let _ = writeln!(std::io::stderr());
        }
    }
}

/// `工作表 资产登记 第 3–58 行 “机柜编号”（A01）：…`: a group of problems on one line.
pub fn locate_group(g: &ProblemGroup, lang: Lang) -> String {
    place(g.sheet.as_deref(), &g.rows_text, g.column.as_deref(), g.value.as_deref(), &g.message, lang)
}

fn place(
    sheet: Option<&str>,
    rows: &str,
    column: Option<&str>,
    value: Option<&str>,
    message: &str,
    lang: Lang,
) -> String {
    let mut s = String::new();
    if let Some(sheet) = sheet {
        s.push_str(&match lang {
            Lang::Zh => format!("工作表 {sheet} "),
            Lang::En => format!("sheet {sheet} "),
        });
    }
    if !rows.is_empty() {
        s.push_str(rows);
        s.push(' ');
    }
    if let Some(c) = column {
        s.push_str(&match lang {
            Lang::Zh => format!("“{c}”"),
            Lang::En => format!("\"{c}\""),
        });
    }
    let value = value.map(|v| format!("（{v}）")).unwrap_or_default();
    if s.is_empty() {
        message.to_string()
    } else {
        format!("{}{value}：{message}", s.trim_end())
    }
}

fn import_text(r: &ImportReport, lang: Lang) -> String {
    let headers = match lang {
        Lang::Zh => ["工作表", "类型", "新增", "更新", "未变", "忽略的列"],
        Lang::En => ["sheet", "kind", "inserted", "updated", "unchanged", "ignored columns"],
    };
    let rows: Vec<Vec<String>> = r
        .sheets
        .iter()
        .map(|s| {
            vec![
                s.sheet.clone(),
                s.kind.code().to_string(),
                s.inserted.to_string(),
                s.updated.to_string(),
                s.unchanged.to_string(),
                s.ignored_columns.join("、"),
            ]
        })
        .collect();
    let mut t = String::new();
    let verdict = match (r.ok, r.dry_run, lang) {
        (false, _, Lang::Zh) => format!("导入失败：发现 {} 个错误，未写入任何数据。", r.errors.len()),
        (false, _, Lang::En) => format!("import refused: {} errors; nothing was written.", r.errors.len()),
        (true, true, Lang::Zh) => "试导入（--dry-run）：检查通过，以下为将要做的修改，未写入。".to_string(),
        (true, true, Lang::En) => {
            "dry run: the file is valid; these changes would be made (nothing written).".to_string()
        }
        (true, false, Lang::Zh) => "导入完成。".to_string(),
        (true, false, Lang::En) => "imported.".to_string(),
    };
    t.push_str(&verdict);
    t.push('\n');
    if !rows.is_empty() {
        t.push_str(&table::render(&headers, &rows));
    }
    // A few of the updates, so a dry run shows what it would change.
    let mut shown = 0;
    for s in &r.sheets {
        for c in s.changes.iter().filter(|c| c.action == "update") {
            if shown == 20 {
                break;
            }
            shown += 1;
            let fields: Vec<String> =
                c.fields.iter().map(|f| format!("{}: {} → {}", f.field, f.before, f.after)).collect();
            t.push_str(&format!("  {} {} {}  {}\n", s.sheet, c.row, c.key, fields.join("；")));
        }
    }
    if !r.errors.is_empty() {
        t.push_str(lang.pick("错误：\n", "errors:\n"));
        // Grouped: 56 rows with one problem are one line; `--json` keeps one entry per cell.
        for g in excel::group(&r.errors, lang) {
            t.push_str(&format!("  {}\n", locate_group(&g, lang)));
        }
    }
    if !r.warnings.is_empty() {
        t.push_str(lang.pick("提示：\n", "warnings:\n"));
        for g in excel::group(&r.warnings, lang) {
            t.push_str(&format!("  {}\n", locate_group(&g, lang)));
        }
    }
    t
}

pub fn import(env: &mut Env, args: ImportArgs) -> Result<Outcome, Failure> {
    let mut progress = progress_line(env.lang);
    let r = excel::import_backed_up(&mut env.ledger, &env.ctx, &args.file, args.dry_run, &mut progress)?;
    let code = if r.ok { 0 } else { 1 };
    let text = import_text(&r, env.lang);
    let mut json = serde_json::to_value(&r).unwrap_or_default();
    // `errors` and `warnings` keep one entry per cell; the groups people read come beside them.
    if let serde_json::Value::Object(m) = &mut json {
        for (key, list) in [("error_groups", &r.errors), ("warning_groups", &r.warnings)] {
            m.insert(key.into(), serde_json::to_value(excel::group(list, env.lang)).unwrap_or_default());
        }
    }
    Ok(Outcome { json, text, code })
}

/// `out.xlsx` → `out.xlsx.part.xlsx` in the same folder (the writer wants an .xlsx name).
fn part_path(out: &std::path::Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".part.xlsx");
    out.with_file_name(name)
}

pub fn export(env: &mut Env, args: ExportArgs) -> Result<Outcome, Failure> {
    let kind = ExportKind::parse_with_week(&args.kind, args.name.as_deref(), args.week.as_deref())?;
    let mut progress = progress_line(env.lang);
    // Written under a temporary name beside the target and renamed when complete, so the file
    // named is whole or absent even if the program is killed while writing.
    let part = part_path(&args.out);
    let written =
        excel::export(&env.ledger, &kind, &part, args.room.as_deref(), env.ctx.now, &mut progress).and_then(|mut s| {
            std::fs::rename(&part, &args.out)
                .map_err(|source| Error::Io { path: args.out.display().to_string(), source })?;
            s.file = args.out.display().to_string();
            Ok(s)
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    let s = written?;
    let rows: Vec<String> = s.sheets.iter().map(|x| format!("{} {}", x.sheet, x.rows)).collect();
    let text = match env.lang {
        Lang::Zh => format!("已导出到 {}：{}", s.file, rows.join("，")),
        Lang::En => format!("exported to {}: {}", s.file, rows.join(", ")),
    };
    Ok(Outcome { json: serde_json::to_value(&s).unwrap_or_default(), text, code: 0 })
}
