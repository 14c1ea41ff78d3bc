//! The fault and alarm register (附件3 故障告警登记表) and the repair record (附件4 维修记录):
//! their vocabularies, their records, and the rules that need nothing but the record itself —
//! how long a fault lasted, what a device's warranty says. Which state may follow which is in
//! [`crate::states::fault`] and [`crate::states::repair`].

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize, Serializer};

use super::enums::labeled_enum;
use crate::states::Action;

labeled_enum!(
    /// 类别: an alarm (something a monitor raised) or a fault (something broke).
    FaultKind {
        Alarm => ("alarm", "告警"),
        Fault => ("fault", "故障"),
    }
);

labeled_enum!(
    /// 来源: where the fault or alarm was seen.
    FaultSource {
        Environment => ("environment", "动环监控", "动环"),
        Network => ("network", "网管告警", "网管"),
        Inspection => ("inspection", "巡检发现", "巡检"),
        User => ("user", "用户报障", "报障"),
        Vendor => ("vendor", "厂商通知"),
        Other => ("other", "其他", "其它"),
    }
);

labeled_enum!(
    /// 故障类型.
    FaultType {
        Power => ("power", "供配电"),
        Cooling => ("cooling", "空调制冷", "空调"),
        Network => ("network", "网络"),
        Server => ("server", "服务器"),
        Storage => ("storage", "存储"),
        Security => ("security", "安全设备"),
        Cloud => ("cloud", "云平台"),
        Other => ("other", "其他", "其它"),
    }
);

labeled_enum!(
    /// 级别: 一级 is the most severe.
    Severity {
        Level1 => ("level1", "一级", "1"),
        Level2 => ("level2", "二级", "2"),
        Level3 => ("level3", "三级", "3"),
        Level4 => ("level4", "四级", "4"),
    }
);

labeled_enum!(
    /// 状态 of a fault record.
    FaultState {
        Pending => ("pending", "待处理"),
        InProgress => ("in_progress", "处理中"),
        Recovered => ("recovered", "已恢复"),
        Closed => ("closed", "已关闭"),
    }
);

labeled_enum!(
    /// 维修方式. Only 返厂 takes the device out of its cabinet.
    RepairMode {
        Warranty => ("warranty", "原厂保修", "保修"),
        ThirdParty => ("third_party", "第三方维保", "第三方"),
        InHouse => ("in_house", "自行维修", "自修"),
        Factory => ("factory", "返厂", "返厂维修"),
    }
);

labeled_enum!(
    /// 维修结果. 待备件 is not an end: a repair waiting for parts cannot be closed.
    RepairResult {
        Fixed => ("fixed", "已修复"),
        Partial => ("partial", "部分修复"),
        Unrepairable => ("unrepairable", "无法修复"),
        AwaitingParts => ("awaiting_parts", "待备件"),
    }
);

labeled_enum!(
    /// 状态 of a repair record.
    RepairState {
        Pending => ("pending", "待处理"),
        InRepair => ("in_repair", "维修中"),
        Completed => ("completed", "已完成"),
        Closed => ("closed", "已关闭"),
    }
);

labeled_enum!(
    /// 旧件处置.
    PartDisposal {
        Keep => ("keep", "留存"),
        Destroy => ("destroy", "消磁销毁", "销毁"),
        Return => ("return", "退厂商", "退回厂商"),
    }
);

labeled_enum!(
    /// The warranty as 维保到期日 tells it on a given day.
    WarrantyStatus {
        InWarranty => ("in_warranty", "在保"),
        ExpiringSoon => ("expiring_soon", "30天内到期"),
        Expired => ("expired", "已过保"),
        Unknown => ("unknown", "未知"),
    }
);

/// The window the weekly statistics and the repair answer call "expires soon" (templates.md:
/// 30天内维保到期).
pub const WARRANTY_SOON_DAYS: i64 = 30;

/// What a device's 维保到期日 says on `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Warranty {
    pub status: WarrantyStatus,
    pub until: Option<NaiveDate>,
    /// Days from today to the end date (negative once expired).
    pub days_left: Option<i64>,
}

impl Warranty {
    /// Still covered on `today` (expiring soon is still covered); `None` when unknown.
    pub fn covered(&self) -> Option<bool> {
        match self.status {
            WarrantyStatus::InWarranty | WarrantyStatus::ExpiringSoon => Some(true),
            WarrantyStatus::Expired => Some(false),
            WarrantyStatus::Unknown => None,
        }
    }
}

/// The warranty on `today`. The end date itself is still covered.
pub fn warranty_status(until: Option<NaiveDate>, today: NaiveDate) -> Warranty {
    let Some(until) = until else {
        return Warranty { status: WarrantyStatus::Unknown, until: None, days_left: None };
    };
    let days = (until - today).num_days();
    let status = if days < 0 {
        WarrantyStatus::Expired
    } else if days <= WARRANTY_SOON_DAYS {
        WarrantyStatus::ExpiringSoon
    } else {
        WarrantyStatus::InWarranty
    };
    Warranty { status, until: Some(until), days_left: Some(days) }
}

/// How times are written in JSON, the database and the forms: `2026-11-25 14:30:00`.
pub const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// [`TIME_FORMAT`], for storage.
pub fn repair_time_format() -> &'static str {
    TIME_FORMAT
}

pub(crate) fn ser_time<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format(TIME_FORMAT).to_string())
}

pub(crate) fn ser_time_opt<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.format(TIME_FORMAT).to_string()),
        None => s.serialize_none(),
    }
}

/// Minutes from `from` to `to` (持续时长(分钟)), never negative; `None` until recovered.
pub fn duration_minutes(from: NaiveDateTime, to: Option<NaiveDateTime>) -> Option<i64> {
    to.map(|to| (to - from).num_minutes().max(0))
}

/// One 附件3 row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fault {
    pub fault_no: String,
    pub kind: FaultKind,
    #[serde(serialize_with = "ser_time")]
    pub occurred_at: NaiveDateTime,
    pub source: FaultSource,
    /// Where it happened, as it was when registered (a device may move later).
    pub room: Option<String>,
    pub cabinet: Option<String>,
    pub asset_tag: Option<String>,
    pub asset_name: Option<String>,
    pub fault_type: Option<FaultType>,
    pub severity: Severity,
    pub description: String,
    pub service_impact: bool,
    pub reporter: Option<String>,
    #[serde(serialize_with = "ser_time_opt")]
    pub acknowledged_at: Option<NaiveDateTime>,
    pub handler: Option<String>,
    pub actions: Option<String>,
    pub root_cause: Option<String>,
    #[serde(serialize_with = "ser_time_opt")]
    pub recovered_at: Option<NaiveDateTime>,
    /// 持续时长(分钟), computed from occurred → recovered.
    pub duration_min: Option<i64>,
    /// 关联维修单号: the repairs opened from this record.
    pub repair_nos: Vec<String>,
    /// 巡检单号: the inspection (附件1) whose mark filed this record.
    pub inspection_no: Option<String>,
    pub state: FaultState,
    #[serde(serialize_with = "ser_time_opt")]
    pub closed_at: Option<NaiveDateTime>,
    /// What may be done to it now ([`crate::states::fault`]), derived from `state`.
    pub allowed: Vec<Action>,
}

/// One 更换部件 row of a repair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepairPart {
    pub name: String,
    pub spec: Option<String>,
    pub quantity: u32,
    pub old_serial: Option<String>,
    pub new_serial: Option<String>,
    pub disposal: Option<PartDisposal>,
}

impl RepairPart {
    /// `name|spec|qty|oldSN|newSN|disposal`; everything after the name may be left empty or
    /// out (quantity 1). Returns the reason in Chinese on failure.
    pub fn parse(s: &str) -> Result<RepairPart, String> {
        let cells: Vec<&str> = s.split('|').map(str::trim).collect();
        if cells.len() > 6 {
            return Err(format!("“{s}”多于 6 项（名称|规格|数量|旧件序列号|新件序列号|处置）"));
        }
        let cell = |i: usize| cells.get(i).copied().filter(|c| !c.is_empty());
        let name = cell(0).ok_or_else(|| format!("“{s}”缺少部件名称"))?.to_string();
        let quantity = match cell(2) {
            Some(q) => crate::parse::uint(q)?,
            None => 1,
        };
        if quantity == 0 {
            return Err(format!("“{s}”的数量应大于 0"));
        }
        let disposal = match cell(5) {
            Some(d) => Some(PartDisposal::parse(d).ok_or_else(|| format!("处置可选值：{}", PartDisposal::choices()))?),
            None => None,
        };
        Ok(RepairPart {
            name,
            spec: cell(1).map(str::to_string),
            quantity,
            old_serial: cell(3).map(str::to_string),
            new_serial: cell(4).map(str::to_string),
            disposal,
        })
    }
}

/// One 附件4 row, with its parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Repair {
    pub repair_no: String,
    pub fault_no: Option<String>,
    pub asset_tag: String,
    pub asset_name: String,
    /// 品牌型号 of the device, as the ledger has it now.
    pub device_vendor: String,
    pub device_model: String,
    pub serial: String,
    pub symptom: String,
    #[serde(serialize_with = "ser_time")]
    pub reported_at: NaiveDateTime,
    pub mode: RepairMode,
    /// 维修单位: who repairs it.
    pub vendor: String,
    pub case_no: Option<String>,
    pub technician: Option<String>,
    #[serde(serialize_with = "ser_time_opt")]
    pub arrived_at: Option<NaiveDateTime>,
    pub work_done: Option<String>,
    pub parts: Vec<RepairPart>,
    /// A whole-unit swap: the device's serial before and after.
    pub old_serial: Option<String>,
    pub new_serial: Option<String>,
    #[serde(serialize_with = "ser_time_opt")]
    pub completed_at: Option<NaiveDateTime>,
    pub result: Option<RepairResult>,
    pub under_warranty: Option<bool>,
    pub cost: Option<f64>,
    pub accepted_by: Option<String>,
    pub accepted_on: Option<NaiveDate>,
    pub state: RepairState,
    /// Where a device sent back to the factory (返厂) was racked, to go back there on return.
    pub return_position: Option<String>,
    #[serde(serialize_with = "ser_time_opt")]
    pub closed_at: Option<NaiveDateTime>,
    /// What may be done to it now ([`crate::states::repair`]), derived from `state`.
    pub allowed: Vec<Action>,
}

impl Repair {
    /// Hours from report to completion (the figure the mean time to repair averages).
    pub fn hours_to_repair(&self) -> Option<f64> {
        self.completed_at.map(|c| (c - self.reported_at).num_minutes() as f64 / 60.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn warranty_on_a_day() {
        let today = day(2026, 11, 25);
        assert_eq!(warranty_status(None, today).status, WarrantyStatus::Unknown);
        assert_eq!(warranty_status(Some(day(2026, 11, 24)), today).status, WarrantyStatus::Expired);
        assert_eq!(warranty_status(Some(day(2026, 11, 25)), today).status, WarrantyStatus::ExpiringSoon);
        assert_eq!(warranty_status(Some(day(2026, 12, 25)), today).status, WarrantyStatus::ExpiringSoon);
        let w = warranty_status(Some(day(2026, 12, 26)), today);
        assert_eq!((w.status, w.days_left, w.covered()), (WarrantyStatus::InWarranty, Some(31), Some(true)));
        assert_eq!(warranty_status(Some(day(2025, 1, 1)), today).covered(), Some(false));
    }

    #[test]
    fn parts_parse_from_one_line() {
        let p = RepairPart::parse("内存|32GB DDR4|2|OLD1||消磁销毁").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.name, "内存");
        assert_eq!(p.quantity, 2);
        assert_eq!(p.old_serial.as_deref(), Some("OLD1"));
        assert_eq!(p.new_serial, None);
        assert_eq!(p.disposal, Some(PartDisposal::Destroy));
        assert_eq!(RepairPart::parse("硬盘").map(|p| p.quantity), Ok(1));
        assert!(RepairPart::parse("|x").is_err());
        assert!(RepairPart::parse("a|b|0").is_err());
        assert!(RepairPart::parse("a|b|1|||丢弃").is_err());
        assert!(RepairPart::parse("a|b|1|c|d|留存|more").is_err());
    }

    #[test]
    fn durations_in_whole_minutes() {
        let t = |h, m| day(2026, 11, 25).and_hms_opt(h, m, 0).unwrap_or_default();
        assert_eq!(duration_minutes(t(8, 0), Some(t(9, 30))), Some(90));
        assert_eq!(duration_minutes(t(8, 0), None), None);
        assert_eq!(duration_minutes(t(9, 0), Some(t(8, 0))), Some(0));
    }
}
