//! The ledger's backups: the daily one at the first start of a day, one before an import, one
//! asked for, the list, and a restore that keeps a copy of the ledger it replaces. The file
//! work is in [`crate::backup`]; this is where the ledger decides when and audits the restore.
//! Every one of these considers only this ledger's backups, named by its id (a backup folder may
//! be shared by several ledgers; see [`crate::backup`]).

use crate::roles::Area;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::Serialize;

use super::{commit, Ctx, Ledger};
use crate::backup::{self, BackupFile, Policy, Reason};
use crate::db::{self, audit::Record};
use crate::error::{Error, Result};

/// What the settings view shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupStatus {
    pub db_path: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub db_size: u64,
    pub policy: Policy,
    /// This ledger's, newest first (with the legacy ones, marked; not other ledgers').
    pub backups: Vec<BackupFile>,
    /// This ledger's newest (a legacy one may be another ledger's, so it is not this one's last).
    pub last: Option<BackupFile>,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Restored {
    pub file: String,
    /// The schema version of the file (the ledger is migrated from it to this build's).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub schema_version: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub assets: i64,
    /// The copy of the ledger as it was before the restore.
    pub kept: BackupFile,
}

impl Ledger {
    /// The database file (an in-memory ledger has none).
    pub fn db_path(&self) -> Result<PathBuf> {
        // A team ledger has no file and no backup folder: its server keeps the backups, and
        // `backup --out` writes a single-file snapshot of it.
        if crate::roles::is_team_ledger(&self.conn) {
            return Err(Error::FileOnly { what: "备份文件夹", engine: self.conn.engine().code() });
        }
        self.conn.path().filter(|p| !p.is_empty()).map(PathBuf::from).ok_or(Error::NoDatabaseFile)
    }

    pub fn backup_policy(&self) -> Result<Policy> {
        backup::policy(&self.conn, &self.db_path()?)
    }

    /// A backup into the backup folder now, then the folder pruned.
    pub fn backup_now(&self, now: NaiveDateTime, reason: Reason) -> Result<BackupFile> {
        backup::take(&self.conn, &self.backup_policy()?, now, reason)
    }

    /// A backup to a file of the user's choosing (not pruned, never overwritten). From a team
    /// ledger it is a single-file ledger, the same ledger, to open offline.
    pub fn backup_to(&self, file: &Path) -> Result<()> {
        match self.conn.engine() {
            db::Engine::Sqlite => backup::write(&self.conn, file),
            db::Engine::Postgres => {
                if file.exists() {
                    return Err(Error::Backup {
                        what: file.display().to_string(),
                        problem: crate::error::BackupProblem::Exists,
                    });
                }
                let mut part = file.as_os_str().to_owned();
                part.push(".part");
                let part = PathBuf::from(part);
                let _ = std::fs::remove_file(&part);
                let written = (|| {
                    let mut to = db::open(&part)?;
                    db::copy::copy(&self.conn, &mut to, &mut |_, _| {})?;
                    // One self-contained file: no write-ahead log beside it.
                    to.execute_batch("PRAGMA journal_mode = DELETE").map_err(Error::storage("整理备份文件"))
                })();
                if let Err(e) = written {
                    remove_ledger_file(&part);
                    return Err(e);
                }
                std::fs::rename(&part, file).map_err(|source| Error::Io { path: file.display().to_string(), source })
            }
        }
    }

    /// The first start of a day backs the ledger up, unless it is still empty (nothing was ever
    /// written: no audit record) or a backup of this ledger of today is already in the folder
    /// (another ledger's, or a legacy one that may be another's, does not count).
    pub fn daily_backup(&self, now: NaiveDateTime) -> Result<Option<BackupFile>> {
        // A team ledger is the server's to back up; `backup --out` takes a file copy of it.
        if self.conn.engine() != db::Engine::Sqlite {
            return Ok(None);
        }
        let written: bool = self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM audit_log)", [], |r| r.get(0))
            .map_err(Error::storage("读取审计日志"))?;
        if !written {
            return Ok(None);
        }
        let policy = self.backup_policy()?;
        let today = now.format("%Y-%m-%d").to_string();
        if backup::list(&policy.dir, &policy.ledger, &policy.ledger_id)?
            .iter()
            .any(|f| !f.legacy && f.at.starts_with(&today))
        {
            return Ok(None);
        }
        backup::take(&self.conn, &policy, now, Reason::Daily).map(Some)
    }

    /// The database file, the policy and the backups, newest first.
    pub fn backup_status(&self) -> Result<BackupStatus> {
        let path = self.db_path()?;
        let policy = backup::policy(&self.conn, &path)?;
        let backups = backup::list(&policy.dir, &policy.ledger, &policy.ledger_id)?;
        let db_size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        Ok(BackupStatus {
            db_path: path.display().to_string(),
            db_size,
            last: backups.iter().find(|f| !f.legacy).cloned(),
            backups,
            policy,
        })
    }

    /// The backup in the folder named `name` (a name from [`Ledger::backup_status`], never a
    /// path: what the app may restore is what the folder holds of this ledger). Another
    /// ledger's backup is refused by name.
    pub fn backup_named(&self, name: &str) -> Result<PathBuf> {
        let policy = self.backup_policy()?;
        if let Some(found) =
            backup::list(&policy.dir, &policy.ledger, &policy.ledger_id)?.into_iter().find(|f| f.name == name)
        {
            return Ok(PathBuf::from(found.path));
        }
        match backup::parse_name(name) {
            _ if name.contains(['/', '\\']) => {
                Err(Error::BadBackup { path: name.to_string(), reason: "备份文件夹中没有这个文件".into() })
            }
            Some(backup::Name { id: Some(id), .. }) => Err(Error::OtherLedger {
                path: name.to_string(),
                reason: format!(
                    "它是另一本台账（编号 {id}）的备份，本台账的编号是 {}",
                    backup::short_id(&policy.ledger_id)
                ),
            }),
            Some(n) if n.ledger != policy.ledger => Err(Error::OtherLedger {
                path: name.to_string(),
                reason: format!("它是台账“{}”的备份，本台账是“{}”", n.ledger, policy.ledger),
            }),
            _ => {
                Err(Error::BadBackup { path: name.to_string(), reason: "备份文件夹中没有这个文件".into() })
            }
        }
    }

    /// Replaces the ledger by the backup `file`: checks it first (a file refused leaves the
    /// ledger untouched) — that it is a whole ledger, and unless `other_ledger` says to restore
    /// even another ledger's backup (a renamed ledger file's, say), that it is this ledger's
    /// ([`backup::check_owner`]) — keeps a copy of the current ledger in the backup folder, copies
    /// the file in as one transaction, migrates it to this build's schema and records the restore
    /// in the (restored) audit log.
    pub fn restore(&mut self, ctx: &Ctx, file: &Path, other_ledger: bool) -> Result<Restored> {
        backup::validate(file)?;
        if !other_ledger {
            backup::check_owner(&self.conn, &backup::ledger_name(&self.db_path()?), file)?;
        }
        let ours = db::ledger_id(&self.conn)?;
        let kept = self.backup_now(ctx.now, Reason::PreRestore)?;
        let checked = backup::restore_into(&mut self.conn, file)?;
        // The restored file's id, which is this ledger's unless another ledger's backup was
        // restored on purpose (then this is that ledger now); a file from before ids keeps ours.
        db::ledger_id_or(&self.conn, Some(ours))?;
        let tx = self.write(&[Area::Whole])?;
        let after = serde_json::json!({ "file": file.display().to_string(), "kept": kept.path });
        db::audit::insert(
            &tx,
            ctx.now,
            &ctx.operator,
            &Record {
                action: "database.restore",
                entity: "database",
                key: &file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                before: None,
                after: Some(after.to_string()),
                reason: None,
            },
        )?;
        commit(tx)?;
        Ok(Restored {
            file: file.display().to_string(),
            schema_version: checked.schema_version,
            assets: checked.assets,
            kept,
        })
    }
}

/// A SQLite file and what WAL left beside it.
fn remove_ledger_file(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Copies the whole ledger at `from` into the ledger at `to` — a file path or a `postgres://`
/// address each — which must be empty (a new file is created). On failure a file created for
/// the copy is removed again.
pub fn copy_ledger(from: &Path, to: &Path, progress: &mut dyn FnMut(&str, u64)) -> Result<db::copy::Copied> {
    let source = db::open(from)?;
    let new_file = !db::sql::connect::is_url(to) && !to.exists();
    let copied = db::open(to).and_then(|mut target| db::copy::copy(&source, &mut target, progress));
    if copied.is_err() && new_file {
        remove_ledger_file(to);
    }
    copied
}
