//! Table `settings`: global settings as text.

use crate::db::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")
        .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
        .map_err(Error::storage("读取设置"))
}

pub fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map_err(Error::storage("保存设置"))?;
    Ok(())
}

pub fn list(conn: &Connection) -> Result<Vec<(String, String)>> {
    conn.prepare_cached("SELECT key, value FROM settings ORDER BY key")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("读取设置"))
}
