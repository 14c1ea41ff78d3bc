//! Racking requests (附件2 设备上架申请表) and operation requests (附件5 操作申请单): their
//! vocabularies and records. The state machine of a racking request is in
//! [`crate::states::request`]. Only an approved request reserves its positions and power.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::enums::{labeled_enum, Category, Depth, Face};
use crate::states::Action;

labeled_enum!(
    /// 申请类型.
    RequestKind {
        New => ("new", "新增上架", "新增"),
        Expand => ("expand", "扩容"),
        Migrate => ("migrate", "迁移"),
        Remove => ("remove", "下架"),
    }
);

labeled_enum!(
    /// 状态 of a racking request.
    RequestState {
        Draft => ("draft", "草稿"),
        Pending => ("pending", "待审批"),
        Approved => ("approved", "已批准"),
        Reviewed => ("reviewed", "已审核"),
        Confirmed => ("confirmed", "已确认"),
        Executed => ("executed", "已上架"),
        Accepted => ("accepted", "已验收"),
        Rejected => ("rejected", "已驳回"),
        Cancelled => ("cancelled", "已取消"),
    }
);

labeled_enum!(
    /// 操作类型 of an operation request.
    OperationKind {
        Rack => ("rack", "设备上架", "上架"),
        Unrack => ("unrack", "下架"),
        Migrate => ("migrate", "迁移"),
        Cabling => ("cabling", "布线"),
        PowerOn => ("power_on", "加电"),
        PowerOff => ("power_off", "断电"),
        Other => ("other", "其他", "其它"),
    }
);

labeled_enum!(
    /// 风险等级.
    Risk {
        High => ("high", "高"),
        Medium => ("medium", "中"),
        Low => ("low", "低"),
    }
);

/// One device row of a racking request: an asset of the ledger (`in_ledger`) or a new one to be
/// registered on execution, and where it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestRow {
    /// 序号, from 1.
    pub seq: u32,
    /// Whether the asset is already in the ledger (else it is registered on execution).
    pub in_ledger: bool,
    pub asset_tag: String,
    pub name: String,
    pub category: Category,
    pub vendor: String,
    pub model: String,
    pub serial: String,
    pub u_height: u32,
    pub depth: Depth,
    pub rated_w: u32,
    pub typical_w: Option<u32>,
    pub psu_count: u32,
    /// 网口数 / 光口数 as the applicant gave them.
    pub rj45_ports: Option<u32>,
    pub optical_ports: Option<u32>,
    pub mgmt_ip: Option<String>,
    pub room: Option<String>,
    pub cabinet: Option<String>,
    pub start_u: Option<u32>,
    pub face: Option<Face>,
    pub note: Option<String>,
}

impl RequestRow {
    /// The power it is planned at: typical when known, else rated (as an asset's load).
    pub fn load_w(&self) -> u32 {
        self.typical_w.unwrap_or(self.rated_w)
    }
}

/// A racking request (附件2): the header, its rows, and what was decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RackingRequest {
    pub request_no: String,
    pub applied_on: NaiveDate,
    /// 申请单位.
    pub org: String,
    pub applicant: String,
    pub phone: Option<String>,
    /// 业务系统.
    pub system: Option<String>,
    pub kind: RequestKind,
    pub planned_on: Option<NaiveDate>,
    /// 随工人员.
    pub escort: Option<String>,
    /// 已完成机房外加电测试.
    pub power_tested: bool,
    /// 申请单位意见.
    pub org_opinion: Option<String>,
    pub state: RequestState,
    /// What may be done to it now ([`crate::states::request`]), derived from `state`.
    #[serde(default)]
    pub allowed: Vec<Action>,
    /// Who approved or rejected it, when, and what they said.
    pub approver: Option<String>,
    pub decided_at: Option<String>,
    pub opinion: Option<String>,
    /// The reason the IDC engineer gave at 机房审核 to pass a refused power check.
    pub override_reason: Option<String>,
    /// 机房审核 (IDC): who, when, and what they said.
    pub reviewer: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_opinion: Option<String>,
    pub executed_at: Option<String>,
    pub executed_by: Option<String>,
    /// 验收 (完成确认): who and when.
    pub accepted_by: Option<String>,
    pub accepted_at: Option<String>,
    pub note: Option<String>,
    pub rows: Vec<RequestRow>,
    /// 关联的操作申请单号.
    pub operations: Vec<String>,
}

/// A row of the 机柜位置 table of an operation request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OperationPosition {
    pub seq: u32,
    pub name: String,
    pub asset_tag: String,
    pub serial: Option<String>,
    pub room: Option<String>,
    pub cabinet: Option<String>,
    pub start_u: Option<u32>,
    pub u_height: Option<u32>,
    pub face: Option<Face>,
    pub pdu_a: Option<String>,
    pub pdu_b: Option<String>,
}

/// A row of the 线缆端口对应表: both ends of a planned cable, with their labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OperationCable {
    pub seq: u32,
    pub cable_no: Option<String>,
    pub cable_type: Option<String>,
    pub a_asset: String,
    /// 本端位置 `机柜-U位`.
    pub a_position: Option<String>,
    pub a_port: String,
    /// 经配线架端口.
    pub via: Option<String>,
    pub b_asset: String,
    pub b_position: Option<String>,
    pub b_port: String,
    /// `机柜-U位-端口`.
    pub a_label: Option<String>,
    pub b_label: Option<String>,
    pub purpose: Option<String>,
    pub vlan: Option<String>,
    pub length_m: Option<f64>,
}

/// An operation request (附件5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OperationRequest {
    pub op_no: String,
    /// 关联上架申请单.
    pub request_no: Option<String>,
    pub org: String,
    pub applicant: String,
    pub phone: Option<String>,
    pub kind: OperationKind,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    /// 操作内容及步骤.
    pub steps: Option<String>,
    /// 影响范围.
    pub impact: Option<String>,
    pub risk: Risk,
    /// 回退方案.
    pub rollback: Option<String>,
    pub implementer: Option<String>,
    pub escort: Option<String>,
    pub approver: Option<String>,
    pub approved_at: Option<String>,
    pub confirmed_by: Option<String>,
    pub completed_at: Option<String>,
    pub positions: Vec<OperationPosition>,
    pub cables: Vec<OperationCable>,
}

/// `A03-21-GE1/0/5`: the cable label of one end (templates.md, 端口表).
pub fn cable_label(cabinet: &str, start_u: u32, port: &str) -> String {
    format!("{cabinet}-{start_u}-{port}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_port_table() {
        assert_eq!(cable_label("A03", 21, "GE1/0/5"), "A03-21-GE1/0/5");
        assert_eq!(RequestKind::parse("新增"), Some(RequestKind::New));
        assert_eq!(RequestState::parse("已上架"), Some(RequestState::Executed));
    }
}
