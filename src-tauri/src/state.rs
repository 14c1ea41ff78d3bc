//! What the app keeps for the session, registered once with `Builder::manage`.
//!
//! Commands take `tauri::State<'_, AppState>`. When the core's API lands, this is where the open
//! ledger (`rackledger::Ledger`) goes, next to the database path it was opened from.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// The language the user chose in the UI; the app uses it for the window title and for the
/// messages of errors it returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UiLang {
    #[default]
    Zh,
    En,
}

impl UiLang {
    /// The window title in this language: it always contains `RackLedger`.
    pub fn window_title(self) -> &'static str {
        match self {
            UiLang::Zh => "RackLedger 机房台账",
            UiLang::En => "RackLedger",
        }
    }
}

#[derive(Debug)]
pub struct AppState {
    /// `--db PATH` from the command line; `None` means the core's default database.
    db_path: Option<PathBuf>,
    lang: Mutex<UiLang>,
}

impl AppState {
    pub fn new(db_path: Option<PathBuf>) -> Self {
        Self { db_path, lang: Mutex::new(UiLang::default()) }
    }

    pub fn db_path(&self) -> Option<&Path> {
        self.db_path.as_deref()
    }

    pub fn lang(&self) -> UiLang {
        // A poisoned lock only means another command panicked mid-write of a Copy value.
        *self.lang.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set_lang(&self, lang: UiLang) {
        *self.lang.lock().unwrap_or_else(|e| e.into_inner()) = lang;
    }
}
