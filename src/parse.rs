//! Text → value parsing for what people type into forms and spreadsheets: numbers with units,
//! full-width digits and thousands separators, every date style the forms use, IP addresses.
//! Each function returns the reason in Chinese on failure; the caller adds where it came from.

use chrono::{Duration, NaiveDate, NaiveDateTime};

/// Replaces full-width digits and punctuation with their ASCII forms.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '，' => ',',
            '－' => '-',
            '／' => '/',
            '：' => ':',
            'Ａ'..='Ｚ' => char::from(b'A' + (c as u32 - 'Ａ' as u32) as u8),
            'ａ'..='ｚ' => char::from(b'a' + (c as u32 - 'ａ' as u32) as u8),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// A number with an optional unit: `900W`, `4.4kW`, `2U`, `1,200`, `４２`. kW becomes W.
pub fn number(s: &str) -> Result<f64, String> {
    let t = to_half_width(s);
    let t = t.trim();
    if t.is_empty() {
        return Err("不能为空".into());
    }
    let (num, unit) = split_unit(t);
    let num: String = num.chars().filter(|c| *c != ',' && *c != ' ').collect();
    let value: f64 = num.parse().map_err(|_| format!("“{s}”不是数字"))?;
    if !value.is_finite() {
        return Err(format!("“{s}”不是数字"));
    }
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "w" | "u" | "个" | "台" | "口" | "a" | "v" | "%" | "m" | "米" | "瓦" => 1.0,
        "kw" | "千瓦" => 1000.0,
        other => return Err(format!("无法识别的单位“{other}”")),
    };
    Ok(value * factor)
}

/// `4.4kW` → (`4.4`, `kW`): the number (digits, separators, sign) and the unit after it.
fn split_unit(t: &str) -> (&str, &str) {
    let split = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | ' ')))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    t.split_at(split)
}

/// A whole number ≥ 0, after [`number`].
pub fn uint(s: &str) -> Result<u32, String> {
    // Plain digits, as nearly every cell holds them: no unit, width or separator to undo.
    if !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().map_err(|_| format!("“{s}”不是数字"));
    }
    let v = number(s)?;
    let r = v.round();
    if (v - r).abs() > 1e-6 {
        return Err(format!("“{s}”应为整数"));
    }
    if r < 0.0 {
        return Err(format!("“{s}”不能为负数"));
    }
    if r > u32::MAX as f64 {
        return Err(format!("“{s}”太大"));
    }
    Ok(r as u32)
}

/// A date as the forms write it: `2026-03-15`, `2026/3/15`, `2026.03.15`, `2026年3月15日`,
/// `20260315`; a trailing time (`2026-03-15 08:00`) is ignored.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    // `2026-03-15`, as every date cell reads and every export writes: no need to normalise.
    if let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *s.as_bytes() {
        let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |b: &[u8]| b.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
            let (y, m, d) = (n(&digits[..4]), n(&digits[4..6]), n(&digits[6..]));
            if (1900..=2200).contains(&y) {
                return NaiveDate::from_ymd_opt(y as i32, m, d)
                    .ok_or_else(|| format!("“{s}”不是有效日期（例如 2026-03-15）"));
            }
        }
    }
    let t = to_half_width(s);
    let t = t.trim();
    let bad = || format!("“{s}”不是有效日期（例如 2026-03-15）");
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").map_err(|_| bad());
    }
    let date_part = t.split([' ', 'T']).next().unwrap_or(t);
    let normalized: String = date_part.replace(['年', '月', '/', '.'], "-").replace('日', "");
    let parts: Vec<&str> = normalized.split('-').filter(|p| !p.is_empty()).collect();
    if parts.len() != 3 {
        return Err(bad());
    }
    let y: i32 = parts[0].parse().map_err(|_| bad())?;
    let m: u32 = parts[1].parse().map_err(|_| bad())?;
    let d: u32 = parts[2].parse().map_err(|_| bad())?;
    if !(1900..=2200).contains(&y) {
        return Err(bad());
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)
}

/// A local date-time: `2026-11-25 14:30`, `2026-11-25 14:30:05`, `2026-11-25T14:30`, or a date
/// alone (midnight).
pub fn datetime(s: &str) -> Result<NaiveDateTime, String> {
    let t = to_half_width(s);
    let t = t.trim().replace('T', " ").replace('/', "-");
    for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(v) = NaiveDateTime::parse_from_str(&t, fmt) {
            return Ok(v);
        }
    }
    date(&t)
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .ok_or_else(|| format!("“{s}”不是有效时间（例如 2026-11-25 14:30）"))
}

/// Excel's serial day number (1900 date system, as Excel counts it) to a date.
pub fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Excel day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for.
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_signed(Duration::days(serial.floor() as i64))
}

/// An IPv4 or IPv6 address, normalised.
pub fn ip(s: &str) -> Result<String, String> {
    let t = to_half_width(s);
    t.trim()
        .parse::<std::net::IpAddr>()
        .map(|a| a.to_string())
        .map_err(|_| format!("“{s}”不是有效的 IPv4 或 IPv6 地址"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn numbers_with_units_and_full_width() {
        assert_eq!(uint("900W"), Ok(900));
        assert_eq!(uint("4.4kW"), Ok(4400));
        assert_eq!(uint("2U"), Ok(2));
        assert_eq!(uint("1,200"), Ok(1200));
        assert_eq!(uint("４２"), Ok(42));
        assert_eq!(uint(" 0 "), Ok(0));
        assert!(uint("1.5").is_err());
        assert!(uint("-1").is_err());
        assert!(uint("abc").is_err());
        assert!(uint("").is_err());
        assert!(uint("9e999").is_err());
    }

    #[test]
    fn every_date_style() {
        for s in [
            "2026-03-15",
            "2026/3/15",
            "2026.03.15",
            "2026年3月15日",
            "20260315",
            "2026-03-15 00:00:00",
            "２０２６－０３－１５",
        ] {
            assert_eq!(date(s), Ok(d(2026, 3, 15)), "{s}");
        }
        assert!(date("2026-02-30").is_err());
        assert!(date("1899-12-31").is_err(), "outside the years a form means");
        assert!(date("2026-1-05").is_ok() && date("2026-00-05").is_err());
        assert!(date("15/03").is_err());
        assert_eq!((uint("0042"), uint("42U"), uint("１２")), (Ok(42), Ok(42), Ok(12)));
        assert!(uint("4294967296").is_err() && uint("-1").is_err());
        assert!(date("").is_err());
    }

    #[test]
    fn excel_serials() {
        assert_eq!(excel_serial_date(46096.0), Some(d(2026, 3, 15)));
        assert_eq!(excel_serial_date(-3.0), None);
    }

    #[test]
    fn datetimes_and_ips() {
        assert!(datetime("2026-11-25 14:30").is_ok());
        assert!(datetime("2026-11-25").is_ok());
        assert!(datetime("昨天").is_err());
        assert_eq!(ip(" 10.1.2.3 ").as_deref(), Ok("10.1.2.3"));
        assert!(ip("fe80::1").is_ok());
        assert!(ip("10.1.2").is_err());
    }
}

/// A threshold level as people write it — `80`, `80%`, `0.8` — as a fraction in (0, 1].
pub fn level(s: &str) -> Result<f64, String> {
    let t = to_half_width(s);
    let t = t.trim().trim_end_matches('%').trim();
    let v: f64 = t.parse().map_err(|_| format!("“{s}”不是有效的百分比（例如 80 或 0.8）"))?;
    let v = if v > 1.0 { v / 100.0 } else { v };
    if !(v > 0.0 && v <= 1.0) {
        return Err(format!("“{s}”应在 0 到 100% 之间"));
    }
    Ok(v)
}

#[cfg(test)]
mod level_tests {
    use super::level;

    #[test]
    fn levels_as_percent_or_fraction() {
        assert_eq!(level("80"), Ok(0.8));
        assert_eq!(level("80%"), Ok(0.8));
        assert_eq!(level("0.9"), Ok(0.9));
        assert_eq!(level("100"), Ok(1.0));
        assert!(level("0").is_err());
        assert!(level("150").is_err());
        assert!(level("八十").is_err());
    }
}

/// The most power a kW field accepts, in W: 10 MW, far above any cabinet or row-head cabinet,
/// low enough that a slip of the unit (`4400` meant as W, read as kW) is caught.
pub const KW_FIELD_MAX_W: f64 = 10_000_000.0;

/// Power typed into a kW field, in whole watts: a bare number is kW (`4.4` → 4400), a unit is
/// taken as written (`4.4kW`, `4400W`, `4.4千瓦`, full-width `４．４ｋＷ`). Negative, empty,
/// other units and more than [`KW_FIELD_MAX_W`] are refused. The one place kW text is read:
/// the command line, the forms of the app and the workbook import all call it.
pub fn kw(s: &str) -> Result<i64, String> {
    let t = to_half_width(s);
    let t = t.trim();
    let (num, unit) = split_unit(t);
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "kw" | "千瓦" => 1000.0,
        "w" | "瓦" => 1.0,
        other => return Err(format!("无法识别的单位“{other}”（kW 或 W）")),
    };
    let w = number(num).map_err(|e| {
        if num.trim().is_empty() && !t.is_empty() {
            format!("“{s}”不是数字")
        } else {
            e
        }
    })? * factor;
    if w < 0.0 {
        return Err(format!("“{s}”不能为负数"));
    }
    if w > KW_FIELD_MAX_W {
        return Err(format!("“{s}”超出范围（至多 {} kW）", KW_FIELD_MAX_W / 1000.0));
    }
    Ok(w.round() as i64)
}

#[cfg(test)]
mod kw_tests {
    use super::kw;

    #[test]
    fn kw_text_as_people_write_it() {
        for (text, w) in [
            ("4.4", 4400),
            ("4.4kW", 4400),
            ("4.4 KW", 4400),
            ("4400W", 4400),
            ("4400 w", 4400),
            ("４．４ｋＷ", 4400),
            ("４４００", 4_400_000),
            ("4.4千瓦", 4400),
            ("0", 0),
            (" 12.345 ", 12_345),
            ("1,200W", 1200),
        ] {
            assert_eq!(kw(text), Ok(w), "{text}");
        }
        for text in ["-1", "-1kW", "abc", "", "   ", "4.4A", "kW", "4.4.4", "20000"] {
            assert!(kw(text).is_err(), "{text} is refused: {:?}", kw(text));
        }
        assert_eq!(kw("-1"), Err("“-1”不能为负数".to_string()));
        assert_eq!(kw(""), Err("不能为空".to_string()));
    }
}
