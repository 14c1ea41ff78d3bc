//! `backup [--out FILE]`, `backup list` and `restore FILE [--other-ledger]`: the ledger's backups through
//! [`crate::ledger::Ledger`]'s backup operations. Sizes are printed in KB for people, bytes in JSON.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;

use super::{table, Env, Failure, Outcome};
use crate::backup::{BackupFile, Reason};
use crate::error::Error;
use crate::i18n::Lang;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    /// 备份到这个文件（默认：备份文件夹中按日期命名）/ write the backup to this file
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(subcommand)]
    pub cmd: Option<BackupCmd>,
}

#[derive(Debug, Subcommand)]
pub enum BackupCmd {
    /// 列出备份文件夹中的备份 / the backups in the backup folder, newest first
    List,
}

fn kb(size: u64) -> String {
    format!("{} KB", size.div_ceil(1024))
}

pub fn backup(env: &mut Env, args: BackupArgs) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match (args.cmd, args.out) {
        (Some(BackupCmd::List), _) => {
            let status = env.ledger.backup_status()?;
            let rows: Vec<Vec<String>> = status
                .backups
                .iter()
                .map(|f| vec![f.at.clone(), f.reason.clone(), kb(f.size), f.name.clone()])
                .collect();
            let headers = match lang {
                Lang::Zh => ["时间", "原因", "大小", "文件"],
                Lang::En => ["at", "reason", "size", "file"],
            };
            let text = format!(
                "{}{}\n{}",
                lang.pick("备份文件夹：", "backup folder: "),
                status.policy.dir.display(),
                table::render(&headers, &rows)
            );
            Ok(Outcome::ok(json!({ "ok": true, "status": status }), text))
        }
        (None, Some(out)) => {
            env.ledger.backup_to(&out)?;
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            let text = match lang {
                Lang::Zh => format!("已备份到 {}（{}）", out.display(), kb(size)),
                Lang::En => format!("backed up to {} ({})", out.display(), kb(size)),
            };
            Ok(Outcome::ok(json!({ "ok": true, "file": out.display().to_string(), "size": size }), text))
        }
        (None, None) => {
            let f = env.ledger.backup_now(env.ctx.now, Reason::Manual)?;
            Ok(Outcome::ok(json!({ "ok": true, "backup": f }), done(&f, lang)))
        }
    }
}

fn done(f: &BackupFile, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已备份到 {}（{}）", f.path, kb(f.size)),
        Lang::En => format!("backed up to {} ({})", f.path, kb(f.size)),
    }
}

/// `copy FROM TO`: the whole ledger into an empty target, with a line per table on stderr.
pub fn copy(from: &Path, to: &Path, lang: Lang) -> Result<Outcome, Failure> {
    let copied = crate::ledger::copy_ledger(from, to, &mut |table, n| {
        if n > 0 && n % 50_000 == 0 {
            eprintln!("{}", lang.pick(&format!("  {table}：已复制 {n} 行"), &format!("  {table}: {n} rows copied")));
        }
    })?;
    let text = match lang {
        Lang::Zh => format!("已复制 {} 张表、{} 行：{} → {}", copied.tables.len(), copied.rows, shown(from), shown(to)),
        Lang::En => {
            format!("copied {} tables, {} rows: {} -> {}", copied.tables.len(), copied.rows, shown(from), shown(to))
        }
    };
    Ok(Outcome::ok(json!({ "ok": true, "copied": copied }), text))
}

/// A ledger's name for messages: a file's path, or a team ledger's address without password.
fn shown(target: &Path) -> String {
    if crate::db::sql::connect::is_url(target) {
        crate::db::sql::connect::redact(&target.to_string_lossy())
    } else {
        target.display().to_string()
    }
}

pub fn restore(env: &mut Env, file: PathBuf, other_ledger: bool) -> Result<Outcome, Failure> {
    let r = env.ledger.restore(&env.ctx, &file, other_ledger).inspect_err(|e| {
        if let Error::OtherLedger { .. } = e {
            eprintln!(
                "{}",
                env.lang.pick(
                    "提示：确认要恢复另一台账的备份（例如台账文件改过名）时，加 --other-ledger",
                    "hint: to restore another ledger's backup all the same (e.g. the ledger file was renamed), add --other-ledger"
                )
            );
        }
    })?;
    let text = match env.lang {
        Lang::Zh => format!("已从 {} 恢复（{} 台设备）。恢复前的数据库已保存为 {}", r.file, r.assets, r.kept.path),
        Lang::En => format!(
            "restored from {} ({} assets); the database before it was kept as {}",
            r.file, r.assets, r.kept.path
        ),
    };
    Ok(Outcome::ok(json!({ "ok": true, "restored": r }), text))
}

/// The first start of a day backs the ledger up. A backup that fails does not stop the command
/// the user asked for: it is said on stderr.
pub fn daily(env: &Env) {
    if let Err(e) = env.ledger.daily_backup(env.ctx.now) {
        eprintln!(
            "{}{}",
            env.lang.pick("警告：今日自动备份失败：", "warning: the daily backup failed: "),
            e.message(env.lang)
        );
    }
}
