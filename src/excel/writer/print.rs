//! How every export prints: A4, landscape when the columns need it, fit to one page wide (as
//! many pages tall as the rows take), the title and header rows repeated on every page, a footer
//! with 第 N 页 / 共 M 页, the form's name and the export time, and — where the form is signed
//! on paper — a block of signature lines under the table.
//!
//! The toolkit decides all of it from the sheet's columns; a form only declares its signers.
//! Widths are in Excel's unit, the width of one `0` of the default 11-point font (a CJK
//! character takes two).

use chrono::NaiveDateTime;
use rust_xlsxwriter::{Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::Formats;

/// rust_xlsxwriter's (and Excel's) paper code for A4.
const PAPER_A4: u8 = 9;

/// Margins in inches: narrow at the sides so a wide form loses less to scaling, room at the
/// bottom for the footer. Excel's defaults are 0.7 / 0.75.
const MARGIN_SIDE: f64 = 0.4;
const MARGIN_TOP: f64 = 0.55;
const MARGIN_BOTTOM: f64 = 0.7;
const MARGIN_HEADER: f64 = 0.3;
const MARGIN_FOOTER: f64 = 0.3;

/// How many width units fit across an A4 portrait page between the margins. The page is 8.27
/// in wide, 7.47 in between 0.4 in margins, 717 px at 96 dpi; a column of width w takes about
/// 7w + 5 px (one `0` of Calibri 11 is 7 px, plus padding), so about 95 units for the typical
/// 12-column sheet. Wider sheets print landscape (about 145 units) and are scaled down to fit.
pub(crate) const PORTRAIT_WIDTH: f64 = 95.0;

/// The first cell of the signature block's first row. An import stops reading a table's
/// records there, so a printed-and-signed export still imports back.
pub const SIGN_LABEL: &str = "签字确认";

/// Excel's limit on a header or footer, control codes included.
const FOOTER_MAX: usize = 255;

/// The title is 14-point bold, the body 11-point: the title needs this much more width.
const TITLE_SCALE: f64 = 14.0 / 11.0 * 1.1;

/// Whether a row's first cell starts the signature block (see [`SIGN_LABEL`]).
pub fn starts_signatures(first_cell: &str) -> bool {
    first_cell.trim() == SIGN_LABEL
}

/// What a printed page of one sheet shows around its cells.
pub(crate) struct Page {
    /// The form's name, shown at the left of the footer.
    pub form: String,
    /// The export time, at the right of the footer.
    pub stamp: NaiveDateTime,
    /// The rows repeated at the top of every page (0-based, inclusive).
    pub repeat: (u32, u32),
}

/// The footer: the form's name, 第 N 页 / 共 M 页, and the export time. `&` is the footer's
/// control character, so a literal one is doubled; the name is cut to Excel's limit.
fn footer(page: &Page) -> String {
    let name: String = page.form.replace('&', "&&").chars().take(80).collect();
    let s = format!("&L{name}&C第 &P 页 / 共 &N 页&R导出时间 {}", page.stamp.format("%Y-%m-%d %H:%M"));
    s.chars().take(FOOTER_MAX).collect()
}

/// Sets the page up for printing, given the sheet's column widths (as set on the sheet).
pub(crate) fn page_setup(ws: &mut Worksheet, widths: &[f64], page: &Page) -> Result<(), XlsxError> {
    ws.set_paper_size(PAPER_A4);
    if widths.iter().sum::<f64>() > PORTRAIT_WIDTH {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(MARGIN_SIDE, MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM, MARGIN_HEADER, MARGIN_FOOTER);
    ws.set_print_center_horizontally(true);
    ws.set_print_gridlines(true);
    ws.set_repeat_rows(page.repeat.0, page.repeat.1)?;
    ws.set_footer(footer(page));
    Ok(())
}

/// Widens the columns evenly until the merged title fits across them, so the title is not
/// cut at the page's edge (the page is as wide as the columns once fit to one page wide).
pub(crate) fn fit_title(widths: &mut [f64], title: &str) {
    let need = title.lines().map(UnicodeWidthStr::width).max().unwrap_or(0) as f64 * TITLE_SCALE + 2.0;
    let have: f64 = widths.iter().sum();
    if widths.is_empty() || have >= need {
        return;
    }
    let extra = (need - have) / widths.len() as f64;
    for w in widths.iter_mut() {
        *w = (*w + extra).ceil();
    }
}

/// Writes the signature block from row `r`: [`SIGN_LABEL`], then one line a signer with a
/// blank to sign on and a date, each on its own tall row (the text runs over the empty cells
/// to its right). Returns the row after the block.
pub(crate) fn signatures(ws: &mut Worksheet, fm: &Formats, r: u32, signers: &[&str]) -> Result<u32, XlsxError> {
    if signers.is_empty() {
        return Ok(r);
    }
    ws.write_string_with_format(r, 0, SIGN_LABEL, &fm.label)?;
    let mut row = r + 1;
    for who in signers {
        ws.set_row_height(row, 30)?;
        ws.write_string_with_format(
            row,
            0,
            format!("{who}：____________________    日期：______年____月____日"),
            &fm.sign,
        )?;
        row += 1;
    }
    Ok(row)
}

/// Column widths of a form laid out cell by cell (附件2, 附件5), grown as its cells are noted.
#[derive(Default)]
pub(crate) struct Widths(Vec<usize>);

impl Widths {
    /// Notes that column `c` shows `text`.
    pub fn see(&mut self, c: u16, text: &str) {
        let c = usize::from(c);
        if self.0.len() <= c {
            self.0.resize(c + 1, 0);
        }
        let w = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
        self.0[c] = self.0[c].max(w);
    }

    /// The widths to set: the widest text plus padding, within 4–40.
    pub fn widths(&self) -> Vec<f64> {
        self.0.iter().map(|w| (*w as f64 + 2.0).clamp(4.0, 40.0)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_sheet_widens_to_its_title_and_a_wide_one_keeps_its_widths() {
        let mut w = vec![8.0, 8.0];
        fit_title(&mut w, "机房表（导出时间 2026-12-07 10:00）");
        assert!(w.iter().sum::<f64>() >= 34.0 * 14.0 / 11.0, "{w:?}");
        let mut wide = vec![30.0; 5];
        fit_title(&mut wide, "机房表");
        assert_eq!(wide, vec![30.0; 5]);
    }

    #[test]
    fn the_footer_numbers_pages_and_escapes_ampersands() {
        let stamp = NaiveDateTime::parse_from_str("2026-12-07 10:00", "%Y-%m-%d %H:%M").unwrap();
        let f = footer(&Page { form: "R&D 表".into(), stamp, repeat: (0, 1) });
        assert_eq!(f, "&LR&&D 表&C第 &P 页 / 共 &N 页&R导出时间 2026-12-07 10:00");
        let long = "表".repeat(300);
        assert!(footer(&Page { form: long, stamp, repeat: (0, 1) }).chars().count() <= FOOTER_MAX);
    }

    #[test]
    fn only_the_sign_label_starts_the_signature_block() {
        assert!(starts_signatures(" 签字确认 "));
        assert!(!starts_signatures("审批人"));
        assert!(!starts_signatures(""));
    }
}
