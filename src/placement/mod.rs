//! The placement engine: the one place that answers "may these devices go there?".
//!
//! Every way of putting a device into a cabinet — `check`, `place`, `move`, an edit of a racked
//! device's height or depth, the approval and execution of a racking request, and the workbook
//! import — builds a set of [`Proposal`]s, gathers a [`Snapshot`] of what occupies the cabinets
//! concerned, and asks [`judge`]. A new way of placing a device cannot forget a rule because
//! there is no other place to ask.
//!
//! What a snapshot holds (design.md, "Rack space" and "Power"):
//! - the mounts of every device racked in the cabinets, with face and depth;
//! - the positions and power reserved by approved racking requests, each naming its request;
//! - each cabinet's height (the bounds);
//! - the power inputs of the cabinets and of every cabinet sharing a row-head with them, with
//!   the reserved power counted as taken, and the global levels (a cabinet may have its own).
//!
//! What a judgement applies: the asset's status (rackable or not), the bounds, and the overlap
//! rule (`rack::check_space`, the one function) against the stored mounts, the reservations and
//! the earlier accepted proposals of the same set; then the power of the whole set at once
//! (`power::report::assess_all`), so two devices of one request add up in their cabinet and in
//! the row-heads feeding it (failover included). A device is never in its own way: its current
//! mount and its own reservation do not count against it, so a move onto part of its own
//! position is fine.

mod judgement;
mod proposal;
mod snapshot;

pub use judgement::{judge, Judgement};
pub use proposal::Proposal;
pub use snapshot::{reserved_power, Reserved, Snapshot};
