//! The text every time and date column holds: `YYYY-MM-DD HH:MM:SS` and `YYYY-MM-DD`. Written
//! by hand because an import stamps each of 100,000 assets several times and chrono's
//! formatter (parsing its format string on every call) was 6 % of the import's time.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// `YYYY-MM-DD HH:MM:SS`, exactly what `format("%Y-%m-%d %H:%M:%S")` writes.
pub fn stamp(at: NaiveDateTime) -> String {
    let mut s = day(at.date());
    if s.len() != 10 {
        // A year outside 0–9999: chrono's own form (`+10000-…`).
        return at.format("%Y-%m-%d %H:%M:%S").to_string();
    }
    s.push(' ');
    push2(&mut s, at.hour());
    s.push(':');
    push2(&mut s, at.minute());
    s.push(':');
    push2(&mut s, at.second());
    s
}

/// `YYYY-MM-DD`, exactly what `format("%Y-%m-%d")` writes.
pub fn day(d: NaiveDate) -> String {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.format("%Y-%m-%d").to_string();
    }
    let mut s = String::with_capacity(19);
    let y = year as u32;
    push2(&mut s, y / 100);
    push2(&mut s, y % 100);
    s.push('-');
    push2(&mut s, d.month());
    s.push('-');
    push2(&mut s, d.day());
    s
}

/// [`stamp`] of a time that may be absent.
pub(crate) fn stamp_opt(t: Option<NaiveDateTime>) -> Option<String> {
    t.map(stamp)
}

/// A time column read back (`column` is its index, for the error).
pub(crate) fn decode_time(v: Option<String>, column: usize) -> crate::db::SqlResult<Option<NaiveDateTime>> {
    v.map(|v| {
        NaiveDateTime::parse_from_str(&v, crate::model::repair_time_format())
            .map_err(|e| crate::db::SqlError::Conversion { column, message: e.to_string() })
    })
    .transpose()
}

fn push2(s: &mut String, n: u32) {
    s.push(char::from(b'0' + (n / 10 % 10) as u8));
    s.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_as_chrono() {
        let mut d = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        let mut k = 0u32;
        while d < last {
            let t = d.and_hms_opt(k % 24, (k * 7) % 60, (k * 13) % 60).unwrap();
            assert_eq!(stamp(t), t.format("%Y-%m-%d %H:%M:%S").to_string());
            assert_eq!(day(d), d.format("%Y-%m-%d").to_string());
            d += chrono::Duration::days(37 + i64::from(k % 5));
            k += 1;
        }
        for y in [-1, 10_000, 262_000] {
            let t = NaiveDate::from_ymd_opt(y, 3, 4).unwrap().and_hms_opt(5, 6, 7).unwrap();
            assert_eq!(stamp(t), t.format("%Y-%m-%d %H:%M:%S").to_string());
            assert_eq!(day(t.date()), t.format("%Y-%m-%d").to_string());
        }
    }
}
