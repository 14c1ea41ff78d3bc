//! The few expressions one query text cannot say for both engines, each behind a function that
//! writes the engine's form. Everything else is written once, in SQL both accept.

use super::{Connection, Engine};

impl Connection {
    /// `haystack` contains `needle` (both SQL expressions), exactly and case-sensitively.
    pub fn sql_contains(&self, haystack: &str, needle: &str) -> String {
        match self.engine() {
            Engine::Sqlite => format!("instr({haystack}, {needle}) > 0"),
            Engine::Postgres => format!("strpos({haystack}, {needle}) > 0"),
        }
    }

    /// The whole number written in `column` from character `from` on (1-based), or NULL when
    /// that is not a number (SQLite's CAST reads the leading digits; PostgreSQL's would fail).
    pub fn sql_number_after(&self, column: &str, from: &str) -> String {
        match self.engine() {
            Engine::Sqlite => format!("CAST(substr({column}, {from}) AS INTEGER)"),
            Engine::Postgres => format!(
                "CASE WHEN substr({column}, {from}) ~ '^[0-9]{{1,18}}$' THEN CAST(substr({column}, {from}) AS BIGINT) END"
            ),
        }
    }

    /// The ids in `list`, a parameter holding a JSON array of integers, as a subquery's rows
    /// (`x IN ({})`): one statement for any number of ids.
    pub fn sql_id_list(&self, list: &str) -> String {
        match self.engine() {
            Engine::Sqlite => format!("SELECT value FROM json_each({list})"),
            Engine::Postgres => {
                format!("SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST({list} AS json))")
            }
        }
    }
}
