//! The daily inspection (附件1): 进行中 started → 已提交 submitted → 已审核 reviewed, forward only.
//! Marking is the work of a started inspection; the director reviews a submitted one.

use crate::model::{InspectionAction, InspectionState};

impl InspectionState {
    /// The one list of transitions: started → submitted → reviewed, forward only.
    pub fn may_become(self, to: InspectionState) -> bool {
        use InspectionState::*;
        matches!((self, to), (Started, Submitted) | (Submitted, Reviewed))
    }

    /// What may be done now, derived from the transitions (marking is the work of a started one).
    pub fn actions(self) -> Vec<InspectionAction> {
        let mut v = Vec::new();
        if self == InspectionState::Started {
            v.push(InspectionAction::Mark);
        }
        if self.may_become(InspectionState::Submitted) {
            v.push(InspectionAction::Submit);
        }
        if self.may_become(InspectionState::Reviewed) {
            v.push(InspectionAction::Review);
        }
        v
    }
}
