//! Every export prints: each kind is exported from a demo ledger (with a racking request and its
//! operation request), converted to PDF by LibreOffice headless in one run, and read back with
//! poppler (`pdfinfo`, `pdftotext`): every page is A4, every column header of the form is on
//! page 1, no page holds only columns spilled off the right edge (each page shows the first
//! column's header, repeated, or the form's title), every page carries its footer (第 N 页, the
//! export time), the signed forms end with their signature lines, and the page count is sane
//! for the rows written.

use std::path::{Path, PathBuf};
use std::process::Command;

use rackledger::excel::read::{read_workbook, RawSheet};
use serde_json::Value;

use crate::common::Site;

fn soffice() -> &'static str {
    ["soffice", "libreoffice"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
        .unwrap_or_else(|| {
            panic!("LibreOffice (soffice) is needed for this check: apt-get install libreoffice-calc-nogui (./x test installs it)")
        })
}

/// Text with every space and line break removed, so a cell's text is found however poppler
/// lays the page out.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of each page of a PDF (`pdftotext` ends each page with a form feed).
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().expect("run pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The paper of every page, from `pdfinfo -f 1 -l N`.
fn paper_sizes(pdf: &Path, n: usize) -> Vec<String> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", &n.to_string()])
        .arg(pdf)
        .output()
        .expect("run pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(str::to_string)
        .collect()
}

/// Whether a `pdfinfo` line `Page    1 size: 841.89 x 595.304 pts (A4)` is landscape.
fn landscape(size: &str) -> Option<bool> {
    let dims = size.split("size:").nth(1)?;
    let mut it = dims.split_whitespace();
    let w: f64 = it.next()?.parse().ok()?;
    let h: f64 = it.nth(1)?.parse().ok()?;
    Some(w > h)
}

/// The header row of a list sheet (row 2) or, for a form, of its first table (the row after
/// its caption).
fn headers(sheet: &RawSheet) -> Vec<String> {
    let text = |r: &rackledger::excel::read::RawRow| -> Vec<String> {
        r.cells.iter().map(|c| c.text()).filter(|t| !t.is_empty()).collect()
    };
    let caption = sheet.rows.iter().position(|r| matches!(r.cell(0).text().as_str(), "设备清单" | "机柜位置"));
    match caption {
        Some(i) => sheet.rows.get(i + 1).map(text).unwrap_or_default(),
        None => sheet.rows.iter().find(|r| r.number == 2).map(text).unwrap_or_default(),
    }
}

/// One export to check: its arguments, the file, who signs it, and whether it is a form laid
/// out cell by cell (its pages are anchored by the title, not by a first column).
struct Export {
    args: Vec<String>,
    file: PathBuf,
    signers: &'static [&'static str],
    form: Option<&'static str>,
}

#[test]
fn every_export_prints_on_a4_one_page_wide_with_headers_footers_and_signatures() {
    let soffice = soffice();
    let s = Site::new();
    s.ok(&["demo", "--cabinets", "8", "--devices", "150", "--seed", "7"]);
    // A racking request for two new servers in a new cabinet, approved, with its 附件5.
    s.ok(&["cabinet", "add", "Z01", "--room", "一号机房", "--rated-kw", "8"]);
    s.ok(&["settings", "set", "approvers", "王总"]);
    s.add("NEW-1", &["u_height=2"]);
    s.add("NEW-2", &[]);
    let req = s.ok(&[
        "request",
        "add",
        "--org",
        "市大数据局",
        "--applicant",
        "张三",
        "--phone",
        "13800000000",
        "--row",
        "NEW-1:Z01:10",
        "--row",
        "NEW-2:Z01:20",
    ]);
    let no = req["request_no"].as_str().expect("request_no").to_string();
    s.ok(&["request", "submit", &no]);
    s.ok(&["--operator", "王总", "request", "approve", &no]);
    let op = s.ok(&[
        "operation",
        "add",
        "--request",
        &no,
        "--steps",
        "1. 上架 2. 接线 3. 加电",
        "--risk",
        "中",
        "--cable",
        "NEW-1:eth0,NEW-2:eth0,cat6",
    ]);
    let op_no = op["operation"]["op_no"].as_str().unwrap_or_else(|| panic!("op_no in {op:#}")).to_string();

    let dir = tempfile::tempdir().unwrap();
    let mut exports: Vec<Export> = Vec::new();
    let mut add = |args: &[&str], signers: &'static [&'static str], form: Option<&'static str>| {
        let file = dir.path().join(format!("{}.xlsx", args.join("-")));
        exports.push(Export { args: args.iter().map(|a| a.to_string()).collect(), file, signers, form });
    };
    add(&["assets"], &[], None);
    add(&["site"], &[], None);
    add(&["weekly"], &["制表人", "审核人"], None);
    add(&["ports"], &[], None);
    add(&["repairs"], &["实施人", "验收人"], None);
    add(&["faults"], &["登记人", "审核人"], None);
    add(&["resources"], &[], None);
    add(&["power"], &[], None);
    add(&["request", &no], &["申请人", "审批人", "审核人"], Some("设备上架申请表"));
    add(&["operation", &op_no], &["申请人", "审批人", "实施人"], Some("操作申请单"));
    for t in rackledger::excel::TEMPLATES {
        let signers: &'static [&'static str] = match *t {
            "weekly" => &["制表人", "审核人"],
            "repairs" => &["实施人", "验收人"],
            "faults" => &["登记人", "审核人"],
            _ => &[],
        };
        add(&["template", t], signers, None);
    }
    let mut rows_written = Vec::new();
    for e in &exports {
        let mut args: Vec<&str> = vec!["export"];
        args.extend(e.args.iter().map(String::as_str));
        args.extend(["--out", e.file.to_str().unwrap()]);
        let summary: Value = s.ok(&args);
        let rows: u64 = summary["sheets"].as_array().into_iter().flatten().filter_map(|x| x["rows"].as_u64()).sum();
        rows_written.push(rows);
    }

    // One soffice run converts them all; its own profile folder, so a desktop session is untouched.
    let pdf_dir = dir.path().join("pdf");
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("lo-profile").display());
    let r = Command::new(soffice)
        .arg(&profile)
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf_dir)
        .args(exports.iter().map(|e| &e.file))
        .output()
        .expect("run soffice");
    assert!(r.status.success(), "soffice failed: {}", String::from_utf8_lossy(&r.stderr));

    let mut failures = Vec::new();
    for (e, rows) in exports.iter().zip(rows_written) {
        let what = e.args.join(" ");
        let pdf = pdf_dir.join(e.file.file_stem().unwrap()).with_extension("pdf");
        let text = pages(&pdf);
        let n = text.len();
        let sheets: Vec<RawSheet> = read_workbook(&e.file).unwrap().into_iter().filter(|s| s.name != "字典").collect();
        // Sane: at least a page a sheet; at most a page a sheet plus one per 20 rows (a page
        // one column wide holds 40 rows and more).
        let most = sheets.len() + rows as usize / 20;
        if n < sheets.len() || n > most {
            failures.push(format!(
                "{what}: {n} pages for {} sheets and {rows} rows (expected {}–{most})",
                sheets.len(),
                sheets.len()
            ));
        }
        let sizes = paper_sizes(&pdf, n);
        for (i, size) in sizes.iter().enumerate() {
            if !size.contains("A4") {
                failures.push(format!("{what}: page {} is not A4: {size}", i + 1));
            }
        }
        // Landscape only where the columns need it: the 32 columns of 资产登记 do, the three
        // of 机房 (the site workbook's first sheet) do not.
        let want = match what.as_str() {
            "assets" => Some(true),
            "site" => Some(false),
            _ => None,
        };
        if let (Some(want), Some(size)) = (want, sizes.first()) {
            if landscape(size) != Some(want) {
                failures
                    .push(format!("{what}: page 1 should be {}: {size}", if want { "landscape" } else { "portrait" }));
            }
        }
        let first = squeeze(text.first().map(String::as_str).unwrap_or(""));
        for h in headers(&sheets[0]) {
            if !first.contains(&squeeze(&h)) {
                failures.push(format!("{what}: column header “{h}” is not on page 1"));
            }
        }
        // Every page shows the first column's header of a sheet (repeated on every page of a
        // list) or the form's title (repeated on every page of a form): a page holding only
        // columns spilled off the right edge shows neither.
        let anchors: Vec<String> = match e.form {
            Some(title) => vec![title.to_string()],
            None => sheets.iter().filter_map(|s| headers(s).into_iter().next()).map(|h| squeeze(&h)).collect(),
        };
        for (i, page) in text.iter().enumerate() {
            let page = squeeze(page);
            if !anchors.iter().any(|a| page.contains(a.as_str())) {
                failures.push(format!("{what}: page {} shows none of {anchors:?}: {page:.200}", i + 1));
            }
            // LibreOffice numbers the pages of the whole workbook.
            let numbered = format!("第{}页/共{n}页", i + 1);
            if !page.contains(&numbered) || !page.contains("导出时间") {
                failures.push(format!("{what}: page {} has no footer ({numbered}, 导出时间): {page:.200}", i + 1));
            }
        }
        // The signature lines close the signed sheet: on the last page of a one-sheet form.
        let signed: Vec<String> =
            if sheets.len() == 1 { text.last().cloned().into_iter().collect() } else { text.clone() };
        for who in e.signers {
            let line = format!("{who}：");
            if !signed.iter().map(|p| squeeze(p)).any(|p| p.contains(&line) && p.contains("日期：")) {
                failures.push(format!("{what}: no signature line for {who}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}
