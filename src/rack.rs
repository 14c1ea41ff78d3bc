//! The rack-space rules of design.md, as pure functions over what is already in a cabinet:
//! - a device occupies `u_height` units from `start_u` upward, inside `1..=cabinet height`;
//! - two devices may share a unit only if both are half-depth and on opposite faces;
//!   a full-depth device blocks both faces;
//! - a 0U device (side-mounted PDU, cable manager) takes no unit and never conflicts; its
//!   `start_u` may be 0 ("no particular height") up to the cabinet's height.

use crate::error::{Error, Occupied};
use crate::model::{Depth, Face};

/// A device (to be) mounted in a cabinet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub asset_tag: String,
    pub name: String,
    pub start_u: u32,
    pub u_height: u32,
    pub face: Face,
    pub depth: Depth,
}

impl Mount {
    /// The last unit it occupies (equal to `start_u` for 1U; meaningless for 0U).
    pub fn end_u(&self) -> u32 {
        self.start_u + self.u_height.saturating_sub(1)
    }

    fn overlaps(&self, other: &Mount) -> bool {
        if self.u_height == 0 || other.u_height == 0 {
            return false;
        }
        self.start_u <= other.end_u() && other.start_u <= self.end_u()
    }

    /// Whether the two share a unit on a face: half-depth devices on opposite faces do not.
    pub fn collides(&self, other: &Mount) -> bool {
        if !self.overlaps(other) {
            return false;
        }
        let side_by_side = self.depth == Depth::Half && other.depth == Depth::Half && self.face != other.face;
        !side_by_side
    }
}

/// Checks that `mount` fits in a cabinet of `height` units already holding `occupants`. The
/// device itself (same tag) is ignored among the occupants, so a move onto part of its own old
/// position is allowed.
pub fn check_space(cabinet: &str, height: u32, mount: &Mount, occupants: &[Mount]) -> Result<(), Error> {
    let in_bounds =
        if mount.u_height == 0 { mount.start_u <= height } else { mount.start_u >= 1 && mount.end_u() <= height };
    if !in_bounds {
        return Err(Error::OutOfBounds {
            cabinet: cabinet.to_string(),
            start_u: mount.start_u,
            u_height: mount.u_height,
            height,
        });
    }
    let mut occupied: Vec<Occupied> = occupants
        .iter()
        .filter(|o| o.asset_tag != mount.asset_tag && mount.collides(o))
        .map(|o| Occupied {
            asset_tag: o.asset_tag.clone(),
            name: o.name.clone(),
            start_u: o.start_u,
            end_u: o.end_u(),
            request_no: None,
        })
        .collect();
    if occupied.is_empty() {
        return Ok(());
    }
    occupied.sort_by_key(|o| o.start_u);
    Err(Error::SpaceConflict { cabinet: cabinet.to_string(), start_u: mount.start_u, end_u: mount.end_u(), occupied })
}

/// How many distinct units are used (on either face) by these mounts.
pub fn used_units(height: u32, mounts: &[Mount]) -> u32 {
    used_units_of(height, mounts.iter().map(|m| (m.start_u, m.u_height)))
}

/// [`used_units`] from the (start U, height) of each mount: what a room map needs, without
/// reading every device's tag and name.
pub fn used_units_of(height: u32, spans: impl IntoIterator<Item = (u32, u32)>) -> u32 {
    let mut used = vec![false; height as usize + 1];
    for (start_u, u_height) in spans.into_iter().filter(|(_, h)| *h > 0) {
        let end_u = start_u + u_height.saturating_sub(1);
        for u in start_u..=end_u.min(height) {
            if let Some(slot) = used.get_mut(u as usize) {
                *slot = true;
            }
        }
    }
    used.iter().skip(1).filter(|u| **u).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(tag: &str, start_u: u32, u_height: u32, face: Face, depth: Depth) -> Mount {
        Mount { asset_tag: tag.into(), name: format!("{tag}-name"), start_u, u_height, face, depth }
    }
    fn full(tag: &str, start_u: u32, u_height: u32) -> Mount {
        m(tag, start_u, u_height, Face::Front, Depth::Full)
    }
    fn conflicts(r: Result<(), Error>) -> Vec<String> {
        match r {
            Err(Error::SpaceConflict { occupied, .. }) => occupied.into_iter().map(|o| o.asset_tag).collect(),
            other => panic!("expected a conflict, got {other:?}"),
        }
    }

    #[test]
    fn bottom_and_top_units_fit() {
        assert!(check_space("A01", 42, &full("X", 1, 1), &[]).is_ok());
        assert!(check_space("A01", 42, &full("X", 42, 1), &[]).is_ok());
        assert!(check_space("A01", 42, &full("X", 41, 2), &[]).is_ok());
        assert!(check_space("A01", 42, &full("X", 1, 42), &[]).is_ok());
    }

    #[test]
    fn out_of_bounds_is_refused() {
        for (start, h) in [(0, 1), (42, 2), (43, 1), (1, 43)] {
            assert!(
                matches!(check_space("A01", 42, &full("X", start, h), &[]), Err(Error::OutOfBounds { .. })),
                "U{start} {h}U"
            );
        }
    }

    #[test]
    fn overlap_names_every_conflicting_asset() {
        let occ = [full("A", 10, 2), full("B", 12, 1), full("C", 20, 1)];
        assert_eq!(conflicts(check_space("A01", 42, &full("X", 11, 2), &occ)), vec!["A", "B"]);
        assert!(check_space("A01", 42, &full("X", 13, 7), &occ).is_ok());
    }

    #[test]
    fn half_depth_on_opposite_faces_share_a_unit() {
        let front = m("P", 42, 1, Face::Front, Depth::Half);
        let rear = m("S", 42, 1, Face::Rear, Depth::Half);
        assert!(check_space("A01", 42, &rear, std::slice::from_ref(&front)).is_ok());
        // Same face: conflict.
        let front2 = m("Q", 42, 1, Face::Front, Depth::Half);
        assert_eq!(conflicts(check_space("A01", 42, &front2, std::slice::from_ref(&front))), vec!["P"]);
        // A third device on a unit that both faces already use: conflicts with both.
        let third = m("T", 42, 1, Face::Rear, Depth::Half);
        assert_eq!(conflicts(check_space("A01", 42, &third, &[front.clone(), rear.clone()])), vec!["S"]);
    }

    #[test]
    fn full_depth_blocks_both_faces() {
        let server = full("SRV", 5, 2);
        let rear_half = m("H", 6, 1, Face::Rear, Depth::Half);
        assert_eq!(conflicts(check_space("A01", 42, &rear_half, std::slice::from_ref(&server))), vec!["SRV"]);
        let rear_full = m("F", 5, 1, Face::Rear, Depth::Full);
        let half_front = m("HF", 5, 1, Face::Front, Depth::Half);
        assert_eq!(conflicts(check_space("A01", 42, &rear_full, &[half_front])), vec!["HF"]);
    }

    #[test]
    fn zero_u_devices_never_conflict() {
        let pdu = m("PDU", 0, 0, Face::Rear, Depth::Full);
        let server = full("SRV", 1, 42);
        assert!(check_space("A01", 42, &pdu, std::slice::from_ref(&server)).is_ok());
        assert!(check_space("A01", 42, &full("X", 1, 1), &[pdu]).is_ok());
        assert!(matches!(
            check_space("A01", 42, &m("PDU", 43, 0, Face::Rear, Depth::Full), &[]),
            Err(Error::OutOfBounds { .. })
        ));
    }

    #[test]
    fn moving_onto_part_of_its_own_position_is_allowed() {
        let me = full("ME", 10, 4);
        let other = full("O", 15, 1);
        assert!(check_space("A01", 42, &full("ME", 11, 4), &[me.clone(), other.clone()]).is_ok());
        assert_eq!(conflicts(check_space("A01", 42, &full("ME", 12, 4), &[me, other])), vec!["O"]);
    }

    #[test]
    fn used_units_counts_each_unit_once() {
        let mounts = [
            m("P", 42, 1, Face::Front, Depth::Half),
            m("S", 42, 1, Face::Rear, Depth::Half),
            full("A", 1, 2),
            m("PDU", 0, 0, Face::Rear, Depth::Full),
        ];
        assert_eq!(used_units(42, &mounts), 3);
    }
}
