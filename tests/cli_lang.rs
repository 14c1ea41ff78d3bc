//! Human output: Chinese by default, English with `--lang en`; tables with the form's headers.

use crate::common::Site;

fn two_assets() -> Site {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("ZC-1", &["cabinet=A01", "start_u=5", "u_height=2"]);
    site.add("ZC-2", &["category=交换机", "owner=市医保局"]);
    site
}

#[test]
fn asset_list_is_a_chinese_table_by_default() {
    let site = two_assets();
    let r = site.run(&["asset", "list"]);
    assert_eq!(r.code, 0, "{r:?}");
    let lines: Vec<&str> = r.stdout.lines().collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        ["资产编号", "设备名称", "设备类型", "品牌", "型号", "归属单位", "机柜编号", "状态"],
        "{}",
        r.stdout
    );
    assert!(lines[1].starts_with('─'), "a rule under the header:\n{}", r.stdout);
    let row1 = lines.iter().find(|l| l.starts_with("ZC-1")).expect("row ZC-1");
    for cell in ["ZC-1-host", "服务器", "华为", "A01-U5–U6", "在用"] {
        assert!(row1.contains(cell), "row lacks {cell}: {row1}");
    }
    let row2 = lines.iter().find(|l| l.starts_with("ZC-2")).expect("row ZC-2");
    for cell in ["交换机", "市医保局", "库存"] {
        assert!(row2.contains(cell), "row lacks {cell}: {row2}");
    }
    assert_eq!(lines.last().copied(), Some("共 2 台"), "{}", r.stdout);
    assert!(!r.stdout.contains("in_use"), "codes leak into the Chinese table");
}

#[test]
fn english_output_with_lang_en() {
    let site = two_assets();
    let r = site.run(&["--lang", "en", "asset", "list"]);
    assert_eq!(r.code, 0, "{r:?}");
    let first = r.stdout.lines().next().unwrap_or_default();
    assert!(first.starts_with("Asset Tag"), "{first}");
    for h in ["Name", "Type", "Vendor", "Model", "Owner", "Cabinet", "Status"] {
        assert!(first.contains(h), "header lacks {h}: {first}");
    }
    assert!(!r.stdout.contains("资产编号"), "{}", r.stdout);
    assert!(r.stdout.contains("in_use") && r.stdout.contains("in_stock"), "{}", r.stdout);
    assert_eq!(r.stdout.lines().last(), Some("2 assets"), "{}", r.stdout);

    let r = site.run(&["--lang", "en", "asset", "show", "ZC-1"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("Asset Tag") && r.stdout.contains("Rated Power (W)"), "{}", r.stdout);
}

#[test]
fn errors_follow_the_language() {
    let site = two_assets();
    let r = site.run(&["asset", "show", "NOPE"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.trim(), "错误：找不到资产编号为“NOPE”的设备", "{r:?}");

    let r = site.run(&["--lang", "en", "asset", "show", "NOPE"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.trim(), "error: no asset with tag \"NOPE\"", "{r:?}");

    // The JSON message is translated too; the code is the same in both languages.
    let zh = site.json(&["place", "ZC-2", "A01", "6"]).json();
    let en = site.json(&["--lang", "en", "place", "ZC-2", "A01", "6"]).json();
    assert_eq!(zh["error"]["code"], "space_conflict");
    assert_eq!(en["error"]["code"], "space_conflict");
    assert_eq!(zh["error"]["message"], "A01 的 U6 已被占用：ZC-1（ZC-1-host，U5–U6）");
    assert_eq!(en["error"]["message"], "A01 U6 is occupied by ZC-1 (ZC-1-host, U5–U6)");
    assert_eq!(en["check"]["reasons"][0], en["error"]["message"], "{en:#}");
}

#[test]
fn lang_is_accepted_after_the_command_too() {
    // The global flags may come after the subcommand.
    let site = two_assets();
    let r = site.run(&["asset", "list", "--lang", "en"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.starts_with("Asset Tag"), "{}", r.stdout);
}

#[test]
fn formerly_untyped_errors_speak_english_too() {
    let site = two_assets();
    // Each of these was a free Chinese sentence (`Error::Invalid`) before it had a variant.
    let cases: [(&[&str], &str, &str); 3] = [
        (&["rowhead", "set", "RH-X", "--capacity-kw", "1"], "row_head_not_found", "no row-head cabinet \"RH-X\""),
        (
            &["settings", "set", "power.warning", "0.95"],
            "level_order",
            "the warning level (95%) must be below the alarm level (90%)",
        ),
        (
            &["demo", "--cabinets", "2", "--devices", "1"],
            "demo_not_empty",
            "the database already holds cabinets or devices; demo data goes into an empty database only",
        ),
    ];
    for (args, code, message) in cases {
        let en: Vec<&str> = ["--lang", "en"].iter().chain(args).copied().collect();
        let doc = site.json(&en).json();
        assert_eq!(doc["error"]["code"], code, "{doc:#}");
        assert_eq!(doc["error"]["message"], message, "{doc:#}");
        let zh = site.json(args).json();
        assert_eq!(zh["error"]["code"], code, "{zh:#}");
        assert_ne!(zh["error"]["message"], message, "Chinese by default: {zh:#}");
    }
}

#[test]
fn the_command_line_adds_the_flag_the_message_leaves_out() {
    let site = two_assets();
    let r = site.run(&["place", "ZC-2", "NOPE", "1"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.stderr.trim(), "错误：找不到机柜“NOPE”，请先登记机柜\n提示：用 cabinet add 登记机柜", "{r:?}");
    let r = site.run(&["--lang", "en", "place", "ZC-2", "NOPE", "1"]);
    assert_eq!(
        r.stderr.trim(),
        "error: no cabinet \"NOPE\"; register the cabinet first\nhint: add it with `cabinet add`",
        "{r:?}"
    );
    let doc = site.json(&["--lang", "en", "place", "ZC-2", "NOPE", "1"]).json();
    assert_eq!(doc["error"]["message"], "no cabinet \"NOPE\"; register the cabinet first");
    assert_eq!(doc["error"]["hint"], "add it with `cabinet add`");
    // No hint where there is nothing to type.
    let doc = site.json(&["asset", "show", "NOPE"]).json();
    assert!(doc["error"].get("hint").is_none(), "{doc:#}");
}
