//! Table `rooms`.

use crate::db::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::Room;

pub fn get_id(conn: &Connection, name: &str) -> Result<Option<i64>> {
    conn.query_row("SELECT id FROM rooms WHERE name = ?1", [name], |r| r.get(0))
        .optional()
        .map_err(Error::storage("查询机房"))
}

pub fn insert(conn: &Connection, room: &Room) -> Result<i64> {
    conn.execute(
        "INSERT INTO rooms (name, location, note) VALUES (?1, ?2, ?3)",
        params![room.name, room.location, room.note],
    )
    .map_err(Error::storage("登记机房"))?;
    Ok(conn.last_insert_rowid())
}

/// Changes a room's location and note; the room is found by its name.
pub fn update(conn: &Connection, room: &Room) -> Result<()> {
    conn.execute(
        "UPDATE rooms SET location = ?1, note = ?2 WHERE name = ?3",
        params![room.location, room.note, room.name],
    )
    .map_err(Error::storage("修改机房"))?;
    Ok(())
}

pub fn list(conn: &Connection) -> Result<Vec<Room>> {
    let mut stmt = conn
        .prepare_cached("SELECT name, location, note FROM rooms ORDER BY name")
        .map_err(Error::storage("列出机房"))?;
    let rows = stmt
        .query_map([], |r| Ok(Room { name: r.get(0)?, location: r.get(1)?, note: r.get(2)? }))
        .and_then(|rows| rows.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("列出机房"))?;
    Ok(rows)
}
