//! One row of an answer, from either engine, read with rusqlite's `FromSql` conversions so a
//! reader written once behaves the same on both.

use rusqlite::types::{FromSql, ValueRef};

use super::error::{SqlError, SqlResult};
use super::pg::PgCell;

/// A row of a result set.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Pg(&'r postgres::Row),
}

/// A column by its position (0-based).
pub trait ColumnIndex {
    fn position(self) -> usize;
}

impl ColumnIndex for usize {
    fn position(self) -> usize {
        self
    }
}

impl Row<'_> {
    /// The value of column `idx` (0-based), converted as rusqlite converts it.
    pub fn get<I: ColumnIndex, T: FromSql>(&self, idx: I) -> SqlResult<T> {
        let idx = idx.position();
        match self {
            Row::Sqlite(r) => r.get(idx).map_err(SqlError::from),
            Row::Pg(r) => {
                let cell: PgCell = r.try_get(idx)?;
                T::column_result(ValueRef::from(&cell.0))
                    .map_err(|e| SqlError::Conversion { column: idx, message: e.to_string() })
            }
        }
    }

    /// The raw value of column `idx`, for code that looks at the type itself (dumps, copies).
    pub fn get_value(&self, idx: usize) -> SqlResult<rusqlite::types::Value> {
        self.get(idx)
    }

    pub fn column_count(&self) -> usize {
        match self {
            Row::Sqlite(r) => r.as_ref().column_count(),
            Row::Pg(r) => r.len(),
        }
    }
}

/// `query_row(..).optional()`: no row is `None`, not an error.
pub trait OptionalExtension<T> {
    fn optional(self) -> SqlResult<Option<T>>;
}

impl<T> OptionalExtension<T> for SqlResult<T> {
    fn optional(self) -> SqlResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(SqlError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
