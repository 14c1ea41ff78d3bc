//! Temperature and humidity (温湿度): the limits a reading is judged against, the dew point, and
//! the figures `env` prints. The formulas are pure functions over plain numbers, so every
//! boundary can be tested exactly; storage is in [`crate::db::env`], the operations in
//! [`crate::ledger`].
//!
//! Why these numbers (templates.md "温湿度记录", GB 50174-2017 for a cold aisle or cabinet
//! inlet): 18–27 ℃, relative humidity at most 60 %, dew point 5.5–15 ℃. Each limit is a setting
//! (`env.temp_min` …) and may be overridden per room. Limits are inclusive and compared
//! unrounded with the power rules' 1e-9 tolerance, so 27.0 ℃ is in and 27.1 ℃ is out; the dew
//! point is shown to 0.1 ℃ but judged as computed.

use serde::{Deserialize, Serialize};

/// Magnus coefficients over water (Sonntag 1990 / WMO): a dimensionless, b in ℃. Good to about
/// 0.1 ℃ between −45 and 60 ℃, the whole range of a machine room.
pub const MAGNUS_A: f64 = 17.62;
pub const MAGNUS_B: f64 = 243.12;

/// A reading exactly at a limit is in: tolerate float noise below this (as `power::calc`).
const EPS: f64 = 1e-9;

/// The settings keys of the global limits.
pub const TEMP_MIN_KEY: &str = "env.temp_min";
pub const TEMP_MAX_KEY: &str = "env.temp_max";
pub const RH_MAX_KEY: &str = "env.rh_max";
pub const DEW_MIN_KEY: &str = "env.dew_min";
pub const DEW_MAX_KEY: &str = "env.dew_max";
pub const KEYS: [&str; 5] = [TEMP_MIN_KEY, TEMP_MAX_KEY, RH_MAX_KEY, DEW_MIN_KEY, DEW_MAX_KEY];

/// The limits a reading is judged against (℃, %RH).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvLimits {
    pub temp_min: f64,
    pub temp_max: f64,
    pub rh_max: f64,
    pub dew_min: f64,
    pub dew_max: f64,
}

impl Default for EnvLimits {
    /// GB 50174-2017, cold aisle / cabinet inlet.
    fn default() -> Self {
        EnvLimits { temp_min: 18.0, temp_max: 27.0, rh_max: 60.0, dew_min: 5.5, dew_max: 15.0 }
    }
}

impl EnvLimits {
    /// The value of one setting key.
    pub fn get(&self, key: &str) -> Option<f64> {
        match key {
            TEMP_MIN_KEY => Some(self.temp_min),
            TEMP_MAX_KEY => Some(self.temp_max),
            RH_MAX_KEY => Some(self.rh_max),
            DEW_MIN_KEY => Some(self.dew_min),
            DEW_MAX_KEY => Some(self.dew_max),
            _ => None,
        }
    }

    /// Sets one setting key's value; false for an unknown key.
    pub fn set(&mut self, key: &str, v: f64) -> bool {
        match key {
            TEMP_MIN_KEY => self.temp_min = v,
            TEMP_MAX_KEY => self.temp_max = v,
            RH_MAX_KEY => self.rh_max = v,
            DEW_MIN_KEY => self.dew_min = v,
            DEW_MAX_KEY => self.dew_max = v,
            _ => return false,
        }
        true
    }
}

/// Per-room overrides; None means the global limit applies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvOverrides {
    pub temp_min: Option<f64>,
    pub temp_max: Option<f64>,
    pub rh_max: Option<f64>,
    pub dew_min: Option<f64>,
    pub dew_max: Option<f64>,
}

impl EnvOverrides {
    pub fn apply(&self, global: EnvLimits) -> EnvLimits {
        EnvLimits {
            temp_min: self.temp_min.unwrap_or(global.temp_min),
            temp_max: self.temp_max.unwrap_or(global.temp_max),
            rh_max: self.rh_max.unwrap_or(global.rh_max),
            dew_min: self.dew_min.unwrap_or(global.dew_min),
            dew_max: self.dew_max.unwrap_or(global.dew_max),
        }
    }
}

/// The dew point (℃) of air at `temp_c` and relative humidity `rh` (%), by the Magnus formula:
/// γ = ln(RH/100) + a·T/(b+T), Td = b·γ/(a−γ). None for RH outside (0, 100] or a temperature
/// at or below −b, where the formula has no meaning.
pub fn dew_point(temp_c: f64, rh: f64) -> Option<f64> {
    if !(rh > 0.0 && rh <= 100.0 && temp_c.is_finite() && temp_c > -MAGNUS_B) {
        return None;
    }
    let gamma = (rh / 100.0).ln() + MAGNUS_A * temp_c / (MAGNUS_B + temp_c);
    Some(MAGNUS_B * gamma / (MAGNUS_A - gamma))
}

/// 正常 ok / 超限 out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EnvStatus {
    Ok,
    Out,
}

impl EnvStatus {
    pub fn code(self) -> &'static str {
        match self {
            EnvStatus::Ok => "ok",
            EnvStatus::Out => "out",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            EnvStatus::Ok => "正常",
            EnvStatus::Out => "超限",
        }
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        lang.pick(self.label_zh(), self.code())
    }
}

/// Which limit a reading breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Breach {
    TempLow,
    TempHigh,
    RhHigh,
    DewLow,
    DewHigh,
}

impl Breach {
    /// The breach in the user's language, with the value and the limit.
    pub fn describe(self, value: f64, limits: &EnvLimits, lang: crate::Lang) -> String {
        let (zh, en, limit) = match self {
            Breach::TempLow => ("温度低于下限", "temperature below", limits.temp_min),
            Breach::TempHigh => ("温度高于上限", "temperature above", limits.temp_max),
            Breach::RhHigh => ("相对湿度高于上限", "relative humidity above", limits.rh_max),
            Breach::DewLow => ("露点低于下限", "dew point below", limits.dew_min),
            Breach::DewHigh => ("露点高于上限", "dew point above", limits.dew_max),
        };
        let unit = if self == Breach::RhHigh { "%" } else { " ℃" };
        match lang {
            crate::Lang::Zh => format!("{zh} {limit}{unit}（{value:.1}{unit}）"),
            crate::Lang::En => format!("{en} {limit}{unit} ({value:.1}{unit})"),
        }
    }
}

/// What is wrong with a reading, in the order temperature, humidity, dew point. Empty: in
/// limits. The humidity and dew point are judged only when the humidity was read.
pub fn judge(temp_c: f64, rh: Option<f64>, limits: &EnvLimits) -> Vec<(Breach, f64)> {
    let mut out = Vec::new();
    if temp_c + EPS < limits.temp_min {
        out.push((Breach::TempLow, temp_c));
    }
    if temp_c - EPS > limits.temp_max {
        out.push((Breach::TempHigh, temp_c));
    }
    if let Some(rh) = rh {
        if rh - EPS > limits.rh_max {
            out.push((Breach::RhHigh, rh));
        }
        if let Some(td) = dew_point(temp_c, rh) {
            if td + EPS < limits.dew_min {
                out.push((Breach::DewLow, td));
            }
            if td - EPS > limits.dew_max {
                out.push((Breach::DewHigh, td));
            }
        }
    }
    out
}

/// [`judge`] as a status.
pub fn status(temp_c: f64, rh: Option<f64>, limits: &EnvLimits) -> EnvStatus {
    if judge(temp_c, rh, limits).is_empty() {
        EnvStatus::Ok
    } else {
        EnvStatus::Out
    }
}

/// A temperature as read (℃): a machine room reads between freezing and a fire, so beyond
/// −50…80 ℃ the number is a typo. Err: why, in Chinese.
pub fn check_temp(v: f64) -> Result<f64, String> {
    if v.is_finite() && (-50.0..=80.0).contains(&v) {
        Ok(v)
    } else {
        Err("应在 -50 到 80 之间".into())
    }
}

/// A relative humidity as read (%): 0–100.
pub fn check_rh(v: f64) -> Result<f64, String> {
    if v.is_finite() && (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err("应在 0 到 100 之间".into())
    }
}

/// A dew point as shown: to 0.1 ℃.
pub fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A measuring point's latest reading, judged: one line of `env --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvPoint {
    pub point: String,
    pub room: String,
    /// The cabinet whose inlet this is, when the point is a cabinet code.
    pub cabinet: Option<String>,
    /// The cabinet's row (列), for the room map and the remedy.
    pub row: Option<String>,
    pub temp_c: f64,
    pub rh: Option<f64>,
    /// Shown to 0.1 ℃; judged unrounded.
    pub dew_point_c: Option<f64>,
    /// Local time `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub status: EnvStatus,
    /// Why it is out, in the reader's language; empty when ok.
    pub reasons: Vec<String>,
    pub limits: EnvLimits,
}

/// What the warnings banner lists beside power: the points out of limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvAlerts {
    pub points: Vec<EnvPoint>,
    /// Cabinets flagged by an out-of-limit inlet, each once.
    pub cabinets: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The relative humidity at which air of `t` ℃ has dew point `td`: the Magnus formula solved
    /// for RH, γ = a·Td/(b+Td), RH = 100·exp(γ − a·T/(b+T)).
    fn rh_for_dew(t: f64, td: f64) -> f64 {
        let gamma = MAGNUS_A * td / (MAGNUS_B + td);
        100.0 * (gamma - MAGNUS_A * t / (MAGNUS_B + t)).exp()
    }

    #[test]
    fn temperature_limits_are_inclusive() {
        let l = EnvLimits::default();
        assert_eq!(status(27.0, None, &l), EnvStatus::Ok);
        assert_eq!(status(27.1, None, &l), EnvStatus::Out);
        assert_eq!(status(18.0, None, &l), EnvStatus::Ok);
        assert_eq!(status(17.9, None, &l), EnvStatus::Out);
        // Float noise at the limit is still the limit.
        assert_eq!(status(26.9 + 0.1, None, &l), EnvStatus::Ok);
        assert_eq!(judge(27.1, None, &l), vec![(Breach::TempHigh, 27.1)]);
        assert_eq!(judge(17.9, None, &l), vec![(Breach::TempLow, 17.9)]);
    }

    #[test]
    fn humidity_limit_is_inclusive() {
        let l = EnvLimits::default();
        // 22 ℃ at 60 %: dew point 13.9 ℃, in; at 60.1 % only the humidity breaks.
        assert_eq!(status(22.0, Some(60.0), &l), EnvStatus::Ok);
        let j = judge(22.0, Some(60.1), &l);
        assert_eq!(j.iter().map(|(b, _)| *b).collect::<Vec<_>>(), vec![Breach::RhHigh]);
    }

    #[test]
    fn dew_point_matches_the_magnus_formula() {
        // 25 ℃ at 50 %: 13.9 ℃ (published tables: 13.86 ℃).
        let td = dew_point(25.0, 50.0).unwrap();
        assert!((td - 13.86).abs() < 0.01, "{td}");
        assert_eq!(round1(td), 13.9);
        // Saturated air: the dew point is the temperature.
        assert!((dew_point(20.0, 100.0).unwrap() - 20.0).abs() < 1e-9);
        assert_eq!(dew_point(20.0, 0.0), None);
        assert_eq!(dew_point(20.0, 101.0), None);
        assert_eq!(dew_point(f64::NAN, 50.0), None);
    }

    #[test]
    fn dew_point_boundaries() {
        let l = EnvLimits::default();
        // Pairs whose dew point is exactly 5.5 and 15.0 (within 1e-9), found by solving Magnus
        // for the humidity, then a step to each side.
        for (t, td) in [(20.0, 5.5), (24.0, 5.5), (26.0, 15.0), (27.0, 15.0)] {
            let rh = rh_for_dew(t, td);
            let got = dew_point(t, rh).unwrap();
            assert!((got - td).abs() < 1e-9, "T {t} RH {rh}: Td {got}");
            assert!(rh <= l.rh_max, "the pair must not break the humidity limit: {rh}");
            assert_eq!(status(t, Some(rh), &l), EnvStatus::Ok, "at {td} ℃ exactly: in");
        }
        // 5.5 ℃: a little drier is out (too dry), a little wetter is in.
        let rh = rh_for_dew(20.0, 5.5);
        assert_eq!(judge(20.0, Some(rh - 0.1), &l).first().map(|b| b.0), Some(Breach::DewLow));
        assert_eq!(status(20.0, Some(rh + 0.1), &l), EnvStatus::Ok);
        // 15.0 ℃: a little wetter is out, a little drier is in.
        let rh = rh_for_dew(26.0, 15.0);
        assert!(rh + 0.1 <= l.rh_max);
        assert_eq!(judge(26.0, Some(rh + 0.1), &l), vec![(Breach::DewHigh, dew_point(26.0, rh + 0.1).unwrap())]);
        assert_eq!(status(26.0, Some(rh - 0.1), &l), EnvStatus::Ok);
    }

    #[test]
    fn overrides_replace_only_what_they_name() {
        let o = EnvOverrides { temp_max: Some(28.0), ..EnvOverrides::default() };
        let l = o.apply(EnvLimits::default());
        assert_eq!(l.temp_max, 28.0);
        assert_eq!(l.temp_min, 18.0);
        assert_eq!(status(27.5, None, &l), EnvStatus::Ok);
    }
}
