//! Tracing a path: from a port along its cable; at a patch panel across to the twin jack on the
//! other face and along its cable; and so on through any number of panels, until a port with no
//! cable or a port that is not a panel jack — the far end.

use std::collections::HashSet;

use crate::db::Connection;
use serde::Serialize;

use crate::db;
use crate::error::{Error, Result};
use crate::model::PortKind;

/// How a hop was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum HopVia {
    /// The port the trace started from.
    Start,
    /// Along a cable.
    Cable,
    /// Through a patch panel, front jack to rear jack or back.
    Panel,
}

/// One port on the path.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Hop {
    pub via: HopVia,
    /// The cable that led here (for `cable` hops).
    pub cable_no: Option<String>,
    pub asset_tag: String,
    pub asset_name: String,
    pub port: String,
    pub kind: PortKind,
    pub cabinet: Option<String>,
    pub start_u: Option<u32>,
}

/// The path from a port to its far end.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Trace {
    pub hops: Vec<Hop>,
    /// The last port reached by a cable, unless the path ends open at a panel jack.
    pub far_end: Option<Hop>,
    /// Patch panels passed through.
    pub panels: u32,
    pub cables: u32,
}

fn hop(conn: &Connection, id: i64, via: HopVia, cable_no: Option<String>) -> Result<Hop> {
    let r = db::ports::brief(conn, id)?.ok_or(Error::PortIdNotFound { id })?;
    Ok(Hop {
        via,
        cable_no,
        asset_tag: r.asset_tag,
        asset_name: r.asset_name,
        port: r.name,
        kind: r.kind,
        cabinet: r.cabinet,
        start_u: r.start_u,
    })
}

pub(super) fn follow(conn: &Connection, start: i64) -> Result<Trace> {
    let mut hops = vec![hop(conn, start, HopVia::Start, None)?];
    let mut seen = HashSet::from([start]);
    let mut cur = start;
    let (mut panels, mut cables) = (0, 0);
    let mut far_end = None;
    // A cable out of the start port; at a panel jack, its twin first if the start has no cable.
    if db::cables::far_port(conn, cur)?.is_none() {
        if let (_, _, Some(twin)) = db::ports::kind_status_pair(conn, cur)? {
            seen.insert(twin);
            hops.push(hop(conn, twin, HopVia::Panel, None)?);
            panels += 1;
            cur = twin;
        }
    }
    while let Some((far, cable_no)) = db::cables::far_port(conn, cur)? {
        if !seen.insert(far) {
            break; // a loop of cables: stop where it closes
        }
        cables += 1;
        let h = hop(conn, far, HopVia::Cable, Some(cable_no))?;
        hops.push(h.clone());
        cur = far;
        match db::ports::kind_status_pair(conn, cur)?.2 {
            Some(twin) if seen.insert(twin) => {
                panels += 1;
                hops.push(hop(conn, twin, HopVia::Panel, None)?);
                cur = twin;
            }
            _ => {
                far_end = Some(h);
                break;
            }
        }
    }
    Ok(Trace { hops, far_end, panels, cables })
}
