//! The UI's TypeScript types are generated from the core's Rust types (ts-rs) into
//! `ui/src/lib/backend/generated.ts`, which is committed. This test fails when the committed
//! file no longer matches the Rust types; `UPDATE_TS=1 cargo test -p rackledger-app --test
//! ts_types` rewrites it.

use std::path::PathBuf;

use rackledger::backup::{BackupFile, Policy};
use rackledger::db::assets::{AssetFilter, SortKey};
use rackledger::db::audit::AuditEntry;
use rackledger::db::env::{EnvReading, EnvSource};
use rackledger::db::faults::FaultFilter;
use rackledger::db::history::HistoryEntry;
use rackledger::db::patrols::{Patrol, PatrolKind, PatrolStatus, RowHeadReading};
use rackledger::db::ports::PortRow;
use rackledger::db::readings::Reading;
use rackledger::db::repairs::RepairFilter;
use rackledger::db::requests::RequestFilter;
use rackledger::db::row_heads::RowHead;
use rackledger::db::sql::connect::TeamAddress;
use rackledger::db::sql::notify::Change;
use rackledger::db::window::RecordPage;
use rackledger::demo::DemoReport;
use rackledger::environment::{Breach, EnvAlerts, EnvLimits, EnvOverrides, EnvPoint, EnvStatus};
use rackledger::excel::import::{FieldDiff, ImportReport, RowChange, SheetReport};
use rackledger::excel::view::{ChangedRow, FieldChange, ImportView, SheetView};
use rackledger::excel::{Problem, ProblemGroup, SheetKind};
use rackledger::labels::{CableSelection, DeviceSelection, LabelsPrinted};
use rackledger::ledger::ports::{
    CabinetPool, Hop, HopVia, PoolFigures, PoolLevel, PoolWindow, PortPool, RoomPool, SwitchPool, Trace,
};
use rackledger::ledger::{
    AgeBucket, BackupStatus, FaultStats, FaultWeek, ModelCount, RepairClosed, RepairOpened, RepairPreview, RepairStats,
    Restored, VendorCount,
};
use rackledger::ledger::{
    AssetDetail, CabinetCheck, CheckResult, Elevation, NewDevice, Racked, RequestAnswer, RequestCheck, RequestDraft,
    RequestExecuted, ReservedUnits, RowCheck, RowDraft, RowHeadCheck, SerialChange, Verdict,
};
use rackledger::ledger::{
    Confirmed, OperationDraft, PlannedCable, PositionDraft, Queue, QueueKind, Queues, RequestStep,
};
use rackledger::ledger::{DeviceMark, DevicePorts, Marked, PointMark, PortRef};
use rackledger::ledger::{EnvDraft, PatrolDraft, Remedy, RemedyDevice, RemedyMove, RowTemp};
use rackledger::model::{
    Asset, Cabinet, Category, Depth, Face, Fault, FaultKind, FaultSource, FaultState, FaultType, Ownership,
    PartDisposal, Position, Repair, RepairMode, RepairPart, RepairResult, RepairState, Room, Severity, Status,
    Warranty, WarrantyStatus,
};
use rackledger::model::{Cable, CableDraft, CableEnd, CableType, Link, Port, PortKind, PortStatus};
use rackledger::model::{
    DeviceResult, Indicator, Inspection, InspectionAction, InspectionDetail, InspectionDevice, InspectionItem,
    InspectionPoint, InspectionState, PointResult,
};
use rackledger::model::{
    OperationCable, OperationKind, OperationPosition, OperationRequest, RackingRequest, RequestKind, RequestRow,
    RequestState, Risk, Role,
};
use rackledger::power::{
    AlertKind, CabinetPower, Levels, MapTile, PowerAlert, PowerAlerts, PowerReport, PowerRoom, PowerRow, PowerSort,
    PowerStatus, PowerTable, RowHeadPower,
};
use rackledger::roles::{Engine, Identity};
use rackledger::states::Action;
use ts_rs::{Config, TS};

const HEADER: &str = "\
// GENERATED from the core's Rust types by src-tauri/tests/ts_types.rs (ts-rs) — do not edit.
// Regenerate: UPDATE_TS=1 cargo test -p rackledger-app --test ts_types
// Dates are `yyyy-mm-dd`, times `yyyy-mm-dd HH:MM:SS`.
";

/// Every declaration, in the order the file lists them.
fn render() -> String {
    // JSON carries i64 as a number; every figure we send is well within 2^53.
    let cfg = Config::new().with_large_int("number");
    let decls = [
        // states
        Action::decl(&cfg),
        // model
        Category::decl(&cfg),
        Ownership::decl(&cfg),
        Status::decl(&cfg),
        Face::decl(&cfg),
        Depth::decl(&cfg),
        Position::decl(&cfg),
        Asset::decl(&cfg),
        Room::decl(&cfg),
        Cabinet::decl(&cfg),
        RepairMode::decl(&cfg),
        RepairResult::decl(&cfg),
        RepairState::decl(&cfg),
        PartDisposal::decl(&cfg),
        RepairPart::decl(&cfg),
        Repair::decl(&cfg),
        RequestKind::decl(&cfg),
        RequestState::decl(&cfg),
        RequestRow::decl(&cfg),
        RackingRequest::decl(&cfg),
        WarrantyStatus::decl(&cfg),
        Warranty::decl(&cfg),
        FaultKind::decl(&cfg),
        FaultSource::decl(&cfg),
        FaultType::decl(&cfg),
        Severity::decl(&cfg),
        FaultState::decl(&cfg),
        Fault::decl(&cfg),
        InspectionState::decl(&cfg),
        InspectionAction::decl(&cfg),
        DeviceResult::decl(&cfg),
        PointResult::decl(&cfg),
        Indicator::decl(&cfg),
        InspectionItem::decl(&cfg),
        Inspection::decl(&cfg),
        InspectionPoint::decl(&cfg),
        InspectionDevice::decl(&cfg),
        InspectionDetail::decl(&cfg),
        // db
        SortKey::decl(&cfg),
        AssetFilter::decl(&cfg),
        HistoryEntry::decl(&cfg),
        AuditEntry::decl(&cfg),
        Reading::decl(&cfg),
        RowHead::decl(&cfg),
        RepairFilter::decl(&cfg),
        FaultFilter::decl(&cfg),
        RequestFilter::decl(&cfg),
        RecordPage::<Repair>::decl(&cfg),
        // ledger
        SerialChange::decl(&cfg),
        AssetDetail::decl(&cfg),
        Elevation::decl(&cfg),
        Verdict::decl(&cfg),
        CabinetCheck::decl(&cfg),
        RowHeadCheck::decl(&cfg),
        CheckResult::decl(&cfg),
        Racked::decl(&cfg),
        ReservedUnits::decl(&cfg),
        NewDevice::decl(&cfg),
        RowDraft::decl(&cfg),
        RequestDraft::decl(&cfg),
        RowCheck::decl(&cfg),
        RequestCheck::decl(&cfg),
        RequestAnswer::decl(&cfg),
        RequestExecuted::decl(&cfg),
        // the approval chain
        Role::decl(&cfg),
        Engine::decl(&cfg),
        Identity::decl(&cfg),
        Change::decl(&cfg),
        TeamAddress::decl(&cfg),
        RequestStep::decl(&cfg),
        QueueKind::decl(&cfg),
        Queue::decl(&cfg),
        Queues::decl(&cfg),
        OperationKind::decl(&cfg),
        Risk::decl(&cfg),
        OperationPosition::decl(&cfg),
        OperationCable::decl(&cfg),
        OperationRequest::decl(&cfg),
        Confirmed::decl(&cfg),
        PositionDraft::decl(&cfg),
        PlannedCable::decl(&cfg),
        OperationDraft::decl(&cfg),
        RepairPreview::decl(&cfg),
        RepairOpened::decl(&cfg),
        RepairClosed::decl(&cfg),
        VendorCount::decl(&cfg),
        ModelCount::decl(&cfg),
        AgeBucket::decl(&cfg),
        RepairStats::decl(&cfg),
        FaultWeek::decl(&cfg),
        FaultStats::decl(&cfg),
        DeviceMark::decl(&cfg),
        PointMark::decl(&cfg),
        Marked::decl(&cfg),
        // power
        PowerStatus::decl(&cfg),
        Levels::decl(&cfg),
        CabinetPower::decl(&cfg),
        RowHeadPower::decl(&cfg),
        PowerReport::decl(&cfg),
        AlertKind::decl(&cfg),
        PowerAlert::decl(&cfg),
        PowerAlerts::decl(&cfg),
        MapTile::decl(&cfg),
        PowerRow::decl(&cfg),
        PowerRoom::decl(&cfg),
        PowerSort::decl(&cfg),
        PowerTable::decl(&cfg),
        // environment
        EnvLimits::decl(&cfg),
        EnvOverrides::decl(&cfg),
        EnvStatus::decl(&cfg),
        Breach::decl(&cfg),
        EnvPoint::decl(&cfg),
        EnvAlerts::decl(&cfg),
        EnvSource::decl(&cfg),
        EnvReading::decl(&cfg),
        EnvDraft::decl(&cfg),
        RowTemp::decl(&cfg),
        RemedyMove::decl(&cfg),
        RemedyDevice::decl(&cfg),
        Remedy::decl(&cfg),
        PatrolKind::decl(&cfg),
        PatrolStatus::decl(&cfg),
        Patrol::decl(&cfg),
        PatrolDraft::decl(&cfg),
        RowHeadReading::decl(&cfg),
        // demo
        DemoReport::decl(&cfg),
        // excel: the import's report, and as the import wizard shows it
        <serde_json::Value as TS>::decl(&cfg),
        SheetKind::decl(&cfg),
        Problem::decl(&cfg),
        ProblemGroup::decl(&cfg),
        FieldDiff::decl(&cfg),
        RowChange::decl(&cfg),
        SheetReport::decl(&cfg),
        ImportReport::decl(&cfg),
        FieldChange::decl(&cfg),
        ChangedRow::decl(&cfg),
        SheetView::decl(&cfg),
        ImportView::decl(&cfg),
        // ports
        PortKind::decl(&cfg),
        PortStatus::decl(&cfg),
        CableType::decl(&cfg),
        CableEnd::decl(&cfg),
        Link::decl(&cfg),
        Port::decl(&cfg),
        Cable::decl(&cfg),
        CableDraft::decl(&cfg),
        PortRef::decl(&cfg),
        DevicePorts::decl(&cfg),
        PortRow::decl(&cfg),
        HopVia::decl(&cfg),
        Hop::decl(&cfg),
        Trace::decl(&cfg),
        PoolLevel::decl(&cfg),
        PoolFigures::decl(&cfg),
        SwitchPool::decl(&cfg),
        CabinetPool::decl(&cfg),
        RoomPool::decl(&cfg),
        PortPool::decl(&cfg),
        PoolWindow::decl(&cfg),
        // labels
        DeviceSelection::decl(&cfg),
        CableSelection::decl(&cfg),
        LabelsPrinted::decl(&cfg),
        // backup
        Policy::decl(&cfg),
        BackupFile::decl(&cfg),
        BackupStatus::decl(&cfg),
        Restored::decl(&cfg),
    ];
    let mut out = String::from(HEADER);
    for d in decls {
        out.push('\n');
        out.push_str("export ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}

#[test]
fn generated_ts_matches_the_rust_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/backend/generated.ts");
    let fresh = render();
    if std::env::var("UPDATE_TS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &fresh).expect("write generated.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default().replace("\r\n", "\n");
    assert!(
        committed == fresh,
        "{} is out of date with the Rust types; regenerate it with \
         `UPDATE_TS=1 cargo test -p rackledger-app --test ts_types` and commit it",
        path.display()
    );
}
