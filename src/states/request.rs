//! The racking request (附件2):
//!
//! ```text
//! 草稿 draft ──submit──► 待审批 pending ──approve──► 已批准 approved ──execute──► 已上架 executed
//!     │                      │ └──reject──► 已驳回 rejected      │
//!     └──────cancel──────────┴──────────────cancel───────────────┴──► 已取消 cancelled
//! ```
//! Cancelling is possible until the request is executed (or already decided against).

use super::Action;
use crate::model::{RackingRequest, RequestState};

/// Each state-changing action of a request and the state it leads to.
const MOVES: &[(Action, RequestState)] = &[
    (Action::Submit, RequestState::Pending),
    (Action::Approve, RequestState::Approved),
    (Action::Reject, RequestState::Rejected),
    (Action::Execute, RequestState::Executed),
    (Action::Cancel, RequestState::Cancelled),
];

impl RequestState {
    /// The moves the rules allow. Cancelling is possible until the request is executed (or
    /// already decided against).
    pub fn may_become(self, to: RequestState) -> bool {
        use RequestState::*;
        matches!(
            (self, to),
            (Draft, Pending)
                | (Pending, Approved | Rejected)
                | (Approved, Executed)
                | (Draft | Pending | Approved, Cancelled)
        )
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
            (Approved, &[Execute, Cancel]),
            (Rejected, &[]),
            (Executed, &[]),
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
        assert!(!Rejected.may_become(Approved));
        assert!(!Executed.may_become(Cancelled));
        assert!(!Cancelled.may_become(Pending));
    }
}
