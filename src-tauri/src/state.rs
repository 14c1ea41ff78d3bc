//! What the app keeps for the session, registered once with `Builder::manage`.
//!
//! Commands take `tauri::State<'_, AppState>` and reach the open ledger through
//! [`AppState::with_ledger`], which also sets the language of the core's messages and maps its
//! errors to `{code, message}`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

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
    /// The database file in use and whether it came from `--db`.
    db: Mutex<DbChoice>,
    /// The app's settings file (which database to open), once the app knows its config folder.
    config_file: Mutex<Option<PathBuf>>,
    lang: Mutex<UiLang>,
    /// The open ledger, or why it could not be opened (shown by every command).
    ledger: Mutex<Result<Ledger, String>>,
    /// Who is acting: the OS user until the user sets a name.
    operator: Mutex<String>,
    /// On a team ledger, its login: the operator there, whatever `operator` says.
    login: Mutex<Option<String>>,
    /// The first-of-the-day backup, taken in the background when a ledger is opened.
    daily: Arc<DailyBackup>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("db", &self.db).finish_non_exhaustive()
    }
}

/// Which database file is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbChoice {
    pub path: PathBuf,
    /// Given with `--db` (false: the default location or one the user opened).
    pub from_args: bool,
}

impl AppState {
    /// Opens (creating and migrating if needed) the ledger at `db_path` (`--db`), or the core's
    /// default.
    pub fn new(db_path: Option<PathBuf>) -> Self {
        let from_args = db_path.is_some();
        let path = db_path.unwrap_or_else(rackledger::db::default_path);
        let ledger = open_ledger(&path, Lang::Zh).map_err(|e| e.message(Lang::Zh));
        let login = ledger.as_ref().ok().and_then(|l| l.login().map(str::to_string));
        Self {
            db: Mutex::new(DbChoice { path, from_args }),
            config_file: Mutex::new(None),
            lang: Mutex::new(UiLang::default()),
            ledger: Mutex::new(ledger),
            operator: Mutex::new(rackledger::ledger::os_user()),
            login: Mutex::new(login),
            daily: Arc::default(),
        }
    }

    /// At start: `--db` wins; else the database remembered in `config_file` if it still opens;
    /// else the core's default.
    pub fn start(args_db: Option<PathBuf>, config_file: Option<PathBuf>) -> Self {
        let remembered = match (&args_db, &config_file) {
            (None, Some(file)) => AppConfig::load(file).db_path,
            _ => None,
        };
        let state = match remembered.and_then(|p| open_ledger(&p, Lang::Zh).ok().map(|l| (p, l))) {
            Some((path, ledger)) => Self {
                db: Mutex::new(DbChoice { path, from_args: false }),
                config_file: Mutex::new(None),
                lang: Mutex::new(UiLang::default()),
                ledger: Mutex::new(Ok(ledger)),
                operator: Mutex::new(rackledger::ledger::os_user()),
                login: Mutex::new(None),
                daily: Arc::default(),
            },
            None => Self::new(args_db),
        };
        state.set_config_file(config_file);
        state.remember_login();
        state.daily.start(state.effective_db_path());
        state
    }

    /// The start's daily backup: commands about backups wait for it.
    pub fn daily_backup(&self) -> &DailyBackup {
        &self.daily
    }

    pub fn set_config_file(&self, file: Option<PathBuf>) {
        *self.config_file.lock().unwrap_or_else(|e| e.into_inner()) = file;
    }

    pub fn config_file(&self) -> Option<PathBuf> {
        self.config_file.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The database file in use.
    pub fn effective_db_path(&self) -> PathBuf {
        self.db.lock().unwrap_or_else(|e| e.into_inner()).path.clone()
    }

    /// Whether the database in use was given with `--db`.
    pub fn db_from_args(&self) -> bool {
        self.db.lock().unwrap_or_else(|e| e.into_inner()).from_args
    }

    /// Opens the ledger at `path` and, if it opens, puts it in place of the current one (which
    /// stays open when it does not: the core's refusal comes back as `{code, message}`).
    pub fn switch_to(&self, path: PathBuf) -> CommandResult<()> {
        let lang = self.lang().core();
        let ledger = open_ledger(&path, lang).map_err(|e| CommandError::from_core(&e, lang))?;
        *self.ledger.lock().unwrap_or_else(|e| e.into_inner()) = Ok(ledger);
        *self.db.lock().unwrap_or_else(|e| e.into_inner()) = DbChoice { path: path.clone(), from_args: false };
        self.remember_login();
        self.daily.start(path);
        Ok(())
    }

    /// Who is acting: on a team ledger the login (the database knows who connected), else the
    /// name set in the app (the OS user by default).
    pub fn operator(&self) -> String {
        let login = self.login.lock().unwrap_or_else(|e| e.into_inner()).clone();
        login.unwrap_or_else(|| self.operator.lock().unwrap_or_else(|e| e.into_inner()).clone())
    }

    /// Remembers the login of the ledger just opened (none for a file), so asking who acts
    /// never waits for the ledger's lock.
    fn remember_login(&self) {
        let login = self
            .ledger
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .ok()
            .and_then(|l| l.login().map(str::to_string));
        *self.login.lock().unwrap_or_else(|e| e.into_inner()) = login;
    }

    pub fn set_operator(&self, name: &str) {
        *self.operator.lock().unwrap_or_else(|e| e.into_inner()) = name.trim().to_string();
    }

    /// Who is acting, now.
    pub fn ctx(&self) -> Ctx {
        Ctx::now(self.operator())
    }

    /// Opens the ledger in use again, after its connection to a team ledger dropped (a file's
    /// connection does not drop). Until it succeeds, commands report the lost connection.
    pub fn reconnect(&self) {
        let path = self.effective_db_path();
        if let Ok(ledger) = open_ledger(&path, self.lang().core()) {
            *self.ledger.lock().unwrap_or_else(|e| e.into_inner()) = Ok(ledger);
        }
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

    pub fn lang(&self) -> UiLang {
        // A poisoned lock only means another command panicked mid-write of a Copy value.
        *self.lang.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set_lang(&self, lang: UiLang) {
        *self.lang.lock().unwrap_or_else(|e| e.into_inner()) = lang;
    }
}

fn open_ledger(path: &Path, lang: Lang) -> rackledger::Result<Ledger> {
    Ledger::open(path, lang)
}

/// The first-of-the-day backup of the ledger just opened, taken on a thread of its own with its
/// own connection: copying a ledger of 100,000 assets takes seconds, and the window would stay
/// blank meanwhile. A backup that fails does not keep the user from working; it is logged, and
/// the settings view shows the last backup. The backup commands [`DailyBackup::wait`] for it, so
/// what they show includes it.
#[derive(Debug, Default)]
pub struct DailyBackup {
    running: Mutex<u32>,
    finished: Condvar,
}

impl DailyBackup {
    /// Backs up the ledger at `path` in the background if it has not been backed up today.
    pub fn start(self: &Arc<Self>, path: PathBuf) {
        *self.running.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        let me = Arc::clone(self);
        let spawned = std::thread::Builder::new().name("daily-backup".into()).spawn(move || {
            let taken = Ledger::open(&path, Lang::En).and_then(|l| l.daily_backup(Ctx::now("app").now));
            if let Err(e) = taken {
                eprintln!("RackLedger: daily backup failed: {}", e.message(Lang::En));
            }
            me.finish();
        });
        if let Err(e) = spawned {
            eprintln!("RackLedger: daily backup not started: {e}");
            self.finish();
        }
    }

    fn finish(&self) {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        *running = running.saturating_sub(1);
        self.finished.notify_all();
    }

    /// Returns once no daily backup is being taken.
    pub fn wait(&self) {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        while *running > 0 {
            running = self.finished.wait(running).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// The app's own settings, kept as JSON in its config folder (`config.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppConfig {
    /// The database the user opened last; absent: the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_path: Option<PathBuf>,
}

/// The settings file's name in the app's config folder.
pub const CONFIG_FILE: &str = "config.json";

impl AppConfig {
    /// The settings in `file`; missing or unreadable means the defaults.
    pub fn load(file: &Path) -> Self {
        std::fs::read(file).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    pub fn save(&self, file: &Path) -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(file, json)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use rackledger::demo::DemoSize;
    use rackledger::{Ctx, Lang, Ledger};

    use super::DailyBackup;

    #[test]
    fn the_daily_backup_is_taken_in_the_background_and_waited_for() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("ledger.db");
        Ledger::open(&db, Lang::Zh)
            .expect("ledger opens")
            .demo(&Ctx::now("test"), DemoSize { cabinets: 2, devices: 10, seed: 1 })
            .expect("demo");
        let daily = Arc::new(DailyBackup::default());
        daily.start(db.clone());
        daily.wait();
        let status = Ledger::open(&db, Lang::Zh).expect("ledger opens").backup_status().expect("status");
        assert_eq!(status.backups.len(), 1, "{status:?}");
        assert!(status.backups[0].name.ends_with("-daily.db"), "{}", status.backups[0].name);
        // The same day again: nothing more to take, and waiting returns at once.
        daily.start(db.clone());
        daily.wait();
        daily.wait();
        let again = Ledger::open(&db, Lang::Zh).expect("ledger opens").backup_status().expect("status");
        assert_eq!(again.backups.len(), 1, "{again:?}");
    }
}
