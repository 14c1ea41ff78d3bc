//! The checks that need every asset row at once: serials, and space, asked of the placement
//! engine.

use std::collections::HashMap;

use super::known::Known;
use super::plan::{Plan, Planned};
use crate::excel::{msg, Problem};
use crate::i18n::Lang;
use crate::model::{Asset, AssetField, Face};
use crate::placement::{judge, Proposal, Reserved, Snapshot};
use crate::rack::Mount;

/// Checks that need every asset row at once: serial numbers unique per vendor, and no two
/// devices on one unit (against devices already racked, units reserved by approved racking
/// requests, and other rows, which may themselves be moving).
pub(super) fn check_assets_together(
    known: &Known,
    plan: &Plan,
    reserved: Vec<Reserved>,
    sheets: &[String],
    lang: Lang,
    errors: &mut Vec<Problem>,
) {
    let in_file: HashMap<&str, &Planned<Asset>> = plan.assets.iter().map(|a| (a.key.as_str(), a)).collect();
    let problem = |a: &Planned<Asset>, column: &str, value: Option<String>, zh: String, en: String| Problem {
        sheet: sheets.get(a.sheet).cloned(),
        row: Some(a.row),
        column: Some(column.to_string()),
        value,
        message: msg(lang, zh, en),
    };
    // Serials: the file's rows against each other, and against stored assets the file leaves alone.
    let mut serials: HashMap<(&str, &str), &Planned<Asset>> = HashMap::new();
    let stored: HashMap<(&str, &str), &str> = known
        .assets
        .values()
        .filter(|(_, a)| !a.serial.is_empty() && !in_file.contains_key(a.asset_tag.as_str()))
        .map(|(_, a)| ((a.vendor.as_str(), a.serial.as_str()), a.asset_tag.as_str()))
        .collect();
    for a in &plan.assets {
        if a.after.serial.is_empty() {
            continue;
        }
        let key = (a.after.vendor.as_str(), a.after.serial.as_str());
        if let Some(first) = serials.get(&key) {
            errors.push(problem(
                a,
                AssetField::Serial.header_zh(),
                Some(a.after.serial.clone()),
                format!("品牌“{}”下序列号与第 {} 行（{}）重复", key.0, first.row, first.key),
                format!("serial duplicates row {} ({}) for vendor \"{}\"", first.row, first.key, key.0),
            ));
        } else if let Some(other) = stored.get(&key) {
            errors.push(problem(
                a,
                AssetField::Serial.header_zh(),
                Some(a.after.serial.clone()),
                format!("品牌“{}”下此序列号已被设备 {} 使用", key.0, other),
                format!("serial already used by {} for vendor \"{}\"", other, key.0),
            ));
        } else {
            serials.insert(key, a);
        }
    }
    // Space: the placement engine, over what stays where it is, the units reserved by approved
    // racking requests, and the file's rows in order (they may themselves be moving).
    let heights = known
        .cabinets
        .values()
        .map(|(_, c)| (c.code.clone(), c.u_height))
        .chain(plan.cabinets.iter().map(|c| (c.after.code.clone(), c.after.u_height)));
    let staying =
        known.assets.values().filter(|(_, a)| !in_file.contains_key(a.asset_tag.as_str())).filter_map(|(_, a)| {
            let p = a.position()?;
            Some((p.cabinet.clone(), mount(a, p.start_u, p.face)))
        });
    let snapshot = Snapshot::of_space(heights, staying, reserved);
    // A cabinet made lower than a device that stays in it.
    for c in &plan.cabinets {
        for m in snapshot.mounts(&c.after.code) {
            if m.u_height > 0 && m.end_u() > c.after.u_height {
                errors.push(Problem {
                    sheet: sheets.get(c.sheet).cloned(),
                    row: Some(c.row),
                    column: Some("U数".into()),
                    value: Some(c.after.u_height.to_string()),
                    message: msg(
                        lang,
                        format!("机柜中的设备 {} 在 U{}–U{}，高于新的 U 数", m.asset_tag, m.start_u, m.end_u()),
                        format!("device {} sits at U{}–U{}, above the new height", m.asset_tag, m.start_u, m.end_u()),
                    ),
                });
            }
        }
    }
    let placed: Vec<&Planned<Asset>> = plan.assets.iter().filter(|a| a.after.position().is_some()).collect();
    let proposals: Vec<Proposal> = placed
        .iter()
        .filter_map(|a| {
            let p = a.after.position()?;
            // An import records what is installed: its status is the file's (checked above),
            // and power never blocks it.
            Some(Proposal {
                cabinet: p.cabinet.clone(),
                mount: mount(&a.after, p.start_u, p.face),
                from: None,
                load_w: 0,
                status: None,
            })
        })
        .collect();
    for (a, j) in placed.iter().zip(judge(&snapshot, &proposals)) {
        let Some(e) = j.blocked else { continue };
        let mut zh = e.message(Lang::Zh);
        let mut en = e.message(Lang::En);
        for other in j.beside.iter().filter_map(|i| placed.get(*i)) {
            zh.push_str(&format!("（{} 在本表第 {} 行）", other.key, other.row));
            en.push_str(&format!(" ({} is on row {} of this sheet)", other.key, other.row));
        }
        errors.push(problem(a, AssetField::StartU.header_zh(), a.after.start_u.map(|u| u.to_string()), zh, en));
    }
}

fn mount(a: &Asset, start_u: u32, face: Face) -> Mount {
    Mount { asset_tag: a.asset_tag.clone(), name: a.name.clone(), start_u, u_height: a.u_height, face, depth: a.depth }
}
