//! What the app keeps for the session, registered once with `Builder::manage`.
//!
//! Commands take `tauri::State<'_, AppState>` and reach the open ledger through
//! [`AppState::with_ledger`], which also sets the language of the core's messages and maps its
//! errors to `{code, message}`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rackledger::{Ctx, Lang, Ledger};
use serde::{Deserialize, Serialize};

use crate::error::{CommandError, CommandResult};

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
    /// The core's language for this UI language.
    pub fn core(self) -> Lang {
        match self {
            UiLang::Zh => Lang::Zh,
            UiLang::En => Lang::En,
        }
    }

    /// The window title in this language: it always contains `RackLedger`.
    pub fn window_title(self) -> &'static str {
        match self {
            UiLang::Zh => "RackLedger 机房台账",
            UiLang::En => "RackLedger",
        }
    }
}

pub struct AppState {
    /// `--db PATH` from the command line; `None` means the core's default database.
    db_path: Option<PathBuf>,
    lang: Mutex<UiLang>,
    /// The open ledger, or why it could not be opened (shown by every command).
    ledger: Mutex<Result<Ledger, String>>,
    /// Who is acting: the OS user until the user sets a name.
    operator: Mutex<String>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("db_path", &self.db_path).finish_non_exhaustive()
    }
}

impl AppState {
    /// Opens (creating and migrating if needed) the ledger at `db_path`, or the core's default.
    pub fn new(db_path: Option<PathBuf>) -> Self {
        let path = db_path.clone().unwrap_or_else(rackledger::db::default_path);
        let ledger = Ledger::open(&path, Lang::Zh).map_err(|e| e.message(Lang::Zh));
        Self {
            db_path,
            lang: Mutex::new(UiLang::default()),
            ledger: Mutex::new(ledger),
            operator: Mutex::new(rackledger::ledger::os_user()),
        }
    }

    /// The database file in use.
    pub fn effective_db_path(&self) -> PathBuf {
        self.db_path.clone().unwrap_or_else(rackledger::db::default_path)
    }

    pub fn operator(&self) -> String {
        self.operator.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set_operator(&self, name: &str) {
        *self.operator.lock().unwrap_or_else(|e| e.into_inner()) = name.trim().to_string();
    }

    /// Who is acting, now.
    pub fn ctx(&self) -> Ctx {
        Ctx::now(self.operator())
    }

    /// Runs `f` on the open ledger, in the user's language, mapping a core error to
    /// `{code, message}`.
    pub fn with_ledger<T>(&self, f: impl FnOnce(&mut Ledger) -> rackledger::Result<T>) -> CommandResult<T> {
        let lang = self.lang().core();
        let mut guard = self.ledger.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_mut() {
            Ok(ledger) => {
                ledger.lang = lang;
                f(ledger).map_err(|e| CommandError::from_core(&e, lang))
            }
            Err(why) => Err(CommandError::new("db_unavailable", why.clone())),
        }
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
