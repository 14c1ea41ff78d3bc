//! How an error crosses IPC: `{"code": "...", "message": "..."}`.
//!
//! `code` is a stable snake_case identifier the UI may branch on (e.g. to put the message next
//! to a field); `message` is already in the user's language and is shown as is. A core error keeps
//! its own code ([`rackledger::Error::code`]) and, where it concerns a form field, names it.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
    /// The form field the message belongs beside, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

pub type CommandResult<T> = Result<T, CommandError>;

impl CommandError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: None }
    }

    /// A refusal or failure of the core, in the user's language.
    pub fn from_core(err: &rackledger::Error, lang: rackledger::Lang) -> Self {
        Self { code: err.code(), message: err.message(lang), field: err.field() }
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
