//! A team ledger, live: a thread of its own listens for the changes other people commit
//! (PostgreSQL's LISTEN/NOTIFY, announced by the core) and tells the window, which reloads what it
//! shows and says who changed what. When the connection drops the window keeps its last data and
//! says so; the thread reconnects by itself. A file ledger has nothing to listen to.

use std::path::PathBuf;
use std::time::Duration;

use rackledger::db::sql::connect::is_url;
use rackledger::db::sql::notify::Listener;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// The event a committed change of someone else raises (payload: the core's `Change`s).
pub const CHANGED: &str = "ledger-changed";
/// The event the team ledger's connection state raises (payload: [`Online`]).
pub const CONNECTION: &str = "ledger-connection";

#[derive(Debug, Clone, Serialize)]
pub struct Online {
    pub online: bool,
}

fn current(app: &AppHandle) -> PathBuf {
    app.state::<AppState>().effective_db_path()
}

/// Starts the listening thread for the app's lifetime.
pub fn start(app: AppHandle) {
    let mut was_offline = false;
    std::thread::spawn(move || loop {
        let path = current(&app);
        if !is_url(&path) {
            std::thread::sleep(Duration::from_millis(250));
            continue;
        }
        let mut listener = match Listener::connect(&path.to_string_lossy()) {
            Ok(l) => l,
            Err(_) => {
                was_offline = true;
                let _ = app.emit(CONNECTION, Online { online: false });
                std::thread::sleep(Duration::from_secs(2));
                continue;
            }
        };
        if was_offline {
            // The server is back: the window's own connection is opened again too.
            app.state::<AppState>().reconnect();
            was_offline = false;
        }
        let _ = app.emit(CONNECTION, Online { online: true });
        while current(&app) == path {
            match listener.wait(Duration::from_millis(400)) {
                Ok(changes) => {
                    let me = app.state::<AppState>().operator();
                    let theirs: Vec<_> = changes.into_iter().filter(|c| c.operator != me).collect();
                    if !theirs.is_empty() {
                        let _ = app.emit(CHANGED, theirs);
                    }
                }
                Err(_) => {
                    was_offline = true;
                    let _ = app.emit(CONNECTION, Online { online: false });
                    break;
                }
            }
        }
    });
}
