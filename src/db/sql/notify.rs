//! "Something changed": every committed write on a team ledger is announced on the channel
//! `rackledger` (PostgreSQL's LISTEN/NOTIFY), with who changed what, so open windows refresh
//! within a moment. The notice is sent inside the transaction, so a rolled-back change is never
//! announced. A file has no listeners: nothing is sent.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{Connection, Engine, SqlResult};
use crate::error::{Error, Result};

/// The channel every RackLedger writer announces on.
pub const CHANNEL: &str = "rackledger";

/// One committed change, as announced: the first audit record of the transaction and how many
/// it wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    pub operator: String,
    pub action: String,
    pub entity: String,
    pub key: String,
    pub count: u32,
}

impl Connection {
    /// Notes an audited change for the announcement at commit (PostgreSQL only).
    pub fn note_change(&self, operator: &str, action: &str, entity: &str, key: &str) {
        if self.engine() != Engine::Postgres {
            return;
        }
        let mut pending = self.pending.borrow_mut();
        match pending.as_mut() {
            Some(c) => c.count = c.count.saturating_add(1),
            None => {
                *pending = Some(Change {
                    operator: operator.to_string(),
                    action: action.to_string(),
                    entity: entity.to_string(),
                    key: key.to_string(),
                    count: 1,
                })
            }
        }
    }

    /// Sends the noted change, if any, inside the transaction about to commit.
    pub(super) fn announce(&self) -> SqlResult<()> {
        let Some(change) = self.pending.borrow_mut().take() else { return Ok(()) };
        let payload = serde_json::to_string(&change).unwrap_or_default();
        self.query_row("SELECT pg_notify(?1, ?2)", [CHANNEL, payload.as_str()], |_| Ok(()))
    }

    /// Forgets a noted change (the transaction rolled back).
    pub(super) fn forget_change(&self) {
        self.pending.borrow_mut().take();
    }
}

/// A connection of its own that waits for announcements.
pub struct Listener {
    client: postgres::Client,
}

impl Listener {
    /// Connects to the team ledger at `url` and listens.
    pub fn connect(url: &str) -> Result<Listener> {
        let mut client = super::connect::connect(url)?;
        client.batch_execute(&format!("LISTEN {CHANNEL}")).map_err(Error::storage("订阅台账变更"))?;
        Ok(Listener { client })
    }

    /// The changes announced within `timeout` (empty when none); an error when the connection is
    /// gone (the caller reconnects).
    pub fn wait(&mut self, timeout: Duration) -> Result<Vec<Change>> {
        let mut out = Vec::new();
        let mut notes = self.client.notifications();
        let mut it = notes.timeout_iter(timeout);
        use postgres::fallible_iterator::FallibleIterator;
        while let Some(n) = it.next().map_err(Error::storage("等待台账变更"))? {
            if let Ok(c) = serde_json::from_str::<Change>(n.payload()) {
                out.push(c);
            }
            // Drain what else arrived at once, without waiting again.
            if !out.is_empty() {
                break;
            }
        }
        drop(it);
        let mut more = notes.iter();
        while let Some(n) = more.next().map_err(Error::storage("等待台账变更"))? {
            if let Ok(c) = serde_json::from_str::<Change>(n.payload()) {
                out.push(c);
            }
        }
        drop(more);
        drop(notes);
        if self.client.is_closed() {
            return Err(Error::Disconnected { context: "等待台账变更".into() });
        }
        Ok(out)
    }
}
