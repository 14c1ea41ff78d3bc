//! The fault and alarm record (附件3):
//!
//! ```text
//! 待处理 pending ──► 处理中 in_progress ──► 已恢复 recovered ──► 已关闭 closed
//!     └──────────────────┴───────────────────────┴────────────────────┘ (close at any step)
//! ```
//! A normal alarm that needs no action is registered and closed in one step, so closing is
//! allowed from every open state; going backwards never is (a relapse is a new record). An open
//! record may be edited, and one naming a device may open a repair of it.

use super::Action;
use crate::model::{Fault, FaultState};

/// Each state-changing action of a fault and the state it leads to.
const MOVES: &[(Action, FaultState)] = &[
    (Action::Acknowledge, FaultState::InProgress),
    (Action::Recover, FaultState::Recovered),
    (Action::Close, FaultState::Closed),
];

impl FaultState {
    /// Forward only; closing is allowed from every open state (a normal alarm closes at once).
    pub fn may_become(self, to: FaultState) -> bool {
        use FaultState::*;
        matches!(
            (self, to),
            (Pending, InProgress | Recovered | Closed) | (InProgress, Recovered | Closed) | (Recovered, Closed)
        )
    }

    /// Not closed yet: still handled, still editable.
    pub fn is_open(self) -> bool {
        self != FaultState::Closed
    }
}

/// The state `action` leads a fault to, if it is one of a fault's state changes.
pub fn target(action: Action) -> Option<FaultState> {
    MOVES.iter().find(|(a, _)| *a == action).map(|(_, to)| *to)
}

/// What may be done to a fault record now: edit while open, the forward moves
/// [`FaultState::may_become`] allows, and a repair of its device while open.
pub fn actions(state: FaultState, has_asset: bool) -> Vec<Action> {
    let mut out = Vec::new();
    if state.is_open() {
        out.push(Action::Edit);
    }
    if state.is_open() && has_asset {
        out.push(Action::Repair);
    }
    out.extend(MOVES.iter().filter(|(_, to)| state.may_become(*to)).map(|(a, _)| *a));
    out
}

allowed_from!(Fault, |f| actions(f.state, f.asset_tag.is_some()));

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use FaultState::*;

    #[test]
    fn every_state_and_its_actions() {
        let table: &[(FaultState, &[Action])] = &[
            (Pending, &[Edit, Repair, Acknowledge, Recover, Close]),
            (InProgress, &[Edit, Repair, Recover, Close]),
            (Recovered, &[Edit, Repair, Close]),
            (Closed, &[]),
        ];
        assert_eq!(table.len(), FaultState::ALL.len());
        for (state, want) in table {
            assert_eq!(actions(*state, true), want.to_vec(), "{state}");
            let without: Vec<Action> = want.iter().copied().filter(|a| *a != Repair).collect();
            assert_eq!(actions(*state, false), without, "{state} without a device");
        }
    }

    /// Every state × every action: a state change is offered exactly when the table allows it.
    #[test]
    fn actions_follow_the_transition_table() {
        for from in FaultState::ALL {
            for action in Action::ALL {
                let offered = actions(*from, true).contains(action);
                match target(*action) {
                    Some(to) => assert_eq!(offered, from.may_become(to), "{from} {action:?}"),
                    None => assert_eq!(offered, from.is_open() && matches!(action, Edit | Repair), "{from} {action:?}"),
                }
            }
        }
        assert!(!Recovered.may_become(Pending));
        assert!(!Closed.may_become(InProgress));
    }
}
