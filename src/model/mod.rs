//! Domain types of the ledger: assets, rooms, cabinets and positions, and the enums that carry
//! both their Chinese label (what forms and the UI show) and their English code (what JSON and
//! scripts use). `repair` holds the fault and repair registers (附件3, 附件4), `inspection` the
//! daily inspection (附件1).

mod asset;
mod enums;
mod fields;
mod inspection;
mod port;
mod repair;
mod request;
mod role;
mod site;

pub use asset::{Asset, AssetDraft, Position, MAX_U};
pub use enums::{Category, Depth, Face, Ownership, Status};
pub use fields::{normalize_header, AssetField, FieldKind};
pub use inspection::{
    inspection_number, number_head, DeviceResult, Indicator, Inspection, InspectionAction, InspectionDetail,
    InspectionDevice, InspectionItem, InspectionPoint, InspectionState, PointResult,
};
pub use port::{Cable, CableDraft, CableEnd, CableType, Link, Port, PortKind, PortStatus, PortTemplate};
pub use repair::{
    duration_minutes, repair_time_format, warranty_status, Fault, FaultKind, FaultSource, FaultState, FaultType,
    PartDisposal, Repair, RepairMode, RepairPart, RepairResult, RepairState, Severity, Warranty, WarrantyStatus,
};
pub use request::{
    cable_label, OperationCable, OperationKind, OperationPosition, OperationRequest, RackingRequest, RequestKind,
    RequestRow, RequestState, Risk,
};
pub use role::Role;
pub use site::{position_label, Cabinet, CabinetDraft, Feeds, Room, DEFAULT_CABINET_U};
