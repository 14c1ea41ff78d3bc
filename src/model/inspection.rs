//! The daily inspection (附件1 巡检表, rules §4.2.1): its vocabularies, its records and its state
//! machine — the transitions allowed, and from them the actions a record allows now, which
//! travel with every inspection that leaves the core so no face keeps its own copy.
//!
//! ```text
//! 进行中 started ──submit──► 已提交 submitted ──review──► 已审核 reviewed
//!   (mark devices and points)     (the 运维总监's opinion)      (final)
//! ```
//! Submitting needs every device and check point marked; nothing goes backwards (a mistake after
//! submitting is a note in the review opinion, and a fault record of its own).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::enums::labeled_enum;
use super::repair::{ser_time, ser_time_opt, Fault};

labeled_enum!(
    /// 状态 of an inspection.
    InspectionState {
        Started => ("started", "进行中"),
        Submitted => ("submitted", "已提交"),
        Reviewed => ("reviewed", "已审核"),
    }
);

labeled_enum!(
    /// What may be done to an inspection.
    InspectionAction {
        Mark => ("mark", "标记"),
        Submit => ("submit", "提交"),
        Review => ("review", "审核"),
    }
);

labeled_enum!(
    /// 结果 of a device (子表2).
    DeviceResult {
        Normal => ("normal", "正常", "ok"),
        Alarm => ("alarm", "告警"),
        Fault => ("fault", "故障"),
    }
);

labeled_enum!(
    /// 结果 of a check point (子表1).
    PointResult {
        Normal => ("normal", "正常", "ok"),
        Abnormal => ("abnormal", "异常"),
    }
);

labeled_enum!(
    /// An indicator of a device (电源 / 硬盘 / 风扇与系统告警灯 / 网口): 无 when it has none.
    Indicator {
        Normal => ("normal", "正常", "ok"),
        Abnormal => ("abnormal", "异常"),
        Absent => ("absent", "无", "none"),
    }
);

labeled_enum!(
    /// 巡检项 of a check point (子表1).
    InspectionItem {
        Temperature => ("temperature", "温度"),
        Humidity => ("humidity", "湿度"),
        Mains => ("mains", "市电"),
        Ups => ("ups", "UPS"),
        Cooling => ("cooling", "精密空调", "空调"),
        RowHead => ("row_head", "列头柜"),
        Fire => ("fire", "消防"),
        Access => ("access", "门禁"),
        Leak => ("leak", "漏水"),
        Lighting => ("lighting", "照明"),
        Other => ("other", "其他", "其它"),
    }
);

impl DeviceResult {
    /// 告警 and 故障 are findings: they need an 异常描述 and file a 附件3 record.
    pub fn is_finding(self) -> bool {
        !matches!(self, DeviceResult::Normal)
    }
}

/// `XJ-20261207-01`: the inspections of a day, numbered from 01 after the day's last one.
pub fn inspection_number(date: NaiveDate, last_of_day: Option<i64>) -> String {
    format!("{}{:02}", number_head(date), last_of_day.unwrap_or(0) + 1)
}

/// `XJ-20261207-`: the prefix every number of the day shares.
pub fn number_head(date: NaiveDate) -> String {
    format!("XJ-{}-", date.format("%Y%m%d"))
}

/// The inspection itself (the head of the form and its footer block), with its progress and
/// the actions allowed on it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Inspection {
    pub inspection_no: String,
    pub date: NaiveDate,
    pub rooms: Vec<String>,
    pub state: InspectionState,
    /// 巡检人: who started it.
    pub inspector: String,
    #[serde(serialize_with = "ser_time")]
    pub started_at: NaiveDateTime,
    /// 巡检时间 end: when it was submitted.
    #[serde(serialize_with = "ser_time_opt")]
    pub ended_at: Option<NaiveDateTime>,
    /// 审核人 (运维总监).
    pub reviewer: Option<String>,
    #[serde(serialize_with = "ser_time_opt")]
    pub reviewed_at: Option<NaiveDateTime>,
    /// 审核意见.
    pub opinion: Option<String>,
    pub version: i64,
    /// Devices marked / all devices of 子表2.
    pub devices_marked: u32,
    pub devices_total: u32,
    /// Check points marked / all check points of 子表1.
    pub points_marked: u32,
    pub points_total: u32,
    /// Devices marked 告警 or 故障.
    pub findings: u32,
    pub actions: Vec<InspectionAction>,
}

/// One row of 子表1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InspectionPoint {
    pub seq: u32,
    pub room: String,
    pub item: InspectionItem,
    pub point: String,
    pub standard: Option<String>,
    pub reading: Option<String>,
    pub result: Option<PointResult>,
    pub description: Option<String>,
    pub handling: Option<String>,
    /// 关联告警编号 (附件3).
    pub fault_no: Option<String>,
    pub note: Option<String>,
    #[serde(serialize_with = "ser_time_opt")]
    pub marked_at: Option<NaiveDateTime>,
    pub marked_by: Option<String>,
}

/// One row of 子表2: a device racked in the rooms when the inspection started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InspectionDevice {
    pub seq: u32,
    pub room: String,
    pub cabinet: String,
    pub start_u: u32,
    pub u_height: u32,
    pub asset_tag: String,
    pub name: String,
    pub category: super::Category,
    pub owner: String,
    /// 电源指示 / 硬盘指示 / 风扇与系统告警灯 / 网口指示; None = not noted (normal).
    pub power: Option<Indicator>,
    pub disk: Option<Indicator>,
    pub fan: Option<Indicator>,
    pub net: Option<Indicator>,
    /// None while not marked.
    pub result: Option<DeviceResult>,
    /// 异常描述.
    pub description: Option<String>,
    /// 关联告警编号 (附件3).
    pub fault_no: Option<String>,
    pub note: Option<String>,
    #[serde(serialize_with = "ser_time_opt")]
    pub marked_at: Option<NaiveDateTime>,
    pub marked_by: Option<String>,
}

/// Everything the inspection screen and the 附件1 export show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InspectionDetail {
    pub inspection: Inspection,
    /// "Yesterday's open findings": faults filed by the previous inspection of these rooms that
    /// are not recovered yet, shown first.
    pub open_findings: Vec<Fault>,
    /// The previous inspection of these rooms, whose findings those are.
    pub previous_no: Option<String>,
    pub points: Vec<InspectionPoint>,
    pub devices: Vec<InspectionDevice>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_go_forward_one_step_at_a_time() {
        use InspectionState::*;
        for from in InspectionState::ALL {
            for to in InspectionState::ALL {
                let allowed = matches!((from, to), (Started, Submitted) | (Submitted, Reviewed));
                assert_eq!(from.may_become(*to), allowed, "{from} → {to}");
            }
        }
    }

    #[test]
    fn actions_follow_the_state() {
        use InspectionAction::*;
        assert_eq!(InspectionState::Started.actions(), vec![Mark, Submit]);
        assert_eq!(InspectionState::Submitted.actions(), vec![Review]);
        assert_eq!(InspectionState::Reviewed.actions(), Vec::<InspectionAction>::new());
    }

    #[test]
    fn numbers_count_within_the_day() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(inspection_number(d, None), "XJ-20261207-01");
        assert_eq!(inspection_number(d, Some(9)), "XJ-20261207-10");
        assert_eq!(inspection_number(d, Some(99)), "XJ-20261207-100");
        assert_eq!(number_head(d), "XJ-20261207-");
    }

    #[test]
    fn results_parse_chinese_and_english() {
        assert_eq!(DeviceResult::parse("告警"), Some(DeviceResult::Alarm));
        assert_eq!(DeviceResult::parse("ok"), Some(DeviceResult::Normal));
        assert_eq!(DeviceResult::parse("fault"), Some(DeviceResult::Fault));
        assert_eq!(PointResult::parse("异常"), Some(PointResult::Abnormal));
        assert_eq!(Indicator::parse("无"), Some(Indicator::Absent));
        assert!(DeviceResult::Alarm.is_finding() && !DeviceResult::Normal.is_finding());
    }
}
