//! Every record's UUID (issue 15, migration 0011): the column `uid` of each table with its own
//! `id INTEGER PRIMARY KEY`. The row id stays the key that rows refer to each other by, but it is
//! no identity: SQLite hands out the largest rowid again after that row was deleted. A uid is a
//! version-4 UUID, never reused, kept by `copy` (file ↔ PostgreSQL), `backup` and `restore`.
//!
//! Both engines read it back as the same lower-case text (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-…`):
//! SQLite stores that text, PostgreSQL its `uuid` type, which the SQL layer reads as that text and
//! binds from it (src/db/sql/pg.rs). An insert that names no uid gets one from the column's
//! DEFAULT ([`SQLITE_DEFAULT`], PostgreSQL's `gen_random_uuid()`); the bulk writers of an import
//! bind one made here instead ([`new`]), which costs less than the SQL expression per row.
//!
//! Left out, on purpose:
//! - `positions` and `env_limits`: one row per asset or room, keyed by its id. They are the
//!   asset's place and the room's limits, named by the asset's and the room's uid.
//! - `cable_ends` and `inspection_rooms`: link rows with a composite key (a cable's two ends,
//!   an inspection's rooms), parts of the cable's and the inspection's record.
//! - `settings` and `ledger_meta`: keyed by name; the ledger's own id is in `ledger_meta`.
//!
//! Excel forms have no uid column: templates.md defines them, and a uid is not a thing a person
//! types.

use crate::db::{Connection, OptionalExtension};
use crate::error::{Error, Result};

/// The tables with a `uid` column, in name order.
pub const TABLES: &[&str] = &[
    "asset_history",
    "assets",
    "audit_log",
    "cabinets",
    "cables",
    "env_readings",
    "faults",
    "inspection_devices",
    "inspection_points",
    "inspections",
    "operation_cables",
    "operation_positions",
    "operation_requests",
    "patrols",
    "port_templates",
    "ports",
    "power_readings",
    "racking_request_rows",
    "racking_requests",
    "repair_parts",
    "repairs",
    "request_steps",
    "rooms",
    "row_head_readings",
    "row_heads",
];

/// SQLite's DEFAULT of `uid` (migrations/0011_record_uids.sql): a version-4 UUID as lower-case
/// text, from SQLite's own random source. `random() & 3` picks the variant digit (8, 9, a or b)
/// without `abs()`, which would overflow on the smallest integer.
pub const SQLITE_DEFAULT: &str = "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || \
     substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (random() & 3), 1) || \
     substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";

/// A new uid, for a writer that binds it rather than leave it to the DEFAULT.
pub fn new() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The records a `show` command names by their number or code, with their uid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Asset,
    Cabinet,
    Cable,
    Request,
    Operation,
    Inspection,
    Fault,
    Repair,
}

impl Record {
    /// The table and the column that holds the record's number or code.
    fn table_and_key(self) -> (&'static str, &'static str) {
        match self {
            Record::Asset => ("assets", "asset_tag"),
            Record::Cabinet => ("cabinets", "code"),
            Record::Cable => ("cables", "cable_no"),
            Record::Request => ("racking_requests", "request_no"),
            Record::Operation => ("operation_requests", "op_no"),
            Record::Inspection => ("inspections", "inspection_no"),
            Record::Fault => ("faults", "fault_no"),
            Record::Repair => ("repairs", "repair_no"),
        }
    }
}

/// The uid of the record numbered `key`, if there is one.
pub fn of(conn: &Connection, record: Record, key: &str) -> Result<Option<String>> {
    let (table, column) = record.table_and_key();
    conn.prepare_cached(&format!("SELECT uid FROM {table} WHERE {column} = ?1"))
        .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
        .map_err(Error::storage("读取记录编号"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_v4(s: &str) -> bool {
        uuid::Uuid::parse_str(s).is_ok_and(|u| u.get_version_num() == 4 && u.to_string() == s)
    }

    #[test]
    fn the_migration_says_the_default_and_names_every_table() {
        let sqlite = include_str!("migrations/0011_record_uids.sql");
        let pg = include_str!("migrations/pg/0011_record_uids.sql");
        // Written once in the file's UPDATEs and once, quoted, in the new DEFAULT.
        assert_eq!(sqlite.matches(&format!("SET uid = {SQLITE_DEFAULT};")).count(), TABLES.len());
        assert!(sqlite.contains(&format!("DEFAULT ({})", SQLITE_DEFAULT.replace('\'', "''"))));
        for t in TABLES {
            assert!(sqlite.contains(&format!("ALTER TABLE {t} ADD COLUMN uid TEXT NOT NULL DEFAULT '';")), "{t}");
            assert!(sqlite.contains(&format!("    '{t}'")), "{t}: default not replaced");
            assert!(sqlite.contains(&format!("CREATE UNIQUE INDEX {t}_uid ON {t}(uid);")), "{t}");
            assert!(pg.contains(&format!("ALTER TABLE {t} ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid();")));
            assert!(pg.contains(&format!("CREATE UNIQUE INDEX {t}_uid ON {t} (uid);")), "{t}");
        }
    }

    #[test]
    fn sqlite_default_and_rust_make_version_4_uuids_in_the_same_text_form() {
        let conn = crate::db::open_in_memory().unwrap();
        let made: Vec<String> =
            (0..200).map(|_| conn.query_row(&format!("SELECT {SQLITE_DEFAULT}"), [], |r| r.get(0)).unwrap()).collect();
        assert!(made.iter().all(|u| is_v4(u)), "{made:?}");
        // All four variant digits appear (200 draws: missing one has odds of about 4·(3/4)^200).
        for v in ['8', '9', 'a', 'b'] {
            assert!(made.iter().any(|u| u.as_bytes()[19] == v as u8), "variant {v}");
        }
        assert!(is_v4(&new()));
    }

    #[test]
    fn an_insert_without_uid_gets_one_on_every_table() {
        let conn = crate::db::open_in_memory().unwrap();
        conn.execute("INSERT INTO rooms (name) VALUES ('A')", []).unwrap();
        conn.execute("INSERT INTO rooms (name) VALUES ('B')", []).unwrap();
        let uids: Vec<String> = conn
            .prepare("SELECT uid FROM rooms ORDER BY id")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .unwrap();
        assert!(uids.iter().all(|u| is_v4(u)) && uids[0] != uids[1], "{uids:?}");
        // Every table named has the column, NOT NULL with the default.
        for t in TABLES {
            let (notnull, default): (bool, String) = conn
                .query_row(
                    &format!("SELECT \"notnull\", dflt_value FROM pragma_table_info('{t}') WHERE name = 'uid'"),
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap_or_else(|e| panic!("{t}: {e}"));
            assert!(notnull && default == SQLITE_DEFAULT, "{t}: {default}");
        }
        assert_eq!(of(&conn, Record::Cabinet, "none").unwrap(), None);
    }
}
