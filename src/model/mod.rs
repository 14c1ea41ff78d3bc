//! Domain types of the ledger: assets, rooms, cabinets and positions, and the enums that carry
//! both their Chinese label (what forms and the UI show) and their English code (what JSON and
//! scripts use).

mod asset;
mod enums;
mod fields;
mod site;

pub use asset::{Asset, AssetDraft, Position, MAX_U};
pub use enums::{Category, Depth, Face, Ownership, Status};
pub use fields::{normalize_header, AssetField, FieldKind};
pub use site::{Cabinet, CabinetDraft, Room, DEFAULT_CABINET_U};
