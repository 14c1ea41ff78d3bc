//! Judging a set of proposals together against a snapshot.

use std::collections::HashMap;

use super::{Proposal, Snapshot};
use crate::error::{Error, Occupied};
use crate::lifecycle;
use crate::power::report::{self, Assessment};
use crate::power::Levels;
use crate::rack::{self, Mount};

/// The answer for one proposal of a set.
#[derive(Debug)]
pub struct Judgement {
    /// The rule the placement breaks (status, unknown cabinet, bounds, space), if any: never
    /// overridable. Occupants that are reservations name their request.
    pub blocked: Option<Error>,
    /// Indices (in the set) of the earlier proposals it collides with.
    pub beside: Vec<usize>,
    /// The target cabinet's and its row-heads' power before and after the whole set, when the
    /// snapshot has power and the cabinet is configured.
    pub power: Option<Assessment>,
    /// The global levels, for an answer without power figures.
    pub levels: Levels,
}

/// Where an occupant of the working elevation came from.
#[derive(Debug, Clone, Copy)]
enum Origin {
    Stored,
    Reserved(usize),
    Proposed(usize),
}

/// Judges `proposals` in order: each against the stored mounts, the reservations and the
/// earlier proposals that were accepted (a refused row does not take units from later rows);
/// then the power of all of them at once.
pub fn judge(snapshot: &Snapshot, proposals: &[Proposal]) -> Vec<Judgement> {
    // Per cabinet, the occupants as the set goes on, and where each came from, side by side so
    // the mounts are checked as a slice without copying them again.
    let mut working: HashMap<&str, (Vec<Mount>, Vec<Origin>)> = HashMap::new();
    let mut out: Vec<Judgement> = Vec::with_capacity(proposals.len());
    for (i, p) in proposals.iter().enumerate() {
        let mut beside = Vec::new();
        let blocked = match (p.status, snapshot.cabinets.get(&p.cabinet)) {
            (Some(status), _) if lifecycle::status_when_racked(status).is_none() => {
                Some(Error::NotRackable { tag: p.tag().to_string(), status })
            }
            (_, None) => Some(Error::CabinetNotFound { code: p.cabinet.clone() }),
            (_, Some(space)) => {
                let (mounts, origins) = working.entry(p.cabinet.as_str()).or_insert_with(|| {
                    let mut mounts = space.mounts.clone();
                    let mut origins = vec![Origin::Stored; mounts.len()];
                    for (k, r) in snapshot.reserved.iter().enumerate().filter(|(_, r)| r.cabinet == p.cabinet) {
                        mounts.push(r.mount.clone());
                        origins.push(Origin::Reserved(k));
                    }
                    (mounts, origins)
                });
                match rack::check_space(&p.cabinet, space.height, &p.mount, mounts) {
                    Ok(()) => {
                        mounts.push(p.mount.clone());
                        origins.push(Origin::Proposed(i));
                        None
                    }
                    Err(Error::SpaceConflict { cabinet, start_u, end_u, mut occupied }) => {
                        for o in &mut occupied {
                            match origin_of(o, mounts, origins) {
                                Some(Origin::Reserved(k)) => {
                                    o.request_no = snapshot.reserved.get(k).map(|r| r.request_no.clone())
                                }
                                Some(Origin::Proposed(j)) => beside.push(j),
                                _ => {}
                            }
                        }
                        Some(Error::SpaceConflict { cabinet, start_u, end_u, occupied })
                    }
                    Err(e) => Some(e),
                }
            }
        };
        out.push(Judgement { blocked, beside, power: None, levels: snapshot.levels });
    }
    if let Some(site) = &snapshot.power {
        let id_of = |code: &str| site.inputs.iter().find(|c| c.code == code).map(|c| c.id);
        let mut adds: Vec<(i64, i64)> = Vec::new();
        for p in proposals {
            let Some(target) = id_of(&p.cabinet) else { continue };
            match p.from.as_deref().and_then(id_of) {
                // A move within its cabinet changes nothing; the cabinet is still assessed.
                Some(source) if source == target => adds.push((target, 0)),
                Some(source) => {
                    adds.push((target, p.load_w));
                    adds.push((source, -p.load_w));
                }
                None => adds.push((target, p.load_w)),
            }
        }
        let assessed = report::assess_all(&site.inputs, &site.heads, site.levels, &adds);
        for (p, j) in proposals.iter().zip(out.iter_mut()) {
            let target = id_of(&p.cabinet);
            j.power = assessed.iter().find(|(t, _)| Some(*t) == target).map(|(_, a)| a.clone());
        }
    }
    out
}

/// Which occupant a conflict names: the same tag and start U.
fn origin_of(o: &Occupied, mounts: &[Mount], origins: &[Origin]) -> Option<Origin> {
    let at = mounts.iter().position(|m| m.asset_tag == o.asset_tag && m.start_u == o.start_u)?;
    origins.get(at).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Depth, Face, Status};
    use crate::placement::Reserved;

    fn m(tag: &str, start_u: u32, u_height: u32, face: Face, depth: Depth) -> Mount {
        Mount { asset_tag: tag.into(), name: format!("{tag}-name"), start_u, u_height, face, depth }
    }
    fn full(tag: &str, start_u: u32, u_height: u32) -> Mount {
        m(tag, start_u, u_height, Face::Front, Depth::Full)
    }
    fn proposal(cabinet: &str, mount: Mount) -> Proposal {
        Proposal { cabinet: cabinet.into(), mount, from: None, load_w: 100, status: Some(Status::InStock) }
    }
    fn site(mounts: Vec<(&str, Mount)>, reserved: Vec<Reserved>) -> Snapshot {
        Snapshot::of_space(
            [("A06".to_string(), 42), ("B01".to_string(), 42)],
            mounts.into_iter().map(|(c, m)| (c.to_string(), m)),
            reserved,
        )
    }
    fn reservation(no: &str, cabinet: &str, mount: Mount) -> Reserved {
        Reserved { request_id: 7, request_no: no.into(), cabinet: cabinet.into(), mount, load_w: 300 }
    }
    fn occupied(j: &Judgement) -> Vec<(String, Option<String>)> {
        match &j.blocked {
            Some(Error::SpaceConflict { occupied, .. }) => {
                occupied.iter().map(|o| (o.asset_tag.clone(), o.request_no.clone())).collect()
            }
            other => panic!("expected a space conflict, got {other:?}"),
        }
    }

    #[test]
    fn reserved_units_are_taken_and_name_their_request() {
        let s = site(vec![], vec![reservation("SQ-2026-0001", "A06", full("N1", 30, 2))]);
        let j = judge(&s, &[proposal("A06", full("NEW", 31, 1))]);
        assert_eq!(occupied(&j[0]), vec![("N1".to_string(), Some("SQ-2026-0001".to_string()))]);
        // The reserved device itself may take its units; the next unit up is free.
        let j = judge(&s, &[proposal("A06", full("N1", 30, 2)), proposal("A06", full("X", 32, 1))]);
        assert!(j.iter().all(|j| j.blocked.is_none()), "{j:?}");
    }

    #[test]
    fn proposals_of_one_set_see_each_other() {
        let s = site(vec![], vec![]);
        let set = [
            proposal("A06", full("R1", 10, 2)),
            proposal("A06", full("R2", 11, 1)),
            proposal("B01", full("R3", 11, 1)),
        ];
        let j = judge(&s, &set);
        assert!(j[0].blocked.is_none());
        assert_eq!(occupied(&j[1]), vec![("R1".to_string(), None)]);
        assert_eq!(j[1].beside, vec![0]);
        // Another cabinet is another elevation.
        assert!(j[2].blocked.is_none());
        // A refused proposal takes nothing: a later one on its units is judged without it.
        let set = [
            proposal("A06", full("R1", 10, 2)),
            proposal("A06", full("R2", 11, 2)),
            proposal("A06", full("R3", 12, 1)),
        ];
        let j = judge(&s, &set);
        assert!(j[1].blocked.is_some());
        assert!(j[2].blocked.is_none(), "{:?}", j[2]);
    }

    #[test]
    fn a_device_is_never_in_its_own_way() {
        let s = site(vec![("A06", full("ME", 10, 4)), ("A06", full("O", 15, 1))], vec![]);
        assert!(judge(&s, &[proposal("A06", full("ME", 11, 4))])[0].blocked.is_none());
        assert_eq!(occupied(&judge(&s, &[proposal("A06", full("ME", 12, 4))])[0]), vec![("O".to_string(), None)]);
    }

    #[test]
    fn faces_and_depths_follow_the_overlap_rule() {
        let s = site(vec![("A06", m("P", 20, 1, Face::Front, Depth::Half))], vec![]);
        assert!(judge(&s, &[proposal("A06", m("S", 20, 1, Face::Rear, Depth::Half))])[0].blocked.is_none());
        assert_eq!(
            judge(&s, &[proposal("A06", m("F", 20, 1, Face::Rear, Depth::Full))])[0].beside,
            Vec::<usize>::new()
        );
        assert!(judge(&s, &[proposal("A06", m("F", 20, 1, Face::Rear, Depth::Full))])[0].blocked.is_some());
        // A half-depth reservation on the front leaves the rear free.
        let s = site(vec![], vec![reservation("SQ-2026-0002", "A06", m("H", 5, 1, Face::Front, Depth::Half))]);
        assert!(judge(&s, &[proposal("A06", m("R", 5, 1, Face::Rear, Depth::Half))])[0].blocked.is_none());
    }

    #[test]
    fn status_cabinet_and_bounds_are_judged() {
        let s = site(vec![], vec![]);
        let mut retired = proposal("A06", full("OLD", 1, 1));
        retired.status = Some(Status::ToRetire);
        assert!(matches!(judge(&s, &[retired])[0].blocked, Some(Error::NotRackable { .. })));
        assert!(matches!(
            judge(&s, &[proposal("Z99", full("X", 1, 1))])[0].blocked,
            Some(Error::CabinetNotFound { .. })
        ));
        assert!(matches!(judge(&s, &[proposal("A06", full("X", 42, 2))])[0].blocked, Some(Error::OutOfBounds { .. })));
    }
}
