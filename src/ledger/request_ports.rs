//! The hook between executing a racking request and the port table: after its devices are
//! racked, each new device gets its ports from its model's template, and the cables of the
//! request's operation requests (附件5) are connected.
//!
//! The ports and cables API is built on branch `f/ports`; until it is merged, this hook creates
//! nothing and says so (0 ports, 0 cables). It runs inside the executing transaction, so once
//! wired, a refused cable (a port already used) undoes the whole execution.

use rusqlite::Connection;

use super::Ctx;
use crate::error::Result;
use crate::model::{Asset, OperationRequest};

/// What the hook created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wired {
    pub ports_created: u32,
    pub cables_created: u32,
}

/// Creates the ports of the newly registered devices (`created`, asset tags) from their model
/// templates and connects the cables of `operations`. `racked` are all the request's devices as
/// now racked (for the cable labels).
pub(crate) fn after_racking(
    _tx: &Connection,
    _ctx: &Ctx,
    _racked: &[Asset],
    _created: &[String],
    _operations: &[OperationRequest],
) -> Result<Wired> {
    // PORTS-HOOK: wire to the ports API of f/ports (ports from templates, connect cables).
    Ok(Wired::default())
}
