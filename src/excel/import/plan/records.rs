//! The 故障 and 维修 sheets: faults keyed on 故障编号, repairs keyed on 维修单号.

use std::collections::{HashMap, HashSet};

use super::{Plan, Planned, Planner};
use crate::excel::records::{FaultRow, RepairLine};
use crate::excel::validate::Problems;
use crate::model::{duration_minutes, Asset, Fault, FaultState, Repair, RepairResult, RepairState};

impl Planner<'_> {
    /// An asset as this file leaves it: a row of its 资产登记 sheet, or the ledger's.
    fn asset<'p>(&'p self, tag: &str, plan: &'p Plan) -> Option<&'p Asset> {
        plan.assets
            .iter()
            .find(|a| a.key == tag)
            .map(|a| &a.after)
            .or_else(|| self.known.assets.get(tag).map(|(_, a)| a))
    }

    pub(crate) fn faults(&mut self, sheet: usize, rows: Vec<FaultRow>, p: &mut Problems<'_>, plan: &mut Plan) {
        let mut seen: HashMap<String, u32> = HashMap::new();
        for r in rows {
            if let Some(first) = seen.get(&r.fault_no) {
                p.add(
                    Some(r.row),
                    Some("登记编号"),
                    Some(&r.fault_no),
                    format!("与第 {first} 行重复"),
                    format!("duplicates row {first}"),
                );
                continue;
            }
            seen.insert(r.fault_no.clone(), r.row);
            let before = self.known.faults.get(&r.fault_no).cloned();
            let asset_name = match r.asset_tag.as_deref() {
                Some(tag) => match self.asset(tag, plan) {
                    Some(a) => Some(a.name.clone()),
                    None => {
                        p.add(
                            Some(r.row),
                            Some("资产编号"),
                            Some(tag),
                            "找不到该设备：请先登记，或在同一文件的“资产登记”表中列出".into(),
                            "unknown asset: register it first or list it on the 资产登记 sheet of this file".into(),
                        );
                        continue;
                    }
                },
                None => None,
            };
            if let Some(b) = &before {
                if b.asset_tag != r.asset_tag {
                    p.add(
                        Some(r.row),
                        Some("资产编号"),
                        r.asset_tag.as_deref(),
                        format!("登记后不能更改关联设备（原为“{}”）", b.asset_tag.as_deref().unwrap_or("无")),
                        "the record's asset cannot change after registration".into(),
                    );
                    continue;
                }
            }
            let state = r.state.or(before.as_ref().map(|b| b.state)).unwrap_or(FaultState::Pending);
            if let Some(b) = &before {
                if b.state != state && !b.state.may_become(state) {
                    p.add(
                        Some(r.row),
                        Some("状态"),
                        Some(state.label_zh()),
                        format!("状态不能从“{}”改回“{}”（复发请新登记一条）", b.state.label_zh(), state.label_zh()),
                        format!("the state cannot go back from {} to {}", b.state.code(), state.code()),
                    );
                    continue;
                }
            }
            let closed_at = (state == FaultState::Closed)
                .then(|| before.as_ref().and_then(|b| b.closed_at).or(r.recovered_at).unwrap_or(self.ctx.now));
            let after = Fault {
                fault_no: r.fault_no.clone(),
                kind: r.kind,
                occurred_at: r.occurred_at,
                source: r.source,
                room: r.room,
                cabinet: r.cabinet,
                asset_tag: r.asset_tag,
                asset_name,
                fault_type: r.fault_type,
                severity: r.severity,
                description: r.description,
                service_impact: r.service_impact.unwrap_or(false),
                reporter: r.reporter,
                acknowledged_at: r.acknowledged_at,
                handler: r.handler,
                actions: r.actions,
                root_cause: r.root_cause,
                recovered_at: r.recovered_at,
                duration_min: duration_minutes(r.occurred_at, r.recovered_at),
                repair_nos: before.as_ref().map(|b| b.repair_nos.clone()).unwrap_or_default(),
                inspection_no: before.as_ref().and_then(|b| b.inspection_no.clone()),
                state,
                closed_at,
                allowed: Vec::new(),
            }
            .with_allowed();
            plan.faults.push(Planned { sheet, row: r.row, key: r.fault_no, before, after });
        }
    }

    pub(crate) fn repairs(&mut self, sheet: usize, lines: Vec<RepairLine>, p: &mut Problems<'_>, plan: &mut Plan) {
        // Rows with one number are one repair: the first row's columns, every row's part.
        let mut groups: Vec<(RepairLine, Vec<crate::model::RepairPart>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for l in lines {
            match index.get(&l.repair_no) {
                Some(&i) => {
                    let (first, parts) = &mut groups[i];
                    if !l.asset_tag.is_empty() && first.asset_tag != l.asset_tag {
                        p.add(
                            Some(l.row),
                            Some("资产编号"),
                            Some(&l.asset_tag),
                            format!("同一维修单号在第 {} 行的资产编号是“{}”", first.row, first.asset_tag),
                            format!("row {} gives this repair number the asset {}", first.row, first.asset_tag),
                        );
                        continue;
                    }
                    parts.extend(l.part.clone());
                    if l.swap.is_some() {
                        first.swap = l.swap.clone();
                    }
                }
                None => {
                    index.insert(l.repair_no.clone(), groups.len());
                    let parts = l.part.clone().into_iter().collect();
                    groups.push((l, parts));
                }
            }
        }
        let faults_in_file: HashSet<&str> = plan.faults.iter().map(|f| f.key.as_str()).collect();
        let mut planned = Vec::new();
        for (r, parts) in groups {
            // A number whose first row was refused (its error is reported there) is left out.
            let (Some(reported_at), Some(mode)) = (r.reported_at, r.mode) else { continue };
            let Some(asset) = self.asset(&r.asset_tag, plan) else {
                p.add(
                    Some(r.row),
                    Some("资产编号"),
                    Some(&r.asset_tag),
                    "找不到该设备：请先登记，或在同一文件的“资产登记”表中列出".into(),
                    "unknown asset: register it first or list it on the 资产登记 sheet of this file".into(),
                );
                continue;
            };
            if let Some(no) = r.fault_no.as_deref() {
                if !self.known.faults.contains_key(no) && !faults_in_file.contains(no) {
                    p.add(
                        Some(r.row),
                        Some("关联故障单号"),
                        Some(no),
                        "找不到该故障登记：请先登记，或在同一文件的“故障告警登记”表中列出".into(),
                        "unknown fault record: register it first or list it on the 故障告警登记 sheet of this file"
                            .into(),
                    );
                    continue;
                }
            }
            let before = self.known.repairs.get(&r.repair_no).cloned();
            if let Some(b) = &before {
                if b.asset_tag != r.asset_tag {
                    p.add(
                        Some(r.row),
                        Some("资产编号"),
                        Some(&r.asset_tag),
                        format!("维修单登记后不能更改设备（原为“{}”）", b.asset_tag),
                        "a repair's asset cannot change after it is opened".into(),
                    );
                    continue;
                }
            }
            let state = r.state.or(before.as_ref().map(|b| b.state)).unwrap_or(RepairState::Pending);
            if let Some(b) = &before {
                if b.state != state && !b.state.may_become(state) {
                    p.add(
                        Some(r.row),
                        Some("状态"),
                        Some(state.label_zh()),
                        format!("状态不能从“{}”改回“{}”", b.state.label_zh(), state.label_zh()),
                        format!("the state cannot go back from {} to {}", b.state.code(), state.code()),
                    );
                    continue;
                }
            }
            if state == RepairState::Closed && r.result == Some(RepairResult::AwaitingParts) {
                p.add(
                    Some(r.row),
                    Some("维修结果"),
                    Some(RepairResult::AwaitingParts.label_zh()),
                    "待备件的维修不能关闭".into(),
                    "a repair awaiting parts cannot be closed".into(),
                );
                continue;
            }
            let (old_serial, new_serial) = r.swap.clone().unwrap_or((None, None));
            let closed_at = (state == RepairState::Closed)
                .then(|| before.as_ref().and_then(|b| b.closed_at).or(r.completed_at).unwrap_or(self.ctx.now));
            let after = Repair {
                repair_no: r.repair_no.clone(),
                fault_no: r.fault_no.clone(),
                asset_tag: r.asset_tag.clone(),
                asset_name: asset.name.clone(),
                device_vendor: asset.vendor.clone(),
                device_model: asset.model.clone(),
                serial: asset.serial.clone(),
                symptom: r.symptom.clone(),
                reported_at,
                mode,
                vendor: r.vendor.clone().unwrap_or_default(),
                case_no: r.case_no.clone(),
                technician: r.technician.clone(),
                arrived_at: r.arrived_at,
                work_done: r.work_done.clone(),
                parts,
                old_serial,
                new_serial,
                completed_at: r.completed_at,
                result: r.result,
                under_warranty: r.under_warranty,
                cost: r.cost,
                accepted_by: r.accepted_by.clone(),
                accepted_on: r.accepted_on,
                state,
                return_position: before.as_ref().and_then(|b| b.return_position.clone()),
                closed_at,
                allowed: Vec::new(),
            }
            .with_allowed();
            planned.push(Planned { sheet, row: r.row, key: r.repair_no, before, after });
        }
        plan.repairs.extend(planned);
    }
}
