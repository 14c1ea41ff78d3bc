//! One proposed placement: a device, where it would go, and where it is now.

use crate::model::{Asset, Face};
use crate::rack::Mount;

/// A device proposed at a position. `mount.asset_tag` identifies the device: its own current
/// mount and its own reservation never stand in its way.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The target cabinet's code.
    pub cabinet: String,
    /// Tag, name, start U, height, face and depth at the target.
    pub mount: Mount,
    /// The cabinet the device is racked in now, if any: a move takes its load out of it.
    pub from: Option<String>,
    /// The device's load in watts (typical, else rated).
    pub load_w: i64,
    /// The device's status, when the placement racks it (`None`: the caller has already decided
    /// the status, as an import states the status the device is in).
    pub status: Option<crate::model::Status>,
}

impl Proposal {
    /// `asset` at `cabinet` U`start_u` on `face`, as `place` and `move` ask.
    pub fn of_asset(asset: &Asset, cabinet: &str, start_u: u32, face: Face) -> Proposal {
        Proposal {
            cabinet: cabinet.to_string(),
            mount: Mount {
                asset_tag: asset.asset_tag.clone(),
                name: asset.name.clone(),
                start_u,
                u_height: asset.u_height,
                face,
                depth: asset.depth,
            },
            from: asset.cabinet.clone(),
            load_w: i64::from(asset.load_w()),
            status: Some(asset.status),
        }
    }

    /// The device where it already is (its height or depth being edited): no power moves.
    pub fn in_place(asset: &Asset, cabinet: &str, start_u: u32, face: Face) -> Proposal {
        Proposal { from: Some(cabinet.to_string()), status: None, ..Proposal::of_asset(asset, cabinet, start_u, face) }
    }

    pub fn tag(&self) -> &str {
        &self.mount.asset_tag
    }
}
