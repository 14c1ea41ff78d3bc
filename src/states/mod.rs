//! The state machines of the ledger's records, together, and one vocabulary for what may be done
//! to a record now.
//!
//! - [`asset`] — the asset lifecycle (库存 → 在用 → 维修 → 已下架 → 待报废 → 已报废);
//! - [`request`] — a racking request (草稿 → 待审批 → 已批准 → 已审核 → 已确认 → 已上架 → 已验收, or
//!   已驳回 / 已取消), and which role each of its steps needs;
//! - [`fault`] — a fault or alarm record (待处理 → 处理中 → 已恢复 → 已关闭);
//! - [`repair`] — a repair record (待处理 → 维修中 → 已完成 → 已关闭);
//! - [`inspection`] — the daily inspection (进行中 → 已提交 → 已审核), with its own actions
//!   (mark, submit, review).
//!
//! Each machine has one transition table (`may_become`, or [`asset::allowed`]); the [`Action`]s
//! allowed on a record are derived from that table, never written a second time. Every record
//! that reaches the app or `--json` (asset detail, request, fault, repair) carries its `allowed`
//! actions, so the faces show buttons for them instead of copying the rules. The operations in
//! `ledger` still check the same table and refuse with a typed error (`Error::Transition`,
//! `RequestTransition`, `FaultTransition`, `RepairTransition`), whatever a face shows.

use serde::{Deserialize, Serialize};

/// `with_allowed` and `sync_allowed` for a record type whose `allowed` field is `$actions`,
/// computed from the record `$r`.
macro_rules! allowed_from {
    ($record:ty, |$r:ident| $actions:expr) => {
        impl $record {
            /// The record with its `allowed` actions computed from its state now.
            pub fn with_allowed(mut self) -> $record {
                self.sync_allowed();
                self
            }

            /// Recomputes `allowed` after the record's state changed.
            pub fn sync_allowed(&mut self) {
                self.allowed = {
                    let $r: &$record = self;
                    $actions
                };
            }
        }
    };
}

pub mod asset;
pub mod fault;
pub mod inspection;
pub mod repair;
pub mod request;

/// Something a user may do to a record. One vocabulary for all four machines; a record lists
/// only those allowed on it now, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Change the record's fields (not its state).
    Edit,
    /// Asset: rack it (上架).
    Place,
    /// Asset: move it to another position.
    Move,
    /// Asset: take it out of its cabinet (下架).
    Unrack,
    /// Asset or fault: open a repair (维修) for the device.
    Repair,
    /// Asset: retire it (报废).
    Retire,
    /// Request: 草稿 → 待审批.
    Submit,
    /// Request: 待审批 → 已批准.
    Approve,
    /// Request: → 已驳回 (at 待审批, 已批准 or 已审核).
    Reject,
    /// Request: 已确认 → 已上架.
    Execute,
    /// Request: → 已取消, before it is executed.
    Cancel,
    /// Fault: 待处理 → 处理中 (确认).
    Acknowledge,
    /// Fault: → 已恢复.
    Recover,
    /// Repair: 待处理 → 维修中.
    Start,
    /// Repair: → 已完成.
    Complete,
    /// Fault or repair: → 已关闭.
    Close,
    /// Request: 已批准 → 已审核 (机房审核, IDC).
    Review,
    /// Request: 已审核 → 已确认 (its 附件5 confirmed by the director).
    Confirm,
    /// Request: 已上架 → 已验收 (完成确认).
    Accept,
}

impl Action {
    /// Every action, in the order records list them.
    pub const ALL: &'static [Action] = &[
        Action::Edit,
        Action::Place,
        Action::Move,
        Action::Unrack,
        Action::Repair,
        Action::Retire,
        Action::Submit,
        Action::Approve,
        Action::Reject,
        Action::Execute,
        Action::Cancel,
        Action::Acknowledge,
        Action::Recover,
        Action::Start,
        Action::Complete,
        Action::Close,
        Action::Review,
        Action::Confirm,
        Action::Accept,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_serialize_as_snake_case_codes() {
        let codes: Vec<String> = Action::ALL.iter().map(|a| serde_json::to_string(a).unwrap_or_default()).collect();
        assert_eq!(codes[0], "\"edit\"");
        assert_eq!(codes[11], "\"acknowledge\"");
        let mut sorted = Action::ALL.to_vec();
        sorted.sort();
        assert_eq!(sorted, Action::ALL, "ALL is in declaration order");
    }
}
