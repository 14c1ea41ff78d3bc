//! Files the user handed to the app, and the dialogs that hand them over.
//!
//! No command takes a path from the web side. A path reaches the backend only from a native
//! dialog the user answered or from a file the user dropped onto the window; the backend keeps
//! it here under a token and gives the web side the token and the file's name. A later command
//! (`excel_import_preview`, `excel_reveal`, …) names the token, so a script in the webview can
//! never make the app read or write a file the user did not choose.
//!
//! End-to-end tests cannot drive a native dialog over WebDriver. In a debug build, and only when
//! the environment variable [`SCRIPT_ENV`] names a file, [`Dialogs::Scripted`] answers each
//! dialog with the next line of that file instead (a line `CANCEL` answers "cancelled"; for a
//! save dialog, a folder gets the suggested file name). Release builds ignore the variable.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::Serialize;
use tauri::{AppHandle, Runtime};

/// The environment variable that turns on scripted dialogs (debug builds only).
pub const SCRIPT_ENV: &str = "RACKLEDGER_E2E_DIALOGS";

/// A file the user picked or dropped, as the web side sees it: a token and a name to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PickedFile {
    pub token: String,
    /// The file's name without its folder.
    pub name: String,
}

/// Token → path of every file the user handed over in this session.
#[derive(Debug, Default)]
pub struct PickedFiles {
    next: AtomicU64,
    paths: Mutex<HashMap<String, PathBuf>>,
}

impl PickedFiles {
    /// Remembers `path` (one the backend got from a dialog or a drop) and returns its token.
    pub fn register(&self, path: PathBuf) -> PickedFile {
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let token = format!("file-{n}");
        let name = file_name(&path);
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).insert(token.clone(), path);
        PickedFile { token, name }
    }

    /// The path behind `token`, if the user handed it over.
    pub fn path(&self, token: &str) -> Option<PathBuf> {
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).get(token).cloned()
    }

    /// Forgets `token` (the wizard was closed).
    pub fn forget(&self, token: &str) {
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).remove(token);
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Where dialog answers come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialogs {
    /// The native dialogs of tauri-plugin-dialog.
    Native,
    /// Each answer is the next line of this file (tests only).
    Scripted(PathBuf),
}

/// A file filter of an open or save dialog.
pub struct Filter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

/// The spreadsheets an import reads.
pub const SPREADSHEETS: Filter = Filter { name: "Excel / CSV", extensions: &["xlsx", "xlsm", "xls", "ods", "csv"] };
/// What an export writes.
pub const XLSX: Filter = Filter { name: "Excel", extensions: &["xlsx"] };
/// What a label print writes.
pub const PDF: Filter = Filter { name: "PDF", extensions: &["pdf"] };

impl Dialogs {
    /// Scripted when [`SCRIPT_ENV`] is set in a debug build; native otherwise.
    pub fn from_env() -> Dialogs {
        if cfg!(debug_assertions) {
            if let Some(file) = std::env::var_os(SCRIPT_ENV).filter(|v| !v.is_empty()) {
                return Dialogs::Scripted(PathBuf::from(file));
            }
        }
        Dialogs::Native
    }

    /// Asks for one file to open; None when cancelled. Blocks: call it off the main thread.
    pub fn pick_file<R: Runtime>(&self, app: &AppHandle<R>, title: &str, filter: &Filter) -> Option<PathBuf> {
        match self {
            Dialogs::Native => {
                use tauri_plugin_dialog::DialogExt;
                app.dialog()
                    .file()
                    .set_title(title)
                    .add_filter(filter.name, filter.extensions)
                    .blocking_pick_file()
                    .and_then(|p| p.into_path().ok())
            }
            Dialogs::Scripted(file) => next_answer(file),
        }
    }

    /// Asks where to save, suggesting `suggested` (a file name); None when cancelled.
    pub fn save_file<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        title: &str,
        suggested: &str,
        filter: &Filter,
    ) -> Option<PathBuf> {
        match self {
            Dialogs::Native => {
                use tauri_plugin_dialog::DialogExt;
                app.dialog()
                    .file()
                    .set_title(title)
                    .set_file_name(suggested)
                    .add_filter(filter.name, filter.extensions)
                    .blocking_save_file()
                    .and_then(|p| p.into_path().ok())
            }
            Dialogs::Scripted(file) => next_answer(file).map(|p| if p.is_dir() { p.join(suggested) } else { p }),
        }
    }
}

/// Pops the first line of the script file: a path, or `CANCEL` (or nothing left) for cancelled.
fn next_answer(file: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut lines = text.lines();
    let first = lines.next()?.trim().to_string();
    let rest: Vec<&str> = lines.collect();
    let _ = std::fs::write(file, rest.join("\n"));
    (!first.is_empty() && first != "CANCEL").then(|| PathBuf::from(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_name_only_registered_paths() {
        let files = PickedFiles::default();
        let a = files.register(PathBuf::from("/data/资产登记.xlsx"));
        let b = files.register(PathBuf::from("/data/b.csv"));
        assert_ne!(a.token, b.token);
        assert_eq!(a.name, "资产登记.xlsx");
        assert_eq!(files.path(&a.token), Some(PathBuf::from("/data/资产登记.xlsx")));
        assert_eq!(files.path("file-99"), None);
        assert_eq!(files.path("/etc/passwd"), None);
        files.forget(&a.token);
        assert_eq!(files.path(&a.token), None);
        assert!(files.path(&b.token).is_some());
    }

    #[test]
    fn a_script_answers_one_line_per_dialog() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("answers.txt");
        std::fs::write(&script, format!("/x/a.xlsx\nCANCEL\n{}\n", dir.path().display())).unwrap();
        assert_eq!(next_answer(&script), Some(PathBuf::from("/x/a.xlsx")));
        assert_eq!(next_answer(&script), None);
        // A folder answering a save dialog gets the suggested name.
        let app = tauri::test::mock_app();
        let got = Dialogs::Scripted(script.clone()).save_file(app.handle(), "t", "资产登记_2026-11-25.xlsx", &XLSX);
        assert_eq!(got, Some(dir.path().join("资产登记_2026-11-25.xlsx")));
        assert_eq!(next_answer(&script), None, "nothing left");
    }
}
