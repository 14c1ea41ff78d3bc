//! A believable government-cloud site for demonstrations, tests and benchmarks: two machine
//! rooms with rows of 42U cabinets, devices of every category owned by the platform and by the
//! city's bureaus (委办局), some in stock, idle or awaiting retirement. Deterministic for a seed;
//! written in one transaction, with every asset's creation in its history and the audit log;
//! then a handful of faults and repairs through the ledger's own rules.

mod ports;
mod power;
mod repairs;

use crate::roles::Area;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::db::{self, audit::Record, history::HistoryEntry};
use crate::error::{DemoCount, Error, Result};
use crate::ledger::{position_label, to_json, Ctx, Ledger};
use crate::model::{Asset, CabinetDraft, Category, Depth, Face, Ownership, Room, Status};

/// How big a site to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSize {
    pub cabinets: u32,
    pub devices: u32,
    pub seed: u64,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize { cabinets: 40, devices: 600, seed: 1 }
    }
}

/// The largest demo: the size of the largest machine rooms we serve.
pub const MAX_CABINETS: u32 = 5_000;
pub const MAX_DEVICES: u32 = 100_000;

/// What was built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemoReport {
    pub rooms: u32,
    pub cabinets: u32,
    pub assets: u32,
    pub racked: u32,
    pub ports: u32,
    pub cables: u32,
}

/// splitmix64: tiny, fast, and the same on every platform, so a seed always gives the same site.
pub(crate) struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A model in the demo catalogue: category, vendor, model, height, rated W, typical %, depth, spec.
struct Model(Category, &'static str, &'static str, u32, u32, u32, Depth, &'static str);

const SERVERS: &[Model] = &[
    Model(
        Category::Server,
        "华为",
        "FusionServer 2288H V6",
        2,
        900,
        55,
        Depth::Full,
        "2×Xeon Gold 6330 / 512GB / 8×1.92TB SSD",
    ),
    Model(Category::Server, "浪潮", "NF5280M6", 2, 800, 50, Depth::Full, "2×Xeon Gold 5318Y / 384GB / 6×4TB HDD"),
    Model(
        Category::Server,
        "新华三",
        "UniServer R4900 G5",
        2,
        800,
        52,
        Depth::Full,
        "2×Xeon Silver 4314 / 256GB / 4×960GB SSD",
    ),
    Model(Category::Server, "戴尔", "PowerEdge R750", 2, 1100, 45, Depth::Full, "2×Xeon Gold 6338 / 512GB"),
    Model(Category::Server, "联想", "ThinkSystem SR650 V2", 2, 1100, 48, Depth::Full, "2×Xeon Gold 5320 / 256GB"),
    Model(Category::Server, "浪潮", "NF5180M6", 1, 550, 55, Depth::Full, "2×Xeon Silver 4310 / 128GB"),
    Model(Category::Server, "华为", "FusionServer 1288H V6", 1, 550, 50, Depth::Full, "2×Xeon Silver 4314 / 128GB"),
    Model(Category::Server, "中科曙光", "R620-G40", 2, 800, 50, Depth::Full, "2×海光 7285 / 256GB"),
];
const OTHERS: &[Model] = &[
    Model(Category::Storage, "华为", "OceanStor 5310", 2, 1200, 60, Depth::Full, "25×1.92TB SSD"),
    Model(Category::Storage, "新华三", "UniStor CF8840", 4, 1600, 55, Depth::Full, "双控 / 48×8TB"),
    Model(Category::Router, "华为", "NetEngine AR6280", 2, 350, 60, Depth::Full, "4×10GE"),
    Model(Category::Firewall, "深信服", "AF-2000-FH2100B", 1, 250, 60, Depth::Full, "8×GE + 4×10GE"),
    Model(Category::Firewall, "华为", "USG6650E", 1, 350, 55, Depth::Full, "吞吐 20Gbps"),
    Model(Category::LoadBalancer, "F5", "BIG-IP i5800", 1, 400, 50, Depth::Full, "8×10GE"),
    Model(Category::Security, "奇安信", "网神 SecGate 3600", 1, 250, 60, Depth::Full, "入侵防御"),
    Model(Category::Security, "绿盟", "NIPS NX3-N3000", 1, 300, 55, Depth::Full, "入侵防护"),
    Model(Category::Security, "启明星辰", "天清汉马 USG-FW", 1, 250, 60, Depth::Full, "防火墙"),
    Model(Category::FcSwitch, "博科", "G620", 1, 200, 60, Depth::Full, "48×32G FC"),
    Model(Category::Other, "华为", "KVM0108", 1, 30, 60, Depth::Full, "8口 KVM"),
];
const SWITCHES: &[Model] = &[
    Model(Category::Switch, "新华三", "S6850-56HF", 1, 650, 45, Depth::Half, "48×SFP28 + 8×QSFP28"),
    Model(Category::Switch, "华为", "CE6881-48S6CQ", 1, 600, 45, Depth::Half, "48×10GE SFP+ + 6×100GE"),
    Model(Category::Switch, "锐捷", "RG-S6510-48VS8CQ", 1, 450, 45, Depth::Half, "48×25GE + 8×100GE"),
];
const PANELS: &[Model] = &[
    Model(Category::PatchPanel, "康普", "24口超六类配线架", 1, 0, 0, Depth::Half, "24×RJ45"),
    Model(Category::PatchPanel, "康宁", "48芯LC光纤配线架", 1, 0, 0, Depth::Half, "48芯 LC"),
];
const PDUS: &[Model] = &[
    Model(Category::Pdu, "施耐德", "AP8853 0U PDU", 0, 0, 0, Depth::Full, "24×C13 + 4×C19"),
    Model(Category::Pdu, "突破", "TOPBAND 0U PDU", 0, 0, 0, Depth::Full, "20×C13 + 4×C19"),
];

/// The platform and the bureaus that host systems on it, with a system name each.
const OWNERS: &[(&str, &str, &[&str])] = &[
    ("政务云平台", "云平台", &["政务云管理平台", "云资源池", "统一身份认证"]),
    ("市医保局", "医保", &["医保结算系统", "医保信息平台"]),
    ("市人社局", "人社", &["社保经办系统", "就业服务平台"]),
    ("市公安局", "公安", &["视频图像平台", "人口信息系统"]),
    ("市卫健委", "卫健", &["全民健康信息平台"]),
    ("市教育局", "教育", &["教育云平台", "招生考试系统"]),
    ("市税务局", "税务", &["电子税务局"]),
    ("市交通局", "交通", &["智慧交通平台"]),
    ("市民政局", "民政", &["民政业务系统"]),
];
const CUSTODIANS: &[&str] = &["张伟", "王芳", "李娜", "刘洋", "陈杰", "杨磊", "赵敏", "黄涛", "周静", "吴昊"];
const SUPPLIERS: &[&str] = &["神州数码", "中国电信政企", "华为技术有限公司", "紫光华智", "太极股份"];
const ROOMS: &[(&str, &str)] = &[("一号机房", "数据中心A栋3层"), ("二号机房", "数据中心A栋4层")];
const CABINETS_PER_ROW: u32 = 20;
/// Units at the top of each cabinet kept for the network: patch panel and switches.
const NETWORK_UNITS: u32 = 2;

/// `A`, `B`, … `Z`, `AA`, `AB`, …: row labels that never run out.
pub fn row_label(mut n: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

struct Builder<'a> {
    tx: &'a crate::db::Connection,
    ctx: &'a Ctx,
    rng: Rng,
    serial: u32,
    report: DemoReport,
}

impl Builder<'_> {
    fn asset(&mut self, model: &Model, owner_idx: usize, status: Status) -> Asset {
        self.serial += 1;
        let n = self.serial;
        let (owner, short, systems) = OWNERS[owner_idx];
        let role = match model.0 {
            Category::Server => {
                *self.rng.pick(&["应用服务器", "数据库服务器", "计算节点", "中间件服务器", "大数据节点"])
            }
            Category::Storage => "存储阵列",
            Category::Switch => "接入交换机",
            Category::Router => "出口路由器",
            Category::Firewall => "防火墙",
            Category::LoadBalancer => "负载均衡",
            Category::Security => "安全网关",
            Category::FcSwitch => "SAN交换机",
            Category::PatchPanel => "配线架",
            Category::Pdu => "PDU",
            Category::Other => "KVM",
        };
        let mut a = Asset::new(&format!("ZWY-{n:06}"));
        a.name = format!("{short}-{role}-{:02}", n % 100);
        a.category = model.0;
        a.vendor = model.1.to_string();
        a.model = model.2.to_string();
        a.serial = format!("{}{:06}{:04X}", vendor_prefix(model.1), n, self.rng.below(0x10000));
        a.spec = Some(model.7.to_string());
        a.ownership = if owner_idx == 0 {
            Ownership::Platform
        } else if self.rng.chance(70) {
            Ownership::Hosted
        } else {
            Ownership::Leased
        };
        a.owner = owner.to_string();
        a.system = Some(self.rng.pick(systems).to_string());
        a.custodian = Some(self.rng.pick(CUSTODIANS).to_string());
        a.u_height = model.3;
        a.depth = model.6;
        a.rated_w = model.4;
        a.typical_w = (model.4 > 0 && self.rng.chance(85)).then(|| model.4 * model.5 / 100);
        a.psu_count = match model.0 {
            Category::PatchPanel | Category::Pdu => 0,
            Category::Other => 1,
            _ => 2,
        };
        if !matches!(model.0, Category::PatchPanel | Category::Pdu) {
            a.mgmt_ip = Some(format!("10.{}.{}.{}", 10 + n / 62_500, (n / 250) % 250, n % 250 + 2));
        }
        let base = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
        let purchased = base + Duration::days(self.rng.below(7 * 365) as i64);
        a.purchased_on = Some(purchased);
        a.registered_on = Some(purchased + Duration::days(7));
        a.registered_by = Some(self.rng.pick(CUSTODIANS).to_string());
        a.supplier = Some(self.rng.pick(SUPPLIERS).to_string());
        a.contract_no = Some(format!("ZWY-HT-{}-{:03}", purchased.format("%Y"), self.rng.below(200) + 1));
        a.warranty_vendor = Some(model.1.to_string());
        a.warranty_until = Some(purchased + Duration::days(if self.rng.chance(50) { 3 * 365 } else { 5 * 365 }));
        a.status = status;
        a
    }

    fn insert(&mut self, mut a: Asset, place: Option<(i64, &str, &str, u32, Face)>) -> Result<(i64, Asset)> {
        if let Some((_, room, cabinet, start_u, face)) = place {
            a.room = Some(room.to_string());
            a.cabinet = Some(cabinet.to_string());
            a.start_u = Some(start_u);
            a.face = Some(face);
            a.racked_on = a.registered_on.map(|d| d + Duration::days(3));
        }
        let id = db::assets::insert(self.tx, &a, self.ctx.now, &self.ctx.operator)?;
        a.version = 1;
        db::history::insert(self.tx, id, &HistoryEntry::new("created", self.ctx.now, &self.ctx.operator))?;
        if let Some((cabinet_id, _, cabinet, start_u, face)) = place {
            db::positions::put(self.tx, id, cabinet_id, start_u, face)?;
            let mut h = HistoryEntry::new("placed", self.ctx.now, &self.ctx.operator);
            h.to_pos = Some(position_label(cabinet, start_u, face));
            db::history::insert(self.tx, id, &h)?;
            self.report.racked += 1;
        }
        db::audit::insert(
            self.tx,
            self.ctx.now,
            &self.ctx.operator,
            &Record {
                action: "asset.create",
                entity: "asset",
                key: &a.asset_tag,
                before: None,
                after: to_json(&a),
                reason: Some("演示数据"),
            },
        )?;
        self.report.assets += 1;
        Ok((id, a))
    }
}

fn vendor_prefix(vendor: &str) -> &'static str {
    match vendor {
        "华为" => "2102",
        "浪潮" => "INS",
        "新华三" => "210235",
        "戴尔" => "DL",
        "联想" => "J30",
        "中科曙光" => "SG",
        "锐捷" => "G1",
        "深信服" => "SXF",
        "F5" => "F5-",
        "奇安信" => "QAX",
        "绿盟" => "NS",
        "启明星辰" => "VS",
        "博科" => "BRC",
        "康普" => "CS",
        "康宁" => "CN",
        "施耐德" => "ZA",
        "突破" => "TB",
        _ => "SN",
    }
}

impl Ledger {
    /// Fills an empty ledger with a demo site. Refused if the ledger already has assets or
    /// cabinets, or the size is beyond the largest machine rooms.
    pub fn demo(&mut self, ctx: &Ctx, size: DemoSize) -> Result<DemoReport> {
        if size.cabinets == 0 || size.cabinets > MAX_CABINETS {
            return Err(Error::DemoSize { what: DemoCount::Cabinets, value: size.cabinets, min: 1, max: MAX_CABINETS });
        }
        if size.devices > MAX_DEVICES {
            return Err(Error::DemoSize { what: DemoCount::Devices, value: size.devices, min: 0, max: MAX_DEVICES });
        }
        let existing: i64 = self
            .conn()
            .query_row("SELECT (SELECT count(*) FROM assets) + (SELECT count(*) FROM cabinets)", [], |r| r.get(0))
            .map_err(Error::storage("检查数据库是否为空"))?;
        if existing > 0 {
            return Err(Error::DemoNotEmpty);
        }
        let tx = self.write(&[Area::Whole])?;
        let mut b = Builder {
            tx: &tx,
            ctx,
            rng: Rng(size.seed ^ 0x5EED_0000_DA7A),
            serial: 0,
            report: DemoReport { rooms: 0, cabinets: 0, assets: 0, racked: 0, ports: 0, cables: 0 },
        };
        // Rooms and cabinets: the cabinets split evenly between the rooms, rows of 20.
        let mut cabinets: Vec<(i64, String, String, usize)> = Vec::new();
        let mut rows: Vec<power::Row> = Vec::new();
        let per_room = size.cabinets.div_ceil(ROOMS.len() as u32);
        let mut row_no = 0;
        for (i, (name, location)) in ROOMS.iter().enumerate() {
            let count = per_room.min(size.cabinets - (i as u32 * per_room).min(size.cabinets));
            if count == 0 {
                continue;
            }
            let room = Room { name: name.to_string(), location: Some(location.to_string()), note: None };
            let room_id = db::rooms::insert(&tx, &room)?;
            db::audit::insert(
                &tx,
                ctx.now,
                &ctx.operator,
                &Record {
                    action: "room.create",
                    entity: "room",
                    key: name,
                    before: None,
                    after: to_json(&room),
                    reason: Some("演示数据"),
                },
            )?;
            b.report.rooms += 1;
            for c in 0..count {
                if c % CABINETS_PER_ROW == 0 && c > 0 {
                    row_no += 1;
                }
                let row = row_label(row_no);
                if c % CABINETS_PER_ROW == 0 {
                    rows.push(power::Row { room_id, label: row.clone(), number: row_no + 1, cabinets: Vec::new() });
                }
                if let Some(r) = rows.last_mut() {
                    r.cabinets.push(cabinets.len());
                }
                let code = format!("{row}{:02}", c % CABINETS_PER_ROW + 1);
                let owner_idx = if b.rng.chance(40) { 0 } else { 1 + b.rng.below(OWNERS.len() as u64 - 1) as usize };
                let draft = CabinetDraft {
                    code: code.clone(),
                    room: name.to_string(),
                    row: Some(row),
                    u_height: crate::model::DEFAULT_CABINET_U,
                    owner: Some(OWNERS[owner_idx].0.to_string()),
                    note: None,
                };
                let id = db::cabinets::insert(&tx, room_id, &draft)?;
                db::audit::insert(
                    &tx,
                    ctx.now,
                    &ctx.operator,
                    &Record {
                        action: "cabinet.create",
                        entity: "cabinet",
                        key: &code,
                        before: None,
                        after: to_json(&draft),
                        reason: Some("演示数据"),
                    },
                )?;
                cabinets.push((id, code, name.to_string(), owner_idx));
                b.report.cabinets += 1;
            }
            row_no += 1;
        }

        // Devices: about 94 % racked, spread evenly; the rest in stock, idle, unracked or
        // awaiting retirement. A device that does not fit where it was meant to go stays in stock.
        let racked_target = (size.devices as u64 * 94 / 100) as u32;
        let mut left_over = size.devices - racked_target;
        let n_cab = cabinets.len() as u32;
        let mut loads = vec![0_i64; cabinets.len()];
        let mut placed: Vec<ports::Placed> = Vec::new();
        for (ci, (cab_id, code, room, owner_idx)) in cabinets.iter().enumerate() {
            let k = racked_target / n_cab + u32::from((ci as u32) < racked_target % n_cab);
            let mut next_u = 1;
            let height = crate::model::DEFAULT_CABINET_U;
            for j in 0..k {
                let racked_status = if b.rng.chance(4) {
                    Status::Idle
                } else if b.rng.chance(1) {
                    Status::Repairing
                } else {
                    Status::InUse
                };
                let (model, owner, start_u, face) = match j {
                    0 => (b.rng.pick(PANELS), 0, height, Face::Front),
                    1 => (b.rng.pick(SWITCHES), 0, height, Face::Rear),
                    2 => (b.rng.pick(SWITCHES), 0, height - 1, Face::Rear),
                    3 | 4 if k >= 10 => (b.rng.pick(PDUS), 0, 0, Face::Rear),
                    _ => {
                        let model = if b.rng.chance(82) { b.rng.pick(SERVERS) } else { b.rng.pick(OTHERS) };
                        let owner =
                            if model.0 == Category::Server || model.0 == Category::Storage { *owner_idx } else { 0 };
                        if next_u + model.3 - 1 > height - NETWORK_UNITS {
                            left_over += 1;
                            continue;
                        }
                        let u = next_u;
                        next_u += model.3;
                        (model, owner, u, Face::Front)
                    }
                };
                let a = b.asset(model, owner, racked_status);
                loads[ci] += i64::from(a.load_w());
                let (id, asset) = b.insert(a, Some((*cab_id, room, code, start_u, face)))?;
                if ci < ports::PORTED_CABINETS {
                    placed.push(ports::Placed { cabinet: ci, cabinet_code: code.clone(), id, asset });
                }
            }
        }
        for i in 0..left_over {
            let status = match i % 20 {
                0..=9 => Status::InStock,
                10..=12 => Status::Idle,
                13..=16 => Status::Unracked,
                _ => Status::ToRetire,
            };
            let model = if b.rng.chance(75) { b.rng.pick(SERVERS) } else { b.rng.pick(OTHERS) };
            let owner = b.rng.below(OWNERS.len() as u64) as usize;
            let a = b.asset(model, owner, status);
            b.insert(a, None)?;
        }
        let ids: Vec<i64> = cabinets.iter().map(|c| c.0).collect();
        power::build(&tx, ctx, &mut b.rng, &rows, &ids, &loads)?;
        let mut report = b.report.clone();
        (report.ports, report.cables) = ports::build(&tx, ctx, &placed)?;
        tx.commit().map_err(Error::storage("提交演示数据"))?;
        // Faults and repairs go through the ledger's own operations (each its own transaction),
        // so they show exactly what the rules produce.
        repairs::build(self, ctx)?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_labels_never_run_out() {
        assert_eq!(row_label(0), "A");
        assert_eq!(row_label(25), "Z");
        assert_eq!(row_label(26), "AA");
        assert_eq!(row_label(27), "AB");
        assert_eq!(row_label(26 + 26 * 26), "AAA");
    }
}
