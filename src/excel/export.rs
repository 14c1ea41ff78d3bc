//! What an export writes and where it goes: [`ExportKind`] (one per form of templates.md, as
//! the command line and the app name them) and [`export`], which opens a [`Book`] and hands it
//! to the form's writer in `forms/`. The writer toolkit is `writer`; nothing here lays out cells.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::forms;
pub use super::writer::SheetSummary;
use super::writer::{title, Book};
use super::Progress;
use crate::db::{self, assets::AssetFilter};
use crate::error::{Error, Result};
use crate::ledger::Ledger;

/// What to export: one entry per form of templates.md. A new form adds a variant here, a line
/// in [`KINDS`], and a file under `src/excel/forms/` that writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportKind {
    Assets,
    Site,
    Power,
    /// 资产统计清单 for the ISO week holding this day (None: the week of the export).
    Weekly(Option<NaiveDate>),
    Repairs,
    Faults,
    Resources,
    Ports,
    Request(String),
    Operation(String),
    /// 附件1 巡检表 of an inspection.
    Inspection(String),
    /// An empty form, with its validations: a code of [`TEMPLATES`].
    Template(String),
    /// 机房巡视记录.
    Patrol,
    /// 温湿度记录.
    Env,
    /// 故障周报 for the ISO week holding this day (None: the week of the export).
    FaultWeek(Option<NaiveDate>),
}

/// The kinds the command line knows, with what each writes.
pub const KINDS: &[(&str, &str)] = &[
    ("assets", "资产登记"),
    ("site", "机房台账（整站）"),
    ("weekly", "资产统计清单"),
    ("ports", "端口表"),
    ("repairs", "附件4 维修记录"),
    ("faults", "附件3 故障告警登记表"),
    ("resources", "附件11 资源统计表"),
    ("power", "机柜功率表"),
    ("request", "附件2 设备上架申请表"),
    ("operation", "附件5 操作申请单"),
    ("inspection", "附件1 巡检表"),
    ("template", "空白表单"),
    ("patrol", "机房巡视记录"),
    ("env", "温湿度记录"),
    ("fault-week", "故障周报"),
];

/// The forms `template NAME` writes empty.
pub const TEMPLATES: &[&str] = &["assets", "site", "weekly", "repairs", "faults", "resources", "power"];

impl ExportKind {
    /// The command line's `export KIND [NAME]`; for `weekly` the name is the week (`2026-W47`, or
    /// any day of it), the week of the export when absent.
    pub fn parse(kind: &str, name: Option<&str>) -> Result<ExportKind> {
        ExportKind::parse_with_week(kind, name, None)
    }

    /// [`ExportKind::parse`] with `--week` (`2026-W47`, or any day of the week).
    pub fn parse_with_week(kind: &str, name: Option<&str>, week: Option<&str>) -> Result<ExportKind> {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let number = |what: &str| {
            name.map(str::to_string).ok_or_else(|| Error::MissingField { field: format!("{what}的单号 N") })
        };
        match kind.trim() {
            "assets" => Ok(ExportKind::Assets),
            "site" => Ok(ExportKind::Site),
            "power" => Ok(ExportKind::Power),
            "weekly" => Ok(ExportKind::Weekly(week.or(name).map(super::forms::weekly::parse_week).transpose()?)),
            "repairs" => Ok(ExportKind::Repairs),
            "faults" => Ok(ExportKind::Faults),
            "resources" => Ok(ExportKind::Resources),
            "ports" => Ok(ExportKind::Ports),
            "patrol" => Ok(ExportKind::Patrol),
            "env" => Ok(ExportKind::Env),
            "fault-week" | "fault_week" => {
                Ok(ExportKind::FaultWeek(week.or(name).map(super::forms::weekly::parse_week).transpose()?))
            }
            "request" => Ok(ExportKind::Request(number("上架申请")?)),
            "operation" => Ok(ExportKind::Operation(number("操作申请")?)),
            "inspection" => Ok(ExportKind::Inspection(number("巡检")?)),
            "template" => match name {
                Some(n) if TEMPLATES.contains(&n) => Ok(ExportKind::Template(n.to_string())),
                Some(other) => Err(Error::NotSupported {
                    what: format!("空白表单“{other}”（可用：{}）", TEMPLATES.join("、")),
                }),
                None => Err(Error::MissingField { field: format!("NAME（{}）", TEMPLATES.join("、")) }),
            },
            other => Err(Error::InvalidValue {
                field: "KIND".into(),
                value: other.into(),
                reason: format!("可选：{}", KINDS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join("、")),
            }),
        }
    }

    /// The form's name as its printed footer shows it: 附件4 维修记录, 附件2 设备上架申请表 SQ-…
    pub fn form_name(&self) -> String {
        let label = |code: &str| KINDS.iter().find(|(k, _)| *k == code).map(|(_, l)| l.to_string());
        match self {
            ExportKind::Request(n) | ExportKind::Operation(n) => {
                format!("{} {n}", label(self.code().split(' ').next().unwrap_or_default()).unwrap_or_default())
            }
            ExportKind::Template(n) => label(n).unwrap_or_else(|| n.clone()),
            other => label(&other.code()).unwrap_or_else(|| other.code()),
        }
    }

    /// The kind as the summary names it.
    pub fn code(&self) -> String {
        match self {
            ExportKind::Assets => "assets".into(),
            ExportKind::Site => "site".into(),
            ExportKind::Power => "power".into(),
            ExportKind::Weekly(_) => "weekly".into(),
            ExportKind::Repairs => "repairs".into(),
            ExportKind::Faults => "faults".into(),
            ExportKind::Resources => "resources".into(),
            ExportKind::Ports => "ports".into(),
            ExportKind::Request(n) => format!("request {n}"),
            ExportKind::Operation(n) => format!("operation {n}"),
            ExportKind::Inspection(n) => format!("inspection {n}"),
            ExportKind::Template(n) => format!("template {n}"),
            ExportKind::Patrol => "patrol".into(),
            ExportKind::Env => "env".into(),
            ExportKind::FaultWeek(_) => "fault-week".into(),
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Serialize)]
pub struct ExportSummary {
    pub ok: bool,
    pub kind: String,
    pub file: String,
    pub sheets: Vec<SheetSummary>,
}

/// Writes the export. `now` is the time in the titles (and the day a weekly export without a
/// week, or the resource statistics, are counted at).
pub fn export(
    ledger: &Ledger,
    kind: &ExportKind,
    out: &Path,
    room: Option<&str>,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(Progress),
) -> Result<ExportSummary> {
    if let Some(r) = room {
        if db::rooms::get_id(ledger.conn(), r)?.is_none() {
            return Err(Error::RoomNotFound { name: r.to_string() });
        }
    }
    let mut book = Book::new(out, &kind.form_name(), now, progress);
    match kind {
        ExportKind::Assets => {
            let assets = ledger.assets(&AssetFilter { room: room.map(str::to_string), ..AssetFilter::default() })?;
            forms::assets::write_assets(&mut book, &assets, &title("资产登记表", now))?;
        }
        ExportKind::Site => {
            let data = forms::site::site_data(ledger, room)?;
            let heads: Vec<String> = data.heads.iter().map(|h| h.code.clone()).collect();
            forms::site::write_site(&mut book, &data, &heads, Some(now))?;
        }
        ExportKind::Power => forms::power::write_power(&mut book, &ledger.power_report(room)?, Some(now))?,
        ExportKind::Weekly(day) => forms::weekly::write(&mut book, ledger, day.unwrap_or(now.date()), room, now)?,
        ExportKind::Repairs => {
            let positions = ledger
                .assets(&AssetFilter { racked: Some(true), ..AssetFilter::default() })?
                .into_iter()
                .filter_map(|a| {
                    let p = a.position()?;
                    let label = crate::ledger::position_label(&p.cabinet, p.start_u, p.face);
                    Some((a.asset_tag.clone(), format!("{}-{label}", a.room.as_deref().unwrap_or(""))))
                })
                .collect();
            forms::repairs::write(&mut book, &ledger.repairs(&Default::default())?, &positions, Some(now))?
        }
        ExportKind::Faults => forms::faults::write(&mut book, &ledger.faults(&Default::default())?, Some(now))?,
        ExportKind::Resources => forms::resources::write(&mut book, ledger, room, now)?,
        ExportKind::Ports => {
            let rows = ledger.port_table(None, room)?;
            forms::ports::write_port_table(&mut book, &rows, &title("端口表", now))?
        }
        ExportKind::Request(no) => forms::requests::write_request(&mut book, ledger, no, now)?,
        ExportKind::Operation(no) => forms::requests::write_operation(&mut book, ledger, no, now)?,
        ExportKind::Inspection(no) => {
            let detail = ledger.inspection(no)?;
            let path = out.display().to_string();
            for (sheet, rows) in forms::inspection::write(book.workbook_mut(), &detail, &path)? {
                book.written(sheet, rows);
            }
        }
        ExportKind::Template(name) => forms::template::write(&mut book, ledger, name, now)?,
        ExportKind::Patrol => forms::environment::write_patrol(&mut book, ledger, now)?,
        ExportKind::Env => forms::environment::write_env(&mut book, ledger, room, now)?,
        ExportKind::FaultWeek(day) => {
            forms::fault_week::write(&mut book, &ledger.fault_week(day.unwrap_or(now.date()))?)?
        }
    }
    let sheets = book.save()?;
    Ok(ExportSummary { ok: true, kind: kind.code(), file: out.display().to_string(), sheets })
}
#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::ExportKind;

    #[test]
    fn a_weekly_export_takes_its_week_as_the_name_or_with_week() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 16);
        assert_eq!(ExportKind::parse("weekly", Some("2026-W47")).ok(), Some(ExportKind::Weekly(monday)));
        assert_eq!(ExportKind::parse("weekly", Some("2026-11-19")).ok(), Some(ExportKind::Weekly(monday)));
        assert_eq!(
            ExportKind::parse_with_week("weekly", None, Some("2026-W47")).ok(),
            Some(ExportKind::Weekly(monday))
        );
        assert_eq!(ExportKind::parse("weekly", None).ok(), Some(ExportKind::Weekly(None)));
        assert!(ExportKind::parse("weekly", Some("第47周")).is_err());
    }
}
