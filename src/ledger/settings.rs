//! The global settings: which keys exist, how each value is checked before it is stored, and
//! how the rules read them back with their defaults. The keys belong to several domains (power
//! levels, the approvers of racking requests, the port pool's level, the backup policy); this is
//! the one place that knows them all, so `settings list` and `settings set` need no other module
//! to ask, and the domains read their setting here instead of from each other.

use crate::roles::Area;
use serde::Serialize;

use super::{commit, Ctx, Ledger};
use crate::db::{self, audit::Record};
use crate::error::{Error, Result};
use crate::parse;
use crate::power::Levels;

/// The settings keys of the global power levels.
pub const WARNING_KEY: &str = "power.warning";
pub const ALARM_KEY: &str = "power.alarm";
/// The settings key listing who may approve racking requests (comma-separated operator names).
pub const APPROVERS_KEY: &str = "approvers";

/// A setting and its value, for `settings list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting {
    pub key: String,
    pub value: String,
}

fn level_setting(conn: &crate::db::Connection, key: &str, default: f64) -> Result<f64> {
    Ok(db::settings::get(conn, key)?.and_then(|v| v.parse().ok()).unwrap_or(default))
}

/// The global levels, from settings, with the rules' defaults.
pub(crate) fn global_levels(conn: &crate::db::Connection) -> Result<Levels> {
    let d = Levels::default();
    Ok(Levels {
        warning: level_setting(conn, WARNING_KEY, d.warning)?,
        alarm: level_setting(conn, ALARM_KEY, d.alarm)?,
    })
}

/// A warning level below the alarm level, each the given one or else the global one.
pub(crate) fn check_levels(warning: Option<f64>, alarm: Option<f64>, global: Levels) -> Result<()> {
    let (w, a) = (warning.unwrap_or(global.warning), alarm.unwrap_or(global.alarm));
    if w >= a {
        return Err(Error::LevelOrder { warning: w, alarm: a });
    }
    Ok(())
}

/// The approvers named in the settings.
pub(crate) fn approvers(conn: &crate::db::Connection) -> Result<Vec<String>> {
    Ok(db::settings::get(conn, APPROVERS_KEY)?.map(|v| split_names(&v)).unwrap_or_default())
}

/// `张三, 李四，王五、赵六` → the names, trimmed, without repeats.
pub(crate) fn split_names(v: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in v.split([',', '，', '、', ';', '；']).map(str::trim).filter(|n| !n.is_empty()) {
        if !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    }
    out
}

impl Ledger {
    pub fn levels(&self) -> Result<Levels> {
        global_levels(self.conn())
    }

    pub fn settings(&self) -> Result<Vec<Setting>> {
        let mut all: Vec<Setting> =
            db::settings::list(self.conn())?.into_iter().map(|(key, value)| Setting { key, value }).collect();
        let lv = self.levels()?;
        let ports = super::ports::pool_warning_level(self.conn())?;
        for (key, v) in [(WARNING_KEY, lv.warning), (ALARM_KEY, lv.alarm), (super::ports::PORTS_WARNING_KEY, ports)] {
            if !all.iter().any(|s| s.key == key) {
                all.push(Setting { key: key.into(), value: v.to_string() });
            }
        }
        all.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(all)
    }

    /// Sets a global setting. Known keys: `power.warning`, `power.alarm` (80, 80 % or 0.8),
    /// `approvers` (who may approve racking requests: `张三,李四`), `ports.warning`, and the
    /// backup policy's `backup.dir`, `backup.keep_daily`, `backup.keep_monthly`.
    pub fn set_setting(&mut self, ctx: &Ctx, key: &str, value: &str) -> Result<Setting> {
        let key = key.trim();
        let stored = match key {
            WARNING_KEY | ALARM_KEY => {
                let v = parse::level(value).map_err(|reason| Error::InvalidValue {
                    field: key.into(),
                    value: value.into(),
                    reason,
                })?;
                let cur = self.levels()?;
                let (w, a) = if key == WARNING_KEY { (v, cur.alarm) } else { (cur.warning, v) };
                check_levels(Some(w), Some(a), cur)?;
                v.to_string()
            }
            APPROVERS_KEY => {
                let names = split_names(value);
                if names.is_empty() {
                    return Err(Error::MissingField { field: "审批人".into() });
                }
                names.join(",")
            }
            super::ports::PORTS_WARNING_KEY => parse::level(value)
                .map_err(|reason| Error::InvalidValue { field: key.into(), value: value.into(), reason })?
                .to_string(),
            _ => match crate::backup::check_setting(key, value)
                .or_else(|| super::inspections::check_setting(key, value))
                .or_else(|| super::environment::check_setting(key, value))
            {
                Some(checked) => checked?,
                None => return Err(Error::UnknownField { field: key.to_string() }),
            },
        };
        let before = db::settings::get(self.conn(), key)?;
        let tx = self.write(&[Area::Settings])?;
        db::settings::put(&tx, key, &stored)?;
        db::audit::insert(
            &tx,
            ctx.now,
            &ctx.operator,
            &Record {
                action: "settings.set",
                entity: "settings",
                key,
                before,
                after: Some(stored.clone()),
                reason: None,
            },
        )?;
        commit(tx)?;
        Ok(Setting { key: key.into(), value: stored })
    }
}
