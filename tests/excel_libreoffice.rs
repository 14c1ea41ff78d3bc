//! Every export kind opens in LibreOffice: `soffice --headless --convert-to pdf` must convert
//! each file without an error. Not skipped when soffice is missing: the x script installs it
//! (apt `libreoffice-calc-nogui`), and a machine without it fails here, loudly.

use std::process::Command;

use crate::common::Site;

#[test]
fn every_export_opens_in_libreoffice() {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
        .unwrap_or_else(|| {
            panic!("LibreOffice (soffice) is needed for this check: apt-get install libreoffice-calc-nogui (./x test installs it)")
        });
    let s = Site::new();
    s.ok(&["demo", "--cabinets", "6", "--devices", "60", "--seed", "5"]);
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut kinds: Vec<Vec<&str>> =
        ["assets", "site", "weekly", "repairs", "faults", "resources", "power"].iter().map(|k| vec![*k]).collect();
    for t in rackledger::excel::TEMPLATES {
        kinds.push(vec!["template", t]);
    }
    for kind in &kinds {
        let out = dir.path().join(format!("{}.xlsx", kind.join("-")));
        let mut args = vec!["export"];
        args.extend(kind.iter().copied());
        args.extend(["--out", out.to_str().unwrap()]);
        s.ok(&args);
        files.push(out);
    }
    // One soffice run converts them all; its own profile folder, so a desktop session is untouched.
    let pdf = dir.path().join("pdf");
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("lo-profile").display());
    let r = Command::new(soffice)
        .arg(&profile)
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf)
        .args(&files)
        .output()
        .expect("run soffice");
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(r.status.success(), "soffice failed: {stderr}");
    for f in &files {
        let out = pdf.join(f.file_stem().unwrap()).with_extension("pdf");
        let len = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        assert!(len > 500, "{} did not convert ({len} bytes): {stderr}", f.display());
    }
    assert!(!stderr.to_lowercase().contains("error"), "{stderr}");
}
