//! `label devices` and `label cables`: a real PDF, rendered by poppler (`pdftoppm`) and read back
//! as text (`pdftotext`), so the embedded font, its subset and its ToUnicode map are all checked
//! by a reader that is not ours.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::Site;

/// Runs a poppler tool; these come from Debian's poppler-utils (in the x script's APT list).
fn poppler(tool: &str, args: &[&str]) -> std::process::Output {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} did not run ({e}); install poppler-utils (apt-get install poppler-utils)"));
    assert!(out.status.success(), "{tool} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn pdf_text(pdf: &Path) -> String {
    let out = poppler("pdftotext", &["-layout", &pdf.display().to_string(), "-"]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Page 1 rendered in grey at `dpi`: (width, height, pixels), from pdftoppm's binary PGM.
fn render_gray(pdf: &Path, dpi: u32) -> (usize, usize, Vec<u8>) {
    let root = pdf.with_extension("");
    let dpi = dpi.to_string();
    poppler(
        "pdftoppm",
        &["-gray", "-r", &dpi, "-f", "1", "-l", "1", &pdf.display().to_string(), &root.display().to_string()],
    );
    let dir = pdf.parent().expect("dir");
    let stem = root.file_name().expect("stem").to_string_lossy().to_string();
    let pgm = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            name.starts_with(&stem) && name.ends_with(".pgm")
        })
        .expect("pdftoppm wrote a .pgm");
    parse_pgm(&std::fs::read(pgm).expect("read pgm"))
}

/// A binary PGM (P5, maxval 255): the header's four fields, then the pixels.
fn parse_pgm(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).to_string());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().expect("w"), fields[2].parse().expect("h"));
    let pixels = bytes[i + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    (w, h, pixels)
}

/// The share of dark pixels in a rectangle given in millimetres.
fn dark_share(img: &(usize, usize, Vec<u8>), dpi: f32, x: f32, y: f32, w: f32, h: f32) -> f32 {
    let px = |mm: f32| (mm / 25.4 * dpi) as usize;
    let (iw, ih, pixels) = img;
    let (x0, y0, x1, y1) = (px(x), px(y), px(x + w).min(*iw), px(y + h).min(*ih));
    let mut dark = 0usize;
    let mut all = 0usize;
    for row in y0..y1 {
        for col in x0..x1 {
            all += 1;
            if pixels[row * iw + col] < 128 {
                dark += 1;
            }
        }
    }
    dark as f32 / all.max(1) as f32
}

/// Cabinet A01 with 24 devices, one per U from U1, Chinese names and owners.
fn site_with_24_devices() -> Site {
    let site = Site::new();
    site.cabinet("A01", 42);
    for i in 1..=24 {
        let tag = format!("ZC-2026-{i:04}");
        let name = format!("name=政务云计算节点{i:02}");
        let owner = if i % 2 == 0 { "owner=市大数据管理局" } else { "owner=市公安局" };
        let u = format!("start_u={i}");
        site.add(&tag, &[&name, owner, "cabinet=A01", &u, "status=in_use"]);
    }
    site
}

#[test]
fn a_cabinet_of_24_devices_prints_on_one_sheet_that_poppler_renders_with_its_chinese_text() {
    let site = site_with_24_devices();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("a01.pdf");
    let before = site.files();
    let doc = site.ok(&["label", "devices", "--cabinet", "A01", "--out", &pdf.display().to_string()]);
    assert_eq!((doc["labels"].as_u64(), doc["pages"].as_u64()), (Some(24), Some(1)), "{doc:#}");
    assert_eq!(doc["sheet"], "a4-3x8");
    // The font is a subset: the whole Noto CJK collection is some 20 MB.
    let bytes = std::fs::metadata(&pdf).unwrap().len();
    assert_eq!(doc["bytes"].as_u64(), Some(bytes));
    assert!(bytes < 200_000, "a sheet of 24 labels is {bytes} bytes: the font is not subset");
    before.assert_unchanged(&site.files(), "printing labels");

    // The Chinese comes back as text: the glyphs are embedded and mapped back to Unicode.
    let text = pdf_text(&pdf);
    for s in [
        "政务云计算节点01",
        "政务云计算节点24",
        "市大数据管理局",
        "市公安局",
        "位置 A01-U12",
        "型号 华为",
        "ZC-2026-0007",
    ] {
        assert!(text.contains(s), "pdftotext lacks {s:?}:\n{text}");
    }
    // Top of the cabinet first: U24's device is the first label.
    let first = text.find("ZC-2026-0024").unwrap();
    assert!(first < text.find("ZC-2026-0001").unwrap(), "{text}");

    // Rendered, the page has ink; each label's QR square (left third) is dense, its text area
    // lighter, and the space below the labels blank.
    let dpi = 100.0;
    let img = render_gray(&pdf, dpi as u32);
    assert_eq!((img.0, img.1), (827, 1170), "A4 at 100 dpi");
    let page = dark_share(&img, dpi, 0.0, 0.0, 210.0, 297.0);
    assert!(page > 0.05 && page < 0.5, "page ink {page}");
    // Label 5 (second row, middle): cell at x 70, y 37.5; QR at +2.6 mm, ~26 mm square.
    let qr = dark_share(&img, dpi, 73.0, 40.5, 24.0, 24.0);
    let text_area = dark_share(&img, dpi, 102.0, 40.5, 35.0, 28.0);
    assert!(qr > 0.3 && qr < 0.8, "QR ink {qr}");
    assert!(text_area > 0.02 && text_area < qr, "text ink {text_area}");
    // No label is cut by the page edge: nothing is drawn in the last half millimetre.
    assert!(dark_share(&img, dpi, 209.5, 0.0, 0.5, 297.0) < 0.001);
}

#[test]
fn device_labels_by_tag_and_on_another_sheet() {
    let site = site_with_24_devices();
    site.add("ZC-NEW", &["name=新到货未上架"]);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("two.pdf");
    let out = pdf.display().to_string();
    let doc = site.ok(&["label", "devices", "ZC-2026-0003", "ZC-NEW", "--sheet", "a4-2x7", "--outline", "--out", &out]);
    assert_eq!((doc["labels"].as_u64(), doc["sheet"].as_str()), (Some(2), Some("a4-2x7")), "{doc:#}");
    let text = pdf_text(&pdf);
    assert!(text.contains("位置 A01-U3") && text.contains("位置 未上架"), "{text}");
    assert!(text.find("ZC-2026-0003").unwrap() < text.find("ZC-NEW").unwrap());

    // 30 labels skip 20 cells of the first sheet: 4 on page one, 24 + 2 after.
    let many: Vec<String> = (1..=24).map(|i| format!("ZC-2026-{i:04}")).collect();
    let mut args: Vec<&str> = vec!["label", "devices"];
    args.extend(many.iter().map(String::as_str));
    args.extend(["--skip", "20", "--out", &out]);
    let doc = site.ok(&args);
    assert_eq!((doc["labels"].as_u64(), doc["pages"].as_u64()), (Some(24), Some(2)), "{doc:#}");
}

#[test]
fn refusals_name_the_problem_and_write_no_file() {
    let site = site_with_24_devices();
    site.cabinet("B09", 42);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    let out = pdf.display().to_string();
    site.refused(&["label", "devices", "ZC-2026-0001", "NOPE", "--out", &out], "asset_not_found");
    site.refused(&["label", "devices", "--cabinet", "Z99", "--out", &out], "cabinet_not_found");
    let doc = site.refused(&["label", "devices", "--cabinet", "B09", "--out", &out], "nothing_to_label");
    assert!(doc["error"]["message"].as_str().unwrap().contains("B09"), "{doc:#}");
    site.refused(&["label", "devices", "ZC-2026-0001", "--sheet", "9x99", "--out", &out], "invalid_value");
    assert!(!pdf.exists());

    // No font: a clear Chinese message saying what to install.
    let r = crate::common::run_cmd(site.cmd().env("RACKLEDGER_LABEL_FONT", dir.path().join("missing.ttc")).args([
        "--json",
        "label",
        "devices",
        "ZC-2026-0001",
        "--out",
        &out,
    ]));
    assert_eq!(r.code, 1, "{r:?}");
    let doc: Value = r.json();
    assert_eq!(doc["error"]["code"], "label_font");
    let msg = doc["error"]["message"].as_str().unwrap();
    assert!(msg.contains("fonts-noto-cjk") && msg.contains("RACKLEDGER_LABEL_FONT"), "{msg}");
    // A file that is not a font is refused too.
    let junk = dir.path().join("junk.ttf");
    std::fs::write(&junk, b"not a font").unwrap();
    let r = crate::common::run_cmd(site.cmd().env("RACKLEDGER_LABEL_FONT", &junk).args([
        "--json",
        "label",
        "devices",
        "ZC-2026-0001",
        "--out",
        &out,
    ]));
    assert_eq!((r.code, r.json()["error"]["code"].as_str()), (1, Some("label_font_invalid")), "{r:?}");
    assert!(!pdf.exists());

    // Wrong usage: exit 2.
    assert_eq!(site.run(&["label", "devices", "--out", &out]).code, 2);
    assert_eq!(site.run(&["label", "devices", "ZC-2026-0001", "--cabinet", "A01"]).code, 2);
    assert_eq!(site.run(&["label", "cables", "--out", &out]).code, 2);
}

#[test]
fn cable_labels_from_a_json_file_give_one_label_per_end() {
    let site = Site::new();
    let dir = tempfile::tempdir().unwrap();
    let cables = dir.path().join("cables.json");
    std::fs::write(
        &cables,
        r#"[
          {"label": "A01-U40-GE1/0/1", "kind": "铜缆", "length_m": 3, "colour": "蓝",
           "a": {"cabinet": "A01", "start_u": 40, "port": "GE1/0/1"},
           "b": {"cabinet": "B03", "start_u": 12, "port": "eth0"}},
          {"label": "F-0002", "kind": "光纤",
           "a": {"cabinet": "A01", "start_u": 38, "port": "XGE1/0/49"},
           "b": {"asset_tag": "ZC-未上架", "port": "P1"}}
        ]"#,
    )
    .unwrap();
    let pdf = dir.path().join("cables.pdf");
    let out = pdf.display().to_string();
    let doc = site.ok(&["label", "cables", "--file", &cables.display().to_string(), "--out", &out]);
    assert_eq!((doc["labels"].as_u64(), doc["pages"].as_u64()), (Some(4), Some(1)), "{doc:#}");
    let text = pdf_text(&pdf);
    for s in [
        "本端 A01-U40-GE1/0/1",
        "对端 B03-U12-eth0",
        "本端 B03-U12-eth0",
        "对端 A01-U40-GE1/0/1",
        "铜缆 3 m 蓝",
        "对端 ZC-未上架-P1",
    ] {
        assert!(text.contains(s), "pdftotext lacks {s:?}:\n{text}");
    }

    // A malformed file is refused by name.
    std::fs::write(&cables, "[{\"label\": 1}]").unwrap();
    site.refused(&["label", "cables", "--file", &cables.display().to_string(), "--out", &out], "invalid_value");
}

/// Cable labels straight from the ledger: by cable number, and every cable with an end in a
/// cabinet; each end's label is the one the ledger keeps (`机柜-U位-端口`, or as edited).
#[test]
fn cable_labels_come_from_the_ledger_by_number_or_cabinet() {
    let site = Site::new();
    site.ok(&["demo", "--cabinets", "6", "--devices", "80"]);
    let list = site.ok(&["cable", "list"])["cables"].as_array().cloned().unwrap_or_default();
    assert!(list.len() > 10, "the demo cables its site");
    let first = &list[0];
    let no = first["cable_no"].as_str().unwrap();
    site.ok(&["cable", "set", no, "--label-a", "核心区-甲端"]);

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("one.pdf");
    let out = pdf.display().to_string();
    let doc = site.ok(&["label", "cables", no, "--out", &out]);
    assert_eq!(doc["labels"].as_u64(), Some(2), "one label for each end: {doc:#}");
    let text = pdf_text(&pdf);
    let b = first["b"]["label"].as_str().unwrap();
    for s in [no.to_string(), "本端 核心区-甲端".to_string(), format!("对端 {b}"), format!("本端 {b}")] {
        assert!(text.contains(&s), "pdftotext lacks {s:?}:\n{text}");
    }

    let in_a01 = list.iter().filter(|c| c["a"]["cabinet"] == "A01" || c["b"]["cabinet"] == "A01").count() as u64;
    let doc = site.ok(&["label", "cables", "--cabinet", "A01", "--out", &out]);
    assert_eq!(doc["labels"].as_u64(), Some(2 * in_a01), "{doc:#}");

    site.refused(&["label", "cables", "XL-不存在", "--out", &out], "cable_not_found");
    site.refused(&["label", "cables", "--cabinet", "Z99", "--out", &out], "cabinet_not_found");
}
