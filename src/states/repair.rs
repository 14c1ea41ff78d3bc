//! The repair record (附件4):
//!
//! ```text
//! 待处理 pending ──► 维修中 in_repair ──► 已完成 completed ──► 已关闭 closed
//!     └──────────────────┴──────────────────────┴───────────────────┘ (close at any step)
//! ```
//! A quick fix needs no steps, so closing is allowed from every open state; going backwards never
//! is. A repair not closed yet may be edited (work done, parts, times).

use super::Action;
use crate::model::{Repair, RepairState};

/// Each state-changing action of a repair and the state it leads to.
const MOVES: &[(Action, RepairState)] = &[
    (Action::Start, RepairState::InRepair),
    (Action::Complete, RepairState::Completed),
    (Action::Close, RepairState::Closed),
];

impl RepairState {
    /// Forward only; closing is allowed from every open state (a quick fix needs no steps).
    pub fn may_become(self, to: RepairState) -> bool {
        use RepairState::*;
        matches!(
            (self, to),
            (Pending, InRepair | Completed | Closed) | (InRepair, Completed | Closed) | (Completed, Closed)
        )
    }

    /// Pending or in repair: the device is still waiting for its fix.
    pub fn is_open(self) -> bool {
        matches!(self, RepairState::Pending | RepairState::InRepair)
    }

    /// What may be done to a repair in this state: edit until closed, and the forward moves
    /// [`RepairState::may_become`] allows.
    pub fn actions(self) -> Vec<Action> {
        let mut out = Vec::new();
        if self != RepairState::Closed {
            out.push(Action::Edit);
        }
        out.extend(MOVES.iter().filter(|(_, to)| self.may_become(*to)).map(|(a, _)| *a));
        out
    }
}

/// The state `action` leads a repair to, if it is one of a repair's state changes.
pub fn target(action: Action) -> Option<RepairState> {
    MOVES.iter().find(|(a, _)| *a == action).map(|(_, to)| *to)
}

allowed_from!(Repair, |r| r.state.actions());

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use RepairState::*;

    #[test]
    fn every_state_and_its_actions() {
        let table: &[(RepairState, &[Action])] = &[
            (Pending, &[Edit, Start, Complete, Close]),
            (InRepair, &[Edit, Complete, Close]),
            (Completed, &[Edit, Close]),
            (Closed, &[]),
        ];
        assert_eq!(table.len(), RepairState::ALL.len());
        for (state, want) in table {
            assert_eq!(state.actions(), want.to_vec(), "{state}");
        }
    }

    /// Every state × every action: a state change is offered exactly when the table allows it.
    #[test]
    fn actions_follow_the_transition_table() {
        for from in RepairState::ALL {
            for action in Action::ALL {
                let offered = from.actions().contains(action);
                match target(*action) {
                    Some(to) => assert_eq!(offered, from.may_become(to), "{from} {action:?}"),
                    None => assert_eq!(offered, *action == Edit && *from != Closed, "{from} {action:?}"),
                }
            }
        }
        assert!(!Completed.may_become(InRepair));
        for s in RepairState::ALL {
            assert!(!Closed.may_become(*s), "closed → {s}");
        }
    }
}
