//! 资产统计清单: the weekly asset statistics for one ISO week (Monday to Sunday).
//!
//! The ledger "as it stood" at a moment is rebuilt from the audit log: every change to an asset
//! writes the whole asset as JSON (`after`) in the same transaction as the change, so an asset's
//! state at time T is the `after` of its last audit record before T. 期初 is the state at the
//! start of Monday, 期末 at the end of Sunday. Per 机房 × 设备类型, 新增 counts the assets that
//! are in the group at the end and were not at the start, 减少 those that were and are not, so
//! 期末 = 期初 + 新增 − 减少 exactly; a move between rooms is a 减少 in one and a 新增 in the
//! other. 已报废 assets are out of every count. Assets not racked are grouped under 未上架.
//!
//! 本周变动明细 lists the week's audit records of assets, one row per kind of change a record
//! makes: 新增, 上架, 下架, 迁移, 报废, 状态变更, 序列号变更 (a repair's whole-unit swap). The form
//! has only 原位置 / 新位置 for the before and after, so a 状态变更 row writes the old and new
//! status there and a 序列号变更 row the old and new serial number.

use std::collections::BTreeMap;

use crate::db::{params, Connection};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

use super::super::writer::{col, kw, Book, Col, V};
use super::assets::write_assets;
use crate::error::{Error, Result};
use crate::ledger::{position_label, Ledger};
use crate::model::{warranty_status, Asset, Category, Status, WarrantyStatus};

/// Who signs the printed weekly list (on its 汇总 sheet).
const SIGNERS: &[&str] = &["制表人", "审核人"];

/// The group label of assets that are in no cabinet.
pub const UNRACKED: &str = "未上架";

/// `2026-W47`, `2026W47`, or any day (`2026-11-25`, every date style of the forms): the Monday of
/// that ISO week.
pub fn parse_week(s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    let bad = |reason: &str| Error::InvalidValue { field: "--week".into(), value: t.into(), reason: reason.into() };
    let upper = t.to_ascii_uppercase();
    if let Some((y, w)) = upper.split_once('W') {
        let year: i32 = y.trim_end_matches('-').parse().map_err(|_| bad("写作 2026-W47，或该周的任一日期"))?;
        let week: u32 = w.parse().map_err(|_| bad("写作 2026-W47，或该周的任一日期"))?;
        return NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(|| bad("该年没有这一周"));
    }
    let day = crate::parse::date(t).map_err(|r| bad(&r))?;
    Ok(monday(day))
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// `资产统计清单（2026年第48周 11月23日～11月29日）`.
pub fn week_title(monday: NaiveDate) -> String {
    let sunday = monday + Duration::days(6);
    let iso = monday.iso_week();
    format!(
        "资产统计清单（{}年第{}周 {}月{}日～{}月{}日）",
        iso.year(),
        iso.week(),
        monday.month(),
        monday.day(),
        sunday.month(),
        sunday.day()
    )
}

fn stamp(day: NaiveDate) -> String {
    format!("{} 00:00:00", day.format("%Y-%m-%d"))
}

/// Every asset as it stood just before `at` (`YYYY-MM-DD HH:MM:SS`), 已报废 left out.
pub fn ledger_at(conn: &Connection, at: &str) -> Result<BTreeMap<String, Asset>> {
    let mut out = BTreeMap::new();
    let mut stmt = conn
        .prepare(
            "SELECT a.after_json FROM audit_log a
             JOIN (SELECT entity_key, max(id) AS id FROM audit_log WHERE entity = 'asset' AND at < ?1
                   GROUP BY entity_key) last ON last.id = a.id",
        )
        .map_err(Error::storage("读取审计日志"))?;
    let rows = stmt
        .query_map([at], |r| r.get::<_, Option<String>>(0))
        .and_then(|rows| rows.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("读取审计日志"))?;
    for json in rows.into_iter().flatten() {
        // A record the current Asset cannot read (an old shape) is skipped, not fatal.
        if let Ok(a) = serde_json::from_str::<Asset>(&json) {
            if a.status != Status::Retired {
                out.insert(a.asset_tag.clone(), a);
            }
        }
    }
    Ok(out)
}

/// Every asset as it stood just before `from` and just before `to`, 已报废 left out of each.
/// An asset untouched in between has the same last audit record at both moments: it is read
/// and parsed once (most of a week's ledger is unchanged, and parsing the JSON is the cost).
pub fn ledgers_at(
    conn: &Connection,
    from: &str,
    to: &str,
) -> Result<(BTreeMap<String, Asset>, BTreeMap<String, Asset>)> {
    let mut stmt = conn
        .prepare(
            "SELECT g.s, g.e, a.after_json
             FROM (SELECT max(CASE WHEN at < ?1 THEN id END) AS s, max(id) AS e FROM audit_log
                   WHERE entity = 'asset' AND at < ?2 GROUP BY entity_key) g
             JOIN audit_log a ON a.id = g.e",
        )
        .map_err(Error::storage("读取审计日志"))?;
    let rows = stmt
        .query_map([from, to], |r| {
            Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, i64>(1)?, r.get::<_, Option<String>>(2)?))
        })
        .and_then(|rows| rows.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("读取审计日志"))?;
    // Records that are the start's but not the end's: the assets changed during the span.
    let mut earlier: Vec<i64> = rows.iter().filter_map(|(s, e, _)| s.filter(|s| s != e)).collect();
    earlier.sort_unstable();
    let earlier = records(conn, &earlier)?;
    let (mut start, mut end) = (BTreeMap::new(), BTreeMap::new());
    for (s, e, json) in rows {
        // A record the current Asset cannot read (an old shape) is skipped, not fatal.
        let at_end = json.and_then(|j| serde_json::from_str::<Asset>(&j).ok());
        let at_start = match s {
            Some(s) if s == e => at_end.clone(),
            Some(s) => earlier.get(&s).cloned(),
            None => None,
        };
        for (map, a) in [(&mut start, at_start), (&mut end, at_end)] {
            if let Some(a) = a.filter(|a| a.status != Status::Retired) {
                map.insert(a.asset_tag.clone(), a);
            }
        }
    }
    Ok((start, end))
}

/// The assets of these audit records, by record id.
fn records(conn: &Connection, ids: &[i64]) -> Result<BTreeMap<i64, Asset>> {
    let mut stmt = conn
        .prepare_cached("SELECT after_json FROM audit_log WHERE id = ?1")
        .map_err(Error::storage("读取审计日志"))?;
    let mut out = BTreeMap::new();
    for &id in ids {
        let json: Option<String> = stmt.query_row([id], |r| r.get(0)).map_err(Error::storage("读取审计日志"))?;
        if let Some(a) = json.and_then(|j| serde_json::from_str::<Asset>(&j).ok()) {
            out.insert(id, a);
        }
    }
    Ok(out)
}

/// One row of 本周变动明细.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub tag: String,
    pub name: String,
    pub kind: &'static str,
    pub at: NaiveDateTime,
    pub from: Option<String>,
    pub to: Option<String>,
    pub reference: Option<String>,
    pub operator: String,
}

fn place(a: &Asset) -> Option<String> {
    let p = a.position()?;
    Some(format!("{} {}", a.room.as_deref().unwrap_or(""), position_label(&p.cabinet, p.start_u, p.face)).trim().into())
}

/// The number a reason names: `维修单 WX-2026-0003` → `WX-2026-0003`.
fn reference(reason: Option<&str>) -> Option<String> {
    let r = reason?;
    r.split(|c: char| c.is_whitespace() || "，,：:；;（）()".contains(c))
        .find(|w| w.contains('-') && w.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(str::to_string)
}

/// The changes an audit record makes, in the form's words.
fn changes_of(before: Option<&Asset>, after: &Asset) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let Some(b) = before else {
        return vec![("新增", None, place(after))];
    };
    let mut out = Vec::new();
    let (from, to) = (place(b), place(after));
    match (&from, &to) {
        (None, Some(_)) => out.push(("上架", from.clone(), to.clone())),
        (Some(_), None) => out.push(("下架", from.clone(), to.clone())),
        (Some(f), Some(t)) if f != t => out.push(("迁移", from.clone(), to.clone())),
        _ => {}
    }
    if b.status != after.status {
        if after.status == Status::Retired {
            out.push(("报废", Some(b.status.label_zh().into()), Some(after.status.label_zh().into())));
        } else {
            out.push(("状态变更", Some(b.status.label_zh().into()), Some(after.status.label_zh().into())));
        }
    }
    if b.serial != after.serial {
        out.push(("序列号变更", Some(b.serial.clone()), Some(after.serial.clone())));
    }
    out
}

/// The week's changes to assets, in the order they happened.
pub fn changes(conn: &Connection, from: &str, to: &str) -> Result<Vec<Change>> {
    let mut stmt = conn
        .prepare(
            "SELECT at, operator, before_json, after_json, reason FROM audit_log
             WHERE entity = 'asset' AND at >= ?1 AND at < ?2 ORDER BY at, id",
        )
        .map_err(Error::storage("读取审计日志"))?;
    type Raw = (String, String, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Raw> = stmt
        .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .and_then(|rows| rows.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("读取审计日志"))?;
    let mut out = Vec::new();
    for (at, operator, before, after, reason) in rows {
        let parse = |s: &Option<String>| s.as_deref().and_then(|j| serde_json::from_str::<Asset>(j).ok());
        let Some(after) = parse(&after) else { continue };
        let before = parse(&before);
        let at = NaiveDateTime::parse_from_str(&at, "%Y-%m-%d %H:%M:%S").unwrap_or_default();
        let urgent = reason.as_deref().is_some_and(crate::ledger::is_emergency);
        for (kind, from, to) in changes_of(before.as_ref(), &after) {
            // Racking or moving on the emergency path (紧急操作), without a confirmed 附件5.
            let kind = match (urgent, kind) {
                (true, "上架") => "上架（紧急）",
                (true, "迁移") => "迁移（紧急）",
                _ => kind,
            };
            out.push(Change {
                tag: after.asset_tag.clone(),
                name: after.name.clone(),
                kind,
                at,
                from,
                to,
                reference: reference(reason.as_deref()),
                operator: operator.clone(),
            });
        }
    }
    Ok(out)
}

/// One row of 汇总.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub room: String,
    pub category: Option<Category>,
    pub opening: i64,
    pub added: i64,
    pub removed: i64,
    pub closing: i64,
    pub in_use: i64,
    pub idle: i64,
    pub repairing: i64,
    pub to_retire: i64,
    pub expiring: i64,
    pub expired: i64,
    pub u_total: i64,
    pub rated_w: i64,
}

fn group(a: &Asset) -> (String, usize) {
    let room = if a.position().is_some() { a.room.clone().unwrap_or_default() } else { UNRACKED.to_string() };
    (room, Category::ALL.iter().position(|c| *c == a.category).unwrap_or(0))
}

/// The 汇总 rows (without the total) from the ledger at the start and at the end of the week.
pub fn summary(start: &BTreeMap<String, Asset>, end: &BTreeMap<String, Asset>, sunday: NaiveDate) -> Vec<Summary> {
    let mut rows: BTreeMap<(String, usize), Summary> = BTreeMap::new();
    fn entry(rows: &mut BTreeMap<(String, usize), Summary>, k: (String, usize)) -> &mut Summary {
        rows.entry(k.clone()).or_insert_with(|| Summary {
            room: k.0,
            category: Category::ALL.get(k.1).copied(),
            ..Summary::default()
        })
    }
    for (tag, a) in start {
        let g = group(a);
        entry(&mut rows, g.clone()).opening += 1;
        if end.get(tag).map(group) != Some(g.clone()) {
            entry(&mut rows, g).removed += 1;
        }
    }
    for (tag, a) in end {
        let g = group(a);
        if start.get(tag).map(group) != Some(g.clone()) {
            entry(&mut rows, g.clone()).added += 1;
        }
        let s = entry(&mut rows, g);
        s.closing += 1;
        match a.status {
            Status::InUse => s.in_use += 1,
            Status::Idle => s.idle += 1,
            Status::Repairing => s.repairing += 1,
            Status::ToRetire => s.to_retire += 1,
            _ => {}
        }
        match warranty_status(a.warranty_until, sunday).status {
            WarrantyStatus::ExpiringSoon => s.expiring += 1,
            WarrantyStatus::Expired => s.expired += 1,
            _ => {}
        }
        if a.position().is_some() {
            s.u_total += i64::from(a.u_height);
        }
        s.rated_w += i64::from(a.rated_w);
    }
    rows.into_values().collect()
}

/// One row of 按归属单位 (at the end of the week).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnerRow {
    pub owner: String,
    pub ownership: String,
    pub devices: i64,
    pub u_total: i64,
    pub rated_w: i64,
    /// Racked devices' load: typical power when known, else rated (design.md).
    pub load_w: i64,
}

pub fn by_owner(end: &BTreeMap<String, Asset>) -> Vec<OwnerRow> {
    let mut rows: BTreeMap<(String, &'static str), OwnerRow> = BTreeMap::new();
    for a in end.values() {
        let k = (a.owner.clone(), a.ownership.label_zh());
        let r = rows.entry(k.clone()).or_insert_with(|| OwnerRow {
            owner: k.0.clone(),
            ownership: k.1.to_string(),
            ..OwnerRow::default()
        });
        r.devices += 1;
        r.rated_w += i64::from(a.rated_w);
        if a.position().is_some() {
            r.u_total += i64::from(a.u_height);
            r.load_w += i64::from(a.typical_w.unwrap_or(a.rated_w));
        }
    }
    rows.into_values().collect()
}

fn summary_cols() -> Vec<Col> {
    [
        "机房",
        "设备类型",
        "期初数量",
        "本周新增",
        "本周减少",
        "期末数量",
        "在用",
        "闲置",
        "维修",
        "待报废",
        "30天内维保到期",
        "已过保",
        "占用U数合计",
        "额定功率合计(kW)",
    ]
    .iter()
    .map(|h| col(h))
    .collect()
}

fn change_cols() -> Vec<Col> {
    ["资产编号", "设备名称", "变动类型", "变动时间", "原位置", "新位置", "关联单号", "经办人"]
        .iter()
        .map(|h| col(h))
        .collect()
}

fn owner_cols() -> Vec<Col> {
    ["归属单位", "资产性质", "设备数", "占用U数", "额定功率合计(kW)", "实际负载(kW)"].iter().map(|h| col(h)).collect()
}

fn summary_row(s: &Summary) -> Vec<V> {
    vec![
        V::text(&s.room),
        s.category.map(|c| V::text(c.label_zh())).unwrap_or(V::Empty),
        V::Int(s.opening),
        V::Int(s.added),
        V::Int(s.removed),
        V::Int(s.closing),
        V::Int(s.in_use),
        V::Int(s.idle),
        V::Int(s.repairing),
        V::Int(s.to_retire),
        V::Int(s.expiring),
        V::Int(s.expired),
        V::Int(s.u_total),
        kw(Some(s.rated_w)),
    ]
}

fn total(rows: &[Summary]) -> Summary {
    let mut t = Summary { room: "合计".into(), ..Summary::default() };
    for s in rows {
        t.opening += s.opening;
        t.added += s.added;
        t.removed += s.removed;
        t.closing += s.closing;
        t.in_use += s.in_use;
        t.idle += s.idle;
        t.repairing += s.repairing;
        t.to_retire += s.to_retire;
        t.expiring += s.expiring;
        t.expired += s.expired;
        t.u_total += s.u_total;
        t.rated_w += s.rated_w;
    }
    t
}

/// Writes the four sheets for the week holding `day`; `room` keeps that room's assets (racked
/// there at the start or at the end of the week).
pub fn write(
    book: &mut Book<'_>,
    ledger: &Ledger,
    day: NaiveDate,
    room: Option<&str>,
    _now: NaiveDateTime,
) -> Result<()> {
    let conn = ledger.conn();
    let mon = monday(day);
    let next = mon + Duration::days(7);
    let (from, to) = (stamp(mon), stamp(next));
    let keep = |a: &Asset| room.is_none_or(|r| a.position().is_some() && a.room.as_deref() == Some(r));
    let (mut start, mut end) = ledgers_at(conn, &from, &to)?;
    start.retain(|_, a| keep(a));
    end.retain(|_, a| keep(a));
    let mut rows = summary(&start, &end, next - Duration::days(1));
    rows.push(total(&rows));
    let mut changes = changes(conn, &from, &to)?;
    if room.is_some() {
        changes.retain(|c| start.contains_key(&c.tag) || end.contains_key(&c.tag));
    }
    write_sheets(book, &week_title(mon), &rows, &changes, &by_owner(&end), &end.into_values().collect::<Vec<_>>())?;
    Ok(())
}

fn write_sheets(
    book: &mut Book<'_>,
    title: &str,
    rows: &[Summary],
    changes: &[Change],
    owners: &[OwnerRow],
    assets: &[Asset],
) -> Result<()> {
    let sum = |i: usize| summary_row(&rows[i]);
    book.signed_sheet("汇总", title, &summary_cols(), rows.len(), &sum, SIGNERS)?;
    let ch = |i: usize| {
        let c = &changes[i];
        vec![
            V::text(&c.tag),
            V::text(&c.name),
            V::text(c.kind),
            V::DateTime(c.at),
            V::opt(&c.from),
            V::opt(&c.to),
            V::opt(&c.reference),
            V::text(&c.operator),
        ]
    };
    book.sheet("本周变动明细", &format!("本周变动明细 {title}"), &change_cols(), changes.len(), &ch)?;
    let own = |i: usize| {
        let o = &owners[i];
        vec![
            V::text(&o.owner),
            V::text(&o.ownership),
            V::Int(o.devices),
            V::Int(o.u_total),
            kw(Some(o.rated_w)),
            kw(Some(o.load_w)),
        ]
    };
    book.sheet("按归属单位", &format!("按归属单位 {title}"), &owner_cols(), owners.len(), &own)?;
    write_assets(book, assets, &format!("资产登记 {title}"))
}

/// The empty form for the week holding `day`.
pub fn write_empty(book: &mut Book<'_>, day: NaiveDate) -> Result<()> {
    write_sheets(book, &week_title(monday(day)), &[], &[], &[], &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_parse_from_iso_or_a_day() {
        let mon = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        assert_eq!(parse_week("2026-W48").ok(), Some(mon));
        assert_eq!(parse_week("2026w48").ok(), Some(mon));
        assert_eq!(parse_week("2026-11-29").ok(), Some(mon));
        assert_eq!(parse_week("2026/11/25").ok(), Some(mon));
        assert!(parse_week("2026-W60").is_err());
        assert!(parse_week("下周").is_err());
        assert_eq!(week_title(mon), "资产统计清单（2026年第48周 11月23日～11月29日）");
    }

    /// The two moments read together are exactly each moment read alone, across a week in
    /// which devices were changed, unracked, retired and registered.
    #[test]
    fn the_start_and_end_of_a_week_read_together_match_each_read_alone() {
        use crate::demo::DemoSize;
        use crate::ledger::Ctx;
        use crate::model::AssetField;
        let at = |d: u32, h: u32| {
            NaiveDate::from_ymd_opt(2026, 11, d).and_then(|d| d.and_hms_opt(h, 0, 0)).unwrap_or_default()
        };
        let ctx = |d: u32, h: u32| Ctx { operator: "测试".into(), now: at(d, h) };
        let mut l = Ledger::open_in_memory(crate::Lang::Zh).expect("ledger");
        l.demo(&ctx(16, 9), DemoSize { cabinets: 4, devices: 60, seed: 7 }).expect("demo");
        let tags: Vec<String> = l
            .conn()
            .prepare("SELECT asset_tag FROM assets ORDER BY id LIMIT 6")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("tags");
        l.set_asset(&ctx(24, 10), &tags[0], &vec![(AssetField::Note, "本周改过".into())], None).expect("set");
        l.set_asset(&ctx(25, 10), &tags[0], &vec![(AssetField::Note, "又改过".into())], None).expect("set");
        l.unplace(&ctx(24, 11), &tags[1]).expect("unplace");
        l.retire_asset(&ctx(25, 12), &tags[2], "性能不足").ok();
        let (from, to) = (stamp(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()), "2026-11-30 00:00:00");
        let (start, end) = ledgers_at(l.conn(), &from, to).expect("together");
        assert_eq!(start, ledger_at(l.conn(), &from).expect("start alone"));
        assert_eq!(end, ledger_at(l.conn(), to).expect("end alone"));
        assert_ne!(start.get(&tags[0]), end.get(&tags[0]), "the changed device differs between the two");
        assert!(!start.is_empty() && !end.is_empty());
    }

    #[test]
    fn references_come_from_the_reason() {
        assert_eq!(reference(Some("整机更换，维修单 WX-2026-0003")).as_deref(), Some("WX-2026-0003"));
        assert_eq!(reference(Some("演示数据")), None);
        assert_eq!(reference(None), None);
    }
}
