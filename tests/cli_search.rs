//! `asset list --query`: tag, name, serial, model, owner and management IP, case-insensitive
//! for ASCII, Chinese substrings; and the filters.

use crate::common::Site;

fn site() -> Site {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.cabinet("B02", 42);
    site.add(
        "ZWY-000001",
        &[
            "name=医保-数据库服务器-01",
            "owner=市医保局",
            "model=FusionServer 2288H V6",
            "serial=2102AbC001",
            "mgmt_ip=10.20.1.11",
            "cabinet=A01",
            "start_u=1",
        ],
    );
    site.add(
        "ZWY-000002",
        &[
            "name=人社-应用服务器-02",
            "owner=市人社局",
            "vendor=浪潮",
            "model=NF5280M6",
            "serial=INS000002",
            "mgmt_ip=10.20.1.12",
            "cabinet=B02",
            "start_u=1",
        ],
    );
    site.add(
        "ZWY-000003",
        &[
            "name=云平台-核心交换机",
            "owner=政务云平台",
            "category=switch",
            "vendor=新华三",
            "model=S12508X-AF",
            "serial=210235XYZ",
            "mgmt_ip=10.30.0.1",
            "cabinet=A01",
            "start_u=40",
        ],
    );
    site.add("ZC-LOCAL-9", &["name=备件服务器", "owner=市医保局", "model=PowerEdge R750", "serial=DLQ9"]);
    site
}

fn q(site: &Site, query: &str) -> Vec<String> {
    site.list_tags(&["--query", query])
}

#[test]
fn query_is_case_insensitive_for_ascii() {
    let site = site();
    assert_eq!(q(&site, "zwy-000001"), ["ZWY-000001"]);
    assert_eq!(q(&site, "ZWY-000001"), ["ZWY-000001"]);
    assert_eq!(q(&site, "Zwy-00000"), ["ZWY-000001", "ZWY-000002", "ZWY-000003"]);
    // Serial and model, in any case.
    assert_eq!(q(&site, "abc001"), ["ZWY-000001"]);
    assert_eq!(q(&site, "2102ABC"), ["ZWY-000001"]);
    assert_eq!(q(&site, "nf5280"), ["ZWY-000002"]);
    assert_eq!(q(&site, "poweredge"), ["ZC-LOCAL-9"]);
    assert_eq!(q(&site, "s12508x-af"), ["ZWY-000003"]);
    // The short form and surrounding spaces.
    assert_eq!(site.list_tags(&["-q", "  nf5280m6 "]), ["ZWY-000002"]);
}

#[test]
fn query_matches_chinese_substrings_in_name_and_owner() {
    let site = site();
    assert_eq!(q(&site, "医保"), ["ZC-LOCAL-9", "ZWY-000001"]);
    assert_eq!(q(&site, "市人社局"), ["ZWY-000002"]);
    assert_eq!(q(&site, "数据库"), ["ZWY-000001"]);
    assert_eq!(q(&site, "服务器"), ["ZC-LOCAL-9", "ZWY-000001", "ZWY-000002"]);
    assert_eq!(q(&site, "交换"), ["ZWY-000003"]);
    assert!(q(&site, "公安").is_empty());
}

#[test]
fn query_matches_management_ip() {
    let site = site();
    assert_eq!(q(&site, "10.20.1.12"), ["ZWY-000002"]);
    assert_eq!(q(&site, "10.20.1."), ["ZWY-000001", "ZWY-000002"]);
    assert_eq!(q(&site, "10.30."), ["ZWY-000003"]);
}

#[test]
fn query_does_not_match_other_fields() {
    let site = site();
    // The vendor is not searched (only tag, name, serial, model, owner, IP).
    assert!(q(&site, "浪潮").is_empty());
    assert!(q(&site, "no-such-thing").is_empty());
    // SQL wildcards are plain characters.
    assert!(q(&site, "%").is_empty());
    assert!(q(&site, "_").is_empty());
}

#[test]
fn filters_by_cabinet_and_with_a_query() {
    let site = site();
    assert_eq!(site.list_tags(&["--cabinet", "A01"]), ["ZWY-000001", "ZWY-000003"]);
    assert_eq!(site.list_tags(&["--cabinet", "B02"]), ["ZWY-000002"]);
    assert!(site.list_tags(&["--cabinet", "Z99"]).is_empty());
    assert_eq!(site.list_tags(&["--cabinet", "A01", "--query", "医保"]), ["ZWY-000001"]);
    assert_eq!(site.list_tags(&["--room", "一号机房"]).len(), 3);
    assert_eq!(site.list_tags(&["--category", "交换机"]), ["ZWY-000003"]);
    assert_eq!(site.list_tags(&["--status", "in_stock"]), ["ZC-LOCAL-9"]);
    assert_eq!(site.list_tags(&["--owner", "市医保局"]), ["ZC-LOCAL-9", "ZWY-000001"]);
    assert_eq!(site.list_tags(&["--limit", "2"]).len(), 2);
    // The count follows the filter.
    let doc = site.ok(&["asset", "list", "--query", "医保"]);
    assert_eq!(doc["count"], 2);
}

#[test]
fn search_over_the_demo() {
    let site = Site::new();
    site.ok(&["demo", "--cabinets", "4", "--devices", "60", "--seed", "5"]);
    let hits = q(&site, "zwy-000001");
    assert!(hits.contains(&"ZWY-000001".to_string()), "{hits:?}");
    assert!(hits.iter().all(|t| t.to_ascii_lowercase().contains("zwy-000001")), "{hits:?}");
    let doc = site.ok(&["asset", "list", "--query", "医保"]);
    let found = doc["assets"].as_array().expect("assets");
    assert!(!found.is_empty(), "the demo has 医保 devices");
    for a in found {
        let text = format!("{}{}", a["name"], a["owner"]);
        assert!(text.contains("医保"), "{a:#}");
    }
}
