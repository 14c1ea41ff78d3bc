//! RackLedger (机房台账) — the core of the machine-room ledger.
//!
//! Every rule of the product lives here: the asset ledger and its lifecycle, rack positions and
//! their U rules, the audit log, search, and the demo site. The desktop app (`src-tauri`) and the
//! command line (`cli`) are thin faces that parse input, call [`Ledger`], and show its answer.
//!
//! Layout:
//! - [`model`] — domain types (assets, rooms, cabinets, enums with their Chinese labels);
//! - [`db`] — SQLite storage: connection pragmas, numbered migrations, one module per table;
//! - [`rack`] — the rack-space rules (bounds, overlap, faces and depths);
//! - [`backup`] — backup files (online backup API), retention and restore checks;
//! - [`states`] — the state machines (asset, request, fault, repair) and the actions each record
//!   allows now;
//! - [`roles`] — who may do what: the operator's roles, the engine, the table of actions and roles;
//! - [`ledger`] — the operations: each one validates, writes, and audits in one transaction;
//! - [`environment`] — temperature and humidity limits, the dew point;
//! - [`labels`] — device and cable labels as a PDF on A4 label sheets;
//! - [`demo`] — a believable, deterministic government-cloud site;
//! - [`cli`] — the command-line contract of design.md.

pub mod backup;
pub mod cli;
pub mod db;
pub mod demo;
pub mod environment;
pub mod error;
pub mod excel;
pub mod i18n;
pub mod labels;
pub mod ledger;
pub mod model;
pub mod parse;
pub mod placement;
pub mod power;
pub mod rack;
pub mod roles;
pub mod states;

/// The asset lifecycle under the name its callers have always used (`lifecycle::check`).
pub use states::asset as lifecycle;

pub use error::{Error, Result};
pub use i18n::Lang;
pub use ledger::{Ctx, Ledger};
