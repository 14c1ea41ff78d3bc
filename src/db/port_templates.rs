//! Table `port_templates`: the editable library of the ports each model comes with.

use crate::db::{params, Connection, OptionalExtension, Row};

use super::decode;
use crate::error::{Error, Result};
use crate::model::{Category, PortTemplate};

const SELECT: &str = "SELECT name, vendor, model, category, generic, layout, note FROM port_templates";

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<PortTemplate> {
    Ok(PortTemplate {
        name: r.get(0)?,
        vendor: r.get(1)?,
        model: r.get(2)?,
        category: decode(r.get(3)?, Category::parse, 3)?,
        generic: r.get(4)?,
        layout: r.get(5)?,
        note: r.get(6)?,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<PortTemplate>> {
    conn.prepare_cached(&format!("{SELECT} ORDER BY category, generic, name"))
        .and_then(|mut s| s.query_map([], from_row)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("列出端口模板"))
}

pub fn get(conn: &Connection, name: &str) -> Result<Option<PortTemplate>> {
    conn.prepare_cached(&format!("{SELECT} WHERE name = ?1"))
        .and_then(|mut s| s.query_row([name.trim()], from_row).optional())
        .map_err(Error::storage("查询端口模板"))
}

/// Inserts the template, or replaces the one of the same name.
pub fn put(conn: &Connection, t: &PortTemplate) -> Result<()> {
    conn.execute(
        "INSERT INTO port_templates (name, vendor, model, category, generic, layout, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(name) DO UPDATE SET vendor = excluded.vendor, model = excluded.model,
             category = excluded.category, generic = excluded.generic, layout = excluded.layout,
             note = excluded.note",
        params![t.name, t.vendor, t.model, t.category.code(), t.generic, t.layout, t.note],
    )
    .map_err(Error::storage("保存端口模板"))?;
    Ok(())
}

pub fn delete(conn: &Connection, name: &str) -> Result<bool> {
    conn.execute("DELETE FROM port_templates WHERE name = ?1", [name])
        .map(|n| n > 0)
        .map_err(Error::storage("删除端口模板"))
}
