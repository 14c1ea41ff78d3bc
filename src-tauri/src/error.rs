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

#[cfg(test)]
mod tests {
    use super::*;
    use rackledger::{Error, Lang};

    /// The app has no command line: what crosses IPC is the core's face-neutral message, never
    /// the command line's hint.
    #[test]
    fn a_refusal_crosses_ipc_without_a_command_line_flag() {
        let refused = Error::PowerRefused { cabinet: "A01".into(), reasons: "超过告警阈值".into() };
        let zh = CommandError::from_core(&refused, Lang::Zh);
        assert_eq!(zh.code, "power_refused");
        assert_eq!(zh.message, "电力检查未通过，拒绝上架到 A01：超过告警阈值。如确需上架，请填写超限原因");
        let en = CommandError::from_core(&Error::CabinetNotFound { code: "B02".into() }, Lang::En);
        assert_eq!(en.message, "no cabinet \"B02\"; register the cabinet first");
        assert!(!serde_json::to_string(&en).unwrap().contains("hint"));
    }
}
