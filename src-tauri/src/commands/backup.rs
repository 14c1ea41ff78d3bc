//! Backups for the settings view (设置): the database file, the backup folder, the backups
//! newest first, 立即备份, and 恢复 of one backup from that list. A restore names a backup by its
//! file name in the backup folder, never by a path: the web side cannot point the app at an
//! arbitrary file.

use rackledger::backup::{BackupFile, Reason};
use rackledger::ledger::{BackupStatus, Restored};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

// Off the main thread (`async`): each first waits for the start's daily backup, which a large
// ledger takes seconds to copy (see `state::DailyBackup`).

#[tauri::command(async)]
pub fn backup_status(state: State<'_, AppState>) -> CommandResult<BackupStatus> {
    state.daily_backup().wait();
    state.with_ledger(|l| l.backup_status())
}

#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> CommandResult<BackupFile> {
    state.daily_backup().wait();
    let ctx = state.ctx();
    state.with_ledger(|l| l.backup_now(ctx.now, Reason::Manual))
}

/// Restores the backup called `name` from the backup folder (the core checks it first and keeps
/// a copy of the current ledger).
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, name: String) -> CommandResult<Restored> {
    state.daily_backup().wait();
    let ctx = state.ctx();
    state.with_ledger(|l| {
        let file = l.backup_named(name.trim())?;
        // Never another ledger's: the list holds only this ledger's, and a legacy one is checked.
        l.restore(&ctx, &file, false)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tauri::test::{mock_builder, mock_context, noop_assets};
    use tauri::WebviewWindowBuilder;

    use crate::commands::assets::Readers;
    use crate::state::AppState;
    use crate::test_support::invoke;

    #[test]
    fn back_up_list_and_restore_by_name_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("ledger.db");
        let app = mock_builder()
            .manage(AppState::new(Some(db.clone())))
            .manage(Readers::new(db.clone()))
            .invoke_handler(crate::commands::handler())
            .build(mock_context(noop_assets()))
            .expect("mock app builds");
        let w = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("mock window builds");
        invoke(&w, "start_demo", json!({})).unwrap();
        let made = invoke(&w, "backup_now", json!({})).unwrap();
        assert_eq!(made["reason"], "manual");
        let status = invoke(&w, "backup_status", json!({})).unwrap();
        assert_eq!(status["db_path"], db.display().to_string());
        assert_eq!(status["last"]["name"], made["name"]);
        assert!(status["policy"]["dir"].as_str().unwrap().ends_with("备份"));

        invoke(
            &w,
            "set_asset",
            json!({ "tag": "ZC-2026-00001", "values": { "note": "after" }, "expected_version": null }),
        )
        .ok();
        let restored = invoke(&w, "restore_backup", json!({ "name": made["name"] })).unwrap();
        assert_eq!(restored["kept"]["reason"], "prerestore");
        // Only names in the folder: a path is refused.
        let outside = dir.path().join("outside.db");
        std::fs::copy(made["path"].as_str().unwrap(), &outside).unwrap();
        let err = invoke(&w, "restore_backup", json!({ "name": outside.display().to_string() })).unwrap_err();
        assert_eq!(err["code"], "bad_backup");
        let err = invoke(&w, "restore_backup", json!({ "name": "../outside.db" })).unwrap_err();
        assert_eq!(err["code"], "bad_backup");
        // Another ledger's backups in the same folder are not listed, and not restored by their
        // names: one of another file name, one of the same file name but another ledger id.
        let ours = made["name"].as_str().unwrap().to_string();
        let short = &status["policy"]["ledger_id"].as_str().unwrap()[..8];
        assert!(ours.starts_with(&format!("ledger-{short}-")), "{ours}");
        let other_id = if short == "00000000" { "ffffffff" } else { "00000000" };
        for theirs in
            ["二号楼-20261125-083000-daily.db".to_string(), format!("ledger-{other_id}-20261125-083000-daily.db")]
        {
            std::fs::copy(made["path"].as_str().unwrap(), db.with_file_name("备份").join(&theirs)).unwrap();
            let status = invoke(&w, "backup_status", json!({})).unwrap();
            assert!(status["backups"]
                .as_array()
                .unwrap()
                .iter()
                .all(|b| b["name"].as_str().unwrap().starts_with(&format!("ledger-{short}-"))));
            let err = invoke(&w, "restore_backup", json!({ "name": theirs })).unwrap_err();
            assert_eq!(err["code"], "other_ledger");
        }
    }
}
