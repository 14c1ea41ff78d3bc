//! Table `assets`, read together with the asset's position (cabinet, room, U, face).

use crate::db::{params, Connection, OptionalExtension, Row, ToSql};
use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::types::{ToSqlOutput, Value};

use super::{decode, decode_date};
use crate::error::{Error, Result};
use crate::model::{Asset, Category, Depth, Face, Ownership, Status};

/// The columns of [`from_row`], in order.
const COLUMNS_READ: &str = "
    SELECT a.asset_tag, a.name, a.category, a.vendor, a.model, a.serial, a.spec, a.ownership,
           a.owner, a.system, a.custodian, r.name, c.code, p.start_u, a.u_height, p.face, a.depth,
           a.rated_w, a.typical_w, a.psu_count, a.mgmt_ip, a.supplier, a.contract_no,
           a.purchased_on, a.racked_on, a.warranty_vendor, a.warranty_until, a.status,
           a.registered_on, a.registered_by, a.note, a.version, a.id
    FROM assets a";
/// Every asset, racked or not.
const ANY_ASSET: &str = "
    LEFT JOIN positions p ON p.asset_id = a.id
    LEFT JOIN cabinets c ON c.id = p.cabinet_id
    LEFT JOIN rooms r ON r.id = c.room_id";
/// Racked assets only. With inner joins SQLite may start from the cabinet or room a filter
/// names (its index, then `positions_cabinet`); with the left joins above it must scan every
/// asset to find a cabinet's twenty (issue 9: an elevation took 40 ms at 100,000 assets).
const RACKED_ONLY: &str = "
    JOIN positions p ON p.asset_id = a.id
    JOIN cabinets c ON c.id = p.cabinet_id
    JOIN rooms r ON r.id = c.room_id";

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<(i64, Asset)> {
    let face: Option<String> = r.get(15)?;
    Ok((
        r.get(32)?,
        Asset {
            asset_tag: r.get(0)?,
            name: r.get(1)?,
            category: decode(r.get(2)?, Category::parse, 2)?,
            vendor: r.get(3)?,
            model: r.get(4)?,
            serial: r.get(5)?,
            spec: r.get(6)?,
            ownership: decode(r.get(7)?, Ownership::parse, 7)?,
            owner: r.get(8)?,
            system: r.get(9)?,
            custodian: r.get(10)?,
            room: r.get(11)?,
            cabinet: r.get(12)?,
            start_u: r.get(13)?,
            u_height: r.get(14)?,
            face: face.map(|f| decode(f, Face::parse, 15)).transpose()?,
            depth: decode(r.get(16)?, Depth::parse, 16)?,
            rated_w: r.get(17)?,
            typical_w: r.get(18)?,
            psu_count: r.get(19)?,
            mgmt_ip: r.get(20)?,
            supplier: r.get(21)?,
            contract_no: r.get(22)?,
            purchased_on: decode_date(r.get(23)?, 23)?,
            racked_on: decode_date(r.get(24)?, 24)?,
            warranty_vendor: r.get(25)?,
            warranty_until: decode_date(r.get(26)?, 26)?,
            status: decode(r.get(27)?, Status::parse, 27)?,
            registered_on: decode_date(r.get(28)?, 28)?,
            registered_by: r.get(29)?,
            note: r.get(30)?,
            version: r.get(31)?,
        },
    ))
}

/// The asset and its row id.
pub fn get(conn: &Connection, tag: &str) -> Result<Option<(i64, Asset)>> {
    conn.prepare_cached(&format!("{COLUMNS_READ}{ANY_ASSET} WHERE a.asset_tag = ?1"))
        .and_then(|mut s| s.query_row([tag], from_row).optional())
        .map_err(Error::storage("查询设备"))
}

/// Who last changed the asset and when (for a stale-version message).
pub fn last_change(conn: &Connection, id: i64) -> Result<(String, String)> {
    conn.query_row("SELECT updated_by, updated_at FROM assets WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(Error::storage("查询设备"))
}

/// The tag of another asset of the same vendor with this serial, if any.
pub fn serial_owner(conn: &Connection, vendor: &str, serial: &str, except_id: Option<i64>) -> Result<Option<String>> {
    if serial.is_empty() {
        return Ok(None);
    }
    conn.prepare_cached("SELECT asset_tag FROM assets WHERE vendor = ?1 AND serial = ?2 AND id IS DISTINCT FROM ?3")
        .and_then(|mut s| s.query_row(params![vendor, serial, except_id], |r| r.get(0)).optional())
        .map_err(Error::storage("检查序列号"))
}

fn date(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(super::day)
}

/// The values of the stored columns, in the order of [`COLUMNS`]; text is borrowed from the
/// asset, not copied (an import binds 100,000 of these).
fn values(a: &Asset) -> crate::db::SqlResult<[ToSqlOutput<'_>; 27]> {
    let owned = |v: Option<String>| ToSqlOutput::Owned(v.map_or(Value::Null, Value::Text));
    Ok([
        a.asset_tag.to_sql()?,
        a.name.to_sql()?,
        a.category.code().to_sql()?,
        a.vendor.to_sql()?,
        a.model.to_sql()?,
        a.serial.to_sql()?,
        a.spec.to_sql()?,
        a.ownership.code().to_sql()?,
        a.owner.to_sql()?,
        a.system.to_sql()?,
        a.custodian.to_sql()?,
        a.u_height.to_sql()?,
        a.depth.code().to_sql()?,
        a.rated_w.to_sql()?,
        a.typical_w.to_sql()?,
        a.psu_count.to_sql()?,
        a.mgmt_ip.to_sql()?,
        a.supplier.to_sql()?,
        a.contract_no.to_sql()?,
        owned(date(a.purchased_on)),
        owned(date(a.racked_on)),
        a.warranty_vendor.to_sql()?,
        owned(date(a.warranty_until)),
        a.status.code().to_sql()?,
        owned(date(a.registered_on)),
        a.registered_by.to_sql()?,
        a.note.to_sql()?,
    ])
}

const COLUMNS: &str = "asset_tag, name, category, vendor, model, serial, spec, ownership, owner, system, custodian,
    u_height, depth, rated_w, typical_w, psu_count, mgmt_ip, supplier, contract_no, purchased_on, racked_on,
    warranty_vendor, warranty_until, status, registered_on, registered_by, note";

use super::stamp;

/// Inserts the asset (not its position) and returns its row id.
pub fn insert(conn: &Connection, a: &Asset, at: NaiveDateTime, by: &str) -> Result<i64> {
    // Built once: an import inserts 100,000 assets through here. The uid is made here rather
    // than by the column's DEFAULT, which costs more per row (src/db/uids.rs).
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let placeholders: Vec<String> = (1..=30).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO assets ({COLUMNS}, updated_at, updated_by, uid, version) VALUES ({}, 1)",
            placeholders.join(", ")
        )
    });
    let sql: &str = &SQL;
    let vals = values(a).map_err(Error::storage("登记设备"))?;
    let at = stamp(at);
    let uid = super::uids::new();
    let mut params: Vec<&dyn ToSql> = vals.iter().map(|v| v as &dyn ToSql).collect();
    params.push(&at);
    params.push(&by);
    params.push(&uid);
    conn.prepare_cached(sql).and_then(|mut s| s.execute(params.as_slice())).map_err(Error::storage("登记设备"))?;
    Ok(conn.last_insert_rowid())
}

/// Rows per multi-row `INSERT` of [`insert_many`] (27 values and a uid a row; SQLite and
/// PostgreSQL both take far more parameters than this).
const BATCH: usize = 64;

/// Inserts many new assets (not their positions), all at `at` by `by`, and returns their row
/// ids in the order given: a large import's assets in one statement per [`BATCH`] rows, which on
/// a team ledger is one round trip to the server instead of one per asset and its id.
pub fn insert_many(conn: &Connection, assets: &[&Asset], at: NaiveDateTime, by: &str) -> Result<Vec<i64>> {
    static FULL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| many_sql(BATCH));
    let at = stamp(at);
    let mut ids = Vec::with_capacity(assets.len());
    for chunk in assets.chunks(BATCH) {
        let sql: std::borrow::Cow<'_, str> =
            if chunk.len() == BATCH { (*FULL).as_str().into() } else { many_sql(chunk.len()).into() };
        let vals = chunk
            .iter()
            .map(|a| values(a))
            .collect::<crate::db::SqlResult<Vec<_>>>()
            .map_err(Error::storage("登记设备"))?;
        // The uids are made here, as in [`insert`], rather than by the column's DEFAULT.
        let uids: Vec<String> = chunk.iter().map(|_| super::uids::new()).collect();
        let mut params: Vec<&dyn ToSql> = Vec::with_capacity(2 + chunk.len() * 28);
        params.push(&at);
        params.push(&by);
        for (v, uid) in vals.iter().zip(&uids) {
            params.extend(v.iter().map(|v| v as &dyn ToSql));
            params.push(uid);
        }
        // RETURNING gives the rows in no promised order: each id is matched to its tag.
        let returned: HashMap<String, i64> = conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_map(params.as_slice(), |r| Ok((r.get(1)?, r.get(0)?)))?.collect())
            .map_err(Error::storage("登记设备"))?;
        for a in chunk {
            let id =
                returned.get(&a.asset_tag).copied().ok_or_else(|| Error::AssetNotFound { tag: a.asset_tag.clone() })?;
            ids.push(id);
        }
    }
    Ok(ids)
}

/// `INSERT … VALUES (?3, …, ?29, ?1, ?2, ?30, 1), (?31, …) RETURNING id, asset_tag` for `rows`
/// rows: each row's 27 values, the shared time and operator, then its uid.
fn many_sql(rows: usize) -> String {
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let p: Vec<String> = (1..=27).map(|c| format!("?{}", 2 + r * 28 + c)).collect();
            format!("({}, ?1, ?2, ?{}, 1)", p.join(", "), 2 + r * 28 + 28)
        })
        .collect();
    format!(
        "INSERT INTO assets ({COLUMNS}, updated_at, updated_by, uid, version) VALUES {} RETURNING id, asset_tag",
        tuples.join(", ")
    )
}

/// Writes every stored column of the asset and bumps its version.
pub fn update(conn: &Connection, id: i64, a: &Asset, at: NaiveDateTime, by: &str) -> Result<()> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let sets: Vec<String> =
            COLUMNS.split(',').map(str::trim).enumerate().map(|(i, c)| format!("{c} = ?{}", i + 1)).collect();
        format!(
            "UPDATE assets SET {}, updated_at = ?28, updated_by = ?29, version = version + 1 WHERE id = ?30",
            sets.join(", ")
        )
    });
    let sql: &str = &SQL;
    let vals = values(a).map_err(Error::storage("登记设备"))?;
    let at = stamp(at);
    let mut params: Vec<&dyn ToSql> = vals.iter().map(|v| v as &dyn ToSql).collect();
    params.push(&at);
    params.push(&by);
    params.push(&id);
    conn.prepare_cached(sql).and_then(|mut s| s.execute(params.as_slice())).map_err(Error::storage("更新设备"))?;
    Ok(())
}

/// Bumps the version after a change kept in another table (a position).
pub fn touch(conn: &Connection, id: i64, at: NaiveDateTime, by: &str) -> Result<()> {
    conn.execute(
        "UPDATE assets SET updated_at = ?1, updated_by = ?2, version = version + 1 WHERE id = ?3",
        params![stamp(at), by, id],
    )
    .map_err(Error::storage("更新设备"))?;
    Ok(())
}

/// Which assets to list, and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct AssetFilter {
    /// Substring of tag, name, serial, model, owner or management IP (case-insensitive).
    pub query: Option<String>,
    pub room: Option<String>,
    pub cabinet: Option<String>,
    pub category: Option<Category>,
    pub status: Option<Status>,
    pub ownership: Option<Ownership>,
    pub owner: Option<String>,
    /// Only racked (`Some(true)`) or only unracked (`Some(false)`) assets.
    pub racked: Option<bool>,
    pub sort: Option<SortKey>,
    pub descending: bool,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// Sortable columns of the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    AssetTag,
    Name,
    Category,
    Vendor,
    Model,
    Owner,
    Cabinet,
    Status,
    RatedW,
    WarrantyUntil,
}

impl SortKey {
    fn column(self) -> &'static str {
        match self {
            SortKey::AssetTag => "a.asset_tag",
            SortKey::Name => "a.name",
            SortKey::Category => "a.category",
            SortKey::Vendor => "a.vendor",
            SortKey::Model => "a.model",
            SortKey::Owner => "a.owner",
            SortKey::Cabinet => "c.code IS NULL, c.code, p.start_u",
            SortKey::Status => "a.status",
            SortKey::RatedW => "a.rated_w",
            SortKey::WarrantyUntil => "a.warranty_until IS NULL, a.warranty_until",
        }
    }
}

fn where_clause(conn: &Connection, f: &AssetFilter) -> (String, Vec<Box<dyn ToSql>>) {
    let mut cond: Vec<String> = Vec::new();
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    let mut push = |sql: &str, v: Box<dyn ToSql>, cond: &mut Vec<String>| {
        args.push(v);
        cond.push(sql.replace('?', &format!("?{}", args.len())));
    };
    if let Some(q) = f.query.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        // SQLite's lower() folds ASCII only, so the needle is folded the same way.
        push(&conn.sql_contains("a.search_text", "?"), Box::new(q.to_ascii_lowercase()), &mut cond);
    }
    if let Some(v) = &f.room {
        push("r.name = ?", Box::new(v.clone()), &mut cond);
    }
    if let Some(v) = &f.cabinet {
        push("c.code = ?", Box::new(v.clone()), &mut cond);
    }
    if let Some(v) = f.category {
        push("a.category = ?", Box::new(v.code()), &mut cond);
    }
    if let Some(v) = f.status {
        push("a.status = ?", Box::new(v.code()), &mut cond);
    }
    if let Some(v) = f.ownership {
        push("a.ownership = ?", Box::new(v.code()), &mut cond);
    }
    if let Some(v) = &f.owner {
        push("a.owner = ?", Box::new(v.clone()), &mut cond);
    }
    match f.racked {
        Some(true) => cond.push("p.asset_id IS NOT NULL".into()),
        Some(false) => cond.push("p.asset_id IS NULL".into()),
        None => {}
    }
    let sql = if cond.is_empty() { String::new() } else { format!(" WHERE {}", cond.join(" AND ")) };
    (sql, args)
}

/// Whether the filter keeps racked assets only (it names a room or cabinet, or asks for racked).
fn racked_only(f: &AssetFilter) -> bool {
    f.room.is_some() || f.cabinet.is_some() || f.racked == Some(true)
}

/// The assets matching the filter, in its order (by tag when none is given).
pub fn list(conn: &Connection, f: &AssetFilter) -> Result<Vec<Asset>> {
    let (cond, args) = where_clause(conn, f);
    let dir = if f.descending { "DESC" } else { "ASC" };
    let order = match f.sort {
        Some(k) => k
            .column()
            .split(", ")
            .map(|c| format!("{c} {dir}"))
            .chain(std::iter::once(format!("a.asset_tag {dir}")))
            .collect::<Vec<_>>()
            .join(", "),
        None => format!("a.asset_tag {dir}"),
    };
    let window = super::window::limit_sql(f.limit, f.offset);
    let joins = if racked_only(f) { RACKED_ONLY } else { ANY_ASSET };
    let sql = format!("{COLUMNS_READ}{joins}{cond} ORDER BY {order}{window}");
    let mut stmt = conn.prepare_cached(&sql).map_err(Error::storage("列出设备"))?;
    let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
    let rows = stmt
        .query_map(params.as_slice(), from_row)
        .and_then(|rows| rows.map(|r| r.map(|(_, a)| a)).collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("列出设备"))?;
    Ok(rows)
}

/// How many assets match the filter (ignoring limit and offset). The position tables are joined
/// only when the filter needs them: a count over the assets alone is a single narrow scan.
pub fn count(conn: &Connection, f: &AssetFilter) -> Result<i64> {
    let (cond, args) = where_clause(conn, f);
    let joins = if racked_only(f) {
        RACKED_ONLY
    } else if f.racked.is_some() {
        ANY_ASSET
    } else {
        ""
    };
    let sql = format!("SELECT count(*) FROM assets a{joins}{cond}");
    let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
    conn.prepare_cached(&sql)
        .and_then(|mut s| s.query_row(params.as_slice(), |r| r.get(0)))
        .map_err(Error::storage("统计设备"))
}

/// The distinct owners (归属单位) in the ledger, for filters and pickers.
pub fn owners(conn: &Connection) -> Result<Vec<String>> {
    conn.prepare_cached("SELECT DISTINCT owner FROM assets WHERE owner <> '' ORDER BY owner")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect::<crate::db::SqlResult<Vec<String>>>())
        .map_err(Error::storage("列出归属单位"))
}
