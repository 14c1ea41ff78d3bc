//! The demo site's faults and repairs: a handful of records in every state, made through the
//! ledger's own operations (so they obey every rule and leave the history and audit trail the
//! real ones leave). Deterministic: the devices are the first in-use racked ones by tag, the
//! times are fixed offsets before `now`. Cheap at any size — a few rows, whatever the site.

use chrono::Duration;

use crate::db::assets::AssetFilter;
use crate::error::{Error, Result};
use crate::ledger::{Ctx, FaultDraft, FaultUpdate, Ledger, RepairClose, RepairDraft, RepairUpdate};
use crate::model::{
    Category, FaultKind, FaultSource, FaultType, RepairMode, RepairPart, RepairResult, Severity, Status,
};

pub(crate) fn build(ledger: &mut Ledger, ctx: &Ctx) -> Result<()> {
    let rooms = ledger.rooms()?;
    let Some(room) = rooms.first().map(|r| r.name.clone()) else { return Ok(()) };
    let ago = |d: i64, h: i64| Some(ctx.now - Duration::days(d) - Duration::hours(h));
    let fault =
        |kind, source, severity, fault_type, description: &str, asset_tag: Option<String>, at, close| FaultDraft {
            kind,
            source,
            severity,
            description: description.into(),
            asset_tag,
            room: Some(room.clone()),
            cabinet: None,
            fault_type: Some(fault_type),
            service_impact: false,
            occurred_at: at,
            reporter: Some("值班员".into()),
            close,
        };
    // A routine environment alarm, registered and closed at once.
    ledger.open_fault(
        ctx,
        &fault(
            FaultKind::Alarm,
            FaultSource::Environment,
            Severity::Level4,
            FaultType::Cooling,
            "冷通道温度 27℃，超过 26℃ 告警线",
            None,
            ago(9, 3),
            true,
        ),
    )?;
    // An uplink alarm being handled.
    let uplink = ledger.open_fault(
        ctx,
        &fault(
            FaultKind::Alarm,
            FaultSource::Network,
            Severity::Level3,
            FaultType::Network,
            "汇聚交换机上联端口闪断",
            None,
            ago(1, 5),
            false,
        ),
    )?;
    ledger.update_fault(
        ctx,
        &uplink.fault_no,
        &FaultUpdate { handler: Some("网络组 赵工".into()), ..Default::default() },
    )?;

    let filter = AssetFilter {
        status: Some(Status::InUse),
        category: Some(Category::Server),
        racked: Some(true),
        limit: Some(4),
        ..AssetFilter::default()
    };
    let devices: Vec<_> = ledger.assets(&filter)?.into_iter().map(|a| (a.asset_tag, a.serial, a.vendor)).collect();
    let mut it = devices.into_iter();

    // A power supply fault found on inspection, repaired under warranty and accepted.
    if let Some((tag, _, vendor)) = it.next() {
        let mut f = fault(
            FaultKind::Fault,
            FaultSource::Inspection,
            Severity::Level2,
            FaultType::Server,
            "电源模块 PSU2 指示灯红色",
            Some(tag.clone()),
            ago(6, 4),
            false,
        );
        f.room = None;
        let f = ledger.open_fault(ctx, &f)?;
        let r = ledger.open_repair(
            ctx,
            &draft(&tag, "PSU2 故障，单电源运行", &vendor, RepairMode::Warranty, Some(f.fault_no.clone()), ago(6, 3)),
        )?;
        let no = r.repair.repair_no;
        let text = "电源模块|900W 铂金|1|PSU-OLD-0001|PSU-NEW-0001|退厂商";
        let part = RepairPart::parse(text).map_err(|reason| Error::InvalidValue {
            field: "更换配件".into(),
            value: text.into(),
            reason,
        })?;
        let work = RepairUpdate {
            technician: Some("厂商工程师 刘工".into()),
            arrived_at: ago(5, 22),
            work_done: Some("更换 PSU2，双电源恢复".into()),
            parts: vec![part],
            ..RepairUpdate::default()
        };
        ledger.update_repair(ctx, &no, &work)?;
        ledger.close_repair(ctx, &no, &close(RepairResult::Fixed, ago(5, 20), None, false))?;
        ledger.close_fault(ctx, &f.fault_no, ago(5, 20), Some("电源模块老化"))?;
    }
    // A mainboard fault: the whole unit swapped by a third-party maintainer.
    if let Some((tag, serial, _)) = it.next() {
        let r = ledger.open_repair(
            ctx,
            &draft(&tag, "主板故障，无法开机", "神州数码维保", RepairMode::ThirdParty, None, ago(4, 2)),
        )?;
        let mut c = close(RepairResult::Fixed, ago(3, 20), Some(format!("{serial}-R")), false);
        c.cost = Some(4_800.0);
        ledger.close_repair(ctx, &r.repair.repair_no, &c)?;
    }
    // Back from the factory, racked again where it was.
    if let Some((tag, _, vendor)) = it.next() {
        let r = ledger.open_repair(ctx, &draft(&tag, "RAID 卡故障", &vendor, RepairMode::Factory, None, ago(3, 0)))?;
        let no = r.repair.repair_no;
        match ledger.close_repair(ctx, &no, &close(RepairResult::Fixed, ago(1, 0), None, true)) {
            Ok(_) => {}
            // The demo's power leaves a few cabinets past their alarm level: rack it back with a
            // recorded override, as an engineer would.
            Err(Error::PowerRefused { .. }) => {
                let remembered = crate::db::repairs::get(ledger.conn(), &no)?.and_then(|(_, _, p)| p);
                ledger.close_repair(ctx, &no, &close(RepairResult::Fixed, ago(1, 0), None, false))?;
                if let Some(p) = remembered {
                    ledger.place_for_demo(
                        ctx,
                        &tag,
                        &p.cabinet,
                        p.start_u,
                        Some(p.face),
                        Some("演示数据：返厂设备原位回架"),
                    )?;
                }
            }
            Err(e) => return Err(e),
        }
    }
    // Still open: a disk waiting for its spare.
    if let Some((tag, _, _)) = it.next() {
        let r = ledger
            .open_repair(ctx, &draft(&tag, "硬盘预告警（SMART）", "运维组", RepairMode::InHouse, None, ago(2, 6)))?;
        let work = RepairUpdate {
            technician: Some("硬件组 陈工".into()),
            result: Some(RepairResult::AwaitingParts),
            ..RepairUpdate::default()
        };
        ledger.update_repair(ctx, &r.repair.repair_no, &work)?;
    }
    Ok(())
}

fn draft(
    tag: &str,
    symptom: &str,
    vendor: &str,
    mode: RepairMode,
    fault_no: Option<String>,
    at: Option<chrono::NaiveDateTime>,
) -> RepairDraft {
    RepairDraft {
        asset_tag: tag.into(),
        symptom: symptom.into(),
        vendor: vendor.into(),
        mode,
        fault_no,
        case_no: None,
        technician: None,
        reported_at: at,
    }
}

fn close(
    result: RepairResult,
    at: Option<chrono::NaiveDateTime>,
    new_serial: Option<String>,
    rerack: bool,
) -> RepairClose {
    RepairClose {
        result,
        new_serial,
        rerack,
        cost: None,
        accepted_by: Some("机房主管".into()),
        completed_at: at,
        under_warranty: None,
    }
}
