//! Files that are not ledgers: other files renamed `.xlsx`, a zip that is no workbook, a corrupt
//! zip, an empty workbook, a zip bomb, a cell of megabytes — each refused whole with a clear
//! Chinese message, exit 1, nothing written. Then a stable-toolchain fuzz: seeded mutations of a
//! real workbook and of CSV bytes, and random sheets straight into the importer, must never
//! panic (see fuzz/ for the cargo-fuzz target of the same code).

use std::io::{Read, Write};
use std::path::Path;

use rackledger::excel::import::import_sheets;
use rackledger::excel::import_file;
use rackledger::excel::read::RawSheet;
use rackledger::{Ctx, Lang, Ledger};
use rust_xlsxwriter::Workbook;

use crate::common::Site;

/// A small valid 资产登记 workbook.
fn good(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("资产登记").unwrap();
    for (c, h) in ["资产编号", "设备名称", "设备类型", "品牌", "型号", "序列号", "归属单位", "额定功率(W)", "状态"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["T-1", "web01", "服务器", "华为", "2288H", "SN-T1", "平台", "500", "库存"].iter().enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(path).unwrap();
}

/// Rewrites a zip, passing each entry's bytes through `edit`.
fn rezip(from: &Path, to: &Path, edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) {
    let mut z = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        w.start_file(&name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(&edit(&name, bytes)).unwrap();
    }
    w.finish().unwrap();
}

/// Imports `path` and expects a refusal whose message contains `want`; nothing is written.
fn refused(s: &Site, path: &Path, want: &str) -> serde_json::Value {
    // A ledger with a room in it (the second time the room is already there).
    let _ = s.json(&["room", "add", "一号机房"]);
    let before = s.files();
    let r = s.json(&["import", path.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}: {}", path.display(), r.stdout);
    let doc = r.json();
    assert_eq!(doc["ok"], false);
    let msg = doc["errors"][0]["message"].as_str().unwrap_or_default().to_string();
    assert!(msg.contains(want), "{}: expected “{want}” in “{msg}”", path.display());
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    s.files().assert_unchanged(&before, "a refused file");
    doc
}

#[test]
fn files_that_are_not_workbooks_are_refused_with_what_they_are() {
    let s = Site::new();
    s.ok(&["room", "add", "一号机房"]);
    let dir = s.dir_path();
    let txt = dir.join("notes.xlsx");
    std::fs::write(&txt, "资产编号,名称\nA,B\n").unwrap();
    refused(&s, &txt, "改了扩展名");
    let pdf = dir.join("scan.xlsx");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj").unwrap();
    refused(&s, &pdf, "PDF");
    let empty = dir.join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    refused(&s, &empty, "空的");
    // A zip, but of something else.
    let other = dir.join("photos.xlsx");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&other).unwrap());
    w.start_file("readme.txt", zip::write::SimpleFileOptions::default()).unwrap();
    w.write_all(b"hello").unwrap();
    w.finish().unwrap();
    refused(&s, &other, "不是 Excel 工作簿");
    // A real workbook cut in half.
    let whole = dir.join("whole.xlsx");
    good(&whole);
    let bytes = std::fs::read(&whole).unwrap();
    let cut = dir.join("cut.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    refused(&s, &cut, "损坏");
    // The same workbook with its sheet's bytes scrambled (the zip is fine, the XML is not).
    let garbled = dir.join("garbled.xlsx");
    rezip(
        &whole,
        &garbled,
        |name, b| if name.contains("worksheets/") { b.iter().map(|x| x ^ 0x5A).collect() } else { b },
    );
    let r = s.json(&["import", garbled.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
}

#[test]
fn an_empty_workbook_is_refused() {
    let s = Site::new();
    let path = s.path("blank.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet();
    wb.save(&path).unwrap();
    refused(&s, &path, "没有可导入的工作表");
}

/// A zip whose central directory says a part expands to 4 GB: refused from the directory,
/// before any byte is inflated.
#[test]
fn a_zip_bomb_is_refused_before_it_is_read() {
    let s = Site::new();
    let good_path = s.path("good.xlsx");
    good(&good_path);
    let mut bytes = std::fs::read(&good_path).unwrap();
    // Every central-directory header (PK 01 02) of a worksheet: uncompressed size at offset 24.
    let mut patched = 0;
    let mut i = 0;
    while i + 46 < bytes.len() {
        if bytes[i..i + 4] == [b'P', b'K', 1, 2] {
            let name_len = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
            let name = String::from_utf8_lossy(&bytes[i + 46..i + 46 + name_len]).to_string();
            if name.contains("worksheets/sheet") {
                bytes[i + 24..i + 28].copy_from_slice(&0xF000_0000u32.to_le_bytes());
                patched += 1;
            }
        }
        i += 1;
    }
    assert_eq!(patched, 1);
    let bomb = s.path("bomb.xlsx");
    std::fs::write(&bomb, &bytes).unwrap();
    refused(&s, &bomb, "压缩炸弹");
}

#[test]
fn a_cell_of_megabytes_is_refused_with_its_location() {
    let s = Site::new();
    let good_path = s.path("good.xlsx");
    good(&good_path);
    let big = "长".repeat(1_000_000);
    let path = s.path("huge.xlsx");
    rezip(&good_path, &path, |name, b| {
        if name.ends_with("sharedStrings.xml") {
            String::from_utf8(b).unwrap().replace("web01", &big).into_bytes()
        } else {
            b
        }
    });
    let doc = refused(&s, &path, "超过 Excel 单元格上限");
    let msg = doc["errors"][0]["message"].as_str().unwrap();
    assert!(msg.contains("第 2 行第 B 列"), "{msg}");
    // The same in a CSV.
    let csv = s.path("huge.csv");
    std::fs::write(&csv, format!("资产编号,设备名称\nT-1,{big}\n")).unwrap();
    let doc = refused(&s, &csv, "超过 Excel 单元格上限");
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("第 2 行第 B 列"));
}

#[test]
fn a_gb18030_csv_imports_like_a_utf8_one() {
    let s = Site::new();
    let text = "资产编号,设备名称,设备类型,品牌,型号,序列号,资产性质,归属单位,占用U数,额定功率(W),状态\n\
                GB-1,数据库服务器,服务器,浪潮,NF5280M6,SN-GB1,自有,市公安局,2,800,库存\n";
    let (gb, _, bad) = encoding_rs::GB18030.encode(text);
    assert!(!bad);
    let path = s.path("台账.csv");
    std::fs::write(&path, &gb).unwrap();
    let doc = s.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(doc["sheets"][0]["inserted"], 1, "{doc:#}");
    let a = s.show("GB-1");
    assert_eq!(a["asset"]["name"].as_str().or(a["name"].as_str()), Some("数据库服务器"), "{a:#}");
}

/// xorshift: a small deterministic generator, so a failure names its seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Seeded mutations of a real workbook's bytes through the whole import: never a panic, and a
/// refused file writes nothing.
#[test]
fn mutated_workbooks_never_panic_the_importer() {
    let dir = tempfile::tempdir().unwrap();
    let seed_file = dir.path().join("seed.xlsx");
    good(&seed_file);
    let seed = std::fs::read(&seed_file).unwrap();
    let mut ledger = Ledger::open_in_memory(Lang::Zh).unwrap();
    let ctx = Ctx::now("fuzz");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let path = dir.path().join("m.xlsx");
    let mut refused = 0;
    for round in 0..300 {
        let mut b = seed.clone();
        for _ in 0..1 + rng.below(8) {
            match rng.below(4) {
                0 => {
                    let i = rng.below(b.len());
                    b[i] = rng.next() as u8;
                }
                1 => b.truncate(rng.below(b.len()) + 1),
                2 => {
                    let i = rng.below(b.len());
                    b.insert(i, rng.next() as u8)
                }
                _ => {
                    let i = rng.below(b.len());
                    let j = (i + rng.below(64)).min(b.len());
                    b.drain(i..j);
                }
            }
        }
        std::fs::write(&path, &b).unwrap();
        let r = import_file(&mut ledger, &ctx, &path, true, &mut |_| {})
            .unwrap_or_else(|e| panic!("round {round}: a file error must be a report, not Err: {e}"));
        if !r.ok {
            refused += 1;
            assert!(!r.errors.is_empty(), "round {round}");
        }
    }
    assert!(refused > 100, "most mutations break the file ({refused} of 300 refused)");
    assert_eq!(ledger.asset_count(&Default::default()).unwrap(), 0, "dry runs wrote nothing");
}

/// Random sheets (known headers, random cells) straight into import_sheets, and random bytes as
/// CSV: every outcome is a report.
#[test]
fn random_sheets_and_csv_bytes_never_panic_the_importer() {
    use rackledger::excel::read::{Cell, RawRow};
    let headers = [
        "资产编号",
        "设备名称",
        "设备类型",
        "品牌",
        "型号",
        "序列号",
        "归属单位",
        "机房",
        "机柜编号",
        "起始U位",
        "占用U数",
        "额定功率(W)",
        "状态",
        "购置日期",
        "机柜编号",
        "U数",
        "额定功率(kW)",
        "列头柜编号",
        "额定容量(kW)",
        "维修单号",
        "故障现象",
        "报修时间",
        "维修方式",
        "登记编号",
        "类别",
        "发生时间",
        "来源",
        "级别",
        "描述",
        "读数时间",
    ];
    let values = [
        "",
        "A01",
        "服务器",
        "2026-13-45",
        "-1",
        "1e309",
        "０",
        "在用",
        "返厂",
        "是",
        "x|y|0",
        "=1+1",
        "一号机房",
        "42",
        "4.4kW",
    ];
    let names = ["资产登记", "机柜", "列头柜", "维修记录", "故障告警登记", "功率读数", "机房", "Sheet1"];
    let mut rng = Rng(42);
    let mut ledger = Ledger::open_in_memory(Lang::Zh).unwrap();
    let ctx = Ctx::now("fuzz");
    for round in 0..300 {
        let sheets: Vec<RawSheet> = (0..1 + rng.below(3))
            .map(|_| {
                let width = 1 + rng.below(12);
                let mut rows = vec![RawRow {
                    number: 1,
                    cells: (0..width).map(|_| Cell::Text(headers[rng.below(headers.len())].into())).collect(),
                }];
                for r in 0..rng.below(6) {
                    let cells = (0..width)
                        .map(|_| match rng.below(5) {
                            0 => Cell::Number((rng.next() % 100_000) as f64 / 7.0),
                            1 => Cell::Empty,
                            _ => Cell::Text(values[rng.below(values.len())].into()),
                        })
                        .collect();
                    rows.push(RawRow { number: r as u32 + 2, cells });
                }
                RawSheet { name: names[rng.below(names.len())].into(), rows }
            })
            .collect();
        let r = import_sheets(&mut ledger, &ctx, &sheets, true, &mut |_| {});
        assert!(r.is_ok(), "round {round}: {r:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.csv");
    for round in 0..200 {
        let bytes: Vec<u8> = (0..rng.below(400)).map(|_| rng.next() as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let r = import_file(&mut ledger, &ctx, &path, true, &mut |_| {});
        assert!(r.is_ok(), "csv round {round}: {r:?}");
    }
}
