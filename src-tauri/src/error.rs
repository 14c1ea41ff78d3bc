//! How an error crosses IPC: `{"code": "...", "message": "..."}`.
//!
//! `code` is a stable snake_case identifier the UI may branch on (e.g. to put the message next
//! to a field); `message` is already in the user's language and is shown as is. When the core
//! lands, add `CommandError::from_core(err, lang)` mapping `rackledger::Error` to both.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
}

pub type CommandResult<T> = Result<T, CommandError>;

impl CommandError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// A failure of the window system rather than of the ledger (e.g. setting the title).
    pub fn internal(err: impl std::fmt::Display) -> Self {
        Self::new("internal", err.to_string())
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for CommandError {}
