//! The asset lifecycle of design.md:
//!
//! ```text
//! 库存 in_stock ──► 在用 in_use ◄──► 闲置 idle
//!                      │   ▲            │
//!                      ▼   │            ▼
//!                  维修 repairing ──► 待报废 to_retire ──► 已报废 retired (final)
//!                      │                  ▲
//!                      ▼                  │
//!                  已下架 unracked ─────────┘
//! ```
//! An unracked device may go back into use or into stock; a device awaiting retirement may be
//! reprieved to stock. 库存, 已下架, 待报废 and 已报废 are never racked (see
//! [`Status::may_be_racked`]).
//!
//! [`actions`] says what may be done to an asset now, from its status, whether it is racked and
//! whether a repair of it is still open.

use super::Action;
use crate::error::{Error, Result};
use crate::model::Status;

/// Whether the status may change from `from` to `to` by an explicit edit.
pub fn allowed(from: Status, to: Status) -> bool {
    use Status::*;
    if from == to {
        return true;
    }
    matches!(
        (from, to),
        (InStock, InUse | Idle | ToRetire)
            | (InUse, Idle | Repairing | Unracked)
            | (Idle, InUse | Repairing | Unracked)
            | (Repairing, InUse | Idle | Unracked | ToRetire)
            | (Unracked, InStock | InUse | Idle | Repairing | ToRetire)
            | (ToRetire, Retired | InStock)
    )
}

/// [`allowed`] as a typed error naming the asset.
pub fn check(tag: &str, from: Status, to: Status) -> Result<()> {
    if allowed(from, to) {
        Ok(())
    } else {
        Err(Error::Transition { tag: tag.to_string(), from, to })
    }
}

/// `asset retire` is the last step, taken from any state that is not racked and not in use:
/// in stock, unracked, or awaiting retirement.
pub fn may_retire(from: Status) -> bool {
    matches!(from, Status::InStock | Status::Unracked | Status::ToRetire)
}

/// The status a device takes when it is racked: a device from stock or one that was unracked
/// goes into use; one in use, idle or under repair keeps its status.
pub fn status_when_racked(from: Status) -> Option<Status> {
    match from {
        Status::InStock | Status::Unracked => Some(Status::InUse),
        Status::InUse | Status::Idle | Status::Repairing => Some(from),
        Status::ToRetire | Status::Retired => None,
    }
}

/// The status a device takes when it leaves its cabinet: in use or idle become 已下架; a device
/// under repair stays under repair (it may have gone back to the factory).
pub fn status_when_unracked(from: Status) -> Status {
    match from {
        Status::Repairing => Status::Repairing,
        _ => Status::Unracked,
    }
}

/// What may be done to an asset now. Editing is always possible (a retired asset keeps its
/// record); racking needs a status that may be racked ([`status_when_racked`]); a repair needs
/// no other repair open and a status that may become 维修; retiring needs the device out of its
/// cabinet ([`may_retire`]).
pub fn actions(status: Status, racked: bool, repair_open: bool) -> Vec<Action> {
    let mut out = vec![Action::Edit];
    if racked {
        out.extend([Action::Move, Action::Unrack]);
    } else if status_when_racked(status).is_some() {
        out.push(Action::Place);
    }
    if !repair_open && status != Status::Repairing && allowed(status, Status::Repairing) {
        out.push(Action::Repair);
    }
    if !racked && may_retire(status) {
        out.push(Action::Retire);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    /// Every status × racked or not (no repair open), and what the asset offers.
    #[test]
    fn actions_of_every_status() {
        use Action::*;
        let table: &[(Status, bool, &[Action])] = &[
            (InStock, false, &[Edit, Place, Retire]),
            (InUse, true, &[Edit, Move, Unrack, Repair]),
            (InUse, false, &[Edit, Place, Repair]),
            (Idle, true, &[Edit, Move, Unrack, Repair]),
            (Idle, false, &[Edit, Place, Repair]),
            (Repairing, true, &[Edit, Move, Unrack]),
            (Repairing, false, &[Edit, Place]),
            (Unracked, false, &[Edit, Place, Repair, Retire]),
            (ToRetire, false, &[Edit, Retire]),
            (Retired, false, &[Edit]),
        ];
        for (status, racked, want) in table {
            assert_eq!(actions(*status, *racked, false), want.to_vec(), "{status} racked={racked}");
        }
        for s in Status::ALL {
            assert!(table.iter().any(|(t, ..)| t == s), "{s} is in the table");
            assert!(!actions(*s, false, true).contains(&Repair), "{s} with a repair open");
        }
    }

    #[test]
    fn the_designed_paths_are_allowed() {
        for (a, b) in [
            (InStock, InUse),
            (InStock, Idle),
            (InUse, Repairing),
            (Repairing, InUse),
            (InUse, Unracked),
            (Unracked, ToRetire),
            (ToRetire, Retired),
            (Idle, InUse),
            (Repairing, ToRetire),
        ] {
            assert!(allowed(a, b), "{a} → {b}");
        }
    }

    #[test]
    fn retired_is_final_and_shortcuts_are_refused() {
        for to in Status::ALL.iter().copied().filter(|s| *s != Retired) {
            assert!(!allowed(Retired, to), "retired → {to}");
        }
        for (a, b) in [(InUse, Retired), (InStock, Retired), (InUse, InStock), (InStock, Repairing), (Idle, ToRetire)] {
            assert!(!allowed(a, b), "{a} → {b}");
            assert!(matches!(check("T", a, b), Err(Error::Transition { .. })));
        }
    }

    #[test]
    fn racking_and_unracking_statuses() {
        assert_eq!(status_when_racked(InStock), Some(InUse));
        assert_eq!(status_when_racked(Unracked), Some(InUse));
        assert_eq!(status_when_racked(Idle), Some(Idle));
        assert_eq!(status_when_racked(Retired), None);
        assert_eq!(status_when_racked(ToRetire), None);
        assert_eq!(status_when_unracked(InUse), Unracked);
        assert_eq!(status_when_unracked(Repairing), Repairing);
        assert!(may_retire(ToRetire) && may_retire(InStock) && !may_retire(InUse) && !may_retire(Retired));
    }
}
