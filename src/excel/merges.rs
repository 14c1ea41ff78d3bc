//! Merged regions of an .xlsx's sheets, found without parsing each sheet a second time.
//!
//! An .xlsx keeps a sheet's `<mergeCells>` after its cells, so calamine finds them with a second
//! full XML parse of the sheet — at 100,000 rows about as much work as reading the cells, and
//! on two cores it slowed the read of the cells beside it by a quarter (issue 9). Here the
//! sheet's part is only inflated and searched for `mergeCell` elements; the workbook's small
//! `workbook.xml` and its relationships say which part is which sheet. Anything unexpected
//! answers `None`, and the caller asks calamine as before.

use std::io::{Read, Seek};

use calamine::Dimensions;
use memchr::memmem;

/// The merged regions of each named sheet, in the order of `names`; `None` when the workbook
/// is not laid out the usual way.
pub fn xlsx_merges<R: Read + Seek>(file: R, names: &[String]) -> Option<Vec<Vec<Dimensions>>> {
    let mut zip = zip::ZipArchive::new(file).ok()?;
    let workbook = part_text(&mut zip, "xl/workbook.xml")?;
    let rels = part_text(&mut zip, "xl/_rels/workbook.xml.rels")?;
    let targets: Vec<(String, String)> = elements(&rels, "Relationship")
        .filter_map(|attrs| Some((attr(attrs, "Id")?, attr(attrs, "Target")?)))
        .collect();
    let sheets: Vec<(String, String)> = elements(&workbook, "sheet")
        .filter_map(|attrs| {
            let name = attr(attrs, "name")?;
            let id = prefixed_attr(attrs, "id")?;
            let target = &targets.iter().find(|(i, _)| *i == id)?.1;
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, path))
        })
        .collect();
    names
        .iter()
        .map(|n| {
            let path = &sheets.iter().find(|(name, _)| name == n)?.1;
            scan(zip.by_name(path).ok()?)
        })
        .collect()
}

fn part_text<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let mut s = String::new();
    // These parts list sheets and links: a few KB. More is not a workbook to trust here.
    zip.by_name(name).ok()?.take(16 << 20).read_to_string(&mut s).ok()?;
    Some(s)
}

/// The attribute text of each `<name …>` or `<prefix:name …>` element.
fn elements<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    xml.split('<').filter_map(move |tag| {
        let end = tag.find('>')?;
        let tag = tag[..end].trim_end_matches('/');
        if tag.starts_with(['/', '?', '!']) {
            return None;
        }
        let (tag_name, attrs) = tag.split_once(|c: char| c.is_ascii_whitespace()).unwrap_or((tag, ""));
        let local = tag_name.rsplit(':').next()?;
        (local == name).then_some(attrs)
    })
}

/// An attribute's unescaped value (`name="…"` or `name='…'`, no prefix).
fn attr(attrs: &str, name: &str) -> Option<String> {
    attributes(attrs).find(|(k, _)| *k == name).map(|(_, v)| unescape(v))
}

/// An attribute of another namespace by its local name (`r:id`, whatever the prefix).
fn prefixed_attr(attrs: &str, local: &str) -> Option<String> {
    attributes(attrs).find(|(k, _)| k.split_once(':').is_some_and(|(_, l)| l == local)).map(|(_, v)| unescape(v))
}

fn attributes(mut s: &str) -> impl Iterator<Item = (&str, &str)> {
    std::iter::from_fn(move || {
        let eq = s.find('=')?;
        let key = s[..eq].trim();
        let rest = s[eq + 1..].trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = rest[1..].find(quote)?;
        let value = &rest[1..1 + close];
        s = &rest[close + 2..];
        Some((key, value))
    })
}

fn unescape(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    v.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The `ref` of every `mergeCell` element of a sheet part, read as it inflates. A `<` cannot
/// stand unescaped in a cell's text, so `<mergeCell` (or `<x:mergeCell`) is always the element.
fn scan(mut part: impl Read) -> Option<Vec<Dimensions>> {
    const CHUNK: usize = 1 << 16;
    // An element longer than this is not one Excel writes.
    const MAX_ELEMENT: usize = 4096;
    let finder = memmem::Finder::new(b"mergeCell");
    let mut out = Vec::new();
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + MAX_ELEMENT);
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = part.read(&mut chunk).ok()?;
        buf.extend_from_slice(&chunk[..n]);
        // Where the next round's buffer starts: never before the end of an element already
        // read (it would be found twice), and early enough to keep a partial one whole.
        let mut done_to = 0;
        let mut partial = None;
        let mut at = 0;
        while let Some(i) = finder.find(&buf[at..]).map(|i| i + at) {
            let after = i + b"mergeCell".len();
            let Some(&next) = buf.get(after) else {
                partial = Some(i);
                break;
            };
            let opens = buf[..i].iter().rposition(|b| *b == b'<').is_some_and(|lt| {
                let prefix = &buf[lt + 1..i];
                prefix.is_empty() || (prefix.ends_with(b":") && prefix.len() < 32 && !prefix.contains(&b'>'))
            });
            if !opens || !(next.is_ascii_whitespace() || next == b'/' || next == b'>') {
                at = after;
                continue;
            }
            let Some(close) = memchr::memchr(b'>', &buf[after..]).map(|c| c + after) else {
                if buf.len() - i > MAX_ELEMENT {
                    return None;
                }
                partial = Some(i);
                break;
            };
            let attrs = std::str::from_utf8(&buf[after..close]).ok()?;
            if let Some(r) = attr(attrs, "ref") {
                out.push(parse_ref(&r)?);
            }
            at = close;
            done_to = close;
        }
        if n == 0 {
            return Some(out);
        }
        let keep_from = match partial {
            Some(i) => i.saturating_sub(32),
            None => buf.len().saturating_sub(16),
        };
        buf.drain(..keep_from.max(done_to).min(buf.len()));
    }
}

/// `B2:D5` (or `B2`) as 0-based (row, column) corners.
fn parse_ref(r: &str) -> Option<Dimensions> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    let (a, b) = (cell(a)?, cell(b)?);
    Some(Dimensions::new((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1))))
}

fn cell(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col = 0u32;
    for c in letters.chars() {
        let c = c.to_ascii_uppercase();
        if !c.is_ascii_uppercase() {
            return None;
        }
        col = col * 26 + (c as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs() {
        assert_eq!(parse_ref("A1:C3"), Some(Dimensions::new((0, 0), (2, 2))));
        assert_eq!(parse_ref("$B$2"), Some(Dimensions::new((1, 1), (1, 1))));
        assert_eq!(parse_ref("AA10:A1"), Some(Dimensions::new((0, 0), (9, 26))));
        assert_eq!(parse_ref("1A"), None);
        assert_eq!(parse_ref("A0"), None);
    }

    #[test]
    fn finds_merges_across_chunk_edges_and_prefixes() {
        // The elements land on every offset against the 64 KiB chunks.
        let mut xml = String::from("<worksheet><sheetData>");
        xml.push_str(&"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>mergeCell &lt;mergeCell ref=\"Z9:Z10\"/&gt;</t></is></c></row>".repeat(900));
        xml.push_str("</sheetData><x:mergeCells count=\"2\">");
        for i in 0..300 {
            xml.push_str(&format!("<x:mergeCell ref=\"A{}:B{}\"/>", i * 3 + 1, i * 3 + 2));
        }
        xml.push_str("<mergeCell ref='C1:C2'></mergeCell></x:mergeCells></worksheet>");
        let found = scan(xml.as_bytes()).unwrap();
        assert_eq!(found.len(), 301);
        assert_eq!(found[0], Dimensions::new((0, 0), (1, 1)));
        assert_eq!(found[299], Dimensions::new((897, 0), (898, 1)));
        assert_eq!(found[300], Dimensions::new((0, 2), (1, 2)));
    }

    #[test]
    fn same_regions_as_calamine() {
        use calamine::Reader;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let fmt = rust_xlsxwriter::Format::new();
        let names = ["资产登记", "机柜 & 列头柜", "空"];
        for (k, name) in names.iter().enumerate() {
            let ws = wb.add_worksheet().set_name(*name).unwrap();
            if k == 2 {
                continue;
            }
            for r in 0..3000u32 {
                ws.write_string(r + 2, 0, format!("第 {r} 行 mergeCell <mergeCell ref=\"A1:B2\"/>")).unwrap();
            }
            ws.merge_range(0, 0, 0, 30, "标题", &fmt).unwrap();
            for r in 0..200u32 {
                ws.merge_range(r * 10 + 2, 1 + k as u16, r * 10 + 6, 2 + k as u16, "机房", &fmt).unwrap();
            }
        }
        wb.save(&path).unwrap();
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let ours = xlsx_merges(std::fs::File::open(&path).unwrap(), &names).unwrap();
        let mut cal: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        for (i, n) in names.iter().enumerate() {
            let theirs = cal.merge_cells_by_sheet_name(n).unwrap();
            assert_eq!(ours[i], theirs, "{n}");
        }
        assert_eq!(ours[0].len(), 201);
        assert!(ours[2].is_empty());
        assert!(cal.sheet_names().len() == 3);
    }

    #[test]
    fn workbook_parts() {
        let wb = r#"<workbook xmlns:r="x"><sheets><sheet name="资产 &amp; 登记" sheetId="1" r:id="rId2"/><sheet name='b' sheetId="2" r:id="rId1"/></sheets></workbook>"#;
        let got: Vec<_> = elements(wb, "sheet").map(|a| (attr(a, "name"), prefixed_attr(a, "id"))).collect();
        assert_eq!(got[0], (Some("资产 & 登记".into()), Some("rId2".into())));
        assert_eq!(got[1], (Some("b".into()), Some("rId1".into())));
        assert_eq!(elements(wb, "sheets").count(), 1);
    }
}
