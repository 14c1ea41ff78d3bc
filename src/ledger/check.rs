//! The answer to "may this device go there?": used by `check`, `place`, `move` and the app's
//! placement dialog. Space is answered here; power adds its figures to the same answer.

use serde::{Deserialize, Serialize};

use rusqlite::Connection;

use super::Ledger;
use crate::db;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::lifecycle;
use crate::model::{Asset, Face};
use crate::rack::{self, Mount};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ok,
    Warning,
    Refused,
}

/// The cabinet's part of the answer. Power figures are absent until power is configured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CabinetCheck {
    pub cabinet: String,
    pub load_before_w: Option<i64>,
    pub load_after_w: Option<i64>,
    pub status_after: Option<String>,
}

/// A feeding row-head cabinet's part of the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowHeadCheck {
    pub row_head: String,
    pub load_before_w: i64,
    pub load_after_w: i64,
    pub status_after: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    pub verdict: Verdict,
    /// Why, in the user's language.
    pub reasons: Vec<String>,
    /// Tags of the assets already on the requested units.
    pub conflicts: Vec<String>,
    pub cabinet: CabinetCheck,
    pub row_heads: Vec<RowHeadCheck>,
}

/// What a placement would be, resolved against the database.
pub(crate) struct Plan {
    pub asset_id: i64,
    pub asset: Asset,
    pub cabinet_id: i64,
    pub cabinet: String,
    pub room: String,
    pub start_u: u32,
    pub face: Face,
    /// The rule the placement breaks, if any (space or status): it cannot be overridden.
    pub blocked: Option<Error>,
}

/// Resolves the asset and cabinet (unknown ones are errors) and tests the placement. Works on a
/// connection or an open transaction, so a registration can rack in the same transaction.
pub(crate) fn plan(
    conn: &Connection,
    tag: &str,
    cabinet: &str,
    start_u: u32,
    face: Option<Face>,
) -> Result<Plan> {
    let (asset_id, asset) = db::assets::get(conn, tag)?.ok_or_else(|| Error::AssetNotFound {
        tag: tag.to_string(),
    })?;
    let cab = db::cabinets::get(conn, cabinet)?.ok_or_else(|| Error::CabinetNotFound {
        code: cabinet.to_string(),
    })?;
    let face = face.or(asset.face).unwrap_or(Face::Front);
    let blocked = if lifecycle::status_when_racked(asset.status).is_none() {
        Some(Error::NotRackable {
            tag: asset.asset_tag.clone(),
            status: asset.status,
        })
    } else {
        let occupants = db::positions::mounts(conn, cab.id)?;
        let mount = Mount {
            asset_tag: asset.asset_tag.clone(),
            name: asset.name.clone(),
            start_u,
            u_height: asset.u_height,
            face,
            depth: asset.depth,
        };
        rack::check_space(&cab.code, cab.u_height, &mount, &occupants).err()
    };
    Ok(Plan {
        asset_id,
        asset,
        cabinet_id: cab.id,
        cabinet: cab.code,
        room: cab.room,
        start_u,
        face,
        blocked,
    })
}

/// The answer the user sees for a plan.
pub(crate) fn answer(plan: &Plan, lang: Lang) -> CheckResult {
    let (verdict, reasons, conflicts) = match &plan.blocked {
        None => (Verdict::Ok, Vec::new(), Vec::new()),
        Some(e) => {
            let conflicts = match e {
                Error::SpaceConflict { occupied, .. } => {
                    occupied.iter().map(|o| o.asset_tag.clone()).collect()
                }
                _ => Vec::new(),
            };
            (Verdict::Refused, vec![e.message(lang)], conflicts)
        }
    };
    CheckResult {
        verdict,
        reasons,
        conflicts,
        cabinet: CabinetCheck {
            cabinet: plan.cabinet.clone(),
            load_before_w: None,
            load_after_w: None,
            status_after: None,
        },
        row_heads: Vec::new(),
    }
}

impl Ledger {
    /// What-if for racking `tag` at `cabinet` U`start_u`; writes nothing.
    pub fn check_placement(
        &self,
        tag: &str,
        cabinet: &str,
        start_u: u32,
        face: Option<Face>,
    ) -> Result<CheckResult> {
        let plan = plan(self.conn(), tag, cabinet, start_u, face)?;
        Ok(answer(&plan, self.lang))
    }
}
