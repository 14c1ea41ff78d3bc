//! The error of the SQL layer: what either engine said, or a value that could not be read.

/// What went wrong talking to the database, whichever engine it is.
#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    #[error(transparent)]
    Sqlite(rusqlite::Error),
    #[error("{}", pg_message(.0))]
    Postgres(#[from] postgres::Error),
    #[error("column {column} cannot be read: {message}")]
    Conversion { column: usize, message: String },
    #[error("query returned no rows")]
    NoRows,
}

impl From<rusqlite::Error> for SqlError {
    fn from(e: rusqlite::Error) -> SqlError {
        match e {
            // One "no row" for both engines, so `optional()` and callers test one thing.
            rusqlite::Error::QueryReturnedNoRows => SqlError::NoRows,
            e => SqlError::Sqlite(e),
        }
    }
}

/// The server's own message (and detail) rather than the client's "db error" wrapper.
fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({})", db.message(), detail),
            None => db.message().to_string(),
        },
        None => e.to_string(),
    }
}

/// Result of the SQL layer.
pub type SqlResult<T> = std::result::Result<T, SqlError>;

impl SqlError {
    /// Another writer holds the database: worth a "try again" rather than a bug report.
    pub fn is_busy(&self) -> bool {
        match self {
            SqlError::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ),
            SqlError::Postgres(e) => e.code().is_some_and(|c| {
                use postgres::error::SqlState;
                [SqlState::T_R_SERIALIZATION_FAILURE, SqlState::T_R_DEADLOCK_DETECTED, SqlState::LOCK_NOT_AVAILABLE]
                    .contains(c)
            }),
            _ => false,
        }
    }

    /// The connection to the server is gone (killed, network down): the work was not done.
    pub fn is_disconnected(&self) -> bool {
        match self {
            SqlError::Postgres(e) => {
                e.is_closed()
                    || e.code().is_some_and(|c| {
                        use postgres::error::SqlState;
                        [SqlState::ADMIN_SHUTDOWN, SqlState::CRASH_SHUTDOWN, SqlState::CANNOT_CONNECT_NOW].contains(c)
                    })
            }
            _ => false,
        }
    }

    /// The PostgreSQL SQLSTATE, when the server answered with one.
    pub fn sqlstate(&self) -> Option<&str> {
        match self {
            SqlError::Postgres(e) => e.code().map(|c| c.code()),
            _ => None,
        }
    }
}
