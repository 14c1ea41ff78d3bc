//! Plain-text tables that line up with Chinese text (a CJK character is two columns wide).

use unicode_width::UnicodeWidthStr;

/// Renders `rows` under `headers`, columns separated by two spaces.
pub fn render<S: AsRef<str>>(headers: &[S], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.as_ref().width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    let mut out = String::new();
    let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
        let mut parts = Vec::new();
        for (i, cell) in cells.enumerate() {
            let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(cell.width());
            parts.push(format!("{cell}{}", " ".repeat(pad)));
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().map(|h| h.as_ref()), &mut out);
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    out.push_str(&rule.join("  "));
    out.push('\n');
    for row in rows {
        line(&mut row.iter().map(String::as_str), &mut out);
    }
    out
}

/// The line under a list: `显示 50 / 共 150 台` when `--limit` (or the default window) left rows
/// out, `共 150 台` when every matching row is shown. `unit` is the counter word and the English
/// noun: `("台", "assets")`.
pub fn shown(count: usize, total: i64, unit: (&str, &str), lang: crate::i18n::Lang) -> String {
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    let (zh, en) = unit;
    match (count < total, lang) {
        (true, crate::i18n::Lang::Zh) => format!("显示 {count} / 共 {total} {zh}"),
        (true, crate::i18n::Lang::En) => format!("showing {count} of {total} {en}"),
        (false, crate::i18n::Lang::Zh) => format!("共 {total} {zh}"),
        (false, crate::i18n::Lang::En) => format!("{total} {en}"),
    }
}

/// `key: value` lines with aligned keys.
pub fn pairs(items: &[(String, String)]) -> String {
    let w = items.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    items.iter().map(|(k, v)| format!("{k}{}  {v}\n", " ".repeat(w - k.width()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_chinese_and_ascii() {
        let t = render(&["编号", "name"], &[vec!["A1".into(), "服务器".into()], vec!["机柜B".into(), "x".into()]]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "编号   name");
        assert_eq!(lines[2], "A1     服务器");
        assert_eq!(lines[3], "机柜B  x");
    }
}
