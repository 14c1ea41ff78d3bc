//! Where things go on a label sheet: the sheet's grid (presets of common A4 label stock, or any
//! `COLSxROWS` grid), the cells in print order, and each label's content laid out as drawing
//! operations in millimetres from the page's top-left corner. Text is fitted to its line: it
//! shrinks down to a floor size, and past that is cut with `…`. Pure geometry, no PDF here, so it
//! is unit-tested with a stand-in for the font's measurements.

use serde::Serialize;

use super::{CableLabel, DeviceLabel, Label};
use crate::error::{Error, Result};

/// Points per millimetre (1 pt = 1/72 in, 1 in = 25.4 mm).
pub const PT_PER_MM: f32 = 72.0 / 25.4;
pub const A4_W_MM: f32 = 210.0;
pub const A4_H_MM: f32 = 297.0;

/// Text is never set smaller than this: below ~5 pt a thermal or laser print stops being legible.
const MIN_PT: f32 = 5.0;
/// A line that would have to shrink below this share of its size wraps instead, room allowing.
const WRAP_BELOW: f32 = 0.75;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.22;

/// A sheet of labels: the page and the grid of labels on it, in millimetres.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    pub name: String,
    pub page_w_mm: f32,
    pub page_h_mm: f32,
    pub cols: u32,
    pub rows: u32,
    pub label_w_mm: f32,
    pub label_h_mm: f32,
    /// From the page's left edge to the first column.
    pub left_mm: f32,
    /// From the page's top edge to the first row.
    pub top_mm: f32,
    /// Between columns and between rows.
    pub gap_x_mm: f32,
    pub gap_y_mm: f32,
}

/// A preset sheet of A4 label stock, in millimetres.
struct Preset {
    name: &'static str,
    cols: u32,
    rows: u32,
    w: f32,
    h: f32,
    left: f32,
    top: f32,
    gap_x: f32,
    gap_y: f32,
}

const fn preset(
    name: &'static str,
    grid: (u32, u32),
    size: (f32, f32),
    margins: (f32, f32),
    gaps: (f32, f32),
) -> Preset {
    Preset {
        name,
        cols: grid.0,
        rows: grid.1,
        w: size.0,
        h: size.1,
        left: margins.0,
        top: margins.1,
        gap_x: gaps.0,
        gap_y: gaps.1,
    }
}

const PRESETS: &[Preset] = &[
    // 24 labels of 70 × 37 mm, edge to edge (the most common A4 asset-label stock).
    preset("a4-3x8", (3, 8), (70.0, 37.0), (0.0, 0.5), (0.0, 0.0)),
    // 21 labels of 70 × 42.3 mm.
    preset("a4-3x7", (3, 7), (70.0, 42.3), (0.0, 0.45), (0.0, 0.0)),
    // 14 labels of 99.1 × 38.1 mm (L7163 layout), for long owner names.
    preset("a4-2x7", (2, 7), (99.1, 38.1), (4.65, 15.15), (2.5, 0.0)),
    // 40 labels of 48.5 × 25.4 mm, small enough for cable ends.
    preset("a4-4x10", (4, 10), (48.5, 25.4), (8.0, 21.5), (0.0, 0.0)),
];

/// The default sheet: 3 × 8 labels of 70 × 37 mm.
pub const DEFAULT_SHEET: &str = "a4-3x8";

impl Default for Sheet {
    fn default() -> Self {
        Sheet::preset(DEFAULT_SHEET).unwrap_or_else(|| Sheet::grid(3, 8))
    }
}

impl Sheet {
    /// The names of the preset sheets.
    pub fn preset_names() -> Vec<&'static str> {
        PRESETS.iter().map(|p| p.name).collect()
    }

    pub fn preset(name: &str) -> Option<Sheet> {
        PRESETS.iter().find(|p| p.name.eq_ignore_ascii_case(name)).map(|p| Sheet {
            name: p.name.to_string(),
            page_w_mm: A4_W_MM,
            page_h_mm: A4_H_MM,
            cols: p.cols,
            rows: p.rows,
            label_w_mm: p.w,
            label_h_mm: p.h,
            left_mm: p.left,
            top_mm: p.top,
            gap_x_mm: p.gap_x,
            gap_y_mm: p.gap_y,
        })
    }

    /// An A4 page cut into `cols × rows` equal labels, edge to edge.
    pub fn grid(cols: u32, rows: u32) -> Sheet {
        let (cols, rows) = (cols.max(1), rows.max(1));
        Sheet {
            name: format!("{cols}x{rows}"),
            page_w_mm: A4_W_MM,
            page_h_mm: A4_H_MM,
            cols,
            rows,
            label_w_mm: A4_W_MM / cols as f32,
            label_h_mm: A4_H_MM / rows as f32,
            left_mm: 0.0,
            top_mm: 0.0,
            gap_x_mm: 0.0,
            gap_y_mm: 0.0,
        }
    }

    /// A preset's name (`a4-3x8`) or a grid (`3x8`, 1–8 columns, 1–20 rows).
    pub fn parse(text: &str) -> Result<Sheet> {
        let t = text.trim();
        if let Some(s) = Sheet::preset(t) {
            return Ok(s);
        }
        let grid = t.to_ascii_lowercase().split_once(['x', '×']).and_then(|(c, r)| {
            let (c, r) = (c.trim().parse::<u32>().ok()?, r.trim().parse::<u32>().ok()?);
            ((1..=8).contains(&c) && (1..=20).contains(&r)).then(|| Sheet::grid(c, r))
        });
        grid.ok_or_else(|| Error::InvalidValue {
            field: "标签纸".into(),
            value: text.into(),
            reason: format!("应为预设 {} 之一，或“列x行”（如 3x8，最多 8 列 20 行）", Sheet::preset_names().join("、")),
        })
    }

    pub fn per_page(&self) -> usize {
        (self.cols * self.rows) as usize
    }

    /// The cell of the `i`-th label on a page, row by row from the top left.
    pub fn cell(&self, i: usize) -> Rect {
        let cols = self.cols.max(1) as usize;
        let (col, row) = ((i % cols) as f32, (i / cols) as f32);
        Rect {
            x: self.left_mm + col * (self.label_w_mm + self.gap_x_mm),
            y: self.top_mm + row * (self.label_h_mm + self.gap_y_mm),
            w: self.label_w_mm,
            h: self.label_h_mm,
        }
    }
}

/// A rectangle in millimetres, from the page's top-left corner, y downward.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// What the layout needs from a font: advances and ascent in em.
pub trait Measure {
    fn width_em(&self, text: &str) -> f32;
    fn ascent_em(&self) -> f32;
}

impl Measure for super::font::LabelFont {
    fn width_em(&self, text: &str) -> f32 {
        super::font::LabelFont::width_em(self, text)
    }
    fn ascent_em(&self) -> f32 {
        super::font::LabelFont::ascent_em(self)
    }
}

/// One drawing operation, in millimetres (text size in points).
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A line of text; `baseline` is the y of its baseline.
    Text { x: f32, baseline: f32, size_pt: f32, text: String },
    /// A QR code of `data`, a square of side `side` with its top-left at (x, y).
    Qr { x: f32, y: f32, side: f32, data: String },
    /// The label's outline, for printing on plain paper.
    Outline(Rect),
}

/// The text of a line fitted to `max_w_mm`: the size it is set at, and the text, cut with `…`
/// when even the floor size is too wide.
pub fn fit(m: &dyn Measure, text: &str, max_w_mm: f32, preferred_pt: f32) -> (String, f32) {
    let max_pt = max_w_mm * PT_PER_MM;
    let em = m.width_em(text);
    if em * preferred_pt <= max_pt || max_pt <= 0.0 {
        return (text.to_string(), preferred_pt);
    }
    let floor = MIN_PT.min(preferred_pt);
    let size = (max_pt / em).max(floor);
    if em * size <= max_pt + 1e-3 {
        return (text.to_string(), size);
    }
    // Cut at the floor size: the longest prefix that leaves room for the ellipsis.
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        let cut: String = chars[..n].iter().collect::<String>() + "…";
        if m.width_em(&cut) * size <= max_pt {
            return (cut, size);
        }
        n -= 1;
    }
    ("…".to_string(), size)
}

/// One line to set: its text and its size relative to the body size.
struct Line {
    text: String,
    scale: f32,
}

/// Splits `text` where it reaches `max_pt` at `size_pt`: the longest head that fits (at a space
/// when one falls in its second half, so words stay whole) and the rest.
fn split_at_width(m: &dyn Measure, text: &str, max_pt: f32, size_pt: f32) -> Option<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut n = 0;
    while n < chars.len() && m.width_em(&chars[..=n].iter().collect::<String>()) * size_pt <= max_pt {
        n += 1;
    }
    if n == 0 || n >= chars.len() {
        return None;
    }
    if let Some(space) = chars[..n].iter().rposition(|c| *c == ' ').filter(|&i| i >= n / 2 && i > 0) {
        n = space;
    }
    let head: String = chars[..n].iter().collect::<String>().trim_end().to_string();
    let tail: String = chars[n..].iter().collect::<String>().trim_start().to_string();
    (!head.is_empty() && !tail.is_empty()).then_some((head, tail))
}

/// Stacks lines from the top of `area`, each fitted to the area's width, the body size chosen
/// so that all lines fit the area's height (at most `body_max_pt`). A body line too wide for
/// the area goes on to a second line when the height left allows one; only then is it shrunk
/// (and at the floor size cut). A slightly long line is shrunk rather than broken.
fn stack(m: &dyn Measure, lines: &[Line], area: Rect, body_max_pt: f32, ops: &mut Vec<Op>) {
    let mut lines: Vec<Line> = lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| Line { text: l.text.clone(), scale: l.scale })
        .collect();
    let units = |lines: &[Line]| lines.iter().map(|l| l.scale * LEADING).sum::<f32>();
    if units(&lines) <= 0.0 {
        return;
    }
    let body = (area.h * PT_PER_MM / units(&lines)).min(body_max_pt);
    let max_pt = area.w * PT_PER_MM;
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        // A slight shrink reads better than a broken line: wrap only below 75 % of the size.
        let fits = m.width_em(&l.text) * body * l.scale * WRAP_BELOW <= max_pt;
        let room = (units(&lines) + LEADING) * body <= area.h * PT_PER_MM;
        if !fits && room && l.scale <= 1.0 {
            if let Some((head, tail)) = split_at_width(m, &l.text, max_pt, body * l.scale) {
                let scale = l.scale;
                lines[i] = Line { text: head, scale };
                lines.insert(i + 1, Line { text: tail, scale });
            }
        }
        i += 1;
    }
    // Spread spare height evenly between the lines so a short label is not top-heavy.
    let used_mm: f32 = units(&lines) * body / PT_PER_MM;
    let spare = ((area.h - used_mm) / lines.len() as f32).clamp(0.0, body * 0.5 / PT_PER_MM);
    let mut top = area.y;
    for l in &lines {
        let (text, size) = fit(m, &l.text, area.w, body * l.scale);
        let line_h = body * l.scale * LEADING / PT_PER_MM;
        // Centre the glyphs' ascent within the line's leading.
        let baseline = top + (line_h - size / PT_PER_MM) / 2.0 + m.ascent_em() * size / PT_PER_MM;
        ops.push(Op::Text { x: area.x, baseline, size_pt: size, text });
        top += line_h + spare;
    }
}

/// The inner padding of a label: 7 % of its height, between 1.5 and 3 mm.
fn padding(cell: Rect) -> f32 {
    (cell.h * 0.07).clamp(1.5, 3.0)
}

/// A device label: the QR code of the asset tag on the left, the text beside it.
pub fn device(m: &dyn Measure, d: &DeviceLabel, cell: Rect) -> Vec<Op> {
    let pad = padding(cell);
    let mut ops = Vec::new();
    let side = (cell.h - 2.0 * pad).min(cell.w * 0.4).max(0.0);
    if !d.asset_tag.is_empty() && side > 0.0 {
        ops.push(Op::Qr { x: cell.x + pad, y: cell.y + pad, side, data: d.asset_tag.clone() });
    }
    let text_x = cell.x + pad + side + pad * 0.8;
    let area = Rect { x: text_x, y: cell.y + pad, w: cell.x + cell.w - pad - text_x, h: cell.h - 2.0 * pad };
    let line = |prefix: &str, v: &str| Line {
        text: if v.trim().is_empty() { String::new() } else { format!("{prefix}{v}") },
        scale: 1.0,
    };
    let lines = [
        Line { text: d.asset_tag.clone(), scale: 1.3 },
        line("", &d.name),
        line("型号 ", &d.model),
        line("SN ", &d.serial),
        line("位置 ", d.position.as_deref().unwrap_or("未上架")),
        line("归属 ", &d.owner),
    ];
    stack(m, &lines, area, 8.0, &mut ops);
    ops
}

/// A cable label for one end: the cable's number large, then this end and the far end.
pub fn cable_end(m: &dyn Measure, c: &CableLabel, this_is_a: bool, cell: Rect) -> Vec<Op> {
    let pad = padding(cell);
    let (here, there) = if this_is_a { (&c.a, &c.b) } else { (&c.b, &c.a) };
    let area = Rect { x: cell.x + pad, y: cell.y + pad, w: cell.w - 2.0 * pad, h: cell.h - 2.0 * pad };
    let lines = [
        Line { text: c.label.clone(), scale: 1.4 },
        Line { text: format!("本端 {}", here.text()), scale: 1.0 },
        Line { text: format!("对端 {}", there.text()), scale: 1.0 },
        Line { text: c.details(), scale: 0.85 },
    ];
    let mut ops = Vec::new();
    stack(m, &lines, area, 9.0, &mut ops);
    ops
}

/// Every page's operations: labels placed in order after `skip` cells already used on the first
/// sheet; a cable gives two labels, one per end.
pub fn pages(m: &dyn Measure, labels: &[Label], sheet: &Sheet, skip: usize, outline: bool) -> Vec<Vec<Op>> {
    let per_page = sheet.per_page().max(1);
    let skip = skip % per_page;
    let mut pages: Vec<Vec<Op>> = Vec::new();
    let faces = labels.iter().flat_map(|l| match l {
        Label::Device(_) => vec![(l, true)],
        Label::Cable(_) => vec![(l, true), (l, false)],
    });
    for (slot, (label, first_end)) in (skip..).zip(faces) {
        let (page, i) = (slot / per_page, slot % per_page);
        if pages.len() <= page {
            pages.push(Vec::new());
        }
        let cell = sheet.cell(i);
        let ops = match label {
            Label::Device(d) => device(m, d, cell),
            Label::Cable(c) => cable_end(m, c, first_end, cell),
        };
        if outline {
            pages[page].push(Op::Outline(cell));
        }
        pages[page].extend(ops);
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::CableEnd;

    /// CJK characters are 1 em wide, everything else half an em: close to Noto Sans CJK.
    struct Fake;
    impl Measure for Fake {
        fn width_em(&self, text: &str) -> f32 {
            text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
        }
        fn ascent_em(&self) -> f32 {
            0.88
        }
    }

    fn device_label() -> DeviceLabel {
        DeviceLabel {
            asset_tag: "ZC-2026-0001".into(),
            name: "政务云计算节点01".into(),
            model: "华为 FusionServer 2288H V6".into(),
            serial: "2102313LJR10N1000123".into(),
            position: Some("A01-U12".into()),
            owner: "市大数据局".into(),
        }
    }

    fn texts(ops: &[Op]) -> Vec<(f32, f32, f32, String)> {
        ops.iter()
            .filter_map(|o| match o {
                Op::Text { x, baseline, size_pt, text } => Some((*x, *baseline, *size_pt, text.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_default_sheet_is_24_labels_of_70_by_37_inside_a4() {
        let s = Sheet::default();
        assert_eq!((s.cols, s.rows, s.per_page()), (3, 8, 24));
        assert_eq!((s.label_w_mm, s.label_h_mm), (70.0, 37.0));
        let last = s.cell(23);
        assert!((last.x + last.w - 210.0).abs() < 0.01);
        assert!(last.y + last.h <= 297.0);
        assert_eq!(s.cell(4), Rect { x: 70.0, y: 37.5, w: 70.0, h: 37.0 });
    }

    #[test]
    fn every_preset_fits_its_page() {
        for name in Sheet::preset_names() {
            let s = Sheet::parse(name).unwrap();
            let last = s.cell(s.per_page() - 1);
            assert!(last.x + last.w <= s.page_w_mm + 0.01, "{name} too wide");
            assert!(last.y + last.h <= s.page_h_mm + 0.01, "{name} too tall");
        }
    }

    #[test]
    fn sheets_parse_presets_and_grids_and_refuse_nonsense() {
        assert_eq!(Sheet::parse("A4-4x10").unwrap().per_page(), 40);
        let g = Sheet::parse("2x5").unwrap();
        assert_eq!((g.label_w_mm, g.label_h_mm), (105.0, 59.4));
        for bad in ["", "0x8", "3x99", "three", "3x"] {
            let e = Sheet::parse(bad).unwrap_err();
            assert!(e.to_string().contains("a4-3x8"), "{bad}: {e}");
        }
    }

    #[test]
    fn fit_keeps_short_text_shrinks_longer_and_cuts_the_longest() {
        // 20 mm = 56.7 pt: "ABCD" at 8 pt is 16 pt wide.
        assert_eq!(fit(&Fake, "ABCD", 20.0, 8.0), ("ABCD".to_string(), 8.0));
        // 10 CJK characters at 8 pt = 80 pt > 56.7 pt: shrunk to fit, still whole.
        let (t, size) = fit(&Fake, "一二三四五六七八九十", 20.0, 8.0);
        assert_eq!(t, "一二三四五六七八九十");
        assert!((MIN_PT..8.0).contains(&size) && Fake.width_em(&t) * size <= 20.0 * PT_PER_MM + 0.01);
        // 30 characters cannot fit even at the floor size: cut with an ellipsis.
        let long = "很".repeat(30);
        let (t, size) = fit(&Fake, &long, 20.0, 8.0);
        assert_eq!(size, MIN_PT);
        assert!(t.ends_with('…') && t.chars().count() < 30);
        assert!(Fake.width_em(&t) * size <= 20.0 * PT_PER_MM);
    }

    #[test]
    fn a_device_label_stays_inside_its_cell_with_the_qr_on_the_left() {
        let cell = Sheet::default().cell(7);
        let ops = device(&Fake, &device_label(), cell);
        let Some(Op::Qr { x, y, side, data }) = ops.first() else { panic!("no QR: {ops:?}") };
        assert_eq!(data, "ZC-2026-0001");
        assert!(*side >= 20.0, "QR of {side} mm is too small to scan");
        assert!(*x >= cell.x && *y >= cell.y && y + side <= cell.y + cell.h);
        let lines = texts(&ops);
        assert_eq!(lines.len(), 6);
        assert_eq!(lines[0].3, "ZC-2026-0001");
        assert!(lines.iter().any(|l| l.3 == "位置 A01-U12"));
        let mut last_baseline = cell.y;
        for (tx, baseline, size, text) in &lines {
            assert!(*tx > x + side, "text overlaps the QR code");
            let width = Fake.width_em(text) * size / PT_PER_MM;
            assert!(tx + width <= cell.x + cell.w + 0.01, "{text} overflows");
            assert!(*baseline > last_baseline && *baseline <= cell.y + cell.h, "{text} out of the cell");
            last_baseline = *baseline;
        }
    }

    #[test]
    fn a_long_owner_wraps_onto_a_second_line_at_full_size() {
        let mut d = device_label();
        d.owner = "市大数据管理局电子政务外网运维中心".into();
        let cell = Sheet::default().cell(0);
        let lines = texts(&device(&Fake, &d, cell));
        assert_eq!(lines.len(), 7, "{lines:?}");
        let (head, tail) = (&lines[5], &lines[6]);
        assert!(head.3.starts_with("归属 市大数据"), "{head:?}");
        assert_eq!(format!("{}{}", head.3, tail.3), "归属 市大数据管理局电子政务外网运维中心");
        assert_eq!((head.2, tail.2), (lines[1].2, lines[1].2), "both at the body size");
        assert!(tail.1 <= cell.y + cell.h - 1.0, "the second line stays inside the label");
        // With no height to spare (a 4 × 10 sheet's small label), it shrinks or is cut instead.
        let small = Sheet::parse("a4-4x10").unwrap().cell(0);
        let lines = texts(&device(&Fake, &d, small));
        assert!(lines.len() <= 7);
        for (x, baseline, size, text) in &lines {
            assert!(x + Fake.width_em(text) * size / PT_PER_MM <= small.x + small.w + 0.01, "{text}");
            assert!(*baseline <= small.y + small.h, "{text}");
        }
    }

    #[test]
    fn missing_fields_leave_no_empty_lines_and_an_unracked_device_says_so() {
        let mut d = device_label();
        d.model.clear();
        d.position = None;
        let lines = texts(&device(&Fake, &d, Sheet::default().cell(0)));
        assert_eq!(lines.len(), 5);
        assert!(lines.iter().any(|l| l.3 == "位置 未上架"));
        assert!(!lines.iter().any(|l| l.3.starts_with("型号")));
    }

    #[test]
    fn a_cable_gives_two_labels_each_naming_its_own_end_first() {
        let end = |cab: &str, u: u32, port: &str| CableEnd {
            cabinet: Some(cab.into()),
            start_u: Some(u),
            asset_tag: None,
            port: port.into(),
            label: None,
        };
        let c = CableLabel {
            label: "A01-U40-GE1/0/1".into(),
            a: end("A01", 40, "GE1/0/1"),
            b: end("B03", 12, "eth0"),
            kind: Some("铜缆".into()),
            length_m: Some(3.0),
            colour: Some("蓝".into()),
        };
        let pages = pages(&Fake, &[Label::Cable(c)], &Sheet::default(), 0, false);
        assert_eq!(pages.len(), 1);
        let lines = texts(&pages[0]);
        let of = |t: &str| lines.iter().position(|l| l.3 == t).unwrap_or(usize::MAX);
        assert!(of("本端 A01-U40-GE1/0/1") < of("对端 B03-U12-eth0"));
        assert!(of("本端 B03-U12-eth0") < of("对端 A01-U40-GE1/0/1"));
        assert!(of("本端 B03-U12-eth0") != usize::MAX && of("铜缆 3 m 蓝") != usize::MAX);
    }

    #[test]
    fn labels_flow_onto_new_pages_after_the_skipped_cells() {
        let labels: Vec<Label> = (0..30).map(|_| Label::Device(device_label())).collect();
        let p = pages(&Fake, &labels, &Sheet::default(), 5, true);
        assert_eq!(p.len(), 2);
        let outlines = |ops: &[Op]| ops.iter().filter(|o| matches!(o, Op::Outline(_))).count();
        assert_eq!((outlines(&p[0]), outlines(&p[1])), (19, 11));
        // The first label sits in the sixth cell.
        assert_eq!(p[0][0], Op::Outline(Sheet::default().cell(5)));
    }
}
