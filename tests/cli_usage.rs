//! Exit statuses of the command-line contract: 0 done, 1 refused or invalid input, 2 wrong usage.

use crate::common::{bare_cmd, run_cmd, Site};

#[test]
fn unknown_command_is_wrong_usage_and_touches_no_database() {
    let site = Site::new();
    let r = site.run(&["frobnicate"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("frobnicate"), "{r:?}");
    assert!(r.stdout.is_empty(), "{r:?}");
    // Usage is checked before the database is opened: nothing was created.
    assert!(!site.db.exists(), "a usage error created the database");
}

#[test]
fn missing_arguments_are_wrong_usage() {
    let site = Site::new();
    for args in [
        &["place"][..],
        &["place", "ZC-1", "A01"],
        &["move", "ZC-1"],
        &["unplace"],
        &["asset", "show"],
        &["asset", "add"],
        &["asset", "retire", "ZC-1"],
        &["cabinet", "add", "A01"],
        &["asset"],
        &[],
    ] {
        let r = site.run(args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(!r.stderr.is_empty(), "{args:?}: usage errors explain themselves");
    }
}

#[test]
fn malformed_arguments_are_wrong_usage() {
    let site = Site::new();
    for args in [
        &["place", "ZC-1", "A01", "U5"][..],
        &["place", "ZC-1", "A01", "-3"],
        &["place", "ZC-1", "A01", "5", "--face", "side"],
        &["--lang", "fr", "asset", "list"],
        &["asset", "list", "--status", "lost"],
        &["demo", "--cabinets", "many"],
    ] {
        let r = site.run(args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
    }
    // `asset set` wants FIELD=VALUE: a bare word is a usage error too.
    site.add("ZC-1", &[]);
    let r = site.run(&["asset", "set", "ZC-1", "bogus"]);
    assert_eq!(r.code, 2, "{r:?}");
}

#[test]
fn help_and_version_succeed() {
    let r = run_cmd(bare_cmd().arg("--help"));
    assert_eq!(r.code, 0, "{r:?}");
    for word in ["demo", "asset", "place", "unplace", "move", "check", "--db", "--json"] {
        assert!(r.stdout.contains(word), "--help lacks {word}:\n{}", r.stdout);
    }
    let r = run_cmd(bare_cmd().args(["asset", "--help"]));
    assert_eq!(r.code, 0, "{r:?}");
    for word in ["list", "show", "add", "set", "retire"] {
        assert!(r.stdout.contains(word), "asset --help lacks {word}");
    }
    let r = run_cmd(bare_cmd().arg("--version"));
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains(env!("CARGO_PKG_VERSION")), "{r:?}");
}

#[test]
fn not_found_is_a_refusal() {
    let site = Site::new();
    let doc = site.refused(&["asset", "show", "NOPE-1"], "asset_not_found");
    assert!(doc["error"]["message"].as_str().is_some_and(|m| m.contains("NOPE-1")));
    site.refused(&["unplace", "NOPE-1"], "asset_not_found");
    site.refused(&["asset", "retire", "NOPE-1", "--reason", "x"], "asset_not_found");
    site.add("ZC-1", &[]);
    site.refused(&["place", "ZC-1", "NOCAB", "1"], "cabinet_not_found");
    // Without --json: exit 1, the message on stderr, nothing on stdout.
    let r = site.run(&["asset", "show", "NOPE-1"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.is_empty(), "{r:?}");
    assert!(r.stderr.contains("NOPE-1"), "{r:?}");
}

#[test]
fn unknown_field_is_invalid_input() {
    let site = Site::new();
    let doc = site.refused(
        &[
            "asset",
            "add",
            "ZC-9",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-ZC-9",
            "owner=政务云平台",
            "name=x",
            "colour=red",
        ],
        "unknown_field",
    );
    assert_eq!(doc["error"]["field"], "colour", "{doc:#}");
    site.refused(&["asset", "show", "ZC-9"], "asset_not_found");
}
