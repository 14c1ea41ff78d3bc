//! The racking request (附件2) and its approval chain (design.md, rules §4.2.4, §4.2.7, §2.5.10):
//!
//! ```text
//! 草稿 ─submit─► 待审批 ─approve─► 已批准 ─review─► 已审核 ─confirm─► 已确认 ─execute─► 已上架 ─accept─► 已验收
//! draft          pending  (director) approved  (idc)   reviewed (director, confirmed (hardware) executed          accepted
//!                   │                   │                 │      its 附件5)     │
//!                   └──────reject───────┴─────────────────┴──► 已驳回 rejected  │
//!   └──────────────────────────cancel──────────────────────────────────────────┴──► 已取消 cancelled
//! ```
//! Rejecting is possible while someone decides (待审批, 已批准, 已审核), cancelling until the
//! request is executed. Which role each step needs is [`crate::roles`]'s table.

use super::Action;
use crate::model::{RackingRequest, RequestState};

/// Each state-changing action of a request and the state it leads to.
const MOVES: &[(Action, RequestState)] = &[
    (Action::Submit, RequestState::Pending),
    (Action::Approve, RequestState::Approved),
    (Action::Review, RequestState::Reviewed),
    (Action::Confirm, RequestState::Confirmed),
    (Action::Execute, RequestState::Executed),
    (Action::Accept, RequestState::Accepted),
    (Action::Reject, RequestState::Rejected),
    (Action::Cancel, RequestState::Cancelled),
];

impl RequestState {
    /// The moves the rules allow: one step at a time along the chain; rejecting while someone
    /// decides; cancelling until the request is executed (or already decided against).
    pub fn may_become(self, to: RequestState) -> bool {
        use RequestState::*;
        matches!(
            (self, to),
            (Draft, Pending)
                | (Pending, Approved)
                | (Approved, Reviewed)
                | (Reviewed, Confirmed)
                | (Confirmed, Executed)
                | (Executed, Accepted)
                | (Pending | Approved | Reviewed, Rejected)
                | (Draft | Pending | Approved | Reviewed | Confirmed, Cancelled)
        )
    }

    /// Whether a request in this state reserves its positions and power: from approval until it
    /// is executed, rejected or cancelled.
    pub fn reserves(self) -> bool {
        matches!(self, RequestState::Approved | RequestState::Reviewed | RequestState::Confirmed)
    }

    /// The actions a request in this state allows, from [`RequestState::may_become`].
    pub fn actions(self) -> Vec<Action> {
        MOVES.iter().filter(|(_, to)| self.may_become(*to)).map(|(a, _)| *a).collect()
    }
}

/// The state `action` leads a request to, if it is one of a request's actions.
pub fn target(action: Action) -> Option<RequestState> {
    MOVES.iter().find(|(a, _)| *a == action).map(|(_, to)| *to)
}

allowed_from!(RackingRequest, |r| r.state.actions());

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use RequestState::*;

    #[test]
    fn every_state_and_its_actions() {
        let table: &[(RequestState, &[Action])] = &[
            (Draft, &[Submit, Cancel]),
            (Pending, &[Approve, Reject, Cancel]),
            (Approved, &[Review, Reject, Cancel]),
            (Reviewed, &[Confirm, Reject, Cancel]),
            (Confirmed, &[Execute, Cancel]),
            (Executed, &[Accept]),
            (Accepted, &[]),
            (Rejected, &[]),
            (Cancelled, &[]),
        ];
        assert_eq!(table.len(), RequestState::ALL.len());
        for (state, want) in table {
            assert_eq!(state.actions(), want.to_vec(), "{state}");
        }
    }

    /// Every state × every action: allowed exactly when the transition table allows its target.
    #[test]
    fn actions_follow_the_transition_table() {
        for from in RequestState::ALL {
            for action in Action::ALL {
                let allowed = from.actions().contains(action);
                match target(*action) {
                    Some(to) => assert_eq!(allowed, from.may_become(to), "{from} {action:?}"),
                    None => assert!(!allowed, "{from} {action:?} is not a request's action"),
                }
            }
        }
        assert!(!Draft.may_become(Approved));
        assert!(!Approved.may_become(Executed), "no step of the chain is skipped");
        assert!(!Pending.may_become(Reviewed));
        assert!(!Confirmed.may_become(Rejected));
        assert!(!Accepted.may_become(Cancelled));
        assert!(!Rejected.may_become(Approved));
        assert!(!Executed.may_become(Cancelled));
        assert!(!Cancelled.may_become(Pending));
    }
}
